// Report writers, on findings built by hand: the text layout, the JSON and SARIF contracts, and
// fingerprints that survive moving a finding to another line.
#include "report/json_out.h"
#include "report/report.h"

#include <gtest/gtest.h>

#include "source/paths.h"

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace clearance::report {
namespace {

using nlohmann::json;
using rules::Finding;
using rules::RuleMeta;
using rules::Severity;

constexpr rules::Reference kRefs[] = {{"CIS Docker Benchmark 5.5", "https://www.cisecurity.org/"}};

constexpr RuleMeta kPrivileged{
    .id = "CLR101",
    .slug = "privileged",
    .title = "Container runs privileged",
    .severity = Severity::kCritical,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = rules::Area::kPrivileges,
    .fix = rules::Fixability::kNone,
    .summary = "Flags services with `privileged: true`.",
    .rationale = "A privileged container has every capability and every device of the host.",
    .example = "services:\n  web:\n    privileged: true\n",
    .instead =
        "Remove `privileged` and add only the capabilities the service needs.\n"
        "services:\n  web:\n    cap_add: [NET_ADMIN]\n",
    .fix_safety = "No fix: the service may rely on the privileges.",
    .references = kRefs,
};

constexpr RuleMeta kSecret{
    .id = "CLR501",
    .slug = "hardcoded-secret",
    .title = "Credential written in the Compose file",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = rules::Area::kSecrets,
    .fix = rules::Fixability::kNone,
    .summary = "Flags literal credentials.",
    .rationale = "",
    .example = "",
    .instead = "",
    .fix_safety = "",
    .references = {},
};

constexpr RuleMeta kMemory{
    .id = "CLR304",
    .slug = "memory-limit-missing",
    .title = "No memory limit",
    .severity = Severity::kMedium,
    .production_severity = Severity::kHigh,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = rules::Area::kRuntime,
    .fix = rules::Fixability::kNone,
    .summary = "Flags services without a memory limit.",
    .rationale = "",
    .example = "",
    .instead = "",
    .fix_safety = "",
    .references = {},
};

const std::string kCompose = "services:\n  a:\n    privileged: true\n";

// A finding on the first occurrence of `needle` in `file`.
Finding finding_at(const source::SourceFile& file, const RuleMeta& rule, std::string_view needle,
                   Severity severity) {
  const auto begin = static_cast<uint32_t>(file.bytes().find(needle));
  Finding f;
  f.rule = &rule;
  f.severity = severity;
  f.message = "Service \"a\" runs privileged";
  f.span = file.span(begin, begin + static_cast<uint32_t>(needle.size()));
  f.service = "a";
  return f;
}

RunInfo run_info() {
  RunInfo run;
  run.tool_version = "0.1.0";
  run.rules = {&kPrivileged, &kMemory};
  return run;
}

template <typename Writer>
std::string render(Writer write, std::span<const Finding> findings, const RunInfo& run) {
  std::ostringstream out;
  write(findings, run, out);
  return out.str();
}

TEST(TextReport, HeaderExcerptCaretAndHelp) {
  const source::SourceFile file("dir/compose.yaml", "/abs/dir/compose.yaml", kCompose);
  const std::vector<Finding> findings = {
      finding_at(file, kPrivileged, "true", Severity::kCritical)};
  const std::string text = render(write_text, findings, run_info());

  EXPECT_NE(text.find("dir/compose.yaml:3:17: critical CLR101 Container runs privileged\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  Service \"a\" runs privileged\n"), std::string::npos);
  EXPECT_NE(text.find("  3 |     privileged: true\n"
                      "    |                 ^~~~\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("  help: Remove `privileged` and add only the capabilities the service needs.\n"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "colour must be off unless asked for";
  EXPECT_TRUE(text.ends_with("1 finding: 1 critical\n")) << text;
}

TEST(TextReport, CaretCountsCodePointsAndKeepsTabs) {
  const source::SourceFile file("c.yaml", "/abs/c.yaml", "x:\n\t\"é\": ü\n");
  Finding f = finding_at(file, kPrivileged, "ü", Severity::kHigh);
  const std::string text = render(write_text, std::span(&f, 1), run_info());
  EXPECT_NE(text.find("  2 | \t\"é\": ü\n    | \t     ^\n"), std::string::npos) << text;
}

// A very long line (a minified file, every service in one flow mapping) is shown as a window
// around the span: each finding on it must not repeat the whole line.
TEST(TextReport, LongLineShowsAWindowAroundTheSpan) {
  std::string line = "{services: {";
  for (int i = 0; i < 400; ++i) line += "s" + std::to_string(i) + ": {image: \"\u00e9" + std::to_string(i) + "\"}, ";
  line += "web: {privileged: true}}}";
  const source::SourceFile file("c.yaml", "/abs/c.yaml", line + "\n");
  Finding f = finding_at(file, kPrivileged, "true", Severity::kCritical);
  const std::string text = render(write_text, std::span(&f, 1), run_info());
  const size_t shown = text.find("  1 | ...");
  ASSERT_NE(shown, std::string::npos) << text;
  const std::string excerpt = text.substr(shown + 6, text.find('\n', shown) - shown - 6);
  const std::string under = text.substr(text.find('\n', shown) + 7, 200);
  EXPECT_LE(excerpt.size(), 200u) << excerpt;
  EXPECT_TRUE(excerpt.ends_with("web: {privileged: true}}}")) << excerpt;
  // The caret is under the span: count code points up to it.
  const size_t caret = under.find('^');
  ASSERT_NE(caret, std::string::npos) << under;
  size_t byte = 0;
  for (size_t column = 0; column < caret; ++byte)
    if ((static_cast<unsigned char>(excerpt[byte]) & 0xC0) != 0x80) ++column;
  while ((static_cast<unsigned char>(excerpt[byte]) & 0xC0) == 0x80) ++byte;
  EXPECT_EQ(excerpt.substr(byte, 4), "true") << excerpt << "\n" << under;
  EXPECT_EQ(under.substr(caret, 5), "^~~~\n") << under;
  // A span longer than the window is cut, and its underline with it.
  Finding whole = finding_at(file, kPrivileged, line, Severity::kCritical);
  const std::string long_text = render(write_text, std::span(&whole, 1), run_info());
  EXPECT_LT(long_text.size(), 1200u) << long_text;
  EXPECT_NE(long_text.find("  1 | {services: {s0: "), std::string::npos) << long_text;
}

TEST(TextReport, ColourOnlyWhenAsked) {
  const source::SourceFile file("dir/compose.yaml", "/abs/dir/compose.yaml", kCompose);
  const std::vector<Finding> findings = {
      finding_at(file, kPrivileged, "true", Severity::kCritical)};
  RunInfo run = run_info();
  run.color = true;
  EXPECT_NE(render(write_text, findings, run).find("\x1b["), std::string::npos);
}

TEST(TextReport, MasksSecretsAndControlCharacters) {
  const source::SourceFile file("c.yaml", "/abs/c.yaml", "x:\n  PASSWORD: hunter2hunter2\x1b[2J\n");
  Finding f = finding_at(file, kSecret, "hunter2hunter2", Severity::kHigh);
  const std::string text = render(write_text, std::span(&f, 1), run_info());
  EXPECT_EQ(text.find("hunter2hunter2"), std::string::npos) << text;
  // The rest of the plain value after the span is part of the secret too.
  EXPECT_NE(text.find("PASSWORD: hu************\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    |             ^~~~~~~~\n"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(TextReport, MasksOtherSecretsOnTheLineShown) {
  // A finding about one value shows the whole line: the other credentials on it are masked too,
  // and so are URL passwords and known token formats; names and harmless values are not.
  const source::SourceFile file(
      "c.yaml", "/abs/c.yaml",
      "s: {environment: [DB_PASSWORD=Qw8eRt5yUi2oPa7s, API_TOKEN=Zx9cVb2nMq5wEr8t, DEBUG=true, "
      "PW2=${PW2}], url: \"https://u:Mn3bQx7wPz@h.example\", gh: ghp_R4nd0mT0k3nV4lu3Xq9Zk2Lm8Np5Wv7Yt3Bc6}\n"
      "API_KEY hunter2hunter2\n");
  Finding first = finding_at(file, kSecret, "Qw8eRt5yUi2oPa7s", Severity::kHigh);
  Finding other = finding_at(file, kPrivileged, "s", Severity::kCritical);
  Finding broken = finding_at(file, kPrivileged, "API_KEY", Severity::kHigh);
  for (const Finding& f : {first, other, broken}) {
    const std::string text = render(write_text, std::span(&f, 1), run_info());
    for (const char* secret : {"Qw8eRt5yUi2oPa7s", "Zx9cVb2nMq5wEr8t", "Mn3bQx7wPz", "R4nd0mT0k3n", "hunter2"})
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in\n" << text;
  }
  const std::string text = render(write_text, std::span(&other, 1), run_info());
  EXPECT_NE(text.find("DB_PASSWORD=Qw******, API_TOKEN=Zx******, DEBUG=true, PW2=${PW2}]"), std::string::npos) << text;
  EXPECT_NE(text.find("https://u:Mn******@h.example"), std::string::npos) << text;
}

TEST(TextReport, SummaryBySeverity) {
  const source::SourceFile file("dir/compose.yaml", "/abs/dir/compose.yaml", kCompose);
  const std::vector<Finding> findings = {finding_at(file, kPrivileged, "true", Severity::kCritical),
                                         finding_at(file, kMemory, "a", Severity::kMedium),
                                         finding_at(file, kMemory, "a", Severity::kMedium)};
  EXPECT_EQ(summary_line(findings), "3 findings: 1 critical, 2 medium");
  EXPECT_EQ(summary_line(std::span<const Finding>()), "No findings.");
  EXPECT_EQ(summary_line(SeverityCounts{}), "No findings.");
  EXPECT_EQ(render(write_text, {}, run_info()), "No findings.\n");
}

TEST(JsonReport, Shape) {
  const source::SourceFile file("dir/compose.yaml", "/abs/dir/compose.yaml", kCompose);
  std::vector<Finding> findings = {finding_at(file, kPrivileged, "true", Severity::kCritical)};
  findings[0].related.push_back({file.span(0, 8), "Declared here"});
  findings[0].profiles = {"debug"};
  const json doc = json::parse(render(write_json, findings, run_info()));

  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["tool"]["name"], "clearance");
  EXPECT_EQ(doc["tool"]["version"], "0.1.0");
  ASSERT_EQ(doc["findings"].size(), 1u);
  const json& f = doc["findings"][0];
  EXPECT_EQ(f["rule_id"], "CLR101");
  EXPECT_EQ(f["slug"], "privileged");
  EXPECT_EQ(f["severity"], "critical");
  EXPECT_EQ(f["file"], "dir/compose.yaml");
  EXPECT_EQ(f["start"], json({{"line", 3}, {"column", 17}, {"offset", 31}}));
  EXPECT_EQ(f["end"], json({{"line", 3}, {"column", 21}, {"offset", 35}}));
  EXPECT_EQ(f["service"], "a");
  EXPECT_EQ(f["profiles"], json({"debug"}));
  EXPECT_EQ(f["related"][0]["message"], "Declared here");
  EXPECT_EQ(f["related"][0]["start"]["line"], 1);
  EXPECT_EQ(f["fingerprint"], fingerprint(findings[0]));
  EXPECT_EQ(doc["summary"]["critical"], 1);
  EXPECT_EQ(doc["summary"]["medium"], 0);
  EXPECT_EQ(doc["summary"]["total"], 1);
}

TEST(SarifReport, LevelsRulesAndLocations) {
  const source::SourceFile file("dir/compose.yaml", "/abs/dir/compose.yaml", kCompose);
  const std::vector<Finding> findings = {finding_at(file, kPrivileged, "true", Severity::kCritical),
                                         finding_at(file, kMemory, "a", Severity::kMedium),
                                         finding_at(file, kMemory, "a", Severity::kLow),
                                         finding_at(file, kSecret, "services", Severity::kInfo)};
  const json doc = json::parse(render(write_sarif, findings, run_info()));

  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_EQ(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  const json& run = doc["runs"][0];
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///abs/");
  const json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 3u);  // the two that ran, and the one only a finding names
  EXPECT_EQ(rules[0]["name"], "Privileged");
  EXPECT_EQ(rules[1]["name"], "MemoryLimitMissing");
  EXPECT_EQ(rules[0]["properties"]["security-severity"], "9.0");
  EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rules[0]["helpUri"],
            "https://github.com/getclearance/clearance/blob/main/docs/rules/CLR101.md");

  const json& results = run["results"];
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[1]["level"], "warning");
  EXPECT_EQ(results[2]["level"], "note");
  EXPECT_EQ(results[3]["level"], "note");
  EXPECT_EQ(results[3]["ruleIndex"], 2);
  const json& loc = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "dir/compose.yaml");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(loc["region"],
            json({{"startLine", 3}, {"startColumn", 17}, {"endLine", 3}, {"endColumn", 21}}));
  EXPECT_EQ(results[0]["partialFingerprints"]["clearance/v1"], fingerprint(findings[0]));
}

TEST(SarifReport, ProductionRaisesRuleLevel) {
  RunInfo run = run_info();
  run.production = true;
  const json doc = json::parse(render(write_sarif, {}, run));
  EXPECT_EQ(doc["runs"][0]["tool"]["driver"]["rules"][1]["defaultConfiguration"]["level"], "error");
}

TEST(SarifReport, CleanRunIsStillADocument) {
  const json doc = json::parse(render(write_sarif, {}, run_info()));
  EXPECT_EQ(doc["runs"][0]["results"], json::array());
  EXPECT_EQ(doc["runs"][0]["tool"]["driver"]["rules"].size(), 2u);
}

TEST(SarifReport, FindingWithoutFileBecomesNotification) {
  Finding f;
  f.rule = &kPrivileged;
  f.severity = Severity::kHigh;
  f.message = "Something failed";
  const json doc = json::parse(render(write_sarif, std::span(&f, 1), run_info()));
  const json& run = doc["runs"][0];
  EXPECT_EQ(run["results"], json::array());  // GitHub rejects results without a location
  const json& n = run["invocations"][0]["toolExecutionNotifications"][0];
  EXPECT_EQ(n["message"]["text"], "Something failed.");
  EXPECT_EQ(n["associatedRule"]["id"], "CLR101");
  EXPECT_EQ(n["level"], "error");
}

TEST(Fingerprint, StableWhenContentMovesToAnotherLine) {
  const source::SourceFile before("dir/compose.yaml", "/abs/dir/compose.yaml", kCompose);
  const source::SourceFile after(
      "dir/compose.yaml", "/abs/dir/compose.yaml",
      "# comment\nservices:\n\n  a:\n    image: x\n    privileged: true\n");
  const Finding a = finding_at(before, kPrivileged, "true", Severity::kCritical);
  const Finding b = finding_at(after, kPrivileged, "true", Severity::kCritical);
  ASSERT_NE(a.span.start().line, b.span.start().line);
  EXPECT_EQ(fingerprint(a), fingerprint(b));
  EXPECT_EQ(fingerprint(a).size(), 16u);

  Finding other_service = a;
  other_service.service = "b";
  EXPECT_NE(fingerprint(a), fingerprint(other_service));
  Finding explicit_content = a;
  explicit_content.fingerprint_content = "privileged";
  EXPECT_NE(fingerprint(a), fingerprint(explicit_content));
}

TEST(Masking, KeepsAtMostTwoLeadingCharacters) {
  EXPECT_EQ(mask_secret("postgres"), "po******");
  EXPECT_EQ(mask_secret("short"), "******");
  EXPECT_EQ(mask_secret("ééééééééé"), "éé******");
}

TEST(Masking, ShowsVariableNamesButNotDefaults) {
  // A reference names a variable, not a value: the reader needs to see which.
  EXPECT_EQ(mask_secret("${DB_PASSWORD}"), "${DB_PASSWORD}");
  EXPECT_EQ(mask_secret("${db_password}"), "${db_password}");
  EXPECT_EQ(mask_secret("$DB_PASSWORD"), "$DB_PASSWORD");
  EXPECT_EQ(mask_secret("${PG_PASS:?database password required}"), "${PG_PASS:?database password required}");
  // A default is the value used when the variable is unset: it may be the password.
  EXPECT_EQ(mask_secret("${DB_PASSWORD:-hunter2hunter2}"), "${******");
  EXPECT_EQ(mask_secret("${DB_PASSWORD-hunter2hunter2}"), "${******");
  // A password that starts with `$` is not taken for a variable.
  EXPECT_EQ(mask_secret("$ecretPa55word"), "$e******");
  EXPECT_EQ(mask_secret("${A}xyzxyzxyz"), "${******");  // not only a reference
}

TEST(Catalog, TextMarkdownJsonAndExplain) {
  const std::vector<const RuleMeta*> rules = {&kPrivileged, &kMemory};
  std::ostringstream text, md, js, explain;
  write_rules_text(rules, text);
  write_rules_markdown(rules, md);
  write_rules_json(rules, js);
  write_rule_explanation(kPrivileged, explain);

  EXPECT_NE(text.str().find("CLR101  critical  Container runs privileged\n"), std::string::npos)
      << text.str();
  EXPECT_NE(md.str().find("| [CLR101](#clr101) | `privileged` | critical |"), std::string::npos)
      << md.str();
  EXPECT_NE(md.str().find("### Why is this bad"), std::string::npos);
  EXPECT_NE(md.str().find("```yaml\nservices:\n  web:\n    cap_add: [NET_ADMIN]\n```\n"),
            std::string::npos)
      << md.str();
  EXPECT_NE(md.str().find("critical | privileges"), std::string::npos);
  EXPECT_NE(md.str().find("medium (production: high)"), std::string::npos);
  const json doc = json::parse(js.str());
  EXPECT_EQ(doc["rules"][1]["production_severity"], "high");
  EXPECT_NE(explain.str().find("Why is this bad\n  A privileged container"), std::string::npos)
      << explain.str();
  EXPECT_EQ(rule_advice(kMemory), "Flags services without a memory limit.");
}

}  // namespace
}  // namespace clearance::report

// The escaper copies plain text eight bytes at a time: a character that needs escaping must be
// seen at any offset within a word, and what nlohmann-json reads back must be the input (with
// invalid UTF-8 replaced by U+FFFD).
TEST(JsonEscape, EveryByteClassAtEveryOffset) {
  const std::vector<std::string> specials = {"\"", "\\", "\n", "\t", std::string(1, '\0'), "\x1f", "\x7f",
                                             "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x94\x92"};
  for (const std::string& special : specials) {
    for (size_t before = 0; before < 19; ++before) {
      const std::string input = std::string(before, 'a') + special + std::string(11, 'b');
      std::string out;
      clearance::report::JsonOut::escape(input, out);
      EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), input) << "offset " << before;
    }
  }
  std::string out;
  clearance::report::JsonOut::escape(std::string(9, 'x') + "\xFF" + "y", out);
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), std::string(9, 'x') + "\xEF\xBF\xBD" + "y");
  // Sequences that are well formed in shape but not UTF-8: a surrogate, overlong 3- and 4-byte
  // forms, a code point above U+10FFFF. Each byte becomes U+FFFD, and the output parses.
  for (const std::string bad : {"\xED\xA0\x80", "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80"}) {
    std::string escaped;
    clearance::report::JsonOut::escape("a" + bad + "b", escaped);
    const std::string decoded = nlohmann::json::parse(escaped).get<std::string>();
    EXPECT_EQ(decoded.find(bad), std::string::npos);
    EXPECT_NE(decoded.find("\xEF\xBF\xBD"), std::string::npos);
  }
}

TEST(JsonReport, AFileShownAsTheRootItselfIsNamed) {
  // `COMPOSE_FILE=.` names the project folder: the finding on it must still have a file name,
  // or the JSON report would not parse.
  EXPECT_FALSE(clearance::source::display_path("/scan/root", "/scan/root").empty());
  EXPECT_EQ(clearance::source::display_path("/scan/root/.", "/scan/root"), ".");
  EXPECT_EQ(clearance::source::display_path("/scan/root/a/b", "/scan/root"), "a/b");
}
