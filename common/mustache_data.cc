#include "common/mustache_data.h"

namespace mrtrack {

kainjow::mustache::data MustacheData(const nlohmann::json& value) {
  using kainjow::mustache::data;
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      data out = data::type::object;
      for (const auto& [key, item] : value.items()) out.set(key, MustacheData(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      data out = data::type::list;
      for (const auto& item : value) out.push_back(MustacheData(item));
      return out;
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
