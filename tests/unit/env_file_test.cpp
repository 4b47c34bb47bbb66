// .env files as Docker Compose v2 reads them (compose-go's dotenv parser).
#include "envfile/env_file.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

namespace clearance::envfile {
namespace {

struct Parsed {
  std::unique_ptr<source::SourceFile> file;  // spans point into it
  EnvFile env;

  const Entry* find(std::string_view key) const {
    for (const Entry& e : env.entries)
      if (e.key == key) return &e;
    return nullptr;
  }
  std::string value(std::string_view key) const {
    const Entry* e = find(key);
    EXPECT_NE(e, nullptr) << "no entry " << key;
    return e ? e->value : std::string("<missing>");
  }
};

Parsed parse_text(std::string text, std::map<std::string, std::string> shell = {}) {
  Parsed p;
  p.file = std::make_unique<source::SourceFile>(".env", "/project/.env", std::move(text));
  Lookup lookup = [shell = std::move(shell)](std::string_view name) -> std::optional<std::string> {
    auto it = shell.find(std::string(name));
    if (it == shell.end()) return std::nullopt;
    return it->second;
  };
  p.env = parse(*p.file, lookup);
  return p;
}

void expect_span(const Span& s, uint32_t line, uint32_t column, uint32_t end_line,
                 uint32_t end_column, std::string_view text) {
  EXPECT_TRUE(s.valid());
  EXPECT_EQ(s.start().line, line);
  EXPECT_EQ(s.start().column, column);
  EXPECT_EQ(s.stop().line, end_line);
  EXPECT_EQ(s.stop().column, end_column);
  EXPECT_EQ(s.text(), text);
}

TEST(EnvFile, CommentsBlankLinesAndExport) {
  Parsed p = parse_text(
      "# a comment\n"
      "\n"
      "   # indented comment\n"
      "A=1\n"
      "export B=two\n"
      "export\tC = three \n"
      "  D=4\n");
  EXPECT_TRUE(p.env.problems.empty());
  ASSERT_EQ(p.env.entries.size(), 4u);
  EXPECT_EQ(p.value("A"), "1");
  EXPECT_EQ(p.value("B"), "two");
  EXPECT_EQ(p.value("C"), "three");
  EXPECT_EQ(p.value("D"), "4");
  EXPECT_FALSE(p.find("A")->quoted);
  EXPECT_TRUE(p.find("A")->has_value);
}

TEST(EnvFile, ExportNeedsWhitespace) {
  Parsed p = parse_text("exportFOO=1\nexport\nBAR=2\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("exportFOO"), "1");
  EXPECT_EQ(p.value("BAR"), "2");
  EXPECT_EQ(p.env.entries.size(), 2u);  // a lone `export` defines nothing
}

TEST(EnvFile, UnquotedValues) {
  Parsed p = parse_text(
      "A=bar # comment\n"
      "B=bar#not-a-comment\n"
      "C=   spaced value   \n"
      "D=\n"
      "E=a=b=c\n"
      "F=bar\t# tab does not start a comment\n"
      "G: yaml style\n"
      "H=it's \"fine\"\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "bar");
  EXPECT_EQ(p.value("B"), "bar#not-a-comment");
  EXPECT_EQ(p.value("C"), "spaced value");
  EXPECT_EQ(p.value("D"), "");
  EXPECT_EQ(p.value("E"), "a=b=c");
  EXPECT_EQ(p.value("F"), "bar\t# tab does not start a comment");
  EXPECT_EQ(p.value("G"), "yaml style");
  EXPECT_EQ(p.value("H"), "it's \"fine\"");
}

TEST(EnvFile, HashRightAfterEqualsIsAValue) {
  // compose-go trims the blanks after `=` before looking for " #": this is a value.
  Parsed p = parse_text("PASSWORD= # changeme\n");
  EXPECT_EQ(p.value("PASSWORD"), "# changeme");
}

TEST(EnvFile, SingleQuotesAreLiteral) {
  Parsed p = parse_text(
      "A='x ${B} \\n $$ # kept'\n"
      "B='it\\'s'\n"
      "C=''\n",
      {{"B", "shell"}});
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "x ${B} \\n $$ # kept");
  EXPECT_EQ(p.value("B"), "it's");
  EXPECT_EQ(p.value("C"), "");
  EXPECT_TRUE(p.find("A")->quoted);
}

TEST(EnvFile, DoubleQuoteEscapes) {
  Parsed p = parse_text(
      "A=\"a\\nb\\tc\\\\d\\\"e\"\n"
      "B=\"\\$HOME and $$HOME\"\n"
      "C=\"\\q \\c stay\"\n"
      "D=\"\\0101\\0\\01\\0777\"\n"
      "E=\"trailing \\\\\"\n",
      {{"HOME", "/root"}});
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "a\nb\tc\\d\"e");
  EXPECT_EQ(p.value("B"), "$HOME and $HOME");
  EXPECT_EQ(p.value("C"), "\\q \\c stay");
  // `\0` + up to three digits becomes Go's `\ddd`; when that is no valid octal escape, the
  // rewritten text stays: `\0` -> `\`, `\01` -> `\1`, `\0777` -> `\777`.
  EXPECT_EQ(p.value("D"), "A\\\\1\\777");
  EXPECT_EQ(p.value("E"), "trailing \\");
}

TEST(EnvFile, MultiLineDoubleQuotedValue) {
  Parsed p = parse_text("CERT=\"-----BEGIN-----\nabc\n-----END-----\"\nNEXT=1\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("CERT"), "-----BEGIN-----\nabc\n-----END-----");
  EXPECT_EQ(p.value("NEXT"), "1");
  const Entry* cert = p.find("CERT");
  expect_span(cert->value_span, 1, 6, 3, 15, "\"-----BEGIN-----\nabc\n-----END-----\"");
  expect_span(cert->line_span, 1, 1, 3, 15, "CERT=\"-----BEGIN-----\nabc\n-----END-----\"");
}

TEST(EnvFile, TextAfterAClosingQuote) {
  Parsed p = parse_text("A=\"x\" # comment\nB=\"y\" C=z\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "x");
  expect_span(p.find("A")->line_span, 1, 1, 1, 16, "A=\"x\" # comment");
  // compose-go starts a new statement after the closing quote.
  EXPECT_EQ(p.value("B"), "y");
  EXPECT_EQ(p.value("C"), "z");
  expect_span(p.find("B")->line_span, 2, 1, 2, 6, "B=\"y\"");
}

TEST(EnvFile, Spans) {
  Parsed p = parse_text("# header\nexport  KEY = value # note\nÉTÉ=\"été\"\nEMPTY=\n");
  ASSERT_TRUE(p.env.problems.empty());
  const Entry* key = p.find("KEY");
  ASSERT_NE(key, nullptr);
  expect_span(key->key_span, 2, 9, 2, 12, "KEY");
  expect_span(key->value_span, 2, 15, 2, 20, "value");
  expect_span(key->line_span, 2, 1, 2, 27, "export  KEY = value # note");

  const Entry* ete = p.find("ÉTÉ");
  ASSERT_NE(ete, nullptr);
  EXPECT_EQ(ete->value, "été");
  expect_span(ete->key_span, 3, 1, 3, 4, "ÉTÉ");  // columns count code points
  expect_span(ete->value_span, 3, 5, 3, 10, "\"été\"");

  const Entry* empty = p.find("EMPTY");
  ASSERT_NE(empty, nullptr);
  expect_span(empty->value_span, 4, 7, 4, 7, "");
  EXPECT_TRUE(empty->has_value);
}

TEST(EnvFile, BareKeyTakesItsValueFromTheEnvironment) {
  Parsed p = parse_text("FROM_SHELL\nNOT_SET\nUSE=${FROM_SHELL}-${NOT_SET:-unset}\n",
                        {{"FROM_SHELL", "s"}});
  EXPECT_TRUE(p.env.problems.empty());
  const Entry* shell = p.find("FROM_SHELL");
  ASSERT_NE(shell, nullptr);
  EXPECT_FALSE(shell->has_value);
  EXPECT_EQ(shell->value, "s");
  expect_span(shell->key_span, 1, 1, 1, 11, "FROM_SHELL");
  expect_span(shell->value_span, 1, 11, 1, 11, "");
  const Entry* unset = p.find("NOT_SET");
  ASSERT_NE(unset, nullptr);
  EXPECT_FALSE(unset->has_value);
  EXPECT_EQ(unset->value, "");
  EXPECT_EQ(p.value("USE"), "s-unset");
}

TEST(EnvFile, BareKeyAtEndOfFile) {
  // Without a final line break compose-go reads `LAST` as the value of an empty key: nothing is
  // inherited, and a space in it is no error.
  Parsed p = parse_text("A=1\nLAST", {{"LAST", "x"}});
  EXPECT_EQ(p.find("LAST"), nullptr);
  EXPECT_EQ(p.env.entries.size(), 1u);
  EXPECT_TRUE(p.env.problems.empty());
  Parsed spaced = parse_text("A=1\nMY KEY");
  EXPECT_TRUE(spaced.env.problems.empty());
  EXPECT_EQ(spaced.env.entries.size(), 1u);
  Parsed exported = parse_text("export LAST", {{"LAST", "x"}});
  EXPECT_TRUE(exported.env.entries.empty());
  // With the line break it is a bare key.
  Parsed ended = parse_text("A=1\nLAST\n", {{"LAST", "x"}});
  const Entry* last = ended.find("LAST");
  ASSERT_NE(last, nullptr);
  EXPECT_FALSE(last->has_value);
  EXPECT_EQ(last->value, "x");
}

TEST(EnvFile, InterpolationUsesTheEnvironmentThenEarlierLines) {
  const std::string text =
      "A=1\n"
      "B=${A}\n"
      "C=\"$A and ${UNSET:-def}\"\n"
      "D=${LATER}\n"
      "LATER=2\n";
  Parsed file_only = parse_text(text);
  EXPECT_TRUE(file_only.env.problems.empty());
  EXPECT_EQ(file_only.value("B"), "1");
  EXPECT_EQ(file_only.value("C"), "1 and def");
  EXPECT_EQ(file_only.value("D"), "");  // later lines are not visible
  // The environment wins over earlier lines; the line's own value is not overridden.
  Parsed shell = parse_text(text, {{"A", "9"}});
  EXPECT_EQ(shell.value("A"), "1");
  EXPECT_EQ(shell.value("B"), "9");
  EXPECT_EQ(shell.value("C"), "9 and def");
}

TEST(EnvFile, NoLookupGiven) {
  source::SourceFile file(".env", "/p/.env", "A=x\nB=$A-$$\nC\n");
  EnvFile env = parse(file);
  ASSERT_EQ(env.entries.size(), 3u);
  EXPECT_EQ(env.entries[1].value, "x-$");
  EXPECT_FALSE(env.entries[2].has_value);
}

TEST(EnvFile, InterpolationErrorsAreProblems) {
  // An invalid template is a problem (CLR901); an unset required variable is CLR605's, kept
  // with the unset variables, as in a compose file.
  Parsed p = parse_text("A=${X:?need X}\nB=\"${\"\nC=ok\nD=${UNSET}-${C}\n");
  ASSERT_EQ(p.env.problems.size(), 1u);
  EXPECT_NE(p.env.problems[0].message.find("invalid interpolation format"), std::string::npos);
  EXPECT_EQ(p.env.problems[0].span.start().line, 2u);
  ASSERT_EQ(p.env.unset_variables.size(), 2u);
  EXPECT_EQ(p.env.unset_variables[0].name, "X");
  EXPECT_TRUE(p.env.unset_variables[0].required);
  EXPECT_EQ(p.env.unset_variables[0].message, "required variable X is missing a value: need X");
  expect_span(p.env.unset_variables[0].span, 1, 3, 1, 15, "${X:?need X}");
  EXPECT_EQ(p.env.unset_variables[1].name, "UNSET");  // C is set by an earlier line
  EXPECT_FALSE(p.env.unset_variables[1].required);
  EXPECT_EQ(p.value("C"), "ok");
  EXPECT_EQ(p.value("D"), "-ok");
}

TEST(EnvFile, KeyWithASpaceIsRefused) {
  Parsed p = parse_text("GOOD=1\nMY KEY=2\nAFTER=3\n");
  ASSERT_EQ(p.env.problems.size(), 1u);
  EXPECT_NE(p.env.problems[0].message.find("key cannot contain a space"), std::string::npos);
  expect_span(p.env.problems[0].span, 2, 1, 2, 3, "MY");  // the first word only: the rest may be a secret
  EXPECT_EQ(p.find("MY KEY"), nullptr);
  EXPECT_EQ(p.value("AFTER"), "3");  // reading goes on, to report the rest of the file
}

TEST(EnvFile, UnexpectedCharacterInKey) {
  Parsed p = parse_text("A.B-C[0]=ok\nBAD$KEY=1\n€=2\nNEXT=4\n");
  ASSERT_EQ(p.env.problems.size(), 2u);
  EXPECT_EQ(p.value("A.B-C[0]"), "ok");
  EXPECT_EQ(p.env.problems[0].message, "unexpected character \"$\" in a variable name");
  expect_span(p.env.problems[0].span, 2, 4, 2, 5, "$");
  expect_span(p.env.problems[1].span, 3, 1, 3, 2, "€");
  EXPECT_EQ(p.value("NEXT"), "4");
}

TEST(EnvFile, UnicodeLettersInKeys) {
  Parsed p = parse_text("ÄPFEL=1\nКЛЮЧ=2\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("ÄPFEL"), "1");
  EXPECT_EQ(p.value("КЛЮЧ"), "2");
}

TEST(EnvFile, UnterminatedQuote) {
  Parsed p = parse_text("A=1\nB=\"never closed\nC=3\n");
  ASSERT_EQ(p.env.problems.size(), 1u);
  EXPECT_EQ(p.env.problems[0].message, "unterminated quoted value (no closing \")");
  expect_span(p.env.problems[0].span, 2, 3, 2, 4, "\"");  // not the value: it may be a password
  EXPECT_EQ(p.find("B"), nullptr);
  EXPECT_EQ(p.value("C"), "3");

  Parsed single = parse_text("S='escaped quote\\'\n");
  ASSERT_EQ(single.env.problems.size(), 1u);
  EXPECT_EQ(single.find("S"), nullptr);
}

TEST(EnvFile, ByteOrderMark) {
  Parsed p = parse_text(
      "\xEF\xBB\xBF"
      "A=1\nB=2\n");
  EXPECT_TRUE(p.env.problems.empty());
  ASSERT_EQ(p.env.entries.size(), 2u);
  const Entry* a = p.find("A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->key_span.begin, 3u);
  expect_span(a->key_span, 1, 1, 1, 2, "A");
  expect_span(a->value_span, 1, 3, 1, 4, "1");
}

TEST(EnvFile, CrlfLineEndings) {
  Parsed p = parse_text("A=1\r\nB=\"two\"\r\nC\r\nD=x # c\r\n", {{"C", "c"}});
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "1");
  EXPECT_EQ(p.value("B"), "two");
  EXPECT_EQ(p.value("C"), "c");
  EXPECT_FALSE(p.find("C")->has_value);
  EXPECT_EQ(p.value("D"), "x");
  expect_span(p.find("A")->value_span, 1, 3, 1, 4, "1");
  expect_span(p.find("A")->line_span, 1, 1, 1, 4, "A=1");
  expect_span(p.find("B")->line_span, 2, 1, 2, 8, "B=\"two\"");
  expect_span(p.find("C")->key_span, 3, 1, 3, 2, "C");
  expect_span(p.find("D")->line_span, 4, 1, 4, 8, "D=x # c");
}

TEST(EnvFile, EmptyAndBlankFiles) {
  EXPECT_TRUE(parse_text("").env.entries.empty());
  Parsed blank = parse_text("\n \t\r\n# only comments\n#\n");
  EXPECT_TRUE(blank.env.entries.empty());
  EXPECT_TRUE(blank.env.problems.empty());
  EXPECT_TRUE(parse_text("\xEF\xBB\xBF").env.entries.empty());
}

TEST(EnvFile, EmptyKeyDefinesNothing) {
  Parsed p = parse_text("=orphan\nA=1\n");
  EXPECT_TRUE(p.env.problems.empty());
  ASSERT_EQ(p.env.entries.size(), 1u);
  EXPECT_EQ(p.env.entries[0].key, "A");
}

TEST(EnvFile, HostileInput) {
  // A 10 MB line, read once.
  std::string big = "BIG=" + std::string(10u << 20, 'x') + "\nAFTER=1\n";
  Parsed p = parse_text(std::move(big));
  EXPECT_EQ(p.value("BIG").size(), 10u << 20);
  EXPECT_EQ(p.value("AFTER"), "1");

  // NUL bytes: refused in a key, kept in a value.
  Parsed nul = parse_text(std::string("K\0EY=1\nV=a\0b\n", 13));
  ASSERT_EQ(nul.env.problems.size(), 1u);
  EXPECT_EQ(nul.value("V"), std::string("a\0b", 3));

  // Deeply nested templates end in a problem, not in a stack overflow.
  std::string deep = "D=";
  for (int i = 0; i < 100000; ++i) deep += "${A:-";
  deep += std::string(100000, '}');
  Parsed nested = parse_text(std::move(deep));
  ASSERT_FALSE(nested.env.problems.empty());

  // An unterminated quote at the start of a huge file.
  Parsed quote = parse_text("Q=\"" + std::string(1u << 20, 'y'));
  ASSERT_EQ(quote.env.problems.size(), 1u);
  EXPECT_LT(quote.env.problems[0].message.size(), 200u);
}

TEST(EnvFile, ProblemsAndEntriesAreBounded) {
  std::string bad;
  for (int i = 0; i < 5000; ++i) bad += "$\n";
  Parsed problems = parse_text(std::move(bad));
  EXPECT_EQ(problems.env.problems.size(), 100u);

  std::string many;
  for (int i = 0; i < 100005; ++i) many += "A\n";
  Parsed entries = parse_text(std::move(many));
  EXPECT_EQ(entries.env.entries.size(), 100000u);
  ASSERT_EQ(entries.env.problems.size(), 1u);
  EXPECT_TRUE(entries.env.problems[0].limit);
  EXPECT_EQ(entries.env.problems[0].span.start().line, 100001u);
}

TEST(EnvFile, MoreOctalEscapes) {
  Parsed p = parse_text(
      "A=\"\\08\"\n"
      "B=\"\\0377\"\n"
      "C=\"\\0400\"\n"
      "D=\"\\01234\"\n"
      "E=\"\\\\0101\"\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "\\8");       // 8 is no octal digit
  EXPECT_EQ(p.value("B"), "\xC3\xBF");  // U+00FF, written as UTF-8 like Go's string(rune)
  EXPECT_EQ(p.value("C"), "\\400");     // over 255
  EXPECT_EQ(p.value("D"), "S4");        // three digits at most
  EXPECT_EQ(p.value("E"), "\\0101");    // `\\` is an escaped backslash first
}

TEST(EnvFile, EscapesOnlyInDoubleQuotes) {
  Parsed p = parse_text(
      "A=\"say \\\"hi\\\"\"\n"
      "B=a\\nb\n"
      "C='a\\nb'\n"
      "D='a\\\\b'\n"
      "E=\"it\\'s\"\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "say \"hi\"");
  EXPECT_EQ(p.value("B"), "a\\nb");   // unquoted: no escapes
  EXPECT_EQ(p.value("C"), "a\\nb");   // single quotes: no escapes
  EXPECT_EQ(p.value("D"), "a\\\\b");  // only an escaped quote loses its backslash there
  EXPECT_EQ(p.value("E"), "it\\'s");  // `\'` is no escape inside double quotes
}

TEST(EnvFile, InlineCommentsOnlyAfterASpaceInUnquotedValues) {
  Parsed p = parse_text(
      "A=x #c\n"
      "B=x#c\n"
      "C=x\t#c\n"
      "D=#c\n"
      "E=\"x #c\" # real comment\n"
      "F='x #c'\n"
      "G=x  #  c # d\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("A"), "x");
  EXPECT_EQ(p.value("B"), "x#c");
  EXPECT_EQ(p.value("C"), "x\t#c");
  EXPECT_EQ(p.value("D"), "#c");
  EXPECT_EQ(p.value("E"), "x #c");
  EXPECT_EQ(p.value("F"), "x #c");
  EXPECT_EQ(p.value("G"), "x");
}

TEST(EnvFile, MultiLineSingleQuotedValueIsLiteral) {
  Parsed p = parse_text("KEY='-----BEGIN-----\n$HOME ${X:?no}\n-----END-----'\nNEXT=2\n");
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("KEY"), "-----BEGIN-----\n$HOME ${X:?no}\n-----END-----");
  EXPECT_EQ(p.find("KEY")->value_span.stop().line, 3u);
  EXPECT_EQ(p.value("NEXT"), "2");
}

TEST(EnvFile, InterpolationInUnquotedAndDoubleQuotedValues) {
  Parsed p = parse_text("U=$HOME/x\nD=\"${HOME}/y\"\nS='$HOME/z'\nE=\\$HOME\nF=\"\\$HOME\"\n",
                        {{"HOME", "/root"}});
  EXPECT_TRUE(p.env.problems.empty());
  EXPECT_EQ(p.value("U"), "/root/x");
  EXPECT_EQ(p.value("D"), "/root/y");
  EXPECT_EQ(p.value("S"), "$HOME/z");
  EXPECT_EQ(p.value("E"), "\\/root");  // unquoted: the backslash stays, $HOME is expanded
  EXPECT_EQ(p.value("F"), "$HOME");    // `\$` in double quotes is a literal dollar
}

TEST(EnvFile, ProblemsCarryTheirLine) {
  // Compose stops at the first; the rest are found by reading on, each with its own line.
  Parsed p = parse_text("OK=1\nexport BAD!=2\nMY KEY=3\nQ=\"open\n\nR=${\n");
  ASSERT_EQ(p.env.problems.size(), 4u);
  EXPECT_EQ(p.env.problems[0].span.start().line, 2u);
  EXPECT_EQ(p.env.problems[0].span.start().column, 11u);
  EXPECT_EQ(p.env.problems[0].message, "unexpected character \"!\" in a variable name");
  EXPECT_EQ(p.env.problems[1].span.start().line, 3u);
  EXPECT_EQ(p.env.problems[1].message, "key cannot contain a space (after \"MY\")");
  EXPECT_EQ(p.env.problems[2].span.start().line, 4u);
  EXPECT_EQ(p.env.problems[2].message, "unterminated quoted value (no closing \")");
  // Reading goes on at the line after an unterminated quote (Compose has stopped long before).
  EXPECT_EQ(p.env.problems[3].span.start().line, 6u);
  EXPECT_NE(p.env.problems[3].message.find("invalid interpolation format"), std::string::npos);
  EXPECT_EQ(p.value("OK"), "1");
}

TEST(EnvFile, EmptyValueSpanStaysInsideItsLine) {
  Parsed p = parse_text("A=   \r\nB=\t\nC=\n");
  EXPECT_TRUE(p.env.problems.empty());
  for (const char* key : {"A", "B", "C"}) {
    const Entry* e = p.find(key);
    ASSERT_NE(e, nullptr) << key;
    EXPECT_EQ(e->value, "");
    EXPECT_EQ(e->value_span.begin, e->value_span.end) << key;
    EXPECT_EQ(e->value_span.end, e->line_span.end) << key;
    EXPECT_EQ(e->value_span.start().column, 3u) << key;
  }
}

TEST(EnvFile, RepeatedKeysAreAllKeptInOrder) {
  Parsed p = parse_text("A=1\nB=$A\nA=2\nC=$A\n");
  ASSERT_EQ(p.env.entries.size(), 4u);
  EXPECT_EQ(p.env.entries[0].value, "1");
  EXPECT_EQ(p.env.entries[2].value, "2");
  EXPECT_EQ(p.value("B"), "1");
  EXPECT_EQ(p.env.entries[3].value, "2");  // the later line wins from there on
}

TEST(EnvFile, InvalidUtf8IsNotALetter) {
  Parsed p = parse_text("K\xFF=1\nV=\xFF\n");
  ASSERT_EQ(p.env.problems.size(), 1u);
  EXPECT_EQ(p.value("V"), "\xFF");
}

}  // namespace
}  // namespace clearance::envfile
