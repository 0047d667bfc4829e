-- GET a filtered page: one unit's overdue actions by deadline, 100 of them.
dofile(os.getenv("MRTRACK_BENCH_WRK_DIR") .. "/common.lua")
function request()
  return wrk.format("GET", "/v1/actions?unit=kaz-co&overdue=true&sort=deadline&limit=100", nil, nil)
end
