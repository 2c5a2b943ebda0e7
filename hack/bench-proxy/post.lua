-- With REQUESTS_FILE: posts its pre-sealed, signed requests ("<signature>\t<body>" per line)
-- round-robin, each thread from its own offset. With PLAIN_FILE instead: posts that JSON as it is
-- (straight to the app, the latency without the proxy). PACE_MS > 0 waits that long after each
-- answer (a moderate, bounded rate).
local requests = {}
local next_index = 1
local pace = tonumber(os.getenv("PACE_MS") or "0")
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local sealed = os.getenv("REQUESTS_FILE")
  if sealed and sealed ~= "" then
    for line in io.lines(sealed) do
      local signature, body = line:match("^([^\t]+)\t(.+)$")
      if signature then
        requests[#requests + 1] = wrk.format("POST", wrk.path, {
          ["Content-Type"] = "application/json",
          ["X-Hub-Signature-256"] = signature,
        }, body)
      end
    end
  else
    local f = io.open(os.getenv("PLAIN_FILE"), "r")
    requests[1] = wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, f:read("*a"))
    f:close()
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
