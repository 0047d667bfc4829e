#include "projections/evidence_audit.h"

namespace mrtrack::projections {
namespace {

constexpr std::size_t kReadBatch = 1024;

}  // namespace

Result<std::vector<EvidenceUse>> ListEvidence(const events::EventStore& store) {
  std::vector<EvidenceUse> out;
  std::uint64_t next = 1;
  for (;;) {
    MRTRACK_ASSIGN_OR_RETURN(auto batch, store.ReadAll(next, kReadBatch));
    if (batch.empty()) break;
    for (const events::RecordedEvent& e : batch) {
      next = e.position + 1;
      if (!e.data.is_object()) continue;
      auto list = e.data.find("evidence");
      if (list == e.data.end() || !list->is_array()) continue;
      // A malformed reference is the fold's to report (the views list it as
      // rejected); here only what can be checked is listed.
      auto refs = events::ParseEvidenceListJson(*list);
      if (!refs.ok()) continue;
      auto action = e.data.find("action_id");
      for (auto& ref : *refs) {
        EvidenceUse use;
        use.ref = std::move(ref);
        use.position = e.position;
        use.event_id = e.event_id;
        use.stream = e.stream;
        use.type = e.type;
        if (action != e.data.end() && action->is_string()) use.action_id = action->get<std::string>();
        out.push_back(std::move(use));
      }
    }
    if (batch.size() < kReadBatch) break;
  }
  return out;
}

Result<EvidenceReport> VerifyEvidence(const events::EventStore& store, const events::EvidenceStore& evidence) {
  MRTRACK_ASSIGN_OR_RETURN(auto uses, ListEvidence(store));
  EvidenceReport report;
  for (auto& use : uses) {
    ++report.checked;
    Status s = evidence.Check(use.ref);
    if (s.code() == StatusCode::kNotFound || s.code() == StatusCode::kCorruption) {
      report.problems.push_back(EvidenceProblem{std::move(use), s.message()});
    } else if (!s.ok()) {
      return s;
    }
  }
  return report;
}

nlohmann::json EvidenceUseToJson(const EvidenceUse& use) {
  nlohmann::json j = events::EvidenceToJson(use.ref);
  j["position"] = use.position;
  j["event_id"] = use.event_id;
  j["stream"] = use.stream;
  j["type"] = use.type;
  j["action_id"] = use.action_id;
  return j;
}

nlohmann::json EvidenceProblemToJson(const EvidenceProblem& problem) {
  nlohmann::json j = EvidenceUseToJson(problem.use);
  j["problem"] = problem.problem;
  return j;
}

}  // namespace mrtrack::projections
