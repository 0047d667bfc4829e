#include "common/mustache_data.h"

namespace mrtrack {

kainjow::mustache::data MustacheData(const nlohmann::json& value) {
  using kainjow::mustache::data;
  switch (value.type()) {
    // kainjow's data takes members and items by const reference only, and
    // copies a whole subtree each time: children are built into a map or a
    // vector first (moved in, the vector reserved) and copied once.
    case nlohmann::json::value_t::object: {
      kainjow::mustache::basic_object<std::string> fields;
      fields.reserve(value.size());
      for (const auto& [key, item] : value.items()) fields.emplace(key, MustacheData(item));
      return data(fields);
    }
    case nlohmann::json::value_t::array: {
      kainjow::mustache::basic_list<std::string> items;
      items.reserve(value.size());
      for (const auto& item : value) items.push_back(MustacheData(item));
      return data(items);
    }
    case nlohmann::json::value_t::string:
      if (value.get_ref<const std::string&>().empty()) return data(false);
      return data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return data(value.get<bool>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return data(false);
    default:
      return data(value.dump());
  }
}

}  // namespace mrtrack
