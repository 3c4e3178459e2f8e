-- announce.lua at a fixed offered rate: every connection waits connections/rate
-- seconds between its requests (wrk's delay()), so 64 connections offer `rate`
-- announces a second in total as long as answers come faster than that; the bench
-- prints the achieved rate beside the latency.
-- Arguments: announce.lua's three, then <total requests per second> <connections>
-- With WRK_SAMPLES=<file> in the environment, done() also writes every answer's
-- latency (microseconds, one a line, ascending) there, so runs can be pooled.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "announce.lua")
local baseInit = init
local baseDone = done
local gap = 0

function init(args)
  baseInit(args)
  gap = tonumber(args[5]) * 1000 / tonumber(args[4])
end

function delay()
  return gap
end

-- done() runs in wrk's main Lua state, where init() never ran: hence the environment.
-- wrk 4.1 hands Lua no raw samples, but percentile(p) is the sample of rank
-- round(p/100 * count + 0.5), so asking for p = 100 * (k - 0.5) / count gives the k-th.
function done(summary, latency, requests)
  baseDone(summary, latency, requests)
  local path = os.getenv("WRK_SAMPLES")
  if path == nil or path == "" then return end
  local out = assert(io.open(path, "w"))
  local count = summary.requests
  for k = 1, count do
    out:write(latency:percentile(100 * (k - 0.5) / count), "\n")
  end
  out:close()
end
