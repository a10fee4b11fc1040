-- wrk script for the bingo benchmark: every request is one exchange between
-- two players of the generated conference, each pair met only once.
--
-- The players come from MOIM_BINGO_PLAYERS (one line per player: id, code,
-- ticket token, tab-separated, as bench/http/bingo_load.py setup writes
-- them). Request k (counted across this run's threads, and across wrk runs
-- through MOIM_BINGO_OFFSET, MOIM_BINGO_PHASE and MOIM_BINGO_WAYS when two
-- wrk share the work) is player a = k * 7919 mod N scanning player
-- b = a + d mod N, d = 1 + k div N: every (a, d) once, so no pair meets
-- twice while d < N / 2, and requests in flight together touch players far
-- apart, as people meeting in a hall do. Stops after MOIM_BINGO_REQUESTS
-- answers per thread and prints the status codes seen.
local threads = {}
local id = 0

function setup(thread)
  id = id + 1
  thread:set("thread_id", id)
  table.insert(threads, thread)
end

function init(args)
  path = os.getenv("MOIM_BINGO_PATH")
  offset = tonumber(os.getenv("MOIM_BINGO_OFFSET") or "0")
  phase = tonumber(os.getenv("MOIM_BINGO_PHASE") or "0")
  ways = tonumber(os.getenv("MOIM_BINGO_WAYS") or "1")
  thread_count = tonumber(os.getenv("MOIM_BINGO_THREADS") or "2")
  codes_of = {}
  tokens = {}
  for line in io.lines(os.getenv("MOIM_BINGO_PLAYERS")) do
    local _, code, token = line:match("^(%S+)\t(%S+)\t(%S+)$")
    table.insert(codes_of, code)
    table.insert(tokens, token)
  end
  players = #codes_of
  counter = 0
  codes = {}
end

function request()
  local local_index = counter * thread_count + (thread_id - 1)
  counter = counter + 1
  local k = offset + phase + ways * local_index
  local a = (k * 7919) % players
  local d = 1 + math.floor(k / players)
  local b = (a + d) % players
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[a + 1],
  }, '{"code":"' .. codes_of[b + 1] .. '"}')
end

function response(status, headers, body)
  local class = tostring(status)
  codes[class] = (codes[class] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local thread_codes = thread:get("codes")
    for code, count in pairs(thread_codes) do total[code] = (total[code] or 0) + count end
  end
  for code, count in pairs(total) do io.write(string.format("status %s %d\n", code, count)) end
end
