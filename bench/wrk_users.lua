-- wrk script: each request is the next line of a file written by bench/web_load.py, one line
-- per request: METHOD <tab> PATH <tab> COOKIE HEADER <tab> FORM BODY (may be empty). A person's
-- lines share the cookie header. Arguments: the file, then the number of threads (wrk -t).
-- Prints one JSON line at the end: requests/s, latency percentiles (ms), errors.

local lines = {}
local index = 0

function init(args)
  local threads = tonumber(args[2]) or 1
  local id = wrk.thread:get("id") or 0
  -- Each thread sends its own people (the first person in the file to thread 0, the next to
  -- thread 1, ...), their lines in the file's order: threads that walked the same people would
  -- drift in and out of step and, at times, send one person twice at once, or a person's next
  -- step of the evening before the last one was answered.
  local everyone, owner, people = {}, {}, 0
  for line in io.lines(args[1]) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = { ["Cookie"] = cookie }
    if body ~= "" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    else
      body = nil
    end
    local request = wrk.format(method, path, headers, body)
    if owner[cookie] == nil then
      owner[cookie] = people % threads
      people = people + 1
    end
    everyone[#everyone + 1] = request
    if owner[cookie] == id then
      lines[#lines + 1] = request
    end
  end
  -- Fewer people than threads: the threads left without any share them all.
  if #lines == 0 then
    lines = everyone
  end
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
