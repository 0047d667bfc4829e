#include "events/import/evaluation_identity.h"

#include "common/crypto.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {

std::string DeriveEvaluationId(std::string_view title, std::string_view office, std::string_view plan_period) {
  std::string identity = NormaliseForId(title) + "|" + NormaliseForId(office) + "|" + NormaliseForId(plan_period);
  return "ev-" + HexEncode(Sha256(identity)).substr(0, 12);
}

}  // namespace mrtrack::events::import
