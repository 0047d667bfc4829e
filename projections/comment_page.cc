#include "projections/comment_page.h"

#include <algorithm>

namespace mrtrack::projections {

Result<CommentPage> ListComments(const ViewModel& model, const std::string& action_id, std::size_t offset,
                                 std::size_t limit) {
  const events::KeyActionState* a = model.FindAction(action_id);
  if (a == nullptr) return NotFound("no key action '" + action_id + "'", "action_id");
  CommentPage page;
  page.total = a->comments.size();
  page.position = model.position();
  const std::size_t begin = std::min(offset, page.total);
  const std::size_t end = limit == 0 ? page.total : std::min(page.total, begin + limit);
  page.comments.assign(a->comments.begin() + static_cast<std::ptrdiff_t>(begin),
                       a->comments.begin() + static_cast<std::ptrdiff_t>(end));
  return page;
}

}  // namespace mrtrack::projections
