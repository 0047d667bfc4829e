// TomlReader: typed, path-aware access to one TOML table that remembers which
// keys were read, so that leftovers can be reported as unknown keys.
// Internal to config/; not thread-safe (used during one load).
#pragma once

#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "common/status.h"

namespace mrtrack::config {

class TomlReader {
 public:
  TomlReader(const toml::table& table, std::string path) : table_(table), path_(std::move(path)) {}

  bool Has(const char* key) const { return table_.contains(key); }

  // Each getter leaves `out` untouched when the key is absent, and returns an
  // error naming the key path when present with the wrong type.
  Status String(const char* key, std::string& out);
  Status Bool(const char* key, bool& out);
  Status Int(const char* key, std::int64_t& out);
  Status StringList(const char* key, std::vector<std::string>& out);
  // A sub-table; nullptr when absent.
  Result<const toml::table*> Table(const char* key);
  // An array of tables ([[units]]); empty when absent.
  Result<std::vector<const toml::table*>> TableArray(const char* key);

  // Errors on the first key that no getter asked for.
  Status CheckNoUnknownKeys() const;

  std::string PathOf(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  const std::string& path() const { return path_; }

 private:
  const toml::node* Find(const char* key);
  Status TypeError(const char* key, const char* expected) const;

  const toml::table& table_;
  std::string path_;
  std::set<std::string> seen_;
};

}  // namespace mrtrack::config
