-- announce.lua at a fixed offered rate: every connection waits connections/rate
-- seconds between its requests (wrk's delay()), so 64 connections offer `rate`
-- announces a second in total as long as answers come faster than that; the bench
-- prints the achieved rate beside the latency.
-- Arguments: announce.lua's three, then <total requests per second> <connections>
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "announce.lua")
local baseInit = init
local gap = 0

function init(args)
  baseInit(args)
  gap = tonumber(args[5]) * 1000 / tonumber(args[4])
end

function delay()
  return gap
end
