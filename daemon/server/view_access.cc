#include "daemon/server/view_access.h"

#include "daemon/server/runtime_config.h"
#include "projections/projections.h"
#include "projections/snapshot_cache.h"

namespace mrtrack::daemon {

projections::QueryTime QueryTimeAt(const RequestContext& ctx, Timestamp at) {
  return projections::QueryTime{at, &ctx.runtime->time_zone(),
                                ctx.runtime->config().workflow.update_request_every};
}

Status ReadModel(const Services& services, const RequestContext& ctx, const projections::AsOf& as_of,
                 const ModelReader& read) {
  if (as_of.kind == projections::AsOf::Kind::kHead) {
    const projections::QueryTime time = QueryTimeAt(ctx, services.clock->Now());
    Status result;
    services.projections->Read([&](const projections::ViewModel& model) { result = read(model, time); });
    return result;
  }
  auto snapshot = services.snapshots->Get(as_of);
  if (!snapshot.ok()) {
    const Status& s = snapshot.status();
    return s.code() == StatusCode::kInvalidArgument ? InvalidArgument(s.message(), "as_of") : s;
  }
  return read(*snapshot->model, QueryTimeAt(ctx, snapshot->at));
}

}  // namespace mrtrack::daemon
