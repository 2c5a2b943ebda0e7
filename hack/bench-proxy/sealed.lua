-- Posts the pre-sealed, signed requests of REQUESTS_FILE round-robin (each thread from its own
-- offset); PACE_MS > 0 waits that long after each answer (a moderate, bounded rate).
local requests = {}
local next_index = 1
local pace = tonumber(os.getenv("PACE_MS") or "0")
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local path = wrk.path
  for line in io.lines(os.getenv("REQUESTS_FILE")) do
    local signature, body = line:match("^([^\t]+)\t(.+)$")
    if signature then
      requests[#requests + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["X-Hub-Signature-256"] = signature,
      }, body)
    end
  end
  next_index = ((id or 0) * 997) % #requests + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function delay()
  return pace
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
