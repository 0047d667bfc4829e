// JSON values as kainjow::mustache data, the one conversion every template
// of mrtrack's (web pages, catalog texts) goes through: objects and lists as
// such, an empty text, null and false as false (so that {{#error}}…{{/error}}
// shows only a message there is), other scalars as their text.
//
// Thread safety: a pure function.
#pragma once

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace mrtrack {

kainjow::mustache::data MustacheData(const nlohmann::json& value);

}  // namespace mrtrack
