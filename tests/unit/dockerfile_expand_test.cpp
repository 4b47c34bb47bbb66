// BuildKit's expansion of Dockerfile words: quotes, escapes, every ${...} form, word splitting,
// and which variables the result depends on.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "dockerfile/expand.h"

namespace clearance::dockerfile {
namespace {

// Variables for the tests: a map of set ones, plus names whose value is unknown.
struct Env {
  std::map<std::string, std::string, std::less<>> set;
  std::vector<std::string> unknown;

  VariableLookup lookup() const {
    return [this](std::string_view name) {
      if (auto it = set.find(name); it != set.end()) return VariableValue::set(it->second);
      for (const std::string& u : unknown)
        if (u == name) return VariableValue::unknown();
      return VariableValue::unset();
    };
  }
};

const Env kEnv{{{"NAME", "world"},
                {"EMPTY", ""},
                {"PATH_", "/usr/local/bin:/usr/bin"},
                {"FILE", "archive.tar.gz"},
                {"SPACED", "a b  c"}},
               {"VERSION"}};

std::string value(std::string_view text, const Env& env = kEnv, ExpandOptions options = {}) {
  const Expansion e = expand(text, env.lookup(), options);
  EXPECT_TRUE(e.error.empty()) << text << ": " << e.error;
  return e.value;
}

std::string error(std::string_view text, const Env& env = kEnv) {
  return expand(text, env.lookup()).error;
}

using Names = std::vector<std::string>;

TEST(DockerfileExpand, PlainTextAndSimpleReferences) {
  EXPECT_EQ(value("plain"), "plain");
  EXPECT_EQ(value("hello $NAME!"), "hello world!");
  EXPECT_EQ(value("${NAME}s"), "worlds");
  EXPECT_EQ(value("$UNSET-x"), "-x");
  EXPECT_EQ(value("cost: $5 and $"), "cost:  and $");  // $5 is a (unset) parameter; a lone $ stays
  EXPECT_EQ(value("$@ $* $#x"), "  x");
}

// Text with nothing to expand takes a shortcut; it must give exactly what the lexer gives.
TEST(DockerfileExpand, TextWithNothingToExpandIsCopiedAsTheLexerCopiesIt) {
  ExpandOptions backtick;
  backtick.escape = '`';
  for (const std::string text : {"", "plain", "/usr/local/bin:/usr/bin", "a b\tc", "C:\\dir\\x"}) {
    const Expansion fast = expand(text, kEnv.lookup(), backtick);
    EXPECT_EQ(fast.value, text);
    EXPECT_TRUE(fast.exact());
    EXPECT_TRUE(fast.used.empty() && fast.unset.empty());
  }
  // What disables the shortcut still goes through the lexer: escapes, quotes, `$`, non-ASCII
  // bytes (an invalid UTF-8 byte is not copied as it is).
  EXPECT_EQ(value("a\\b"), "ab");
  EXPECT_EQ(value("'q'"), "q");
  EXPECT_EQ(value("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(value("x\xffy"), "x\xef\xbf\xbdy");  // Go reads the byte as U+FFFD
}

TEST(DockerfileExpand, QuotesAndEscapes) {
  EXPECT_EQ(value("'$NAME' \"$NAME\""), "$NAME world");
  EXPECT_EQ(value("\"a \\\"quoted\\\" \\$NAME \\x\""), "a \"quoted\" $NAME \\x");
  EXPECT_EQ(value("a\\ b \\$NAME"), "a b $NAME");
  EXPECT_EQ(value("it's\\'s"), "its\\s");  // no escape inside single quotes
}

TEST(DockerfileExpand, EscapeCharacterFollowsTheDirective) {
  ExpandOptions backtick;
  backtick.escape = '`';
  EXPECT_EQ(value("C:\\dir `$NAME", kEnv, backtick), "C:\\dir $NAME");
  EXPECT_EQ(value("\"`\"x\"", kEnv, backtick), "\"x");
}

TEST(DockerfileExpand, DefaultAndAlternativeForms) {
  EXPECT_EQ(value("${UNSET:-def}"), "def");
  EXPECT_EQ(value("${EMPTY:-def}"), "def");
  EXPECT_EQ(value("${EMPTY-def}"), "");
  EXPECT_EQ(value("${UNSET-def}"), "def");
  EXPECT_EQ(value("${NAME:-def}"), "world");
  EXPECT_EQ(value("${NAME:+alt}"), "alt");
  EXPECT_EQ(value("${EMPTY:+alt}"), "");
  EXPECT_EQ(value("${EMPTY+alt}"), "alt");
  EXPECT_EQ(value("${UNSET+alt}"), "");
  EXPECT_EQ(value("${UNSET:-${NAME:-x}/y}"), "world/y");  // nested
  EXPECT_EQ(value("${UNSET:-'a b'}"), "a b");
}

TEST(DockerfileExpand, RequiredForms) {
  EXPECT_EQ(value("${NAME:?must be set}"), "world");
  EXPECT_EQ(error("${UNSET:?must be set}"), "UNSET: must be set");
  EXPECT_EQ(error("${UNSET?}"), "UNSET: is not allowed to be unset");
  EXPECT_EQ(error("${EMPTY:?}"), "EMPTY: is not allowed to be empty");
  EXPECT_EQ(value("${EMPTY?}"), "");
}

TEST(DockerfileExpand, PatternForms) {
  EXPECT_EQ(value("${FILE#*.}"), "tar.gz");
  EXPECT_EQ(value("${FILE##*.}"), "gz");
  EXPECT_EQ(value("${FILE%.*}"), "archive.tar");
  EXPECT_EQ(value("${FILE%%.*}"), "archive");
  EXPECT_EQ(value("${FILE#nomatch}"), "archive.tar.gz");
  EXPECT_EQ(value("${PATH_/bin/sbin}"), "/usr/local/sbin:/usr/bin");
  EXPECT_EQ(value("${PATH_//bin/sbin}"), "/usr/local/sbin:/usr/sbin");
  EXPECT_EQ(value("${PATH_//\\//|}"), "|usr|local|bin:|usr|bin");
  EXPECT_EQ(value("${FILE/a?c/X}"), "Xhive.tar.gz");
  EXPECT_EQ(value("${FILE/[a]/X}"), "archive.tar.gz");  // no bracket expressions
  EXPECT_EQ(value("${UNSET#x}"), "");
  EXPECT_EQ(error("${FILE:#x}"), "unsupported modifier (:#) in substitution");
  EXPECT_EQ(error("${FILE#\\x}"), "invalid pattern (\\x) in substitution: invalid escape '\\x'");
}

TEST(DockerfileExpand, SyntaxErrors) {
  EXPECT_EQ(error("${NAME"), "unsupported modifier (\xEF\xBF\xBD) in substitution");
  EXPECT_EQ(error("${NAME:-x"), "syntax error: missing '}'");
  EXPECT_EQ(error("${"), "syntax error: missing '}'");
  EXPECT_EQ(error("${}"), "syntax error: bad substitution");
  EXPECT_EQ(error("${:x}"), "syntax error: bad substitution");
  EXPECT_EQ(error("${NAME:=x}"), "unsupported modifier (:=) in substitution");
  EXPECT_EQ(error("${NAME/x"), "syntax error: missing '/' in ${}");
  EXPECT_EQ(error("'open"), "unexpected end of statement while looking for matching single-quote");
  EXPECT_EQ(error("\"open"), "unexpected end of statement while looking for matching double-quote");
  const Expansion e = expand("${NAME", kEnv.lookup());
  EXPECT_EQ(e.value, "");
  EXPECT_FALSE(e.exact());
}

TEST(DockerfileExpand, VariablesUsedUnsetAndUnresolved) {
  const Expansion e = expand("$NAME-$UNSET-${VERSION}", kEnv.lookup());
  EXPECT_EQ(e.used, Names{"NAME"});
  EXPECT_EQ(e.unset, Names{"UNSET"});
  EXPECT_EQ(e.unresolved, Names{"VERSION"});
  EXPECT_EQ(e.value, "world--${VERSION}");  // the unknown reference stays as written
  EXPECT_FALSE(e.exact());

  // An unknown variable's default may or may not apply: the whole reference is unresolved.
  const Expansion d = expand("v${VERSION:-1.0}", kEnv.lookup());
  EXPECT_EQ(d.value, "v${VERSION:-1.0}");
  EXPECT_EQ(d.unresolved, Names{"VERSION"});

  // A default that is not taken does not depend on its variables.
  const Expansion t = expand("${NAME:-$OTHER}", kEnv.lookup());
  EXPECT_EQ(t.value, "world");
  EXPECT_EQ(t.used, Names{"NAME"});
  EXPECT_TRUE(t.unset.empty());
  const Expansion u = expand("${UNSET:-$VERSION}", kEnv.lookup());
  EXPECT_EQ(u.unresolved, Names{"VERSION"});
  EXPECT_EQ(u.unset, Names{"UNSET"});

  // Each name once, in order of first use.
  const Expansion r = expand("$NAME $NAME $EMPTY", kEnv.lookup());
  EXPECT_EQ(r.used, (Names{"NAME", "EMPTY"}));
  // Many names (past the in-place comparison): still each once, in order of first use.
  std::string many;
  Names expected;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 20; ++i) {
      many += "$V" + std::to_string(i) + " ";
      if (round == 0) expected.push_back("V" + std::to_string(i));
    }
  EXPECT_EQ(expand(many, kEnv.lookup()).unset, expected);

  // No lookup at all: everything is unset.
  EXPECT_EQ(expand("[$NAME]", {}).value, "[]");
}

TEST(DockerfileExpand, WordSplitting) {
  ExpandOptions words;
  words.split_words = true;
  const Expansion e = expand("a  'b c' $SPACED\"x y\" ''", kEnv.lookup(), words);
  ASSERT_EQ(e.words.size(), 5u);
  EXPECT_EQ(e.words[0].text, "a");
  EXPECT_EQ(e.words[1].text, "b c");
  EXPECT_EQ(e.words[1].begin, 3u);
  EXPECT_EQ(e.words[1].end, 8u);
  EXPECT_EQ(e.words[2].text, "a");  // expansion results split at whitespace
  EXPECT_EQ(e.words[3].text, "b");
  EXPECT_EQ(e.words[4].text, "cx y");  // ... but quoted text does not
  EXPECT_EQ(e.words[4].begin, 9u);     // from the $SPACED reference
  EXPECT_EQ(e.words[4].end, 21u);      // to the closing quote
}

TEST(DockerfileExpand, RawModesKeepQuotesAndEscapes) {
  ExpandOptions raw;
  raw.raw_quotes = true;
  raw.raw_escapes = true;
  raw.skip_unset = true;
  EXPECT_EQ(value("'a' \"b\" \\c $UNSET ${UNSET:-d}", kEnv, raw),
            "'a' \"b\" \\c $UNSET ${UNSET:-d}");
}

TEST(DockerfileExpand, NestingIsBounded) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "${A:-";
  const Expansion e = expand(deep, kEnv.lookup());
  EXPECT_TRUE(e.limited);
  EXPECT_FALSE(e.error.empty());
}

TEST(DockerfileExpand, ManyDistinctNamesAreCheap) {
  std::string text;
  for (int i = 0; i < 30000; ++i) text += "$V" + std::to_string(i) + " $V0 ";
  const Expansion e = expand(text, kEnv.lookup());
  EXPECT_EQ(e.unset.size(), 30000u);  // each name once
  EXPECT_EQ(e.unset[1], "V1");
}

}  // namespace
}  // namespace clearance::dockerfile
