-- wrk script for the registration rush: every request registers a new guest
-- (a unique name and email per thread and request) and the run stops after
-- MOIM_RUSH_REQUESTS requests per thread. Prints the status classes seen.
local counter = 0
local threads = {}
local id = 0

function setup(thread)
  id = id + 1
  thread:set("thread_id", id)
  table.insert(threads, thread)
end

function init(args)
  limit = tonumber(os.getenv("MOIM_RUSH_REQUESTS") or "5000")
  path = os.getenv("MOIM_RUSH_PATH")
  prefix = os.getenv("MOIM_RUSH_PREFIX") or "rush"
  answered = 0
  codes = {}
end

function request()
  counter = counter + 1
  local who = prefix .. "-" .. thread_id .. "-" .. counter
  local body = '{"name":"' .. who .. '","email":"' .. who .. '@rush.example"}'
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  answered = answered + 1
  local class = tostring(status)
  codes[class] = (codes[class] or 0) + 1
  if answered >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local thread_codes = thread:get("codes")
    for code, count in pairs(thread_codes) do total[code] = (total[code] or 0) + count end
  end
  for code, count in pairs(total) do io.write(string.format("status %s %d\n", code, count)) end
end
