// One key action's comments, a page at a time. An action's view row and a
// command's answer show only the last kRecentComments
// (events/domain/key_action_states.h); all of them are paged here.
//
// Thread safety: a pure function of the model it reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "events/domain/key_action.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

struct CommentPage {
  std::vector<events::Comment> comments;  // Oldest first.
  std::size_t total = 0;                  // All the action's comments.
  std::uint64_t position = 0;             // The log position the model reflects.
};

// Comments from `offset` on, at most `limit` (0 = all). kNotFound (field
// "action_id") when there is no such action.
Result<CommentPage> ListComments(const ViewModel& model, const std::string& action_id, std::size_t offset,
                                 std::size_t limit);

}  // namespace mrtrack::projections
