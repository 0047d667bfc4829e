// ApiClient: the web app reads and changes through the API itself, in
// process: each call is one Dispatch() of a /v1 route with the signed-in
// person as its principal. So a page can show, and a form can do, exactly
// what that person's role and units allow through the API (an editor's change
// to another unit's action is the API's 403), and new API routes serve the
// pages without new access rules.
//
// Thread safety: one per request; the route table is read-only.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "daemon/server/route_table.h"

namespace mrtrack::daemon::web {

class ApiClient {
 public:
  // Calls run as `page`'s principal, under its config and request id.
  ApiClient(const RouteTable& routes, const RequestContext& page);

  // GET `path` with `query`: the JSON answer, or the Status of the error body.
  Result<nlohmann::json> Get(const std::string& path, const std::multimap<std::string, std::string>& query = {}) const;
  // GET returning the API's reply itself (exports: their type, file name and body).
  Result<Reply> GetReply(const std::string& path, const std::multimap<std::string, std::string>& query) const;
  // POST a JSON body.
  Result<nlohmann::json> Post(const std::string& path, const nlohmann::json& body) const;
  // POST a text body (imports).
  Result<nlohmann::json> PostText(const std::string& path, const std::multimap<std::string, std::string>& query,
                                  std::string body, const std::string& content_type) const;

 private:
  Result<Reply> Call(const std::string& method, const std::string& path,
                     const std::multimap<std::string, std::string>& query, std::string body,
                     const std::string& content_type) const;

  const RouteTable& routes_;
  const RequestContext& page_;
};

}  // namespace mrtrack::daemon::web
