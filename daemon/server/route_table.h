// The route table: the single list of every HTTP route mrtrackd serves, with
// who may call it and how it is documented. The HTTP server registers exactly
// these routes and the OpenAPI document is generated from them, so the two
// cannot drift apart (tests/daemon/openapi_test.cc checks it).
//
// Handlers see a transport-neutral RequestContext and return a Reply; they
// never touch the HTTP library, which keeps them small and testable. A reply
// that waits for the log (a long-poll, an event stream) says what it waits
// for instead of blocking: the transport waits without holding a thread.
//
// Thread safety: a RouteTable is built once before the server starts and is
// read-only afterwards; handlers are called concurrently from worker threads.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "config/config.h"

namespace mrtrack::daemon {

class RuntimeConfig;

// What kind of access a route needs; RoleAllows() (auth.h) is the role matrix.
enum class Access {
  kPublic,    // no token: health, readiness, metrics, the OpenAPI document
  kView,      // views of actions, evaluations, summaries: every role
  kHistory,   // history, reminders of an action, the event feed, evidence: admin, validator, editor, auditor
  kAudit,     // verify, export, reminder preview: admin, validator, auditor
  kCommand,   // changes to and requests on key actions: admin, editor (own units only)
  kImport,    // imports: admin
  kAdmin,     // operating the daemon (the online backup): admin
  kValidate,  // accepting or rejecting requests, recommendation priority: admin, validator
  kUpload,    // evidence uploads: admin, validator, editor
  // The web app's pages (daemon/web). Not part of the API: the OpenAPI
  // document leaves them out, and errors are answered by WebHooks::error_page.
  kWebPublic,   // the sign-in page and static assets: anyone
  kWebSession,  // pages and forms: a person signed in (WebHooks::authenticate)
};
// Whether `access` is one of the web app's kinds.
bool IsWebAccess(Access access);
const char* AccessName(Access access);

// The authenticated caller.
struct Principal {
  std::string name;  // The token's name: recorded as the actor of events.
  config::Role role = config::Role::kReader;
  std::vector<std::string> units;  // For editors: the units they may change.
};

struct RequestContext {
  std::string request_id;
  std::string method;
  std::string path;
  std::map<std::string, std::string> path_params;   // {id} -> value
  std::multimap<std::string, std::string> query;    // decoded query parameters
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string body;
  // The body written to this file as it arrived instead of into `body`, on
  // routes with Route::body_spool_dir (over HTTP; in process the body stays
  // in `body`). The handler may rename it away; whatever is left is deleted
  // once the request is answered.
  std::string body_file;
  // Set by callers in process that read the answer's JSON value rather than
  // its text (the web app's ApiClient): Dispatch then leaves
  // Reply::json_value unserialized.
  bool wants_json_value = false;
  std::optional<Principal> principal;            // Empty on public routes.
  std::shared_ptr<const RuntimeConfig> runtime;  // The config this request runs under.

  // The first value of a header (name in any case), or "".
  std::string Header(std::string_view name) const;
  // The media type of Content-Type without parameters, in lower case.
  std::string ContentType() const;
  const std::string& PathParam(const std::string& name) const;
  // The actor name for events: the principal's name.
  const std::string& Actor() const;
};

// Writes one piece of a streamed reply; returns false when the client is gone.
using StreamWriter = std::function<bool(std::string_view)>;
// Called repeatedly; returns true to be called again, false when finished.
using StreamProducer = std::function<bool(const StreamWriter&)>;

struct Reply;

// A long-poll: the answer is made once the log's head passes `after`, `wait`
// has passed, or the server is stopping, whichever comes first. `answer` runs
// on a worker thread (it may read the store).
struct LongPoll {
  std::uint64_t after = 0;
  std::chrono::milliseconds wait{0};
  std::function<Reply()> answer;
};

// One turn of a followed stream: what to send now, and what to wait for next.
struct FollowStep {
  std::string data;             // Sent as one chunk when not empty.
  bool done = false;            // The stream ends after `data`.
  std::uint64_t wait_after = 0;  // Next turn once the head passes this...
};

// An event stream: the reply's headers are sent at once, then `next` is
// called on a worker thread, first at once and then each time the log's head
// passes the step's wait_after, `idle` passes (for keep-alive comments) or the
// server stops (`stopping`: send what is due and finish).
struct Follow {
  std::chrono::milliseconds idle{15000};  // ...or once this has passed.
  std::function<FollowStep(bool stopping)> next;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  StreamProducer stream;  // When set, the body is streamed (chunked) instead.
  // Set on replies that wait for the log (at most one of the two). Each
  // counts against server.max_streams and server.max_streams_per_token while
  // it waits.
  std::shared_ptr<LongPoll> long_poll;
  std::shared_ptr<Follow> follow;
  // The value of a JSON answer made with Json(json&&), until SerializeJson()
  // writes it into `body`: Dispatch does, unless the caller wants the value
  // (RequestContext::wants_json_value), which spares the web app's pages a
  // serialize-and-parse of every API answer they read.
  std::optional<nlohmann::json> json_value;

  static Reply Json(const nlohmann::json& value, int status = 200);
  static Reply Json(nlohmann::json&& value, int status = 200);
  // Moves json_value, if any, into `body` as JSON text.
  void SerializeJson();
  // An error reply; actual_version is added for version conflicts.
  static Reply Error(const Status& status, std::optional<std::uint64_t> actual_version = std::nullopt);
};

using Handler = std::function<Result<Reply>(const RequestContext&)>;

// Documentation of one query parameter (OpenAPI "parameters").
struct QueryParam {
  QueryParam(std::string name_, std::string type_, std::string description_, bool repeatable_ = false)
      : name(std::move(name_)), type(std::move(type_)), description(std::move(description_)), repeatable(repeatable_) {}
  std::string name;
  std::string type;  // string | integer | boolean
  std::string description;
  bool repeatable = false;  // May be given several times (or comma-separated).
};

// Built fluently: RouteDoc::Summary("...").Query({...}).Errors({404}).
struct RouteDoc {
  std::string summary;
  std::vector<QueryParam> query;
  // JSON Schema of the JSON request body (null: no body).
  nlohmann::json request_schema;
  bool accepts_text_body = false;  // Also takes text/plain (imports).
  // Content type of the 200 answer.
  std::string response_content_type = "application/json";
  std::vector<int> error_statuses;  // Documented error statuses besides the auth ones.

  static RouteDoc Summary(std::string text) {
    RouteDoc doc;
    doc.summary = std::move(text);
    return doc;
  }
  RouteDoc Query(std::vector<QueryParam> params) && {
    query = std::move(params);
    return std::move(*this);
  }
  RouteDoc Body(nlohmann::json schema, bool also_text = false) && {
    request_schema = std::move(schema);
    accepts_text_body = also_text;
    return std::move(*this);
  }
  RouteDoc Produces(std::string content_type) && {
    response_content_type = std::move(content_type);
    return std::move(*this);
  }
  RouteDoc Errors(std::vector<int> statuses) && {
    error_statuses = std::move(statuses);
    return std::move(*this);
  }
};

struct Route {
  std::string method;  // GET | POST
  std::string path;    // "/v1/actions/{id}/status"
  std::string name;    // OpenAPI operationId and the metrics route label.
  Access access = Access::kView;
  RouteDoc doc;
  Handler handler;
  // The largest request body this route takes; 0: server.max_body_bytes.
  std::size_t max_body_bytes = 0;
  // Non-empty: the HTTP front streams the body into a new file in this
  // directory (RequestContext::body_file) rather than memory (evidence uploads).
  std::string body_spool_dir = {};
};

// How Dispatch authenticates and answers the web app's routes; daemon/web
// sets them. Without them, web routes answer 401 like the API.
struct WebHooks {
  // The signed-in person of a request (its session cookie; for changes also
  // the CSRF token). kUnauthenticated when there is no valid session,
  // kPermissionDenied for a bad CSRF token.
  std::function<Result<Principal>(const RequestContext&)> authenticate;
  // The page that answers an error of a web route (sign-in redirect, 403, 404...).
  std::function<Reply(const RequestContext&, const Status&)> error_page;
};

class RouteTable {
 public:
  void Add(Route route);
  const std::vector<Route>& routes() const { return routes_; }
  void SetWebHooks(WebHooks hooks) { web_ = std::move(hooks); }
  const WebHooks& web() const { return web_; }

  struct Match {
    const Route* route = nullptr;               // Null: no route for this method.
    std::map<std::string, std::string> params;  // Path parameters of the match.
    std::vector<std::string> allowed_methods;   // Methods the path serves (for 405).
  };
  Match Find(std::string_view method, std::string_view path) const;
  // The body limit of a route: its own, or `server_default`.
  static std::size_t BodyLimit(const Route& route, std::size_t server_default) {
    return route.max_body_bytes != 0 ? route.max_body_bytes : server_default;
  }
  // The largest body limit of any route, at least `server_default`.
  std::size_t LargestBodyLimit(std::size_t server_default) const;

 private:
  std::vector<Route> routes_;
  WebHooks web_;
};

}  // namespace mrtrack::daemon
