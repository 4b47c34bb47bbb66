// Dockerfiles as BuildKit's parser reads them: directives, continuations, heredocs, flags,
// exec/shell forms, per-instruction words, and the Problems for what BuildKit refuses.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dockerfile/syntax.h"

namespace clearance::dockerfile {
namespace {

struct Parsed {
  source::SourceFilePtr file;
  Dockerfile df;

  const Instruction& at(size_t i) const { return df.instructions.at(i); }
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const Problem* p : df.all_problems()) out.push_back(p->message);
    return out;
  }
};

Parsed parse_text(std::string text) {
  Parsed p;
  p.file = std::make_shared<source::SourceFile>("Dockerfile", "/p/Dockerfile", std::move(text));
  p.df = parse(p.file);
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

std::vector<std::string_view> values(const std::vector<Word>& words) {
  std::vector<std::string_view> out;
  for (const Word& w : words) out.push_back(w.value);
  return out;
}

using Views = std::vector<std::string_view>;

// --- Parser directives -------------------------------------------------------------------

TEST(DockerfileSyntax, DirectivesAtTheTopAreHonoured) {
  Parsed p = parse_text(
      "# syntax=docker/dockerfile:1.7\n"
      "#  ESCAPE = ` \n"
      "# check=skip=JSONArgsRecommended;error=true\n"
      "FROM alpine\n");
  ASSERT_EQ(p.df.directives.size(), 3u);
  EXPECT_EQ(p.df.escape, '`');
  const Directive* syntax = p.df.directive(DirectiveKind::kSyntax);
  ASSERT_NE(syntax, nullptr);
  EXPECT_EQ(syntax->value, "docker/dockerfile:1.7");
  expect_span(syntax->span, 1, 1, 1, 31, "# syntax=docker/dockerfile:1.7");
  expect_span(syntax->value_span, 1, 10, 1, 31, "docker/dockerfile:1.7");
  const Directive* escape = p.df.directive(DirectiveKind::kEscape);
  ASSERT_NE(escape, nullptr);
  EXPECT_EQ(escape->name, "ESCAPE");
  EXPECT_EQ(escape->value, "`");
  expect_span(escape->name_span, 2, 4, 2, 10, "ESCAPE");
  expect_span(escape->value_span, 2, 13, 2, 14, "`");
  EXPECT_EQ(p.df.directive(DirectiveKind::kCheck)->value, "skip=JSONArgsRecommended;error=true");
  EXPECT_TRUE(p.messages().empty());
  EXPECT_EQ(p.df.comments.size(), 3u);  // directive lines are comments too
}

TEST(DockerfileSyntax, DirectivesAfterAnythingElseAreComments) {
  // After an instruction, a blank line, another comment, or an unknown directive.
  for (const char* text : {"FROM a\n# escape=`\n", "\n# escape=`\nFROM a\n",
                           "# hello\n# escape=`\nFROM a\n", "# foo=bar\n# escape=`\nFROM a\n"}) {
    Parsed p = parse_text(text);
    EXPECT_EQ(p.df.escape, '\\') << text;
    EXPECT_EQ(p.df.directive(DirectiveKind::kEscape), nullptr) << text;
    EXPECT_TRUE(p.messages().empty()) << text;
  }
}

TEST(DockerfileSyntax, SyntaxDirectiveAfterShebangButEscapeNot) {
  // The frontend skips a `#!` line when it looks for syntax and check; the parser does not.
  Parsed p =
      parse_text("#!/usr/bin/env buildctl\n# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n");
  ASSERT_NE(p.df.directive(DirectiveKind::kSyntax), nullptr);
  EXPECT_EQ(p.df.directive(DirectiveKind::kSyntax)->span.start().line, 2u);
  EXPECT_EQ(p.df.directive(DirectiveKind::kEscape), nullptr);
  EXPECT_EQ(p.df.escape, '\\');
}

TEST(DockerfileSyntax, IndentedDirectiveCountsForTheParserOnly) {
  Parsed p = parse_text("  # escape=`\n  # syntax=x/y\nFROM a\n");
  EXPECT_EQ(p.df.escape, '`');
  EXPECT_EQ(p.df.directive(DirectiveKind::kSyntax), nullptr);  // the frontend wants column 1
}

TEST(DockerfileSyntax, RepeatedDirectiveIsRefused) {
  Parsed p = parse_text("# escape=`\n# escape=\\\nFROM a\n");
  ASSERT_EQ(p.df.problems.size(), 1u);
  EXPECT_EQ(p.df.problems[0].message, "only one escape parser directive can be used");
  expect_span(p.df.problems[0].span, 2, 1, 2, 11, "# escape=\\");
  EXPECT_EQ(p.df.escape, '`');  // the first one stands
  // A repeated syntax directive ends the frontend's search; the first one counts.
  Parsed q = parse_text("# syntax=a\n# syntax=b\nFROM a\n");
  EXPECT_EQ(q.df.directive(DirectiveKind::kSyntax)->value, "a");
  EXPECT_EQ(q.messages(), std::vector<std::string>{"only one syntax parser directive can be used"});
}

TEST(DockerfileSyntax, InvalidEscapeIsRefused) {
  Parsed p = parse_text("# escape=|\nFROM a\n");
  EXPECT_EQ(p.messages(),
            std::vector<std::string>{"invalid escape token '|' does not match ` or \\"});
  EXPECT_EQ(p.df.escape, '\\');
}

// --- Lines and continuations ---------------------------------------------------------------

TEST(DockerfileSyntax, ContinuationsJoinLinesAndDropCommentsAndBlankLines) {
  Parsed p = parse_text(
      "RUN apt-get update \\\n"
      "# a comment inside\n"
      "\n"
      "    && apt-get install -y curl\n");
  ASSERT_EQ(p.df.instructions.size(), 1u);
  const Instruction& run = p.at(0);
  EXPECT_EQ(run.text.str(), "RUN apt-get update     && apt-get install -y curl");
  EXPECT_EQ(run.command.str(), "apt-get update     && apt-get install -y curl");
  expect_span(run.span, 1, 1, 4, 31,
              "RUN apt-get update \\\n# a comment inside\n\n    && apt-get install -y curl");
  expect_span(run.keyword_span, 1, 1, 1, 4, "RUN");
  // The command word spans both contributing lines.
  expect_span(run.words[0].span, 1, 5, 4, 31, run.span.text().substr(4));
  ASSERT_EQ(p.df.comments.size(), 1u);
  expect_span(p.df.comments[0], 2, 1, 2, 19, "# a comment inside");
  ASSERT_EQ(run.problems.size(), 1u);  // BuildKit warns about the empty continuation line
  EXPECT_EQ(run.problems[0].kind, ProblemKind::kWarning);
  EXPECT_EQ(run.problems[0].span.start().line, 3u);
}

TEST(DockerfileSyntax, SpanOfMapsJoinedTextAcrossContinuationLines) {
  Parsed p = parse_text("RUN echo one \\\n  two \\\n  three\n");
  const Instruction& run = p.at(0);
  EXPECT_EQ(run.command.str(), "echo one   two   three");
  const size_t two = run.command.str().find("two");
  expect_span(run.command.span_of(two, two + 3), 2, 3, 2, 6, "two");
  // A range from the first line into the third.
  const size_t one = run.command.str().find("one");
  const size_t three = run.command.str().find("three");
  expect_span(run.command.span_of(one, three + 5), 1, 10, 3, 8, "one \\\n  two \\\n  three");
  expect_span(run.text.span_of(0, 3), 1, 1, 1, 4, "RUN");
}

// A hinted lookup (the shell reader's, in text order, with the last piece cached) maps every
// position as the unhinted search does: in exact pieces, in a decoded one (an escape sequence
// that is shorter than what is written), forward, backward, and across texts sharing a hint.
TEST(DockerfileSyntax, HintedSourceLookupsMatchTheSearch) {
  auto file = std::make_shared<source::SourceFile>("Dockerfile", "/p/Dockerfile",
                                                    std::string("RUN echo one \\\n  two\\tx \\\n  three\n"));
  JoinedText::Builder builder(*file);
  builder.append_source(4, 13);           // "echo one "
  builder.append_source(17, 20);          // "two"
  builder.append_decoded("\t", 20, 22);  // `\t` decoded: one byte for two
  builder.append_source(22, 24);          // "x "
  builder.append_source(28, 33);          // "three"
  const JoinedText text = std::move(builder).build();
  ASSERT_FALSE(text.contiguous());
  const JoinedText other = text.substr(3);  // the same pieces, from a later base
  JoinedText::Builder second(*file);      // other pieces, at the same text offsets
  second.append_source(0, 3);
  second.append_source(28, 33);
  const JoinedText different = std::move(second).build();
  PieceHint hint;
  auto check_all = [&](const JoinedText& t, bool backwards) {
    for (size_t k = 0; k <= t.size() + 1; ++k) {
      const size_t pos = backwards ? t.size() + 1 - k : k;
      EXPECT_EQ(t.source_begin(pos, &hint), t.source_begin(pos)) << "begin at " << pos;
      EXPECT_EQ(t.source_end(pos, &hint), t.source_end(pos)) << "end at " << pos;
    }
  };
  check_all(text, false);
  check_all(text, true);
  check_all(other, false);
  check_all(different, false);
  check_all(text, false);
  check_all(different, true);
}

TEST(DockerfileSyntax, BacktickEscapeContinuesLines) {
  Parsed p = parse_text(
      "# escape=`\n"
      "FROM mcr.microsoft.com/windows/servercore\n"
      "RUN Write-Host C:\\path `\n"
      "    done\n");
  ASSERT_EQ(p.df.instructions.size(), 2u);
  EXPECT_EQ(p.at(1).command.str(), "Write-Host C:\\path     done");
  expect_span(p.at(1).span, 3, 1, 4, 9, "RUN Write-Host C:\\path `\n    done");
}

TEST(DockerfileSyntax, EscapedEscapeAtEndOfLineIsNotAContinuation) {
  Parsed p = parse_text("RUN echo \\\\\nRUN echo \\  \n  next\n\\\nRUN last\n");
  ASSERT_EQ(p.df.instructions.size(), 3u);
  EXPECT_EQ(p.at(0).command.str(), "echo \\\\");
  EXPECT_EQ(p.at(1).command.str(), "echo   next");  // trailing blanks after `\` are allowed
  // A line holding only the escape character continues into the next one.
  EXPECT_EQ(p.at(2).text.str(), "RUN last");
  EXPECT_EQ(p.at(2).keyword_span.start().line, 5u);
}

TEST(DockerfileSyntax, BomAndCrlfAreTolerated) {
  Parsed p = parse_text(
      "\xEF\xBB\xBF"
      "FROM alpine\r\nRUN echo a \\\r\n  b\r\n");
  ASSERT_EQ(p.df.instructions.size(), 2u);
  expect_span(p.at(0).keyword_span, 1, 1, 1, 5, "FROM");
  expect_span(p.at(0).span, 1, 1, 1, 12, "FROM alpine");
  EXPECT_EQ(p.at(1).command.str(), "echo a   b");
  expect_span(p.at(1).span, 2, 1, 3, 4, "RUN echo a \\\r\n  b");
  EXPECT_TRUE(p.messages().empty());
}

TEST(DockerfileSyntax, LoneCarriageReturnIsNotALineBreakForBuildKit) {
  Parsed p = parse_text("FROM a\rRUN b\n");
  ASSERT_EQ(p.df.instructions.size(), 1u);
  EXPECT_EQ(values(p.at(0).words), (Views{"a", "RUN", "b"}));
  const std::vector<std::string> m = p.messages();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], "FROM requires either one or three arguments");
  EXPECT_EQ(m[1], "a carriage return without a line feed does not end a line for BuildKit");
}

TEST(DockerfileSyntax, FilesWithoutInstructions) {
  for (const char* text : {"", "# only a comment\n\n   \n", "\xEF\xBB\xBF"}) {
    Parsed p = parse_text(text);
    EXPECT_TRUE(p.df.instructions.empty()) << text;
    EXPECT_EQ(p.messages(), std::vector<std::string>{"file with no instructions"}) << text;
    ASSERT_EQ(p.df.problems.size(), 1u);
    EXPECT_EQ(p.df.problems[0].span.start().line, 1u);
  }
  // A lone continuation character makes an empty instruction, which BuildKit calls unknown.
  Parsed p = parse_text("\\\n");
  ASSERT_EQ(p.df.instructions.size(), 1u);
  EXPECT_EQ(p.messages(), std::vector<std::string>{"unknown instruction: "});
}

TEST(DockerfileSyntax, LineLongerThanBuildKitReadsIsRefused) {
  Parsed p = parse_text("FROM a\nRUN echo " + std::string(70000, 'x') + "\n");
  EXPECT_EQ(p.df.problems.size(), 1u);
  EXPECT_EQ(p.df.problems[0].message, "dockerfile line greater than max allowed size of 65535");
  EXPECT_EQ(p.df.problems[0].span.start().line, 2u);
}

// --- Unicode whitespace at line starts -----------------------------------------------------
// BuildKit trims line starts with Go's unicode.IsSpace (trimLeadingWhitespace, isComment,
// isEmptyContinuationLine): U+0085 (C2 85), U+00A0 (C2 A0), U+2000-U+200A, U+3000 ... indent
// like spaces and tabs.

TEST(DockerfileSyntax, UnicodeSpaceIndentedCommentIsAComment) {
  Parsed p = parse_text(
      "FROM a\n"
      "\xC2\xA0# no-break space\n"
      "\xC2\x85 # next line\n"
      "\xE2\x80\x83\xE3\x80\x80# em space, ideographic space\n"
      "RUN true\n");
  ASSERT_EQ(p.df.instructions.size(), 2u);
  EXPECT_EQ(p.at(1).keyword, Keyword::kRun);
  EXPECT_TRUE(p.messages().empty());
  ASSERT_EQ(p.df.comments.size(), 3u);
  EXPECT_EQ(p.df.comments[0].text(), "# no-break space");
  EXPECT_EQ(p.df.comments[1].text(), "# next line");
  EXPECT_EQ(p.df.comments[2].text(), "# em space, ideographic space");
}

TEST(DockerfileSyntax, UnicodeSpaceIndentedInstruction) {
  Parsed p = parse_text("FROM a\n\xC2\xA0RUN curl https://x | sh\n\xC2\xA0\n");
  ASSERT_EQ(p.df.instructions.size(), 2u);  // the NBSP-only line is blank
  const Instruction& run = p.at(1);
  EXPECT_EQ(run.keyword, Keyword::kRun);
  EXPECT_EQ(run.keyword_span.text(), "RUN");
  EXPECT_EQ(run.keyword_span.start().line, 2u);
  EXPECT_EQ(run.command.str(), "curl https://x | sh");
  EXPECT_TRUE(p.messages().empty());
}

TEST(DockerfileSyntax, UnicodeSpaceLinesInsideAContinuation) {
  Parsed p = parse_text(
      "RUN apk add curl \\\n"
      "\xC2\xA0\xC2\xA0# an indented comment\n"
      "\xC2\xA0\n"
      "    && curl https://x | sh\n");
  ASSERT_EQ(p.df.instructions.size(), 1u);
  const Instruction& run = p.at(0);
  EXPECT_EQ(run.command.str(), "apk add curl     && curl https://x | sh");
  EXPECT_EQ(run.span.stop().line, 4u);
  ASSERT_EQ(p.df.comments.size(), 1u);
  EXPECT_EQ(p.df.comments[0].text(), "# an indented comment");
  ASSERT_EQ(run.problems.size(), 1u);  // the NBSP-only line is an empty continuation line
  EXPECT_EQ(run.problems[0].kind, ProblemKind::kWarning);
  EXPECT_EQ(run.problems[0].span.start().line, 3u);
}

TEST(DockerfileSyntax, UnicodeSpaceIndentedDirectiveAndTrigger) {
  Parsed p = parse_text(
      "\xC2\xA0# escape=`\n"
      "FROM a\n"
      "ONBUILD \xC2\xA0RUN make\n");
  EXPECT_EQ(p.df.escape, '`');
  ASSERT_EQ(p.df.instructions.size(), 2u);
  ASSERT_NE(p.at(1).trigger, nullptr);
  EXPECT_EQ(p.at(1).trigger->keyword, Keyword::kRun);  // strings.TrimSpace on the trigger line
  EXPECT_EQ(p.at(1).trigger->command.str(), "make");
  EXPECT_TRUE(p.messages().empty());
}

TEST(DockerfileSyntax, OnlyUnicodeSpacesAreTrimmed) {
  // U+00A9 is no space; a lone A0 byte is invalid UTF-8 (a RuneError for Go), no space either.
  Parsed p = parse_text("FROM a\n\xC2\xA9# x\n\xA0# y\n");
  ASSERT_EQ(p.df.instructions.size(), 3u);
  EXPECT_EQ(p.at(1).keyword, Keyword::kUnknown);
  EXPECT_EQ(p.at(2).keyword, Keyword::kUnknown);
  EXPECT_TRUE(p.df.comments.empty());
}

TEST(DockerfileSyntax, UnicodeSpaceInArguments) {
  Parsed p = parse_text(
      "FROM a\n"
      "CMD \xC2\xA0[\"a\"]\n"      // parseJSON trims Unicode spaces before the '['
      "CMD \u00A0echo hi\n"        // the shell form keeps them, as BuildKit does
      "VOLUME [\"\xC2\xA0\"]\n");  // strings.TrimSpace: an empty volume
  EXPECT_EQ(p.at(1).form, Form::kExec);
  EXPECT_EQ(values(p.at(1).words), (Views{"a"}));
  EXPECT_EQ(p.at(2).form, Form::kShell);
  EXPECT_EQ(values(p.at(2).words), (Views{"\u00A0echo hi"}));
  EXPECT_EQ(p.at(3).problems.at(0).message, "VOLUME specified can not be an empty string");
}

// --- Keywords and words --------------------------------------------------------------------

TEST(DockerfileSyntax, KeywordsAreCaseInsensitiveAndUpperCased) {
  Parsed p = parse_text("from alpine As Build\nrUn true\n");
  EXPECT_EQ(p.at(0).keyword, Keyword::kFrom);
  EXPECT_EQ(p.at(0).name, "FROM");
  EXPECT_EQ(values(p.at(0).words), (Views{"alpine", "As", "Build"}));
  expect_span(p.at(0).words[2].span, 1, 16, 1, 21, "Build");
  EXPECT_EQ(p.at(1).keyword, Keyword::kRun);
  EXPECT_TRUE(p.messages().empty());
}

TEST(DockerfileSyntax, UnknownInstructionIsAProblemOnItsKeyword) {
  Parsed p = parse_text("FROM a\nFOOBAR x y\nRUN true\n");
  ASSERT_EQ(p.df.instructions.size(), 3u);
  const Instruction& bad = p.at(1);
  EXPECT_EQ(bad.keyword, Keyword::kUnknown);
  EXPECT_EQ(bad.name, "FOOBAR");
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].message, "unknown instruction: FOOBAR");
  expect_span(bad.problems[0].span, 2, 1, 2, 7, "FOOBAR");
  EXPECT_EQ(p.at(2).keyword, Keyword::kRun);  // reading goes on
}

TEST(DockerfileSyntax, FromImageAndStageName) {
  Parsed p =
      parse_text("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM a b\nFROM a AS 1x\n");
  const Instruction& from = p.at(0);
  EXPECT_EQ(values(from.words), (Views{"golang:1.22", "AS", "build"}));
  expect_span(from.words[0].span, 1, 32, 1, 43, "golang:1.22");
  ASSERT_EQ(from.flags.size(), 1u);
  EXPECT_EQ(from.flag("platform")->value, "$BUILDPLATFORM");
  EXPECT_TRUE(from.problems.empty());
  EXPECT_EQ(p.at(1).problems.at(0).message, "FROM requires either one or three arguments");
  EXPECT_EQ(
      p.at(2).problems.at(0).message,
      "invalid name for build stage: \"1x\", name can't start with a number or contain symbols");
  expect_span(p.at(2).problems[0].span, 3, 11, 3, 13, "1x");
}

TEST(DockerfileSyntax, UserWorkdirExposeStopsignal) {
  Parsed p = parse_text(
      "USER app:app\nWORKDIR /srv/my app\nEXPOSE 80/tcp  443\nSTOPSIGNAL SIGTERM\nUSER\n");
  EXPECT_EQ(values(p.at(0).words), (Views{"app:app"}));
  EXPECT_EQ(values(p.at(1).words), (Views{"/srv/my app"}));  // one argument, spaces and all
  EXPECT_EQ(values(p.at(2).words), (Views{"80/tcp", "443"}));
  expect_span(p.at(2).words[1].span, 3, 16, 3, 19, "443");
  EXPECT_EQ(values(p.at(3).words), (Views{"SIGTERM"}));
  EXPECT_EQ(p.at(4).problems.at(0).message, "USER requires exactly one argument");
}

TEST(DockerfileSyntax, EnvPairsInBothForms) {
  Parsed p = parse_text(
      "ENV A=1 B=\"two words\" C='x y' D=a\\ b E=\n"
      "ENV LEGACY value with  spaces\n"
      "ENV ONLY\n"
      "ENV X=1 Y\n");
  const Instruction& env = p.at(0);
  ASSERT_EQ(env.pairs.size(), 5u);
  EXPECT_EQ(env.pairs[1].key.value, "B");
  EXPECT_EQ(env.pairs[1].value.value, "\"two words\"");  // quotes stay: expansion removes them
  expect_span(env.pairs[1].value.span, 1, 11, 1, 22, "\"two words\"");
  expect_span(env.pairs[1].span, 1, 9, 1, 22, "B=\"two words\"");
  EXPECT_EQ(env.pairs[3].value.value, "a\\ b");
  EXPECT_EQ(env.pairs[4].value.value, "");
  EXPECT_TRUE(env.pairs[4].has_value);
  EXPECT_TRUE(env.problems.empty());
  const Instruction& legacy = p.at(1);
  ASSERT_EQ(legacy.pairs.size(), 1u);
  EXPECT_TRUE(legacy.pairs[0].legacy);
  EXPECT_EQ(legacy.pairs[0].key.value, "LEGACY");
  EXPECT_EQ(legacy.pairs[0].value.value, "value with  spaces");
  expect_span(legacy.pairs[0].value.span, 2, 12, 2, 30, "value with  spaces");
  EXPECT_EQ(p.at(2).problems.at(0).message, "ENV must have two arguments");
  EXPECT_EQ(p.at(3).problems.at(0).message,
            "Syntax error - can't find = in \"Y\". Must be of the form: name=value");
}

TEST(DockerfileSyntax, ArgAndLabel) {
  Parsed p = parse_text(
      "ARG VERSION=1.2 TARGETOS\nLABEL org.opencontainers.image.title=\"My app\" a=b\nARG =x\n");
  const Instruction& arg = p.at(0);
  ASSERT_EQ(arg.pairs.size(), 2u);
  EXPECT_EQ(arg.pairs[0].key.value, "VERSION");
  EXPECT_EQ(arg.pairs[0].value.value, "1.2");
  EXPECT_FALSE(arg.pairs[1].has_value);
  expect_span(arg.pairs[1].key.span, 1, 17, 1, 25, "TARGETOS");
  const Instruction& label = p.at(1);
  ASSERT_EQ(label.pairs.size(), 2u);
  EXPECT_EQ(label.pairs[0].value.value, "\"My app\"");
  EXPECT_EQ(p.at(2).problems.at(0).message, "ARG names can not be blank");
}

TEST(DockerfileSyntax, CopySourcesSplitAtWhitespaceQuotesDoNotGroup) {
  Parsed p = parse_text("COPY \"a b\" c /dest/\nCOPY [\"a b\", \"/dest/\"]\nCOPY onlyone\n");
  EXPECT_EQ(values(p.at(0).words), (Views{"\"a", "b\"", "c", "/dest/"}));
  EXPECT_EQ(p.at(0).form, Form::kShell);
  EXPECT_EQ(values(p.at(1).words), (Views{"a b", "/dest/"}));
  EXPECT_EQ(p.at(1).form, Form::kExec);
  EXPECT_EQ(p.at(2).problems.at(0).message,
            "COPY requires at least two arguments, but only one was provided. Destination could "
            "not be determined.");
}

TEST(DockerfileSyntax, HealthcheckNoneAndCmd) {
  Parsed p = parse_text(
      "HEALTHCHECK NONE\n"
      "HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n"
      "HEALTHCHECK CMD [\"/bin/check\", \"--quick\"]\n"
      "HEALTHCHECK NONE extra\n"
      "HEALTHCHECK PING x\n"
      "HEALTHCHECK CMD\n");
  EXPECT_EQ(values(p.at(0).words), (Views{"NONE"}));
  EXPECT_TRUE(p.at(0).problems.empty());
  const Instruction& cmd = p.at(1);
  EXPECT_EQ(values(cmd.words), (Views{"CMD", "curl -f http://localhost/ || exit 1"}));
  EXPECT_EQ(cmd.form, Form::kShell);
  EXPECT_EQ(cmd.command.str(), "curl -f http://localhost/ || exit 1");
  expect_span(cmd.command.span(), 2, 32, 2, 67, "curl -f http://localhost/ || exit 1");
  EXPECT_EQ(p.at(2).form, Form::kExec);
  EXPECT_EQ(values(p.at(2).words), (Views{"CMD", "/bin/check", "--quick"}));
  EXPECT_EQ(p.at(3).problems.at(0).message, "HEALTHCHECK NONE takes no arguments");
  EXPECT_EQ(p.at(4).problems.at(0).message, "Unknown type \"PING\" in HEALTHCHECK (try CMD)");
  EXPECT_EQ(p.at(5).problems.at(0).message, "Missing command after HEALTHCHECK CMD");
}

TEST(DockerfileSyntax, ShellNeedsJson) {
  Parsed p =
      parse_text("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL /bin/bash -c\n");
  EXPECT_EQ(values(p.at(0).words), (Views{"/bin/bash", "-o", "pipefail", "-c"}));
  EXPECT_TRUE(p.at(0).problems.empty());
  EXPECT_EQ(p.at(1).problems.at(0).message, "SHELL requires the arguments to be in JSON form");
}

// --- Exec form -----------------------------------------------------------------------------

TEST(DockerfileSyntax, ExecFormDecodesJsonStrings) {
  Parsed p = parse_text("CMD [\"echo\", \"a\\\"b\", \"\\u00e9t\\u00e9\", \"\\ud83d\\ude00\"]\n");
  const Instruction& cmd = p.at(0);
  EXPECT_EQ(cmd.form, Form::kExec);
  EXPECT_EQ(values(cmd.words), (Views{"echo", "a\"b", "\xC3\xA9t\xC3\xA9", "\xF0\x9F\x98\x80"}));
  expect_span(cmd.words[0].span, 1, 7, 1, 11, "echo");  // between the quotes
  EXPECT_TRUE(cmd.words[0].verbatim);
  expect_span(cmd.words[1].span, 1, 15, 1, 19, "a\\\"b");
  EXPECT_FALSE(cmd.words[1].verbatim);
  // The decoded string keeps a map to the file: the 'b' after the escaped quote.
  const JoinedText text = cmd.word_text(1);
  EXPECT_EQ(text.str(), "a\"b");
  expect_span(text.span_of(2, 3), 1, 18, 1, 19, "b");
  expect_span(text.span_of(1, 2), 1, 16, 1, 18, "\\\"");
  EXPECT_TRUE(cmd.command.empty());
}

TEST(DockerfileSyntax, InvalidJsonFallsBackToShellForm) {
  Parsed p = parse_text(
      "CMD [\"a\", ]\n"
      "CMD [\"unterminated]\n"
      "RUN ['single', 'quotes']\n"
      "ENTRYPOINT [\"a\"] trailing\n"
      "RUN [\"a\", 1]\n");
  EXPECT_EQ(p.at(0).form, Form::kShell);
  EXPECT_EQ(values(p.at(0).words), (Views{"[\"a\", ]"}));
  EXPECT_EQ(p.at(1).form, Form::kShell);
  EXPECT_EQ(p.at(2).form, Form::kShell);
  EXPECT_EQ(p.at(2).command.str(), "['single', 'quotes']");
  // json.Unmarshal refuses text after the array (moby/buildkit#5107): the shell form.
  EXPECT_EQ(p.at(3).form, Form::kShell);
  EXPECT_EQ(values(p.at(3).words), (Views{"[\"a\"] trailing"}));
  EXPECT_TRUE(p.at(3).problems.empty());
  // Valid JSON that is not all strings is an error, not the shell form.
  EXPECT_EQ(p.at(4).form, Form::kExec);
  EXPECT_EQ(p.at(4).problems.at(0).message,
            "when using JSON array syntax, arrays must be comprised of strings only");
}

TEST(DockerfileSyntax, TextAfterTheJsonArrayMakesTheShellForm) {
  Parsed p = parse_text(
      "RUN [\"true\"]; curl https://x | sh\n"
      "RUN [\"sh\",\"-c\",\"x\"] # comment\n"
      "CMD [\"a\", 1] x\n"          // not JSON at all, so no strings-only error
      "COPY [\"a\", \"b\"]x c\n"    // parseMaybeJSONToList: split at whitespace
      "CMD [\"a\"]  \t \xC2\xA0\n"  // trailing whitespace is fine
      "HEALTHCHECK CMD [\"a\"] b\n"
      "CMD [\"a\"] \\\n  \n");  // also before an empty continuation line
  EXPECT_EQ(p.at(0).form, Form::kShell);
  EXPECT_EQ(p.at(0).command.str(), "[\"true\"]; curl https://x | sh");
  EXPECT_EQ(p.at(1).form, Form::kShell);
  EXPECT_EQ(p.at(1).command.str(), "[\"sh\",\"-c\",\"x\"] # comment");
  EXPECT_EQ(p.at(2).form, Form::kShell);
  EXPECT_TRUE(p.at(2).problems.empty());
  EXPECT_EQ(p.at(3).form, Form::kShell);
  EXPECT_EQ(values(p.at(3).words), (Views{"[\"a\",", "\"b\"]x", "c"}));
  EXPECT_EQ(p.at(4).form, Form::kExec);
  EXPECT_EQ(values(p.at(4).words), (Views{"a"}));
  EXPECT_EQ(p.at(5).form, Form::kShell);
  EXPECT_EQ(values(p.at(5).words), (Views{"CMD", "[\"a\"] b"}));
  EXPECT_EQ(p.at(6).form, Form::kExec);
  EXPECT_EQ(p.messages(), std::vector<std::string>{
                              "empty continuation line (BuildKit warns: empty continuation lines "
                              "will become errors in a future release)"});
}

// --- Flags ---------------------------------------------------------------------------------

TEST(DockerfileSyntax, RunFlags) {
  Parsed p = parse_text(
      "RUN --mount=type=secret,id=npmrc,env=NPM_TOKEN --network=none --security=insecure \\\n"
      "    --mount=type=cache,target=/root/.cache npm ci\n");
  const Instruction& run = p.at(0);
  ASSERT_EQ(run.flags.size(), 4u);
  EXPECT_EQ(run.flags[0].name, "mount");
  EXPECT_EQ(run.flags[0].value, "type=secret,id=npmrc,env=NPM_TOKEN");
  expect_span(run.flags[0].span, 1, 5, 1, 47, "--mount=type=secret,id=npmrc,env=NPM_TOKEN");
  expect_span(run.flags[0].name_span, 1, 7, 1, 12, "mount");
  expect_span(run.flags[0].value_span, 1, 13, 1, 47, "type=secret,id=npmrc,env=NPM_TOKEN");
  EXPECT_EQ(run.flag("network")->value, "none");
  EXPECT_EQ(run.flag("security")->value, "insecure");
  expect_span(run.flags[3].span, 2, 5, 2, 43, "--mount=type=cache,target=/root/.cache");
  EXPECT_EQ(run.flag("mount"), &run.flags[3]);  // the last one
  EXPECT_EQ(run.command.str(), "npm ci");
  EXPECT_TRUE(run.problems.empty());
}

TEST(DockerfileSyntax, CopyAndAddFlags) {
  Parsed p = parse_text(
      "COPY --from=build --chown=app:app --chmod=0755 --link --exclude=*.md --parents src/ /app/\n"
      "ADD --checksum=sha256:24454f830cdd --keep-git-dir=true --unpack=false --link=TRUE "
      "https://x/a.tar /a\n");
  const Instruction& copy = p.at(0);
  EXPECT_EQ(copy.flags.size(), 6u);
  EXPECT_EQ(copy.flag("from")->value, "build");
  EXPECT_EQ(copy.flag("chown")->value, "app:app");
  EXPECT_EQ(copy.flag("chmod")->value, "0755");
  EXPECT_FALSE(copy.flag("link")->has_value);
  expect_span(copy.flag("link")->span, 1, 48, 1, 54, "--link");
  expect_span(copy.flag("link")->value_span, 1, 54, 1, 54, "");
  EXPECT_EQ(copy.flag("exclude")->value, "*.md");
  EXPECT_EQ(values(copy.words), (Views{"src/", "/app/"}));
  EXPECT_TRUE(copy.problems.empty());
  const Instruction& add = p.at(1);
  EXPECT_EQ(add.flag("checksum")->value, "sha256:24454f830cdd");
  EXPECT_EQ(add.flag("keep-git-dir")->value, "true");
  EXPECT_TRUE(add.problems.empty());
}

TEST(DockerfileSyntax, HealthcheckFlagsAndTheirValues) {
  Parsed p = parse_text(
      "HEALTHCHECK --interval=30s --timeout=3s --start-period=1m30s --start-interval=500ms "
      "--retries=3 CMD true\n"
      "HEALTHCHECK --interval=5 --timeout=1us --retries=x CMD true\n");
  EXPECT_EQ(p.at(0).flags.size(), 5u);
  EXPECT_EQ(p.at(0).flag("start-period")->value, "1m30s");
  EXPECT_TRUE(p.at(0).problems.empty());
  const std::vector<Problem>& problems = p.at(1).problems;
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].message, "time: missing unit in duration \"5\"");
  EXPECT_EQ(problems[1].message, "Interval \"timeout\" cannot be less than 1ms");
  EXPECT_EQ(problems[2].message, "strconv.ParseInt: parsing \"x\": invalid syntax");
  expect_span(problems[2].span, 2, 50, 2, 51, "x");
}

TEST(DockerfileSyntax, UnknownDuplicateAndBadFlags) {
  Parsed p = parse_text(
      "USER --x app\n"
      "COPY --link=maybe --from=a --from=b --chown a b\n"
      "RUN --mount= --mount true\n"
      "STOPSIGNAL --anything SIGKILL\n");
  EXPECT_EQ(p.at(0).problems.at(0).message, "unknown flag: x");
  expect_span(p.at(0).problems[0].span, 1, 6, 1, 9, "--x");
  EXPECT_FALSE(p.at(0).flags[0].known);
  EXPECT_EQ(values(p.at(0).words), (Views{"app"}));
  std::vector<std::string> copy;
  for (const Problem& pr : p.at(1).problems) copy.push_back(pr.message);
  EXPECT_EQ(copy, (std::vector<std::string>{"expecting boolean value for flag link, not: maybe",
                                            "duplicate flag specified: from",
                                            "missing a value on flag: chown"}));
  // --mount is repeatable; without "=" it has no value.
  EXPECT_EQ(p.at(2).problems.size(), 1u);
  EXPECT_EQ(p.at(2).problems[0].message, "missing a value on flag: mount");
  EXPECT_TRUE(p.at(3).problems.empty());  // BuildKit never reads STOPSIGNAL's flags
}

TEST(DockerfileSyntax, QuotedFlagValuesAndDoubleDash) {
  Parsed p = parse_text("RUN --mount=\"type=bind,target=/my dir\" -- --not-a-flag\n");
  const Instruction& run = p.at(0);
  ASSERT_EQ(run.flags.size(), 1u);
  EXPECT_EQ(run.flags[0].value, "type=bind,target=/my dir");
  EXPECT_FALSE(run.flags[0].value_verbatim);
  expect_span(run.flags[0].value_span, 1, 13, 1, 39, "\"type=bind,target=/my dir\"");
  EXPECT_EQ(run.command.str(), "--not-a-flag");
}

TEST(DockerfileSyntax, MountValuesSplitLikeBuildKit) {
  Parsed p = parse_text("RUN --mount=type=secret,id=aws,target=/root/.aws/credentials,ro true\n");
  const Instruction& run = p.at(0);
  const Flag& mount = run.flags.at(0);
  const MountFields fields = split_mount(mount.value);
  ASSERT_TRUE(fields.error.empty());
  ASSERT_EQ(fields.fields.size(), 4u);
  EXPECT_EQ(fields.find("type")->value, "secret");
  EXPECT_EQ(fields.find("id")->value, "aws");
  EXPECT_FALSE(fields.find("ro")->has_value);
  const MountField& target = *fields.find("target");
  expect_span(run.flag_value_span(mount, target.begin, target.end), 1, 32, 1, 61,
              "target=/root/.aws/credentials");
  // CSV quoting: a quoted field may hold commas; "" is a quote.
  const MountFields quoted = split_mount("type=bind,\"source=a,b\",\"TARGET=\"\"x\"\"\"");
  ASSERT_TRUE(quoted.error.empty()) << quoted.error;
  EXPECT_EQ(quoted.fields[1].value, "a,b");
  EXPECT_EQ(quoted.fields[2].key, "target");
  EXPECT_EQ(quoted.fields[2].value, "\"x\"");
  EXPECT_EQ(split_mount("type=a\"b").error,
            "failed to parse csv mounts: bare \" in non-quoted-field");
  EXPECT_EQ(split_mount("\"type=a\"b").error,
            "failed to parse csv mounts: extraneous or missing \" in quoted-field");
  EXPECT_EQ(split_mount("").error, "failed to parse csv mounts: EOF");
}

// --- Heredocs ------------------------------------------------------------------------------

TEST(DockerfileSyntax, RunHeredoc) {
  Parsed p = parse_text("FROM a\nRUN <<EOF\necho hello\ncurl x | sh\nEOF\nRUN true\n");
  ASSERT_EQ(p.df.instructions.size(), 3u);
  const Instruction& run = p.at(1);
  ASSERT_EQ(run.heredocs.size(), 1u);
  const Heredoc& h = run.heredocs[0];
  EXPECT_EQ(h.name, "EOF");
  EXPECT_TRUE(h.expand);
  EXPECT_FALSE(h.chomp);
  EXPECT_TRUE(h.terminated);
  expect_span(h.marker, 2, 5, 2, 10, "<<EOF");
  EXPECT_EQ(h.body, "echo hello\ncurl x | sh\n");
  expect_span(h.body_span, 3, 1, 5, 1, "echo hello\ncurl x | sh\n");
  expect_span(h.terminator, 5, 1, 5, 4, "EOF");
  expect_span(run.span, 2, 1, 2, 10, "RUN <<EOF");
  expect_span(run.extent, 2, 1, 5, 4, "RUN <<EOF\necho hello\ncurl x | sh\nEOF");
  const std::vector<Heredoc::Line> lines = h.lines();
  ASSERT_EQ(lines.size(), 2u);
  expect_span(lines[1].span, 4, 1, 4, 12, "curl x | sh");
  EXPECT_EQ(p.at(2).keyword, Keyword::kRun);
}

TEST(DockerfileSyntax, ChompedHeredocStripsLeadingTabs) {
  Parsed p = parse_text("RUN <<-EOT bash\n\techo a\n\t\techo b\n\tEOT\n");
  const Heredoc& h = p.at(0).heredocs.at(0);
  EXPECT_TRUE(h.chomp);
  EXPECT_EQ(h.body, "\techo a\n\t\techo b\n");
  EXPECT_EQ(h.content(), "echo a\necho b\n");
  const std::vector<Heredoc::Line> lines = h.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].text, "echo b");
  expect_span(lines[1].span, 3, 3, 3, 9, "echo b");
  expect_span(h.terminator, 4, 1, 4, 5, "\tEOT");
  EXPECT_EQ(p.at(0).command.str(), "<<-EOT bash");
}

TEST(DockerfileSyntax, QuotedDelimitersDoNotExpand) {
  Parsed p = parse_text(
      "RUN <<\"EOF\"\n$A\nEOF\n"
      "RUN <<'EOF'\n$A\nEOF\n"
      "RUN <<E\"O\"F\n$A\nEOF\n"
      "RUN <<\\EOF\n$A\nEOF\n");
  ASSERT_EQ(p.df.instructions.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_EQ(p.at(i).heredocs.size(), 1u) << i;
    EXPECT_EQ(p.at(i).heredocs[0].name, "EOF") << i;
    EXPECT_FALSE(p.at(i).heredocs[0].expand) << i;
  }
  // BuildKit only looks for quotes: an escaped delimiter still expands.
  EXPECT_EQ(p.at(3).heredocs.at(0).name, "EOF");
  EXPECT_TRUE(p.at(3).heredocs[0].expand);
  EXPECT_TRUE(p.messages().empty());
}

TEST(DockerfileSyntax, SeveralHeredocsOnOneLine) {
  Parsed p = parse_text("COPY <<A 3<<B /dest/\nfirst\nA\nsecond\nB\nRUN <<X <<Y\nY\nX\nX\nY\n");
  const Instruction& copy = p.at(0);
  ASSERT_EQ(copy.heredocs.size(), 2u);
  EXPECT_EQ(copy.heredocs[0].body, "first\n");
  EXPECT_EQ(copy.heredocs[1].body, "second\n");
  EXPECT_EQ(copy.heredocs[1].fd, 3u);
  expect_span(copy.heredocs[1].marker, 1, 10, 1, 14, "3<<B");
  EXPECT_EQ(values(copy.words), (Views{"<<A", "3<<B", "/dest/"}));
  const Instruction& run = p.at(1);
  ASSERT_EQ(run.heredocs.size(), 2u);
  EXPECT_EQ(run.heredocs[0].body, "Y\n");
  EXPECT_EQ(run.heredocs[1].body, "X\n");
  EXPECT_EQ(p.df.instructions.size(), 2u);
}

TEST(DockerfileSyntax, UnterminatedHeredocAndMissingFinalNewline) {
  Parsed done = parse_text("RUN <<EOF\necho x\nEOF");
  ASSERT_EQ(done.at(0).heredocs.size(), 1u);
  EXPECT_TRUE(done.at(0).heredocs[0].terminated);
  expect_span(done.at(0).heredocs[0].terminator, 3, 1, 3, 4, "EOF");
  EXPECT_TRUE(done.messages().empty());

  Parsed open = parse_text("FROM a\nRUN <<EOF\necho x\nRUN y\n");
  ASSERT_EQ(open.df.instructions.size(), 2u);  // the rest of the file is the body
  const Heredoc& h = open.at(1).heredocs.at(0);
  EXPECT_FALSE(h.terminated);
  EXPECT_FALSE(h.terminator.valid());
  EXPECT_EQ(h.body, "echo x\nRUN y\n");
  ASSERT_EQ(open.at(1).problems.size(), 1u);
  EXPECT_EQ(open.at(1).problems[0].message, "unterminated heredoc");
  expect_span(open.at(1).problems[0].span, 2, 5, 2, 10, "<<EOF");
}

TEST(DockerfileSyntax, HeredocsOnlyWhereBuildKitReadsThem) {
  Parsed p = parse_text(
      "USER <<EOF\nEOF\n"
      "RUN [\"<<EOF\"]\n"
      "RUN echo '<<EOF'\n"
      "RUN cat << EOF\n"
      "COPY <<EOF <<EOF2\nx\nEOF\nEOF2\n"
      "COPY x <<EOF\n");
  ASSERT_EQ(p.df.instructions.size(), 7u);
  EXPECT_TRUE(p.at(0).heredocs.empty());
  EXPECT_EQ(p.at(1).keyword, Keyword::kUnknown);  // "EOF" is read as an instruction
  EXPECT_TRUE(p.at(2).heredocs.empty());
  EXPECT_TRUE(p.at(3).heredocs.empty());
  EXPECT_TRUE(p.at(4).heredocs.empty());  // "<<" followed by a space is no marker
  EXPECT_EQ(p.at(5).heredocs.size(), 2u);
  // A heredoc as a destination is refused (and its body is still read).
  EXPECT_EQ(p.at(6).problems.at(0).message, "COPY cannot accept a heredoc as a destination");
}

TEST(DockerfileSyntax, OnbuildWrapsItsTrigger) {
  Parsed p = parse_text(
      "ONBUILD RUN --mount=type=cache,target=/c make\n"
      "ONBUILD COPY <<EOF /x\nhello\nEOF\n"
      "ONBUILD ONBUILD RUN x\n"
      "ONBUILD FROM alpine\n"
      "ONBUILD\n");
  const Instruction& onbuild = p.at(0);
  EXPECT_EQ(onbuild.keyword, Keyword::kOnbuild);
  ASSERT_NE(onbuild.trigger, nullptr);
  const Instruction& run = *onbuild.trigger;
  EXPECT_EQ(run.keyword, Keyword::kRun);
  expect_span(run.keyword_span, 1, 9, 1, 12, "RUN");
  EXPECT_EQ(run.flag("mount")->value, "type=cache,target=/c");
  expect_span(run.flags[0].value_span, 1, 21, 1, 41, "type=cache,target=/c");
  EXPECT_EQ(run.command.str(), "make");
  expect_span(run.command.span(), 1, 42, 1, 46, "make");
  // Heredocs belong to the trigger, and the body lines are not instructions.
  const Instruction& copy = *p.at(1).trigger;
  ASSERT_EQ(copy.heredocs.size(), 1u);
  EXPECT_EQ(copy.heredocs[0].body, "hello\n");
  expect_span(p.at(1).extent, 2, 1, 4, 4, "ONBUILD COPY <<EOF /x\nhello\nEOF");
  EXPECT_EQ(p.df.instructions.size(), 5u);
  EXPECT_EQ(p.at(2).problems.at(0).message, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  EXPECT_EQ(p.at(3).problems.at(0).message, "FROM isn't allowed as an ONBUILD trigger");
  EXPECT_EQ(p.at(4).problems.at(0).message, "ONBUILD requires at least one argument");
}

TEST(DockerfileSyntax, TriggerChecksWaitForTheDownstreamBuild) {
  Parsed p = parse_text("ONBUILD FOO x\nONBUILD RUN --bad x\nONBUILD ENV A=1 B\n");
  const Problem& unknown = p.at(0).trigger->problems.at(0);
  EXPECT_EQ(unknown.kind, ProblemKind::kWarning);
  EXPECT_EQ(
      unknown.message,
      "ONBUILD trigger, refused when an image builds FROM this one: unknown instruction: FOO");
  expect_span(unknown.span, 1, 9, 1, 12, "FOO");
  EXPECT_EQ(p.at(1).trigger->problems.at(0).kind, ProblemKind::kWarning);
  // The line parser reads the trigger now: its errors fail this build.
  EXPECT_EQ(p.at(2).trigger->problems.at(0).kind, ProblemKind::kError);
}

// --- Hostile input -------------------------------------------------------------------------

TEST(DockerfileSyntax, HostileInputIsReadInBoundedTime) {
  std::string garbage;
  for (int i = 0; i < 20000; ++i) garbage += static_cast<char>((i * 7919) % 256);
  Parsed g = parse_text(garbage);
  EXPECT_FALSE(g.df.instructions.empty());

  std::string nested = "CMD " + std::string(50000, '[') + "\n";
  Parsed n = parse_text(nested);
  EXPECT_EQ(n.at(0).form, Form::kShell);  // too deep for JSON: the shell form

  std::string chain;
  for (int i = 0; i < 10000; ++i) chain += "ONBUILD ";
  Parsed c = parse_text(chain + "RUN x\n");
  ASSERT_EQ(c.df.instructions.size(), 1u);
  EXPECT_EQ(c.at(0).trigger->keyword, Keyword::kOnbuild);
  EXPECT_EQ(c.at(0).trigger->trigger, nullptr);  // not parsed deeper

  std::string flags = "RUN";
  for (int i = 0; i < 3000; ++i) flags += " --x";
  Parsed f = parse_text(flags + " true\n");
  EXPECT_EQ(f.at(0).flags.size(), 1000u);
  EXPECT_EQ(f.at(0).problems.size(), 101u);  // 100 listed, then one saying the rest are not
  EXPECT_EQ(f.at(0).problems.back().kind, ProblemKind::kLimit);

  std::string huge = "EXPOSE";
  for (int i = 0; i < 100100; ++i) huge += " 1";
  Parsed h = parse_text(huge + "\n");
  EXPECT_EQ(h.at(0).words.size(), 100000u);
  EXPECT_EQ(h.at(0).problems.at(0).kind, ProblemKind::kLimit);

  std::string many_words = "EXPOSE";
  for (int i = 0; i < 20000; ++i) many_words += " 80";
  Parsed w = parse_text(many_words + "\n");
  EXPECT_EQ(w.at(0).words.size(), 20000u);
  EXPECT_EQ(w.at(0).words.back().span.start().column, 6u + 3u * 19999u + 2u);
}

}  // namespace
}  // namespace clearance::dockerfile
