-- POST /v1/actions/{id}/comments, cycling over the actions.
dofile(os.getenv("MRTRACK_BENCH_WRK_DIR") .. "/common.lua")
local body = '{"text":"A comment of about the size people write: the agenda was shared with the ministry and the partners agreed on the next steps."}'
function request()
  local action = next_action()
  return wrk.format("POST", "/v1/actions/" .. action .. "/comments", nil, body)
end
