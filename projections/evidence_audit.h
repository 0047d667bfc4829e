// The evidence the log refers to, for auditors: every reference an event
// makes to a file of the evidence store (comments and completion requests),
// and the check that each file still is what the event says (docs/AUDIT.md
// "Evidence"). Because the events carry each file's SHA-256 and the hash
// chain covers the events, a file that passes Check() is the file that was
// cited.
//
// Thread safety: free functions; the store may be appended to meanwhile.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "events/domain/workflow_state.h"
#include "events/evidence/evidence_store.h"
#include "events/store.h"

namespace mrtrack::projections {

// One reference: the file and the event citing it.
struct EvidenceUse {
  events::EvidenceRef ref;
  std::uint64_t position = 0;
  std::string event_id, stream, type, action_id;
};

// Every reference in the log, in log order (a file cited twice appears twice).
Result<std::vector<EvidenceUse>> ListEvidence(const events::EventStore& store);

struct EvidenceProblem {
  EvidenceUse use;
  std::string problem;  // "evidence 'report.pdf' (…) is altered: …" or "… is missing: …"
};

struct EvidenceReport {
  std::uint64_t checked = 0;  // References checked.
  std::vector<EvidenceProblem> problems;
};

// Checks every reference against the evidence store.
Result<EvidenceReport> VerifyEvidence(const events::EventStore& store, const events::EvidenceStore& evidence);

// {"sha256", "name", "media_type", "size", "position", "event_id", "stream", "type", "action_id"}.
nlohmann::json EvidenceUseToJson(const EvidenceUse& use);
// EvidenceUseToJson plus "problem".
nlohmann::json EvidenceProblemToJson(const EvidenceProblem& problem);

}  // namespace mrtrack::projections
