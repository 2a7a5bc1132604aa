-- wrk script for bench/bench.py: prints one machine-readable line (BENCH_JSON {...}) after the run.
-- Latency percentiles are in microseconds, as wrk keeps them.
-- BENCH_IF_NONE_MATCH (optional): sent as If-None-Match on every request (the 304 revalidation load).
-- BENCH_TEMPLATE (optional): the varied workload. Every request asks the path made from this template,
--   whose {placeholders} are filled per request: {day} with a day among BENCH_DAYS days from BENCH_DAY0
--   (seconds since the epoch, UTC), {name} or {name_2} with one of the comma-separated choices in
--   BENCH_CHOICES_name. Request number i (BENCH_OFFSET + the thread's count * threads + its index) is
--   mapped to a question by a bijection of 0..N-1 (N = the number of distinct questions): multiplied by a
--   prime modulo N, then read as digits, one per placeholder. So no question repeats within N requests
--   across the run (bench.py moves BENCH_OFFSET past what each load used: the "used" figure), and
--   consecutive requests are spread over days, states and choices as other services' questions are.
--   (wrk may draw a question per thread that it never sends: a skipped number, never a repeat.)
local inm = os.getenv("BENCH_IF_NONE_MATCH")
if inm and inm ~= "" then
  wrk.headers["If-None-Match"] = inm
end

local threads = {}
setup = function(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local template = os.getenv("BENCH_TEMPLATE")
if template and template ~= "" then
  local day0 = tonumber(os.getenv("BENCH_DAY0"))
  local days = tonumber(os.getenv("BENCH_DAYS"))
  local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
  local slots = {}   -- one per placeholder, in order: {choices = {...}} or {day = true}
  local space = 1
  for name in template:gmatch("{([%w_]+)}") do
    local slot
    if name == "day" then
      slot = {day = true, radix = days}
    else
      local list = os.getenv("BENCH_CHOICES_" .. name:gsub("_%d+$", ""))
      assert(list, "no BENCH_CHOICES_ for {" .. name .. "}")
      local choices = {}
      for item in (list .. ","):gmatch("([^,]*),") do table.insert(choices, item) end
      slot = {choices = choices, radix = #choices}
    end
    table.insert(slots, slot)
    space = space * slot.radix
  end
  local prime = 1000003  -- as PRIME in bench/questions.py: coprime with every space, so a bijection
  n = 0
  request = function()
    local i = offset + n * nthreads + (thread_index or 0)
    n = n + 1
    local j = (i * (prime % space)) % space
    local k = 0
    local path = template:gsub("{[%w_]+}", function()
      k = k + 1
      local slot = slots[k]
      local digit = j % slot.radix
      j = (j - digit) / slot.radix
      if slot.day then
        return os.date("!%Y-%m-%d", day0 + digit * 86400)
      end
      return slot.choices[digit + 1]
    end)
    return wrk.format(nil, path)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local used = 0
  for _, thread in ipairs(threads) do
    used = math.max(used, tonumber(thread:get("n")) or 0)
  end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"used":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, used * #threads))
end
