#include "daemon/server/view_access.h"

#include "daemon/server/runtime_config.h"
#include "projections/projections.h"
#include "projections/snapshot_cache.h"

namespace mrtrack::daemon {

Status ReadModel(const Services& services, const RequestContext& ctx, const projections::AsOf& as_of,
                 const ModelReader& read) {
  const date::time_zone& zone = ctx.runtime->time_zone();
  if (as_of.kind == projections::AsOf::Kind::kHead) {
    projections::QueryTime time{services.clock->Now(), &zone};
    Status result;
    services.projections->Read([&](const projections::ViewModel& model) { result = read(model, time); });
    return result;
  }
  auto snapshot = services.snapshots->Get(as_of);
  if (!snapshot.ok()) {
    const Status& s = snapshot.status();
    return s.code() == StatusCode::kInvalidArgument ? InvalidArgument(s.message(), "as_of") : s;
  }
  return read(*snapshot->model, projections::QueryTime{snapshot->at, &zone});
}

}  // namespace mrtrack::daemon
