-- Shared by the wrk scripts of bench/http_bench.py: the token, the action ids
-- (MRTRACK_BENCH_ACTIONS: a Lua file the script writes) and a per-thread share
-- of them, so that no two threads change the same action.
local token = os.getenv("MRTRACK_BENCH_TOKEN") or "demo-admin-token"
actions = dofile(os.getenv("MRTRACK_BENCH_ACTIONS"))
local counter = 0
local threads = {}
local share

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  local nthreads = tonumber(os.getenv("MRTRACK_BENCH_THREADS") or "2")
  share = {}
  for i = id + 1, #actions, nthreads do table.insert(share, actions[i]) end
  -- wrk calls request() once on the first thread to check the script and
  -- drops that request: let it take a turn of its own.
  if id == 0 then counter = -1 end
end

-- The next action of this thread's own share (no other thread touches it),
-- and how many times the thread went round its share before.
function next_action()
  local k = counter
  counter = counter + 1
  return share[k % #share + 1], math.floor(k / #share)
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("wrk: HTTP " .. status .. ": " .. body .. "\n") end
  end
end
