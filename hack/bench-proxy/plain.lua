-- Posts the plaintext JSON of PLAIN_FILE straight to the app (the latency without the proxy);
-- PACE_MS as in sealed.lua.
local pace = tonumber(os.getenv("PACE_MS") or "0")
local formatted

function init(args)
  local f = io.open(os.getenv("PLAIN_FILE"), "r")
  local body = f:read("*a")
  f:close()
  formatted = wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, body)
end

function request()
  return formatted
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
