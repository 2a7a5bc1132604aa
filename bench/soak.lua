-- wrk script for bench/soak.sh: rotates over the URLs in $SOAK_URLS, classifies every response and
-- counts them per second; done() prints one line "SOAK_JSON {...}" that soak.sh reads.
--
-- $SOAK_URLS: one URL a line, "expect<TAB>marker<TAB>path":
--   expect 200: a 200 whose ETag is one of $SOAK_ETAGS' lines (the ETags soak.sh fetched first);
--   expect 304: the same, but sent with If-None-Match: <marker> (the ETag), answered 304;
--   expect 404 or 400: that status with <marker> in the body (the detail naming what is wrong).
-- Anything else is unexpected: another status, a 200/304 with an unknown ETag, an error body without
-- its marker.

local function lines(path)
  local found = {}
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if line ~= "" then table.insert(found, line) end
  end
  f:close()
  return found
end

local urls, reqs, etags = {}, {}, {}
for _, line in ipairs(lines(os.getenv("SOAK_URLS"))) do
  local expect, marker, path = line:match("^(%d+)\t([^\t]*)\t(.+)$")
  local headers = {}
  if expect == "304" then headers["If-None-Match"] = marker end
  table.insert(urls, {expect = tonumber(expect), marker = marker, path = path})
  table.insert(reqs, wrk.format("GET", path, headers))
end
for _, etag in ipairs(lines(os.getenv("SOAK_ETAGS"))) do etags[etag] = true end

-- Per thread (globals, so that done() can read them with thread:get).
sent, statuses, classes, per_second, unexpected_seconds = {}, {}, {}, {}, {}
classes.ok, classes.expected, classes.unexpected = 0, 0, 0
local index = 0

request = function()
  index = index % #reqs + 1
  sent[index] = (sent[index] or 0) + 1
  return reqs[index]
end

response = function(status, headers, body)
  local cls = "unexpected"
  if status == 200 or status == 304 then
    local etag = headers["ETag"] or headers["Etag"] or headers["etag"]
    if etag and etags[etag] then cls = "ok" end
  elseif status == 404 or status == 400 then
    for _, u in ipairs(urls) do
      if u.expect == status and body and body:find(u.marker, 1, true) then cls = "expected" end
    end
  end
  local now = os.time()
  statuses[status] = (statuses[status] or 0) + 1
  classes[cls] = classes[cls] + 1
  per_second[now] = (per_second[now] or 0) + 1
  if cls == "unexpected" then
    unexpected_seconds[now] = (unexpected_seconds[now] or 0) + 1
  end
end

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

local function add(into, from)
  for k, v in pairs(from or {}) do into[k] = (into[k] or 0) + v end
end

local function object(t)
  local parts = {}
  for k, v in pairs(t) do table.insert(parts, string.format('"%s":%d', tostring(k), v)) end
  return "{" .. table.concat(parts, ",") .. "}"
end

done = function(summary, latency, requests)
  local s, st, cl, ps, us = {}, {}, {}, {}, {}
  for _, thread in ipairs(threads) do
    add(s, thread:get("sent"))
    add(st, thread:get("statuses"))
    add(cl, thread:get("classes"))
    add(ps, thread:get("per_second"))
    add(us, thread:get("unexpected_seconds"))
  end
  local by_url = {}
  for i, u in ipairs(urls) do by_url[u.path .. (u.expect == 304 and " [If-None-Match]" or "")] = s[i] or 0 end
  local parts = {}
  for k, v in pairs(by_url) do table.insert(parts, string.format('"%s":%d', k:gsub('"', '\\"'), v)) end
  local e = summary.errors
  io.write(string.format(
    'SOAK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,' ..
    '"p50_us":%d,"p99_us":%d,"max_us":%d,"statuses":%s,"classes":%s,"per_second":%s,' ..
    '"unexpected_seconds":%s,"sent":{%s}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max,
    object(st), object(cl), object(ps), object(us), table.concat(parts, ",")))
end
