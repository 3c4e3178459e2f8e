-- wrk script for the tracker benchmark: replays pre-generated announces (random
-- passkeys, info hashes and peer ids; compact, numwant=50) read from a file.
-- Arguments: <requests file> <"passkey"|"plain"> <"keepalive"|"close">
-- paced.lua loads this file and adds a fixed request rate.
local requests = {}
local count = 0
local index = 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  local withPasskey = args[2] == "passkey"
  local close = args[3] == "close"
  local headers = "Host: 127.0.0.1\r\n"
  if close then headers = headers .. "Connection: close\r\n" end
  for line in file:lines() do
    local passkey, query = line:match("^(%x+) (.+)$")
    local path = withPasskey and ("/" .. passkey .. "/announce?" .. query) or ("/announce?" .. query)
    count = count + 1
    requests[count] = "GET " .. path .. " HTTP/1.1\r\n" .. headers .. "\r\n"
  end
  file:close()
  index = math.random(count)
end

function request()
  index = index + 1
  if index > count then index = 1 end
  return requests[index]
end

-- p50/p99/p99.9 in microseconds, for the bench to parse (wrk --latency stops at p99).
function done(summary, latency, requests)
  io.write(string.format("latency-us p50 %d p99 %d p999 %d\n",
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
