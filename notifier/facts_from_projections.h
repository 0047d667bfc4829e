// The adapter from the read side to planning: ActionFacts for every key
// action of a projections ViewModel (terminal ones too, so pending reminders
// of completed actions can be cancelled).
//
// Thread safety: pure; the caller holds the model still (Projections::Read).
#pragma once

#include <vector>

#include "notifier/action_facts.h"
#include "projections/view_model.h"

namespace mrtrack::notifier {

std::vector<ActionFacts> FactsFromModel(const projections::ViewModel& model);

}  // namespace mrtrack::notifier
