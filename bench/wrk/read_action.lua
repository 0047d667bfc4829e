-- GET /v1/actions/{id}, cycling over the actions.
dofile(os.getenv("MRTRACK_BENCH_WRK_DIR") .. "/common.lua")
function request()
  return wrk.format("GET", "/v1/actions/" .. next_action(), nil, nil)
end
