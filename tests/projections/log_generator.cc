#include "tests/projections/log_generator.h"

#include <algorithm>
#include <cstdio>

#include "events/domain/event_types.h"

namespace mrtrack::projections_test {
namespace {

namespace types = events::types;

const std::vector<std::string> kStatuses = {"Not Initiated", "Initiated", "Ongoing", "Completed",
                                            "No Longer Applicable"};
const std::vector<std::string> kUnits = {"kaz-co", "kaz-programme", "government", "un-agencies", "national-partners",
                                         "ecaro", "hq-ieas", "unicef", "undp", "unfpa", "ministry-labour", "akimat"};
const std::vector<std::string> kUnmatched = {"relevant line ministries", "Civil society", "Донор", "partners (TBC)"};
const std::vector<std::string> kWords = {
    "capacity", "training", "MEL", "results-based", "management", "government", "partners", "women", "TOC",
    "project", "review", "\"quoted\"", "comma,", "Қазақстан", "women’s", "report", "strategy", "gender", "data",
    "consultation", "donor", "steering", "committee", "tools", "line\nbreak", "evidence", "plan"};
const std::vector<std::string> kCategories = {"Accepted", "Partially accepted", "Rejected", ""};

}  // namespace

LogGenerator::LogGenerator(events::EventStore& store, ManualClock& clock, std::uint64_t seed)
    : log_(store, clock), clock_(clock), rng_(seed) {}

std::string LogGenerator::Words(int min, int max) {
  std::string out;
  const int n = Uniform(min, max);
  for (int i = 0; i < n; ++i) out += (i == 0 ? "" : " ") + Pick(kWords);
  return out;
}

std::string LogGenerator::RandomDeadline() {
  if (Uniform(0, 19) == 0) return "";
  char text[16];
  const int year = Uniform(2023, 2027);
  const int month = Uniform(1, 12);
  if (Uniform(0, 2) == 0) {
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, Uniform(1, 28));
  } else {
    std::snprintf(text, sizeof text, "%04d/%02d", year, month);
  }
  return text;
}

std::vector<std::string> LogGenerator::RandomUnits() {
  std::vector<std::string> units;
  const int n = Uniform(0, 9) == 0 ? 0 : Uniform(1, 3);
  while (static_cast<int>(units.size()) < n) {
    const std::string& u = Pick(kUnits);
    if (std::find(units.begin(), units.end(), u) == units.end()) units.push_back(u);
  }
  return units;
}

std::string LogGenerator::StatusOtherThan(const std::string& status) {
  while (true) {
    const std::string& s = Pick(kStatuses);
    if (s != status) return s;
  }
}

std::size_t LogGenerator::Step() {
  // Imports become rarer as the log fills, so that actions gather histories.
  const bool import = evaluations_.empty() || Uniform(0, 99) < (evaluations_.size() < 40 ? 25 : 3);
  const std::size_t n = import ? Import() : Changes();
  log_.Flush();
  clock_.Advance(std::chrono::microseconds(static_cast<std::int64_t>(Uniform(1, 172800)) * 1000000 +
                                           Uniform(0, 999999)));
  return n;
}

std::size_t LogGenerator::Import() {
  EvaluationInfo e;
  e.id = "ev-gen-" + std::to_string(next_evaluation_++);
  e.title = "Evaluation of " + Words(2, 6);
  log_.Evaluation(e.id, e.title, Pick(kUnits));
  std::size_t n = 1;
  Count(types::kEvaluationRegistered);
  const int recommendations = Uniform(2, 8);
  for (int r = 1; r <= recommendations; ++r) {
    e.rec_texts.push_back(Words(4, 20));
    log_.Recommendation(e.id, r, e.rec_texts.back());
    log_.Response(e.id, r, Pick(kCategories), Words(3, 12));
    Count(types::kRecommendationAdded);
    Count(types::kManagementResponseRecorded);
    n += 2;
    const int actions = Uniform(1, 5);
    for (int a = 1; a <= actions; ++a) {
      std::vector<std::string> unmatched;
      if (Uniform(0, 5) == 0) unmatched.push_back(Pick(kUnmatched));
      actions_.push_back(
          log_.Action(e.id, r, a, Words(3, 15), RandomUnits(), RandomDeadline(), Pick(kStatuses), unmatched));
      Count(types::kKeyActionAdded);
      ++n;
    }
  }
  e.recommendations = recommendations;
  evaluations_.push_back(std::move(e));
  return n;
}

std::size_t LogGenerator::Changes() {
  const int n = Uniform(1, 40);
  for (int i = 0; i < n; ++i) Change();
  return static_cast<std::size_t>(n);
}

void LogGenerator::Change() {
  const int roll = Uniform(0, 999);
  if (roll < 300) {
    const std::string& a = Pick(actions_);
    const std::string from = log_.status_of(a);
    const std::string to = StatusOtherThan(from);
    const bool reopening = from == "Completed" || from == "No Longer Applicable";
    log_.Status(a, to, reopening ? "reopened: " + Words(1, 4) : (Uniform(0, 3) == 0 ? Words(1, 5) : ""));
    Count(types::kKeyActionStatusChanged);
  } else if (roll < 400) {
    log_.Deadline(Pick(actions_), RandomDeadline(), Words(1, 6));
    Count(types::kKeyActionDeadlineChanged);
  } else if (roll < 500) {
    log_.Responsible(Pick(actions_), RandomUnits(), Words(0, 4));
    Count(types::kKeyActionResponsibleChanged);
  } else if (roll < 800) {
    log_.Comment(Pick(actions_), Pick(kUnits) + "-editor", Words(1, 25));
    Count(types::kKeyActionCommentAdded);
  } else if (roll < 880) {
    log_.Description(Pick(actions_), Words(3, 15));
    Count(types::kKeyActionDescriptionEdited);
  } else if (roll < 910) {
    EvaluationInfo& e = evaluations_[static_cast<std::size_t>(Uniform(0, static_cast<int>(evaluations_.size()) - 1))];
    std::string title = "Evaluation of " + Words(2, 6);
    log_.UpdateEvaluation(e.id, "title", e.title, title);
    e.title = std::move(title);
    Count(types::kEvaluationUpdated);
  } else if (roll < 940) {
    EvaluationInfo& e = evaluations_[static_cast<std::size_t>(Uniform(0, static_cast<int>(evaluations_.size()) - 1))];
    const int r = Uniform(1, e.recommendations);
    std::string text = Words(4, 20);
    log_.EditRecommendation(e.id, r, e.rec_texts[static_cast<std::size_t>(r - 1)], text);
    e.rec_texts[static_cast<std::size_t>(r - 1)] = std::move(text);
    Count(types::kRecommendationEdited);
  } else if (roll < 970) {
    const EvaluationInfo& e = Pick(evaluations_);
    log_.Response(e.id, Uniform(1, e.recommendations), Pick(kCategories), Words(3, 12));
    Count(types::kManagementResponseRecorded);
  } else if (roll < 990) {
    log_.Reminder("gen-" + std::to_string(next_reminder_++), Pick(actions_));
    Count(types::kReminderDue);
  } else if (roll < 999) {
    // The fate of an earlier reminder; a second fate of one already final
    // must change nothing, in a rebuild as in the incremental views.
    if (next_reminder_ > 1) {
      const std::string id = "gen-" + std::to_string(Uniform(1, next_reminder_ - 1));
      if (Uniform(0, 1) == 0) {
        log_.Raw("reminder-" + id, types::kReminderDelivered,
                 {{"reminder_id", id}, {"attempt", Uniform(1, 3)}, {"message_id", id}, {"late", false}});
        Count(types::kReminderDelivered);
      } else {
        log_.Raw("reminder-" + id, types::kReminderFailed,
                 {{"reminder_id", id}, {"attempt", 1}, {"error", Words(2, 5)}, {"permanent", Uniform(0, 1) == 1}});
        Count(types::kReminderFailed);
      }
    }
  } else {
    // Malformed: the fold refuses it and the views list it.
    const std::string& a = Pick(actions_);
    log_.Raw("action-" + a, types::kKeyActionStatusChanged, {{"action_id", a}, {"to", "Finished-ish"}});
    Count("malformed");
  }
}

}  // namespace mrtrack::projections_test
