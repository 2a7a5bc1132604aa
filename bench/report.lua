-- wrk script for bench/bench.py: prints one machine-readable line (BENCH_JSON {...}) after the run.
-- Latency percentiles are in microseconds, as wrk keeps them.
-- BENCH_IF_NONE_MATCH (optional): sent as If-None-Match on every request (the 304 revalidation load).
-- BENCH_ROTATE_AS_OF=1 (optional): every request asks another day (as_of=... in the URL is replaced by
--   a day between 2000-01-01 and 2026-01-04, in a cycle of 9,500 days starting at BENCH_OFFSET), so that
--   no answer repeats within 9,500 requests: the app computes every one (no response-cache hit).
local inm = os.getenv("BENCH_IF_NONE_MATCH")
if inm and inm ~= "" then
  wrk.headers["If-None-Match"] = inm
end

local threads = {}
setup = function(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

if os.getenv("BENCH_ROTATE_AS_OF") == "1" then
  local prefix, suffix = wrk.path:match("^(.-as_of=)%d%d%d%d%-%d%d%-%d%d(.*)$")
  assert(prefix, "BENCH_ROTATE_AS_OF needs as_of=YYYY-MM-DD in the URL")
  local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
  local n = 0
  request = function()
    n = n + 1
    local day = (offset + (thread_index or 0) * 4750 + n) % 9500
    return wrk.format(nil, prefix .. os.date("!%Y-%m-%d", 946684800 + day * 86400) .. suffix)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
