// Baselines: the file format, counting identical fingerprints, and stability across edits.
#include "engine/baseline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/check.h"

namespace clearance::engine {
namespace {

namespace fs = std::filesystem;

TEST(Baseline, ParsesAndCounts) {
  std::vector<std::string> errors;
  const auto b = Baseline::parse(R"({"clearance_baseline": 1, "findings": [
      {"fingerprint": "0123456789abcdef", "rule_id": "CLR101", "count": 2},
      {"fingerprint": "fedcba9876543210"}]})",
                                 "b.json", errors);
  ASSERT_TRUE(b) << errors.front();
  EXPECT_EQ(b->count("0123456789abcdef"), 2u);
  EXPECT_EQ(b->count("fedcba9876543210"), 1u);
  EXPECT_EQ(b->count("0000000000000000"), 0u);
}

TEST(Baseline, RejectsWhatIsNotABaseline) {
  // Invalid JSON and an invalid entry are pointed at by line and column (the byte nlohmann
  // stopped at; the entry's opening brace); a baseline that lacks something, by the file.
  const std::pair<const char*, const char*> cases[] = {
      {"not json", "b.json:1:2: not a clearance baseline: invalid JSON"},
      {"{}", "b.json: not a clearance baseline: no \"clearance_baseline\" version"},
      {R"({"clearance_baseline": 2, "findings": []})", "b.json: not a clearance baseline: version 2"},
      {R"({"clearance_baseline": 1})", "b.json: not a clearance baseline: no \"findings\" list"},
      {"{\"clearance_baseline\": 1, \"findings\": [\n  {\"fingerprint\": \"0123456789abcdef\"},\n  {\"fingerprint\": \"xyz\"}]}",
       "b.json:3:3: not a clearance baseline: entry 2 has no valid \"fingerprint\""},
      {R"({"clearance_baseline": 1, "findings": [{"fingerprint": "0123456789abcdef", "count": 0}]})",
       "b.json:1:40: not a clearance baseline: entry 1 has an invalid \"count\""},
      {R"({"clearance_baseline": 1, "findings": [{"fingerprint": "0123456789abcdef", "count": 1.5}]})",
       "b.json:1:40: not a clearance baseline: entry 1 has an invalid \"count\""},
      {R"({"clearance_baseline": 1, "findings": [{"fingerprint": "0123456789abcdef", "count": 1e30}]})",
       "b.json:1:40: not a clearance baseline: entry 1 has an invalid \"count\""},
      {"{\n  \"clearance_baseline\": 1,\n  \"findings\": [\n    {\"fingerprint\":\"0123456789abcdef\",\"count\":1},,\n  ]\n}\n",
       "b.json:4:50: not a clearance baseline: invalid JSON"},
  };
  for (const auto& [text, message] : cases) {
    std::vector<std::string> errors;
    EXPECT_FALSE(Baseline::parse(text, "b.json", errors)) << text;
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].rfind(message, 0), 0u) << errors[0];
  }
}

TEST(Baseline, ReadsTheWrittenLayoutAndFallsBackOnAnyOther) {
  // The layout --write-baseline writes, one entry per line, is read without a JSON parser; a
  // line it does not expect sends the whole file to the parser, which gives the same counts or
  // the same errors.
  const std::string head = "{\n  \"clearance_baseline\": 1,\n  \"findings\": [\n";
  const std::string entry1 = R"(    {"fingerprint":"00000000000000ff","rule_id":"CLR101","file":"a","service":null,"excerpt":"x,\"count\":7}","count":12})";
  const std::string entry2 = R"(    {"fingerprint":"ABCDEF0123456789","rule_id":"CLR102","file":"a","service":"web","excerpt":"","count":1})";
  std::vector<std::string> errors;
  const auto written = Baseline::parse(head + entry1 + ",\n" + entry2 + "\n  ]\n}\n", "b", errors);
  ASSERT_TRUE(written) << errors.front();
  EXPECT_EQ(written->count(0xffu), 12u);  // the count is the last key, not the excerpt's text
  EXPECT_EQ(written->count("abcdef0123456789"), 1u);
  // Entries spread over several lines: the JSON parser, same result.
  const auto spread = Baseline::parse(head + entry1 + ",\n" + entry2 + "\n  ]\n}\n\n", "b", errors);
  ASSERT_TRUE(spread) << errors.front();
  EXPECT_EQ(spread->count(0xffu), 12u);
  // A count of zero or a fingerprint that is not 16 hex digits is an error either way.
  for (const std::string& bad :
       {std::string(R"(    {"fingerprint":"00000000000000ff","count":0})"),
        std::string(R"(    {"fingerprint":"00000000000000fg","count":1})"),
        std::string(R"(    {"fingerprint":"00000000000000f","count":1})")}) {
    errors.clear();
    EXPECT_FALSE(Baseline::parse(head + bad + "\n  ]\n}\n", "b", errors)) << bad;
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("entry 1"), std::string::npos) << errors[0];
  }
}

TEST(Baseline, AnUnreadableFileIsAnError) {
  std::vector<std::string> errors;
  EXPECT_FALSE(Baseline::load("/nonexistent/baseline.json", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "/nonexistent/baseline.json: cannot read the baseline: cannot open: No such file or directory");
}

class BaselineRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("clearance-baseline-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& text) { std::ofstream(dir_ / "compose.yaml") << text; }

  CheckResult check(const std::string& baseline = "") {
    CheckOptions o;
    o.paths = {dir_.string()};
    o.select = {"CLR101", "CLR111"};
    o.jobs = 1;
    o.baseline_path = baseline;
    return run_check(o);
  }

  std::string record() {
    BaselineWriter w;
    for (const rules::Finding& f : check().findings) w.add(f);
    const std::string path = (dir_ / "baseline.json").string();
    std::string error;
    EXPECT_TRUE(w.write(path, error)) << error;
    return path;
  }

  static std::vector<std::string> reported(const CheckResult& r) {
    std::vector<std::string> out;
    for (const rules::Finding& f : r.findings)
      if (!f.suppression) out.push_back(f.service + ":" + std::string(f.rule->id) + ":" + std::to_string(f.span.start().line));
    return out;
  }

  fs::path dir_;
};

TEST_F(BaselineRun, SurvivesLinesInsertedAboveAndCatchesNewFindings) {
  write("services:\n  web:\n    image: nginx:1.27\n    privileged: true\n");
  const std::string baseline = record();
  EXPECT_TRUE(reported(check(baseline)).empty());

  // Unrelated edits above the finding move it down; it stays baselined.
  write("# a comment\nx-common: &c\n  restart: always\n\nservices:\n  db:\n    image: postgres:16\n"
        "  web:\n    image: nginx:1.27\n    privileged: true\n");
  const CheckResult moved = check(baseline);
  EXPECT_TRUE(reported(moved).empty());
  ASSERT_EQ(moved.findings.size(), 1u);
  EXPECT_EQ(moved.findings[0].suppression->kind, rules::SuppressionKind::kBaseline);

  // A new finding of the same rule in another service is reported.
  write("services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"
        "  api:\n    image: nginx:1.27\n    privileged: true\n    network_mode: host\n");
  EXPECT_EQ(reported(check(baseline)), (std::vector<std::string>{"api:CLR101:7", "api:CLR111:8"}));
}

TEST_F(BaselineRun, IdenticalFingerprintsAreCounted) {
  // Two findings with one fingerprint (same rule, file, service, content): the baseline
  // records a count of 2; a third one like them is new.
  write("services:\n  web:\n    image: nginx:1.27\n    privileged: true\n");
  BaselineWriter w;
  const CheckResult result = check();  // keeps the files the finding points into
  const rules::Finding& f = result.findings.at(0);
  w.add(f);
  w.add(f);
  ASSERT_EQ(w.entries().size(), 1u);
  EXPECT_EQ(w.entries()[0].count, 2u);
  EXPECT_EQ(w.entries()[0].excerpt, "true");
  const auto json = nlohmann::json::parse(w.json());
  EXPECT_EQ(json["clearance_baseline"], 1);
  EXPECT_EQ(json["findings"][0]["rule_id"], "CLR101");
  EXPECT_EQ(json["findings"][0]["service"], "web");
  EXPECT_EQ(json["findings"][0]["file"], "compose.yaml");

  std::vector<std::string> errors;
  const auto b = Baseline::parse(w.json(), "b", errors);  // the written layout: the fast reader
  ASSERT_TRUE(b);
  EXPECT_EQ(b->count(json["findings"][0]["fingerprint"].get<std::string>()), 2u);
  // The same baseline reformatted by hand goes through the JSON parser, with the same result.
  const auto reformatted = Baseline::parse(json.dump(4), "b", errors);
  ASSERT_TRUE(reformatted) << errors.front();
  EXPECT_EQ(reformatted->count(json["findings"][0]["fingerprint"].get<std::string>()), 2u);
}

}  // namespace
}  // namespace clearance::engine
