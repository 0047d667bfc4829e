// LocalBackend: requests go through the daemon's Dispatch() in process.
#include "daemon/cli/local_backend.h"

#include <cstdlib>
#include <filesystem>

#include "common/crypto.h"
#include "config/load.h"
#include "daemon/server/core.h"
#include "daemon/server/dispatcher.h"
#include "projections/projections.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

// Turns a Reply into JSON or the Status its error body describes.
Result<json> FromReply(const daemon::Reply& reply) {
  json body = json::parse(reply.body, nullptr, false);
  if (reply.status >= 200 && reply.status < 300) {
    if (body.is_discarded()) return Internal("answer is not JSON");
    return body;
  }
  if (body.is_discarded() || !body.contains("error")) return Internal("HTTP " + std::to_string(reply.status));
  return StatusFromErrorBody(body["error"], reply.status);
}

class LocalBackend final : public Backend {
 public:
  LocalBackend(std::unique_ptr<daemon::Core> core, std::string actor) : core_(std::move(core)), actor_(std::move(actor)) {}

  Result<json> Import(const std::string& body, const std::string& content_type, const Query& query) override {
    return Call("POST", "/v1/imports", query, body, content_type);
  }

  Result<json> Get(const std::string& path, const Query& query) override { return Call("GET", path, query, "", ""); }

  Result<json> Command(const std::string& action_id, const std::string& command, const json& body) override {
    return Call("POST", "/v1/actions/" + action_id + "/" + command, {}, body.dump(), "application/json");
  }

  Result<json> Post(const std::string& path, const Query& query, const std::string& body,
                    const std::string& content_type) override {
    return Call("POST", path, query, body, content_type);
  }

  Result<json> Delete(const std::string& path) override { return Call("DELETE", path, {}, "", ""); }

  Result<std::string> GetBytes(const std::string& path, const Query& query) override {
    daemon::Reply reply = Dispatch("GET", path, query, "", "");
    if (reply.status < 200 || reply.status >= 300) return FromReply(reply).status();
    return reply.body;
  }

  Status Export(const Query& query, std::ostream& out) override {
    MRTRACK_RETURN_IF_ERROR(Download("/v1/audit/export", query, [&out](std::string_view chunk) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      return static_cast<bool>(out);
    }));
    return out ? Status::Ok() : IoError("writing the export failed");
  }

  Status Download(const std::string& path, const Query& query,
                  const std::function<bool(std::string_view)>& sink) override {
    daemon::Reply reply = Dispatch("GET", path, query, "", "");
    if (reply.status < 200 || reply.status >= 300) return FromReply(reply).status();
    if (!reply.stream) {
      sink(reply.body);
      return Status::Ok();
    }
    bool more = true;
    daemon::StreamWriter write = [&](std::string_view chunk) { return more = more && sink(chunk); };
    while (reply.stream(write) && more) {
    }
    return Status::Ok();
  }

  Result<json> Rebuild() override {
    MRTRACK_ASSIGN_OR_RETURN(auto stats, core_->projections().Rebuild());
    return json{{"events", stats.events_applied}, {"position", stats.position}};
  }

 private:
  daemon::Reply Dispatch(const std::string& method, const std::string& path, const Query& query, const std::string& body,
                         const std::string& content_type) {
    daemon::RequestContext ctx;
    ctx.request_id = RandomUuid();
    ctx.method = method;
    ctx.path = path;
    ctx.query = query;
    ctx.body = body;
    if (!content_type.empty()) ctx.headers.emplace("content-type", content_type);
    ctx.runtime = core_->config().Get();
    // On a data directory the operator is trusted with every route; the
    // actor they name is what the events record.
    ctx.principal = daemon::Principal{actor_, config::Role::kAdmin, {}};
    return daemon::Dispatch(core_->routes(), std::move(ctx)).reply;
  }

  Result<json> Call(const std::string& method, const std::string& path, const Query& query, const std::string& body,
                    const std::string& content_type) {
    auto result = FromReply(Dispatch(method, path, query, body, content_type));
    // Without a follower thread the views catch up after each write.
    if ((method == "POST" || method == "DELETE") && result.ok()) MRTRACK_RETURN_IF_ERROR(core_->CatchUp());
    return result;
  }

  std::unique_ptr<daemon::Core> core_;
  std::string actor_;
};

}  // namespace

Result<std::unique_ptr<Backend>> MakeLocalBackend(const LocalOptions& options) {
  Result<config::Config> loaded = options.config_file.empty() ? config::LoadEmbeddedDefault()
                                                              : config::LoadConfigFile(options.config_file);
  if (!loaded.ok()) return loaded.status();
  config::Config c = std::move(loaded).value();
  c.storage.data_dir = options.data_dir;
  std::filesystem::create_directories(options.data_dir);
  std::string actor = options.actor;
  if (actor.empty()) {
    const char* user = std::getenv("USER");
    actor = std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown");
  }
  MRTRACK_ASSIGN_OR_RETURN(auto runtime, daemon::RuntimeConfig::Make(std::move(c)));
  auto core = daemon::Core::Open(runtime);
  if (!core.ok() && core.status().code() == StatusCode::kUnavailable) {
    // The usual cause: mrtrackd holds the data directory. Say what to do.
    return Status(StatusCode::kUnavailable,
                  core.status().message() + "; if mrtrackd is running on " + options.data_dir +
                      ", ask it instead: --url http://HOST:PORT with a token (MRTRACK_TOKEN or --token-file)",
                  core.status().field());
  }
  if (!core.ok()) return core.status();
  return std::unique_ptr<Backend>(std::make_unique<LocalBackend>(std::move(core).value(), std::move(actor)));
}

}  // namespace mrtrack::cli
