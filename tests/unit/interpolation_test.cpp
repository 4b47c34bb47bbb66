// Compose interpolation, checked against compose-go's template package behaviour (v2).
#include "compose/interpolation.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace clearance::compose {
namespace {

constexpr const char* kInvalidPrefix = "invalid interpolation format: ";

// compose-go's own test mapping: FOO is set, BAR is set but empty.
Environment make_env(std::vector<std::pair<std::string, std::string>> vars = {{"FOO", "first"},
                                                                              {"BAR", ""}}) {
  Environment env;
  for (auto& [k, v] : vars) env.set(k, Variable{v, Variable::Source::kShell, {}});
  return env;
}

InterpolationResult run(std::string_view raw, const Environment& env) {
  auto r = interpolate(raw, env);
  EXPECT_TRUE(r.has_value()) << raw;
  return r ? std::move(*r) : InterpolationResult{};
}

std::string value(std::string_view raw, const Environment& env) { return run(raw, env).value; }

bool has_error_containing(const Interpolation& info, std::string_view needle) {
  for (const auto& e : info.errors)
    if (e.find(needle) != std::string::npos) return true;
  return false;
}

TEST(Interpolation, NoDollarIsNotInterpolated) {
  const Environment env = make_env();
  EXPECT_FALSE(interpolate("nginx:1.27", env).has_value());
  EXPECT_FALSE(interpolate("", env).has_value());
}

TEST(Interpolation, RecordsRawText) {
  const Environment env = make_env();
  EXPECT_EQ(run("a ${FOO} b", env).info.raw, "a ${FOO} b");
}

TEST(Interpolation, DoubleDollarEscapes) {
  const Environment env = make_env();
  InterpolationResult r = run("$${foo} and $$FOO and $$$FOO", env);
  EXPECT_EQ(r.value, "${foo} and $FOO and $first");
  ASSERT_EQ(r.info.uses.size(), 1u);
  EXPECT_EQ(r.info.uses[0].name, "FOO");
  EXPECT_TRUE(r.info.errors.empty());
  EXPECT_FALSE(r.info.unknown);
}

TEST(Interpolation, DollarNotStartingATemplateIsKept) {
  // compose-go's pattern does not match these: the text stays, and there is no error.
  const Environment env = make_env();
  for (const char* raw : {"a $ string", "^REGEX$", "$}", "$", "$1", "cost: 5$/h", "$-x"}) {
    InterpolationResult r = run(raw, env);
    EXPECT_EQ(r.value, raw);
    EXPECT_TRUE(r.info.errors.empty()) << raw;
    EXPECT_TRUE(r.info.uses.empty()) << raw;
  }
}

TEST(Interpolation, NamedAndBracedVariables) {
  const Environment env = make_env();
  EXPECT_EQ(value("This $FOO var", env), "This first var");
  EXPECT_EQ(value("This ${FOO} var", env), "This first var");
  EXPECT_EQ(value("$FOO$FOO", env), "firstfirst");
  // A bare name stops at the first character that cannot be part of a name (compose#8601).
  EXPECT_EQ(value("$FOO-bar", env), "first-bar");
  EXPECT_EQ(value("$FOO.bar", env), "first.bar");
}

TEST(Interpolation, NamesAreAsciiAndCaseSensitive) {
  const Environment env = make_env({{"foo_1", "lower"}, {"FOO", "upper"}});
  EXPECT_EQ(value("${foo_1}/$foo_1/$FOO", env), "lower/lower/upper");
  InterpolationResult r = run("$_x9", env);
  ASSERT_EQ(r.info.uses.size(), 1u);
  EXPECT_EQ(r.info.uses[0].name, "_x9");
}

TEST(Interpolation, UsesPointAtTheEnvironmentVariable) {
  const Environment env = make_env();
  InterpolationResult r = run("${FOO}:$BAR", env);
  ASSERT_EQ(r.info.uses.size(), 2u);
  EXPECT_EQ(r.info.uses[0].variable, env.find("FOO"));
  EXPECT_EQ(r.info.uses[1].variable, env.find("BAR"));
  EXPECT_FALSE(r.info.uses[0].used_default);
  EXPECT_FALSE(r.info.uses[0].required);
  EXPECT_FALSE(r.info.unknown);  // BAR is set, even if empty
  EXPECT_EQ(r.value, "first:");
}

TEST(Interpolation, UnsetVariableIsUnknownAndEmpty) {
  const Environment env = make_env();
  for (const char* raw : {"This ${missing} var", "This $missing var"}) {
    InterpolationResult r = run(raw, env);
    EXPECT_EQ(r.value, "This  var");
    EXPECT_TRUE(r.info.unknown);
    EXPECT_TRUE(r.info.errors.empty());
    ASSERT_EQ(r.info.uses.size(), 1u);
    EXPECT_EQ(r.info.uses[0].name, "missing");
    EXPECT_EQ(r.info.uses[0].variable, nullptr);
  }
  EXPECT_FALSE(run("${BAR}", env).info.unknown);
}

TEST(Interpolation, SoftDefaultTakesUnsetOrEmpty) {
  const Environment env = make_env();
  InterpolationResult unset = run("ok ${missing:-def}", env);
  EXPECT_EQ(unset.value, "ok def");
  ASSERT_EQ(unset.info.uses.size(), 1u);
  EXPECT_TRUE(unset.info.uses[0].used_default);
  EXPECT_EQ(unset.info.uses[0].default_text, "def");
  EXPECT_FALSE(unset.info.unknown);  // a default makes the value known

  EXPECT_EQ(value("ok ${BAR:-def}", env), "ok def");
  InterpolationResult set = run("ok ${FOO:-def}", env);
  EXPECT_EQ(set.value, "ok first");
  EXPECT_FALSE(set.info.uses[0].used_default);
  EXPECT_EQ(set.info.uses[0].default_text, "def");
}

TEST(Interpolation, HardDefaultTakesOnlyUnset) {
  const Environment env = make_env();
  EXPECT_EQ(value("ok ${missing-def}", env), "ok def");
  InterpolationResult empty = run("ok ${BAR-def}", env);
  EXPECT_EQ(empty.value, "ok ");
  EXPECT_FALSE(empty.info.uses[0].used_default);
  EXPECT_EQ(value("ok ${FOO-def}", env), "ok first");
  EXPECT_EQ(value("${missing-}", env), "");
}

TEST(Interpolation, AlternativeValues) {
  const Environment env = make_env();
  EXPECT_EQ(value("ok ${UNSET_VAR:+presence_value}", env), "ok ");
  EXPECT_EQ(value("ok ${UNSET_VAR+presence_value}", env), "ok ");
  EXPECT_EQ(value("ok ${FOO:+presence_value}", env), "ok presence_value");
  EXPECT_EQ(value("ok ${FOO+presence_value}", env), "ok presence_value");
  EXPECT_EQ(value("ok ${BAR+presence_value}", env), "ok presence_value");
  EXPECT_EQ(value("ok ${BAR:+presence_value}", env), "ok ");

  InterpolationResult taken = run("${FOO:+alt}", env);
  EXPECT_TRUE(taken.info.uses[0].used_default);
  EXPECT_EQ(taken.info.uses[0].default_text, "alt");
  InterpolationResult unset = run("${NOPE:+alt}", env);
  EXPECT_FALSE(unset.info.uses[0].used_default);
  EXPECT_FALSE(unset.info.unknown);  // "" is what Compose deterministically substitutes
}

TEST(Interpolation, RequiredVariablesThatAreSet) {
  const Environment env = make_env();
  EXPECT_EQ(value("ok ${FOO:?err}", env), "ok first");
  EXPECT_EQ(value("ok ${FOO?err}", env), "ok first");
  InterpolationResult empty = run("ok ${BAR?err}", env);  // set, so `?` is satisfied
  EXPECT_EQ(empty.value, "ok ");
  EXPECT_TRUE(empty.info.errors.empty());
  ASSERT_EQ(empty.info.uses.size(), 1u);
  EXPECT_TRUE(empty.info.uses[0].required);
  EXPECT_EQ(empty.info.uses[0].required_message, "err");
}

TEST(Interpolation, RequiredVariablesThatAreMissing) {
  const Environment env = make_env();
  const std::pair<const char*, const char*> cases[] = {
      {"not ok ${UNSET_VAR:?Mandatory Variable Unset}",
       "required variable UNSET_VAR is missing a value: Mandatory Variable Unset"},
      {"not ok ${BAR:?Mandatory Variable Empty}",
       "required variable BAR is missing a value: Mandatory Variable Empty"},
      {"not ok ${UNSET_VAR:?}", "required variable UNSET_VAR is missing a value"},
      {"not ok ${UNSET_VAR?Mandatory Variable Unset}",
       "required variable UNSET_VAR is missing a value: Mandatory Variable Unset"},
      {"not ok ${UNSET_VAR?}", "required variable UNSET_VAR is missing a value"},
      {"not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}",
       "required variable UNSET_VAR is missing a value: Mandatory Variable first"},
  };
  for (const auto& [raw, message] : cases) {
    InterpolationResult r = run(raw, env);
    ASSERT_EQ(r.info.errors.size(), 1u) << raw;
    EXPECT_EQ(r.info.errors[0], message);
    EXPECT_TRUE(r.info.unknown) << raw;
    EXPECT_TRUE(r.info.uses[0].required);
  }
  // The message is recorded as written, before its own interpolation.
  EXPECT_EQ(run("${X:?need ${FOO}}", env).info.uses[0].required_message, "need ${FOO}");
}

TEST(Interpolation, OperatorIsTheFirstAfterTheName) {
  const Environment env = make_env();
  InterpolationResult r = run("${UNSET_VAR?bar-baz}", env);
  ASSERT_EQ(r.info.errors.size(), 1u);
  EXPECT_EQ(r.info.errors[0], "required variable UNSET_VAR is missing a value: bar-baz");
  EXPECT_EQ(value("${UNSET_VAR-myerror?msg}", env), "myerror?msg");
  EXPECT_EQ(value("${FOO?bar-baz}", env), "first");
  EXPECT_EQ(value("ok ${BAR:-/non:-alphanumeric}", env), "ok /non:-alphanumeric");
  // Operators in the surrounding text do not interfere.
  EXPECT_EQ(value(":?ok ${BAR:-defaultValue}", env), ":?ok defaultValue");
  EXPECT_EQ(value("+ok ${BAR-defaultValue}", env), "+ok ");
  EXPECT_EQ(value("-ok ${FOO:-defaultValue}", env), "-ok first");
}

TEST(Interpolation, NestedDefaults) {
  const Environment env = make_env();
  EXPECT_EQ(value("ok ${UNSET_VAR-$FOO}", env), "ok first");
  EXPECT_EQ(value("ok ${UNSET_VAR-${FOO}}", env), "ok first");
  EXPECT_EQ(value("ok ${UNSET_VAR-${FOO} ${FOO}}", env), "ok first first");
  EXPECT_EQ(value("ok ${BAR:-${FOO} ${FOO}}", env), "ok first first");
  EXPECT_EQ(value("ok ${BAR+$FOO ${FOO:+second}}", env), "ok first second");
  EXPECT_EQ(value("+ok ${UNSET:-${BAR-defaultValue}}", env), "+ok ");
  EXPECT_EQ(value("${A:-${B:-x}}", env), "x");
  EXPECT_EQ(value("${A:-${B:-${C:-deep}}}-after", env), "deep-after");
}

TEST(Interpolation, NestedDefaultFollowedByText) {
  // `${A:-${B:-/tmp}/.cfg}`: the operand runs to the balanced brace, not to the first one.
  EXPECT_EQ(value("${CFG:-${HOME:-/tmp}/.cfg}", make_env()), "/tmp/.cfg");
  EXPECT_EQ(value("${CFG:-${HOME:-/tmp}/.cfg}", make_env({{"HOME", "/root"}})), "/root/.cfg");
  EXPECT_EQ(value("${CFG:-${HOME:-/tmp}/.cfg}", make_env({{"CFG", "/etc/x"}})), "/etc/x");
}

TEST(Interpolation, NestedUsesAreRecordedInOrder) {
  const Environment env = make_env();
  InterpolationResult r = run("${A:-${B:-x}} $FOO", env);
  ASSERT_EQ(r.info.uses.size(), 3u);
  EXPECT_EQ(r.info.uses[0].name, "A");
  EXPECT_EQ(r.info.uses[0].default_text, "${B:-x}");
  EXPECT_TRUE(r.info.uses[0].used_default);
  EXPECT_EQ(r.info.uses[1].name, "B");
  EXPECT_EQ(r.info.uses[1].default_text, "x");
  EXPECT_TRUE(r.info.uses[1].used_default);
  EXPECT_EQ(r.info.uses[2].name, "FOO");
  EXPECT_FALSE(r.info.unknown);
}

TEST(Interpolation, UnknownInsideATakenDefault) {
  InterpolationResult r = run("${A:-${B}}", make_env());
  EXPECT_EQ(r.value, "");
  EXPECT_TRUE(r.info.unknown);
  ASSERT_EQ(r.info.uses.size(), 2u);
  EXPECT_EQ(r.info.uses[1].name, "B");
  EXPECT_EQ(r.info.uses[1].variable, nullptr);
}

TEST(Interpolation, UnusedDefaultIsNotEvaluated) {
  // Like compose-go v2, a default is interpolated only when taken: no error, no unknown.
  const Environment env = make_env();
  InterpolationResult r = run("${FOO:-${UNSET}}", env);
  EXPECT_EQ(r.value, "first");
  EXPECT_FALSE(r.info.unknown);
  ASSERT_EQ(r.info.uses.size(), 1u);
  EXPECT_EQ(r.info.uses[0].default_text, "${UNSET}");

  InterpolationResult broken = run("${FOO:-${}}", env);
  EXPECT_EQ(broken.value, "first");
  EXPECT_TRUE(broken.info.errors.empty());
  EXPECT_TRUE(has_error_containing(run("${NOPE:-${}}", env).info, kInvalidPrefix));
}

TEST(Interpolation, TextAfterAnExpressionContinues) {
  const Environment env = make_env();
  EXPECT_EQ(value("${FOO:-a}}", env), "first}");
  EXPECT_EQ(value("${FOO:-a}-${BAR:-b}-${X}", env), "first-b-");
  EXPECT_EQ(value("${NOPE:-{x}}", env), "{x}");
  EXPECT_EQ(value("pre ${NOPE:-a} mid ${FOO} post", env), "pre a mid first post");
}

TEST(Interpolation, InvalidTemplates) {
  const Environment env = make_env();
  for (const char* raw : {"${", "${}", "${ }", "${ foo}", "${foo }", "${foo!}", "${1}", "${FOO:-x",
                          "${FOO:-x\n}", "${foo.bar}", "x ${"}) {
    InterpolationResult r = run(raw, env);
    ASSERT_EQ(r.info.errors.size(), 1u) << raw;
    EXPECT_EQ(r.info.errors[0].rfind(kInvalidPrefix, 0), 0u) << r.info.errors[0];
    EXPECT_TRUE(r.info.unknown) << raw;
  }
}

TEST(Interpolation, InvalidTemplateMessage) {
  InterpolationResult r = run("${foo!}", make_env());
  ASSERT_EQ(r.info.errors.size(), 1u);
  EXPECT_EQ(r.info.errors[0],
            "invalid interpolation format: \"${foo!}\"; you may need to escape any $ with "
            "another $");
  // The text after the refused `${` is kept, as Compose would have it (were it not refusing).
  EXPECT_EQ(r.value, "foo!}");
}

TEST(Interpolation, InvalidNestedDefaultNamesTheDefault) {
  // The outer expression has no balanced brace, so its default is `${HOME:-/tmp`: Compose
  // reports that inner template.
  InterpolationResult r = run("${CFG:-${HOME:-/tmp}", make_env());
  ASSERT_EQ(r.info.errors.size(), 1u);
  // Only the reference is quoted, not its default (which may be a password).
  EXPECT_NE(r.info.errors[0].find("\"${HOME:-\""), std::string::npos) << r.info.errors[0];
  EXPECT_EQ(r.info.errors[0].find("/tmp"), std::string::npos) << r.info.errors[0];
  EXPECT_EQ(r.value, "");
}

TEST(Interpolation, InvalidTemplateMessageQuotesOnlyTheReference) {
  // The rest of the value is often a password, and messages are printed unmasked.
  for (const char* text : {"${1}Sup3rS3cretValue9", "${A:-Env5ecretTokenValue", "pre${x!}Sup3rS3cretValue9"}) {
    InterpolationResult r = run(text, make_env());
    ASSERT_FALSE(r.info.errors.empty()) << text;
    EXPECT_EQ(r.info.errors[0].find("ecret"), std::string::npos) << r.info.errors[0];
  }
}

TEST(Interpolation, LongTemplatesAreCutInMessages) {
  const std::string raw = "${" + std::string(10000, 'x') + "!}";
  InterpolationResult r = run(raw, make_env());
  ASSERT_EQ(r.info.errors.size(), 1u);
  EXPECT_LT(r.info.errors[0].size(), 300u);
  EXPECT_NE(r.info.errors[0].find("...\""), std::string::npos);
}

TEST(Interpolation, ErrorsAreDeduplicatedAndCapped) {
  const Environment env = make_env();
  EXPECT_EQ(run("${ ${ ${", env).info.errors.size(), 1u);
  std::string many;
  for (int i = 0; i < 100; ++i) many += "${V" + std::to_string(i) + "?}";
  InterpolationResult r = run(many, env);
  EXPECT_EQ(r.info.errors.size(), 16u);
  EXPECT_EQ(r.info.errors[0], "required variable V0 is missing a value");
}

TEST(Interpolation, DeepNestingIsBounded) {
  std::string raw;
  for (int i = 0; i < 200; ++i) raw += "${A:-";
  raw += "x";
  raw += std::string(200, '}');
  InterpolationResult r = run(raw, make_env());
  EXPECT_TRUE(r.info.unknown);
  EXPECT_TRUE(has_error_containing(r.info, "nested"));
  // Shallow nesting still works.
  EXPECT_EQ(value("${A:-${A:-${A:-${A:-${A:-ok}}}}}", make_env()), "ok");
}

TEST(Interpolation, HostileLinesStayLinear) {
  // 1 MB of unterminated operators, then of unbalanced openers: both must finish quickly.
  std::string raw;
  while (raw.size() < (1u << 20)) raw += "${A:-";
  InterpolationResult r = run(raw, make_env());
  EXPECT_FALSE(r.info.errors.empty());

  // Unbalanced openers: compose-go's greedy operand runs to the last `}` of the line.
  std::string braces = "${A:-";
  braces += std::string(1u << 20, '{');
  braces += "}";
  InterpolationResult greedy = run(braces, make_env());
  EXPECT_TRUE(greedy.info.errors.empty());
  EXPECT_EQ(greedy.value, std::string(1u << 20, '{'));

  std::string uses;
  for (int i = 0; i < 10000; ++i) uses += "$FOO";
  InterpolationResult many = run(uses, make_env());
  EXPECT_EQ(many.value.size(), 10000u * 5);
  EXPECT_LE(many.info.uses.size(), 4096u);
}

TEST(Interpolation, ResolverOverload) {
  const Variable shell{"from-shell", Variable::Source::kShell, {}};
  const Resolver resolve = [&](std::string_view name) -> const Variable* {
    return name == "S" ? &shell : nullptr;
  };
  auto r = interpolate("${S}/${T:-t}", resolve);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->value, "from-shell/t");
  EXPECT_EQ(r->info.uses[0].variable, &shell);
  EXPECT_FALSE(interpolate("plain", resolve).has_value());
}

TEST(Environment, AddIfAbsentKeepsTheStrongestSource) {
  Environment env;
  env.add_if_absent("PASSWORD", Variable{"shell", Variable::Source::kShell, {}});
  env.add_if_absent("PASSWORD", Variable{"file", Variable::Source::kEnvFile, {}});
  ASSERT_NE(env.find("PASSWORD"), nullptr);
  EXPECT_EQ(env.find("PASSWORD")->value, "shell");
  EXPECT_EQ(env.find("PASSWORD")->source, Variable::Source::kShell);
  EXPECT_EQ(env.size(), 1u);
}

TEST(Environment, SetReplacesAndKeepsPointersValid) {
  Environment env;
  env.set("A", Variable{"one", Variable::Source::kEnvFile, {}});
  const Variable* before = env.find("A");
  env.set("A", Variable{"two", Variable::Source::kEnvFile, {}});
  for (int i = 0; i < 1000; ++i) env.set("K" + std::to_string(i), Variable{});  // rehashes
  EXPECT_EQ(env.find("A"), before);
  EXPECT_EQ(before->value, "two");
  EXPECT_EQ(env.size(), 1001u);
}

TEST(Environment, FindIsExact) {
  Environment env = make_env();
  EXPECT_EQ(env.find("foo"), nullptr);
  EXPECT_EQ(env.find("FO"), nullptr);
  EXPECT_EQ(env.find(""), nullptr);
  std::string_view sub = std::string_view("FOOBAR").substr(0, 3);
  ASSERT_NE(env.find(sub), nullptr);
  EXPECT_EQ(env.find(sub)->value, "first");
}

}  // namespace
}  // namespace clearance::compose
