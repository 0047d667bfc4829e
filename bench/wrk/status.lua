-- POST /v1/actions/{id}/status, cycling over the actions: each visit of an
-- action moves it between Initiated and Ongoing (the corpus leaves every
-- action Ongoing), so every change is valid from the state it finds.
dofile(os.getenv("MRTRACK_BENCH_WRK_DIR") .. "/common.lua")
function request()
  local action, round = next_action()
  local to = (round % 2 == 0) and "Initiated" or "Ongoing"
  return wrk.format("POST", "/v1/actions/" .. action .. "/status", nil, '{"status":"' .. to .. '"}')
end
