-- wrk script: each request is the next line of a file written by bench/web_load.py, one line
-- per signed-in person: METHOD <tab> PATH <tab> COOKIE HEADER <tab> FORM BODY (may be empty).
-- Prints one JSON line at the end: requests/s, latency percentiles (ms), errors.

local lines = {}
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = { ["Cookie"] = cookie }
    if body ~= "" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    else
      body = nil
    end
    lines[#lines + 1] = wrk.format(method, path, headers, body)
  end
  -- Threads start at different people, so that two threads rarely send the same person at once.
  index = (wrk.thread:get("id") or 0) * 7919
end

function setup(thread)
  thread:set("id", setup_count or 0)
  setup_count = (setup_count or 0) + 1
end

function request()
  index = index % #lines + 1
  return lines[index]
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, '
      .. '"p99_ms": %.2f, "errors": %d, "status_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status))
end
