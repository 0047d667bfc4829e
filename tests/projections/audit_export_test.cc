#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "projections/audit_export.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using nlohmann::json;
using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;

struct VerifierRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together.
};

class AuditExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Evaluation("ev1", "Umbrella – “quoted” Қазақстан", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Build capacity\nand more");
    a_ = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/03", "Initiated");
    log_.Flush();
    clock_.Advance(std::chrono::microseconds(1500001));
    log_.Status(a_, "Completed");
    log_.Comment(a_, "alice", "tab\there, control \x01 char");
    log_.Reminder("r1", a_);
    log_.Flush();
  }

  std::vector<std::string> Export(ExportRange range = {}) {
    std::ostringstream out;
    auto summary = ExportJsonl(*store_, range, out);
    EXPECT_OK(summary);
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  VerifierRun Verify(const std::vector<std::string>& lines, const std::string& extra_args = "") {
    const std::string file = dir_.Sub("export-" + std::to_string(++runs_) + ".jsonl");
    const std::string output = file + ".out";
    {
      std::ofstream f(file, std::ios::binary);
      for (const auto& l : lines) f << l << '\n';
    }
    const std::string command = "python3 " MRTRACK_SOURCE_DIR "/tests/projections/verify_export.py '" + file + "' " +
                                extra_args + " > '" + output + "' 2>&1";
    const int status = std::system(command.c_str());
    VerifierRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(output);
    std::stringstream text;
    text << in.rdbuf();
    run.output = text.str();
    return run;
  }

  TempDir dir_;
  ManualClock clock_{At("2025-01-10T09:00:00Z")};
  std::unique_ptr<events::EventStore> store_ = OpenStore(dir_.Sub("events"), clock_);
  TestLog log_{*store_, clock_};
  std::string a_;
  int runs_ = 0;
};

TEST_F(AuditExportTest, EachLineCarriesTheEnvelopeTheStoredBytesAndTheChain) {
  const std::vector<std::string> lines = Export();
  ASSERT_EQ(lines.size(), 6u);
  auto events = store_->ReadAll(1, 10);
  ASSERT_OK(events);
  Sha256Digest prev{};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const json line = json::parse(lines[i]);
    const events::RecordedEvent& e = (*events)[i];
    EXPECT_EQ(line.at("position"), e.position);
    EXPECT_EQ(line.at("stream"), e.stream);
    EXPECT_EQ(line.at("version"), e.version);
    EXPECT_EQ(line.at("event_id"), e.event_id);
    EXPECT_EQ(line.at("type"), e.type);
    EXPECT_EQ(line.at("schema_version"), e.schema_version);
    EXPECT_EQ(line.at("actor"), e.actor);
    EXPECT_EQ(line.at("correlation_id"), e.correlation_id);
    EXPECT_EQ(line.at("causation_id"), e.causation_id);
    EXPECT_EQ(line.at("data"), e.data);
    EXPECT_EQ(*Base64Decode(line.at("stored_bytes_base64").get<std::string>()), e.stored_bytes);
    EXPECT_EQ(line.at("prev_hash"), HexEncode(prev));
    EXPECT_EQ(line.at("hash"), HexEncode(e.chain_hash));
    EXPECT_EQ(e.chain_hash, Sha256Concat(std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()),
                                         e.stored_bytes));
    EXPECT_EQ(line.size(), 14u);
    prev = e.chain_hash;
  }
  EXPECT_EQ(json::parse(lines[3]).at("recorded_at"), "2025-01-10T09:00:01.500001Z");
}

TEST_F(AuditExportTest, IndependentVerifierAcceptsARealExport) {
  const events::VerifyReport report = store_->Verify();
  ASSERT_TRUE(report.ok) << report.problem;
  VerifierRun run = Verify(Export(), "--head " + HexEncode(report.head));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "ok: 6 events, positions 1..6, head " + HexEncode(report.head) + "\n");
}

TEST_F(AuditExportTest, VerifierRejectsAFlippedByteAtItsPosition) {
  std::vector<std::string> lines = Export();
  json line = json::parse(lines[3]);
  std::string bytes = *Base64Decode(line.at("stored_bytes_base64").get<std::string>());
  const std::size_t at = bytes.find("Completed");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = 'X';  // "Xompleted": still JSON, no longer the bytes that were hashed.
  line["stored_bytes_base64"] = Base64Encode(bytes);
  lines[3] = line.dump();
  VerifierRun run = Verify(lines);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.output.rfind("FAILED: line 4 (position 4): hash ", 0), 0u) << run.output;
}

TEST_F(AuditExportTest, VerifierRejectsAnEditedEnvelopeField) {
  std::vector<std::string> lines = Export();
  json line = json::parse(lines[4]);
  line["actor"] = "mallory";
  lines[4] = line.dump();
  VerifierRun run = Verify(lines);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.output,
            "FAILED: line 5 (position 5): field actor is \"mallory\" on the line but \"tester\" in the stored record\n");

  lines = Export();
  line = json::parse(lines[1]);
  line["data"]["number"] = 2;
  lines[1] = line.dump();
  run = Verify(lines);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("FAILED: line 2 (position 2): field data is "), std::string::npos) << run.output;
}

TEST_F(AuditExportTest, VerifierRejectsAMissingLineAndAWrongHead) {
  std::vector<std::string> lines = Export();
  lines.erase(lines.begin() + 2);
  VerifierRun run = Verify(lines);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_EQ(run.output, "FAILED: line 3 (position 4): expected position 3: the positions have a gap or go back\n");

  run = Verify(Export(), "--head " + std::string(64, 'a'));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("is not the expected head aaaa"), std::string::npos) << run.output;
}

TEST_F(AuditExportTest, RangeExportIsAnchoredByThePreviousHash) {
  auto third = store_->ReadAll(3, 1);
  ASSERT_OK(third);
  const std::vector<std::string> lines = Export(ExportRange{4, 5});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(json::parse(lines[0]).at("prev_hash"), HexEncode(third->front().chain_hash));
  VerifierRun run = Verify(lines, "--prev " + HexEncode(third->front().chain_hash));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  run = Verify(lines, "--prev " + std::string(64, '0'));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("FAILED: line 1 (position 4): prev_hash "), std::string::npos) << run.output;
}

TEST_F(AuditExportTest, RangeErrors) {
  std::ostringstream out;
  EXPECT_EQ(ExportJsonl(*store_, ExportRange{0, 2}, out).status().ToString(),
            "invalid_argument: positions start at 1 (at from)");
  EXPECT_EQ(ExportJsonl(*store_, ExportRange{1, 7}, out).status().ToString(),
            "invalid_argument: the range ends at 7 but the log ends at 6 (at to)");
  EXPECT_EQ(ExportJsonl(*store_, ExportRange{5, 4}, out).status().ToString(),
            "invalid_argument: the range starts (5) after it ends (4) (at from)");
  EXPECT_TRUE(out.str().empty());
}

TEST(AuditExportEmptyTest, AnEmptyLogExportsNothingAndVerifies) {
  TempDir dir;
  ManualClock clock(At("2025-01-10T09:00:00Z"));
  auto store = OpenStore(dir.Sub("events"), clock);
  std::ostringstream out;
  auto summary = ExportJsonl(*store, ExportRange{}, out);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->events, 0u);
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace mrtrack::projections
