// The API: the first page of a unit's overdue actions as JSON, answered
// in process (routing, access check, query, JSON encoding) and over HTTP on
// loopback with a keep-alive client (the real server, its worker pool and
// the wire), one and several clients at once.
//
// Baseline in the same run: BM_DispatchListActions; BM_HttpListActions over
// it is what the transport adds.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>

#include "bench/corpus.h"
#include "daemon/server/core.h"
#include "daemon/server/http/http_server.h"

namespace mrtrack::bench {
namespace {

constexpr char kPath[] = "/v1/actions?unit=kaz-co&overdue=true&sort=deadline&limit=100";
constexpr char kAdminToken[] = "demo-admin-token";  // The embedded default config's demo token.

// The corpus behind a Core (read-only: these benchmarks only read) and an
// HTTP server on a free loopback port, shared by every benchmark.
struct Server {
  std::unique_ptr<daemon::Core> core;
  boost::asio::io_context io;
  std::unique_ptr<daemon::http::HttpServer> http;
};

Server& TheServer() {
  static Server* server = [] {
    auto* made = new Server();  // Lives as long as the process: its loop threads never stop.
    Server& s = *made;
    auto runtime = daemon::RuntimeConfig::Make(SharedCorpus().config);
    if (!runtime.ok()) std::abort();
    daemon::CoreOptions options;
    options.read_only = true;
    auto core = daemon::Core::Open(*runtime, options);
    if (!core.ok()) std::abort();
    s.core = std::move(*core);
    s.core->health().Set(daemon::Health::Phase::kReady);
    s.http = std::make_unique<daemon::http::HttpServer>(s.io, s.core->routes(), s.core->config(), s.core->metrics(),
                                                        s.core->store());
    daemon::http::HttpServerOptions http;
    http.listen = "127.0.0.1:0";
    if (!s.http->Bind(http).ok()) std::abort();
    s.http->Start();
    // The daemon's default: two loop threads.
    for (int i = 0; i < 2; ++i) {
      std::thread([&io = s.io] {
        auto guard = boost::asio::make_work_guard(io);
        io.run();
      }).detach();
    }
    return made;
  }();
  return *server;
}

daemon::RequestContext ListRequest(daemon::Core& core) {
  daemon::RequestContext ctx;
  ctx.request_id = "bench";
  ctx.method = "GET";
  ctx.path = "/v1/actions";
  ctx.query = {{"unit", "kaz-co"}, {"overdue", "true"}, {"sort", "deadline"}, {"limit", "100"}};
  ctx.runtime = core.config().Get();
  ctx.principal = daemon::Principal{"bench", config::Role::kAdmin, {}};
  return ctx;
}

void BM_DispatchListActions(benchmark::State& state) {
  daemon::Core& core = *TheServer().core;
  const daemon::RequestContext request = ListRequest(core);
  for (auto _ : state) {
    daemon::Dispatched answer = daemon::Dispatch(core.routes(), request);
    if (answer.reply.status != 200) state.SkipWithError(answer.reply.body.c_str());
    benchmark::DoNotOptimize(answer);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DispatchListActions)->Unit(benchmark::kMicrosecond);

// One keep-alive client per thread.
void BM_HttpListActions(benchmark::State& state) {
  httplib::Client client(TheServer().http->url());
  client.set_keep_alive(true);
  client.set_bearer_token_auth(kAdminToken);
  for (auto _ : state) {
    auto res = client.Get(kPath);
    if (!res || res->status != 200) state.SkipWithError("request failed");
    benchmark::DoNotOptimize(res);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpListActions)->ThreadRange(1, 4)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mrtrack::bench
