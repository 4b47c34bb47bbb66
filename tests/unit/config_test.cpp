// The configuration file: every key, its errors with file:line:column, expiry, globs.
#include "engine/config.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "rules/registry.h"

namespace clearance::engine {
namespace {

constexpr Date kToday{2026, 6, 15};

Config parse(const std::string& text, std::vector<std::string>& errors) {
  auto file = std::make_shared<source::SourceFile>(".clearance.yaml", "/p/.clearance.yaml", text);
  return parse_config(file, errors, kToday);
}

TEST(Config, EveryKey) {
  std::vector<std::string> errors;
  const Config c = parse(R"(version: 1
production: true
fail_on: high
rules:
  CLR1: false
  CLR101: {enabled: true, severity: medium}
  CLR311: true
  CLR301: high
exclude:
  - paths: "legacy/**"
    rules: [clr101]
    reason: replaced in Q3
    expires: 2026-12-31
  - services: [builder, "ci-*"]
    reason: build agents
    expires: 2026-06-14
allowed_registries: [registry.example.com, ghcr.io]
inline_ignores:
  enabled: false
  require_reason: true
)",
                         errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(c.production, true);
  EXPECT_EQ(c.fail_on, rules::Severity::kHigh);
  EXPECT_EQ(c.enabled("CLR102"), false);
  EXPECT_EQ(c.enabled("CLR101"), true);  // the longer pattern refines the prefix
  EXPECT_EQ(c.enabled("CLR311"), true);
  EXPECT_EQ(c.enabled("CLR201"), std::nullopt);
  EXPECT_EQ(c.severity("CLR101"), rules::Severity::kMedium);
  EXPECT_EQ(c.severity("CLR301"), rules::Severity::kHigh);
  EXPECT_EQ(c.enabled("CLR301"), std::nullopt);  // a severity alone does not enable
  ASSERT_EQ(c.excludes.size(), 2u);
  EXPECT_EQ(c.excludes[0].rules, std::vector<std::string>{"CLR101"});
  EXPECT_FALSE(c.excludes[0].expired);
  EXPECT_TRUE(c.excludes[1].expired);  // the day before today
  EXPECT_EQ(c.excludes[1].expires_span.start().line, 16u);
  EXPECT_TRUE(c.excludes[0].matches_path("legacy/app/compose.yaml"));
  EXPECT_FALSE(c.excludes[0].matches_path("app/compose.yaml"));
  EXPECT_TRUE(c.excludes[1].matches_service("ci-runner"));
  EXPECT_FALSE(c.excludes[1].matches_service("web"));
  EXPECT_EQ(c.allowed_registries.size(), 2u);
  EXPECT_FALSE(c.inline_ignores);
  EXPECT_TRUE(c.require_reason);
}

TEST(Config, EmptyFileIsTheDefaults) {
  std::vector<std::string> errors;
  const Config c = parse("# nothing yet\n", errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(c.production);
  EXPECT_TRUE(c.inline_ignores);
}

TEST(Config, ErrorsCarryFileLineColumn) {
  std::vector<std::string> errors;
  parse("fail_on: medium\nrulez:\n  CLR101: false\n", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(".clearance.yaml:2:1: unknown key 'rulez'", 0), 0u) << errors[0];
}

TEST(Config, EveryProblemIsReported) {
  std::vector<std::string> errors;
  parse(R"(production: yes
fail_on: severe
rules:
  CLR999: false
  CLR101: {enabled: true, level: high}
exclude:
  - paths: [a]
  - rules: [CLR1O1]
    reason: typo
  - reason: selects nothing
  - paths: [b]
    reason: bad date
    expires: 2026-02-30
inline_ignores: {require_reasons: true}
)",
        errors);
  std::ostringstream all;
  for (const auto& e : errors) all << e << "\n";
  const std::string text = all.str();
  EXPECT_NE(text.find(":1:13: expected true or false"), std::string::npos) << text;
  EXPECT_NE(text.find(":2:10: expected a severity"), std::string::npos) << text;
  EXPECT_NE(text.find(":4:3: unknown rule id or prefix 'CLR999'"), std::string::npos) << text;
  EXPECT_NE(text.find(":5:27: unknown key 'level'"), std::string::npos) << text;
  EXPECT_NE(text.find(":7:5: an exclude entry needs a `reason`"), std::string::npos) << text;
  EXPECT_NE(text.find(":8:13: unknown rule id or prefix 'CLR1O1'"), std::string::npos) << text;
  EXPECT_NE(text.find(":10:5: an exclude entry needs at least one of"), std::string::npos) << text;
  EXPECT_NE(text.find(":13:14: `expires` must be a date"), std::string::npos) << text;
  EXPECT_NE(text.find(":14:18: unknown key 'require_reasons'"), std::string::npos) << text;
}

TEST(Config, YamlSyntaxErrorIsAnError) {
  std::vector<std::string> errors;
  parse("rules: [unclosed\n", errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].rfind(".clearance.yaml:", 0), 0u);
}

TEST(Config, Dates) {
  EXPECT_EQ(parse_date("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(parse_date("2023-02-29"), std::nullopt);
  EXPECT_EQ(parse_date("2023-13-01"), std::nullopt);
  EXPECT_EQ(parse_date("2023-1-01"), std::nullopt);
  EXPECT_EQ(parse_date("tomorrow"), std::nullopt);
  EXPECT_LT((Date{2026, 6, 14}), kToday);
  EXPECT_EQ((Date{2026, 6, 5}).str(), "2026-06-05");
}

TEST(Config, Globs) {
  EXPECT_TRUE(glob_match("compose.yaml", "compose.yaml"));
  EXPECT_FALSE(glob_match("compose.yaml", "app/compose.yaml"));
  EXPECT_TRUE(glob_match("*/compose.yaml", "app/compose.yaml"));
  EXPECT_FALSE(glob_match("*/compose.yaml", "a/b/compose.yaml"));
  EXPECT_TRUE(glob_match("**/compose.yaml", "compose.yaml"));
  EXPECT_TRUE(glob_match("**/compose.yaml", "a/b/compose.yaml"));
  EXPECT_TRUE(glob_match("legacy", "legacy/x/compose.yaml"));   // a folder: everything below
  EXPECT_TRUE(glob_match("legacy/", "legacy/compose.yaml"));
  EXPECT_TRUE(glob_match("./legacy/**", "legacy/compose.yaml"));
  EXPECT_FALSE(glob_match("legacy", "legacy-new/compose.yaml"));
  EXPECT_TRUE(glob_match("*.env", ".env"));
  EXPECT_TRUE(glob_match("compose.?ml", "compose.yml"));
  EXPECT_TRUE(glob_match("a/**/b/*.yaml", "a/x/y/b/c.yaml"));
  EXPECT_FALSE(glob_match("a/**/b/*.yaml", "a/x/y/c.yaml"));
  // Many stars against a long name that does not match: every (star, place) pair is tried once
  // (this took minutes when each star tried every place again).
  const std::string long_name(200, 'a');
  EXPECT_FALSE(glob_match("******************************x", long_name));
  EXPECT_FALSE(glob_match("**/**/**/**/**/**/**/**/**/**/**/**/x", long_name + "/" + long_name));
  EXPECT_TRUE(glob_match("*****a", long_name));
  EXPECT_TRUE(glob_match("**/**/a*", "x/y/" + long_name));
}

TEST(Config, PasswordPolicy) {
  std::vector<std::string> errors;
  const Config defaults = parse("version: 1\n", errors);
  EXPECT_EQ(defaults.password_policy.min_length, 16u);
  EXPECT_EQ(defaults.password_policy.min_classes, 3);
  const Config c = parse("secrets:\n  min_length: 20\n  min_classes: 2\n", errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(c.password_policy.min_length, 20u);
  EXPECT_EQ(c.password_policy.min_classes, 2);
  parse("secrets:\n  min_length: 0\n  min_classes: five\n  max_length: 3\n", errors);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], ".clearance.yaml:4:3: unknown key 'max_length' in secrets (expected one of: min_length, min_classes)");
  EXPECT_EQ(errors[1], ".clearance.yaml:2:15: expected a whole number from 1 to 1024");
  EXPECT_EQ(errors[2], ".clearance.yaml:3:16: expected a whole number from 1 to 4");
  errors.clear();
  parse("secrets: [16]\n", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], ".clearance.yaml:1:10: `secrets` must be a mapping (min_length, min_classes)");
}

TEST(Config, DumpIsAValidConfiguration) {
  std::vector<std::string> errors;
  const Config c = parse(R"(exclude:
  - paths: ["legacy/**"]
    reason: "quoted \"reason\""
    expires: 2020-01-01
allowed_registries: [ghcr.io]
secrets: {min_length: 20, min_classes: 4}
)",
                         errors);
  ASSERT_TRUE(errors.empty());
  EffectiveConfig e{&c, false, rules::Severity::kHigh, true, {}, {}, {}};
  std::ostringstream yaml;
  dump_yaml(e, yaml);
  EXPECT_NE(yaml.str().find("fail_on: high"), std::string::npos);
  EXPECT_NE(yaml.str().find("# expired"), std::string::npos);
  std::vector<std::string> again;
  const Config round = parse(yaml.str(), again);
  EXPECT_TRUE(again.empty()) << (again.empty() ? "" : again.front()) << "\n" << yaml.str();
  ASSERT_EQ(round.excludes.size(), 1u);
  EXPECT_EQ(round.excludes[0].reason, "quoted \"reason\"");
  EXPECT_EQ(round.password_policy.min_length, 20u);
  EXPECT_EQ(round.password_policy.min_classes, 4);
  std::ostringstream json;
  dump_json(e, json);
  EXPECT_NE(json.str().find("\"expired\": true"), std::string::npos) << json.str();
}

// The dump writes what was set as settings and every rule's effective state as comments: read
// back, it sets no more than the run it describes did (a rule that --production turns on, or
// a severity a rule grades per finding, is not pinned).
TEST(Config, DumpWritesOnlyWhatWasSet) {
  std::vector<std::string> errors;
  const Config c = parse("rules:\n  CLR1: {severity: low}\n", errors);
  ASSERT_TRUE(errors.empty());
  const rules::Rule* clr402 = rules::find_rule("CLR402");
  const rules::Rule* clr105 = rules::find_rule("CLR105");
  ASSERT_TRUE(clr402 && clr105);
  EffectiveConfig e{&c, false, rules::Severity::kMedium, true,
                    {{&clr105->meta(), true, rules::Severity::kLow}, {&clr402->meta(), false, rules::Severity::kLow}},
                    {}, {"CLR402"}};
  std::ostringstream yaml;
  dump_yaml(e, yaml);
  std::vector<std::string> again;
  const Config round = parse(yaml.str(), again);
  ASSERT_TRUE(again.empty()) << again.front() << "\n" << yaml.str();
  ASSERT_EQ(round.rules.size(), 2u) << yaml.str();
  EXPECT_EQ(round.severity("CLR105"), rules::Severity::kLow);
  EXPECT_EQ(round.enabled("CLR105"), std::nullopt) << yaml.str();
  EXPECT_EQ(round.enabled("CLR402"), false);  // --ignore, written as a setting
  EXPECT_NE(yaml.str().find("#   CLR105: {enabled: true, severity: low}"), std::string::npos) << yaml.str();
}

}  // namespace
}  // namespace clearance::engine
