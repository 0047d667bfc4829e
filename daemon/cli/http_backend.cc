// HttpBackend: the CLI's client of the mrtrackd HTTP API.
#include <httplib.h>

#include "common/json_depth.h"
#include "daemon/cli/backend.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

// An error answer is a small JSON document; more is not kept.
constexpr std::size_t kMaxErrorBody = 1 << 20;

// Turns an HTTP answer into JSON or the Status the server described.
Result<json> Decode(const httplib::Result& res, const std::string& what) {
  if (!res) return Status(StatusCode::kUnavailable, what + ": " + httplib::to_string(res.error()));
  // Whatever answers at --url is not trusted with our stack: mrtrackd's own
  // answers nest a few levels (event data at most kMaxJsonDepth more).
  if (Status deep = CheckJsonDepth(res->body, JsonPathStyle::kDotted, 2 * kMaxJsonDepth); !deep.ok()) {
    return Status(StatusCode::kInternal, what + ": the server's answer is " + deep.message(), deep.field());
  }
  json body = json::parse(res->body, nullptr, false);
  if (res->status >= 200 && res->status < 300) {
    if (body.is_discarded()) return Internal(what + ": the server's answer is not JSON");
    return body;
  }
  if (!body.is_discarded() && body.contains("error") && body["error"].is_object()) {
    return StatusFromErrorBody(body["error"], res->status);
  }
  return Status(StatusCode::kInternal, what + ": HTTP " + std::to_string(res->status));
}

std::string WithQuery(const std::string& path, const Query& query) {
  if (query.empty()) return path;
  httplib::Params params(query.begin(), query.end());
  return httplib::append_query_params(path, params);
}

class HttpBackend final : public Backend {
 public:
  explicit HttpBackend(const HttpTarget& t) : client_(t.url) {
    client_.set_connection_timeout(5);
    client_.set_read_timeout(120);
    client_.set_write_timeout(120);
    client_.enable_server_certificate_verification(t.verify_tls);
    if (!t.token.empty()) client_.set_bearer_token_auth(t.token);
  }

  Result<json> Import(const std::string& body, const std::string& content_type, const Query& query) override {
    return Decode(client_.Post(WithQuery("/v1/imports", query), body, content_type), "import");
  }

  Result<json> Get(const std::string& path, const Query& query) override {
    return Decode(client_.Get(WithQuery(path, query)), "GET " + path);
  }

  Result<json> Command(const std::string& action_id, const std::string& command, const json& body) override {
    // Action ids are [a-z0-9-] (events/domain/ids.h): safe in a path as they are.
    std::string path = "/v1/actions/" + action_id + "/" + command;
    return Decode(client_.Post(path, body.dump(), "application/json"), command);
  }

  Result<json> Post(const std::string& path, const Query& query, const std::string& body,
                    const std::string& content_type) override {
    return Decode(client_.Post(WithQuery(path, query), body, content_type), "POST " + path);
  }

  Result<json> Delete(const std::string& path) override { return Decode(client_.Delete(path), "DELETE " + path); }

  Result<std::string> GetBytes(const std::string& path, const Query& query) override {
    auto res = client_.Get(WithQuery(path, query));
    if (res && res->status >= 200 && res->status < 300) return res->body;
    return Decode(res, "GET " + path).status();
  }

  Status Export(const Query& query, std::ostream& out) override {
    return Download("/v1/audit/export", query, [&out](std::string_view piece) {
      out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      return static_cast<bool>(out);
    });
  }

  Status Download(const std::string& path, const Query& query,
                  const std::function<bool(std::string_view)>& sink) override {
    std::string error_body;
    int status = 0;
    bool stopped = false;
    auto res = client_.Get(
        WithQuery(path, query),
        [&](const httplib::Response& r) {
          status = r.status;
          return true;
        },
        [&](const char* data, std::size_t len) {
          if (status < 200 || status >= 300) {
            error_body.append(data, std::min<std::size_t>(len, kMaxErrorBody - std::min(kMaxErrorBody, error_body.size())));
            return true;
          }
          stopped = !sink(std::string_view(data, len));
          return !stopped;
        });
    if (stopped) return Status::Ok();  // The sink has its own error to tell.
    if (!res) return Status(StatusCode::kUnavailable, "GET " + path + ": " + httplib::to_string(res.error()));
    if (status >= 200 && status < 300) return Status::Ok();
    res->body = error_body;
    return Decode(res, "GET " + path).status();
  }

  Result<json> Rebuild() override {
    return FailedPrecondition("rebuild works on a data directory: stop mrtrackd and run mrtrack --data-dir DIR rebuild");
  }

 private:
  httplib::Client client_;
};

}  // namespace

std::unique_ptr<Backend> MakeHttpBackend(const HttpTarget& target) { return std::make_unique<HttpBackend>(target); }

}  // namespace mrtrack::cli
