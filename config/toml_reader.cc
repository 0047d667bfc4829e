#include "config/toml_reader.h"

namespace mrtrack::config {

const toml::node* TomlReader::Find(const char* key) {
  seen_.insert(key);
  return table_.get(key);
}

Status TomlReader::TypeError(const char* key, const char* expected) const {
  const toml::node* n = table_.get(key);
  std::string where = PathOf(key);
  if (n != nullptr && n->source().begin.line > 0) where += " (line " + std::to_string(n->source().begin.line) + ")";
  return InvalidArgument(std::string("must be ") + expected, where);
}

Status TomlReader::String(const char* key, std::string& out) {
  const toml::node* n = Find(key);
  if (n == nullptr) return Status::Ok();
  if (auto v = n->value<std::string>(); v && n->is_string()) {
    out = *v;
    return Status::Ok();
  }
  return TypeError(key, "a string");
}

Status TomlReader::Bool(const char* key, bool& out) {
  const toml::node* n = Find(key);
  if (n == nullptr) return Status::Ok();
  if (!n->is_boolean()) return TypeError(key, "true or false");
  out = *n->value<bool>();
  return Status::Ok();
}

Status TomlReader::Int(const char* key, std::int64_t& out) {
  const toml::node* n = Find(key);
  if (n == nullptr) return Status::Ok();
  if (!n->is_integer()) return TypeError(key, "an integer");
  out = *n->value<std::int64_t>();
  return Status::Ok();
}

Status TomlReader::StringList(const char* key, std::vector<std::string>& out) {
  const toml::node* n = Find(key);
  if (n == nullptr) return Status::Ok();
  const toml::array* arr = n->as_array();
  if (arr == nullptr) return TypeError(key, "an array of strings");
  std::vector<std::string> values;
  for (const toml::node& item : *arr) {
    if (!item.is_string()) return TypeError(key, "an array of strings");
    values.push_back(*item.value<std::string>());
  }
  out = std::move(values);
  return Status::Ok();
}

Result<const toml::table*> TomlReader::Table(const char* key) {
  const toml::node* n = Find(key);
  if (n == nullptr) return static_cast<const toml::table*>(nullptr);
  if (!n->is_table()) return TypeError(key, "a table");
  return n->as_table();
}

Result<std::vector<const toml::table*>> TomlReader::TableArray(const char* key) {
  const toml::node* n = Find(key);
  std::vector<const toml::table*> out;
  if (n == nullptr) return out;
  const toml::array* arr = n->as_array();
  if (arr == nullptr) return TypeError(key, "an array of tables");
  for (const toml::node& item : *arr) {
    if (!item.is_table()) return TypeError(key, "an array of tables");
    out.push_back(item.as_table());
  }
  return out;
}

Status TomlReader::CheckNoUnknownKeys() const {
  for (const auto& [key, node] : table_) {
    std::string k(key.str());
    if (seen_.count(k) == 0) {
      std::string where = PathOf(k);
      if (node.source().begin.line > 0) where += " (line " + std::to_string(node.source().begin.line) + ")";
      return InvalidArgument("unknown key '" + k + "'", where);
    }
  }
  return Status::Ok();
}

}  // namespace mrtrack::config
