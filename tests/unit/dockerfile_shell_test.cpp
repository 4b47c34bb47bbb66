// Shell splitting of RUN commands and scripts: simple commands, operators, quoting,
// redirections, heredocs, nested scripts ($(...), backquotes, sh -c), spans in the Dockerfile.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dockerfile/shell.h"

namespace clearance::dockerfile::shell {
namespace {

struct SplitText {
  source::SourceFilePtr file;
  Script script;
};

SplitText split_text(std::string text) {
  SplitText s;
  s.file = std::make_shared<source::SourceFile>("run.sh", "/p/run.sh", std::move(text));
  s.script = split(JoinedText(*s.file, 0, static_cast<uint32_t>(s.file->bytes().size())));
  return s;
}

struct ParsedRun {
  source::SourceFilePtr file;
  Dockerfile df;
  Script script;  // of the last instruction
};

ParsedRun analyse_text(std::string text) {
  ParsedRun p;
  p.file = std::make_shared<source::SourceFile>("Dockerfile", "/p/Dockerfile", std::move(text));
  p.df = parse(p.file);
  p.script = analyse(p.df.instructions.back());
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

std::vector<std::string> argv(const Command& c) {
  std::vector<std::string> out;
  for (const Word& w : c.words) out.push_back(w.value);
  return out;
}

using Strings = std::vector<std::string>;

TEST(DockerfileShell, OperatorsConnectCommands) {
  SplitText s = split_text("a && b || c; d | e |& f & g\nh");
  const std::vector<Command>& c = s.script.commands;
  ASSERT_EQ(c.size(), 8u);
  EXPECT_EQ(c[0].connector, Connector::kStart);
  EXPECT_EQ(c[1].connector, Connector::kAnd);
  EXPECT_EQ(c[2].connector, Connector::kOr);
  EXPECT_EQ(c[3].connector, Connector::kSequence);
  EXPECT_EQ(c[4].connector, Connector::kPipe);
  EXPECT_EQ(c[5].connector, Connector::kPipe);
  EXPECT_EQ(c[6].connector, Connector::kBackground);
  EXPECT_EQ(c[7].connector, Connector::kSequence);
  EXPECT_EQ(piped_into(s.script, 3), 4);
  EXPECT_EQ(piped_into(s.script, 0), -1);
  expect_span(c[7].span, 2, 1, 2, 2, "h");
}

TEST(DockerfileShell, QuotingAndEscapes) {
  SplitText s = split_text(
      "echo 'single $X' \"double $X \\\"q\\\" \\x\" plain\\ space $'a\\tb' \"\" x\\\ny # "
      "comment\n");
  ASSERT_EQ(s.script.commands.size(), 1u);
  const Command& c = s.script.commands[0];
  EXPECT_EQ(argv(c),
            (Strings{"echo", "single $X", "double $X \"q\" \\x", "plain space", "a\tb", "", "xy"}));
  EXPECT_FALSE(c.words[1].expanded);  // single quotes: literal
  EXPECT_TRUE(c.words[2].expanded);
  EXPECT_TRUE(c.words[2].quoted);
  EXPECT_FALSE(c.words[0].quoted);
  expect_span(c.words[1].span, 1, 6, 1, 17, "'single $X'");
  expect_span(c.words[6].span, 1, 63, 2, 2, "x\\\ny");  // a line continuation inside the word
  EXPECT_TRUE(s.script.problems.empty());
}

TEST(DockerfileShell, AssignmentsAndRedirections) {
  SplitText s = split_text("FOO=bar BAZ=\"a b\" cmd arg >out 2>&1 <in 3>>log &>/dev/null X=y\n");
  const Command& c = s.script.commands.at(0);
  ASSERT_EQ(c.assignments.size(), 2u);
  EXPECT_EQ(c.assignments[0].name, "FOO");
  EXPECT_EQ(c.assignments[0].value.value, "bar");
  EXPECT_EQ(c.assignments[1].value.value, "a b");
  expect_span(c.assignments[1].span, 1, 9, 1, 18, "BAZ=\"a b\"");
  expect_span(c.assignments[1].value.span, 1, 13, 1, 18, "\"a b\"");
  EXPECT_EQ(argv(c), (Strings{"cmd", "arg", "X=y"}));  // after the name, X=y is an argument
  ASSERT_EQ(c.redirections.size(), 5u);
  EXPECT_EQ(c.redirections[0].op, ">");
  EXPECT_EQ(c.redirections[0].target.value, "out");
  EXPECT_EQ(c.redirections[1].fd, 2);
  EXPECT_EQ(c.redirections[1].op, ">&");
  EXPECT_EQ(c.redirections[1].target.value, "1");
  expect_span(c.redirections[1].span, 1, 32, 1, 36, "2>&1");
  EXPECT_EQ(c.redirections[2].op, "<");
  EXPECT_EQ(c.redirections[3].fd, 3);
  EXPECT_EQ(c.redirections[3].op, ">>");
  EXPECT_EQ(c.redirections[4].op, "&>");
  EXPECT_EQ(c.redirections[4].target.value, "/dev/null");
}

TEST(DockerfileShell, BashArrays) {
  SplitText s = split_text(
      "pkgs=(curl \"git lfs\") && local -a more=(a b) x && apt-get install ${pkgs[@]}\n");
  const std::vector<Command>& c = s.script.commands;
  ASSERT_EQ(c.size(), 3u);
  ASSERT_EQ(c[0].assignments.size(), 1u);
  EXPECT_EQ(c[0].assignments[0].value.value, "(curl \"git lfs\")");
  expect_span(c[0].assignments[0].span, 1, 1, 1, 22, "pkgs=(curl \"git lfs\")");
  EXPECT_EQ(argv(c[1]), (Strings{"local", "-a", "more=(a b)", "x"}));
  EXPECT_TRUE(s.script.problems.empty());
}

TEST(DockerfileShell, PipeIntoShellFromCurl) {
  ParsedRun p = analyse_text("FROM a\nRUN curl -fsSL https://get.example.com | sh -s -- --yes\n");
  ASSERT_EQ(p.script.commands.size(), 2u);
  EXPECT_EQ(program_name(p.script.commands[0]), "curl");
  EXPECT_EQ(piped_into(p.script, 0), 1);
  const Command& sh = p.script.commands[1];
  EXPECT_TRUE(is_shell(program_name(sh)));
  EXPECT_TRUE(shell_reads_stdin(sh));  // -s: the script comes from the pipe
  expect_span(sh.span, 2, 42, 2, 56, "sh -s -- --yes");
}

TEST(DockerfileShell, ContinuationLinesMapToTheDockerfile) {
  ParsedRun p = analyse_text(
      "RUN apt-get update \\\n"
      "    # the install\n"
      "    && apt-get install -y curl \\\n"
      "    && curl https://x | bash\n");
  const std::vector<Command>& c = p.script.commands;
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(argv(c[1]), (Strings{"apt-get", "install", "-y", "curl"}));
  expect_span(c[1].words[3].span, 3, 27, 3, 31, "curl");
  expect_span(c[1].span, 3, 8, 3, 31, "apt-get install -y curl");
  EXPECT_EQ(c[3].connector, Connector::kPipe);
  expect_span(c[3].span, 4, 25, 4, 29, "bash");
  // A command across a continuation: its span runs over both lines.
  ParsedRun q = analyse_text("RUN echo a \\\n  b\n");
  expect_span(q.script.commands.at(0).span, 1, 5, 2, 4, "echo a \\\n  b");
}

// Wrappers' options that leave their argument to the next word are skipped with it.
TEST(DockerfileShell, ProgramAfterWrapperOptions) {
  const std::pair<std::string, std::string> cases[] = {
      {"RUN sudo --user app -H pip install x\n", "pip"},   // a long option and its argument
      {"RUN sudo --user=app yarn install\n", "yarn"},      // the argument in the word
      {"RUN sudo -iu app make\n", "make"},                 // a cluster ending in -u
      {"RUN sudo -uapp make\n", "make"},                   // -u holding its argument
      {"RUN doas -u app make\n", "make"},
      {"RUN env -u HOME A=1 nice -n 5 timeout -s KILL 10 make\n", "make"},
      {"RUN command -v make\n", ""},                       // looks make up, runs nothing
  };
  for (const auto& [text, program] : cases) {
    ParsedRun p = analyse_text(text);
    ASSERT_EQ(p.script.commands.size(), 1u) << text;
    EXPECT_EQ(program_name(p.script.commands[0]), program) << text;
  }
}

TEST(DockerfileShell, ShellCScriptsAreSplitWithTheirOwnSpans) {
  ParsedRun p = analyse_text(
      "RUN sudo -u root env A=1 bash -euxo pipefail -c \"apt-get update && curl \\\"$U\\\" | "
      "sh\"\n");
  ASSERT_EQ(p.script.commands.size(), 1u);
  const Command& bash = p.script.commands[0];
  EXPECT_EQ(program_index(bash), 5u);
  EXPECT_EQ(program_name(bash), "bash");
  const Word* script = shell_c_script(bash);
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->value, "apt-get update && curl \"$U\" | sh");
  ASSERT_EQ(bash.nested.size(), 1u);
  const Script& inner = bash.nested[0];
  EXPECT_EQ(inner.origin, Origin::kShellC);
  ASSERT_EQ(inner.commands.size(), 3u);
  EXPECT_EQ(argv(inner.commands[1]), (Strings{"curl", "$U"}));
  // The inner word "$U" was written as \"$U\" inside the outer double quotes: its first
  // quote is the one after the backslash.
  expect_span(inner.commands[1].words[1].span, 1, 74, 1, 79, "\"$U\\\"");
  EXPECT_EQ(inner.commands[2].connector, Connector::kPipe);
  expect_span(inner.commands[2].span, 1, 82, 1, 84, "sh");
}

TEST(DockerfileShell, NestedShellCIsBounded) {
  std::string text = "RUN sh -c 'sh -c \"sh -c true\"'\n";
  ParsedRun p = analyse_text(text);
  const Command* c = &p.script.commands.at(0);
  int depth = 0;
  while (!c->nested.empty() && !c->nested[0].commands.empty()) {
    c = &c->nested[0].commands[0];
    ++depth;
  }
  EXPECT_EQ(depth, 3);
  EXPECT_EQ(argv(*c), (Strings{"true"}));
  Options shallow;
  shallow.max_shell_depth = 1;
  const Script s = analyse(p.df.instructions[0], shallow);
  ASSERT_EQ(s.commands[0].nested.size(), 1u);
  EXPECT_TRUE(s.commands[0].nested[0].commands[0].nested.empty());
}

TEST(DockerfileShell, CommandSubstitutionsAndBackquotes) {
  SplitText s = split_text("echo \"$(curl -s x | sh)\" `id -u` $(( 1 + 2 )) ${A:-$(b)}\n");
  const Command& echo = s.script.commands.at(0);
  EXPECT_EQ(argv(echo),
            (Strings{"echo", "$(curl -s x | sh)", "`id -u`", "$(( 1 + 2 ))", "${A:-$(b)}"}));
  ASSERT_EQ(echo.nested.size(), 2u);  // arithmetic and ${...} are not scripts
  const Script& sub = echo.nested[0];
  EXPECT_EQ(sub.origin, Origin::kCommandSubstitution);
  expect_span(sub.span, 1, 7, 1, 24, "$(curl -s x | sh)");
  ASSERT_EQ(sub.commands.size(), 2u);
  EXPECT_EQ(sub.commands[1].connector, Connector::kPipe);
  expect_span(sub.commands[1].span, 1, 21, 1, 23, "sh");
  EXPECT_EQ(echo.nested[1].origin, Origin::kBackquotes);
  EXPECT_EQ(argv(echo.nested[1].commands.at(0)), (Strings{"id", "-u"}));
  expect_span(echo.nested[1].commands[0].span, 1, 27, 1, 32, "id -u");
}

TEST(DockerfileShell, GroupsAndCompoundCommandsAreFlattened) {
  SplitText s = split_text(
      "if [ -f x ]; then (cd /tmp && make); else { echo no; } | cat; fi\n"
      "for f in $(ls); do rm \"$f\"; done\n"
      "while read l; do echo \"$l\"; done < list\n"
      "case \"$1\" in a|b) echo ab ;; *) echo other ;; esac\n"
      "[[ $a < b && -n $c ]] || exit 1\n"
      "f() { echo fn; }\n");
  std::vector<Strings> cmds;
  std::vector<int> depth;
  for (const Command& c : s.script.commands) {
    cmds.push_back(argv(c));
    depth.push_back(c.group_depth);
  }
  EXPECT_EQ(cmds, (std::vector<Strings>{{"[", "-f", "x", "]"},
                                        {"cd", "/tmp"},
                                        {"make"},
                                        {"echo", "no"},
                                        {"cat"},
                                        {},  // the `for` list, holding $(ls)
                                        {"rm", "$f"},
                                        {"read", "l"},
                                        {"echo", "$l"},
                                        {},  // `done < list`
                                        {"echo", "ab"},
                                        {"echo", "other"},
                                        {"[[", "$a", "<", "b", "&&", "-n", "$c", "]]"},
                                        {"exit", "1"},
                                        {"echo", "fn"}}));
  EXPECT_EQ(depth[1], 1);
  EXPECT_EQ(depth[3], 1);
  EXPECT_EQ(depth[4], 0);
  EXPECT_EQ(s.script.commands[4].connector, Connector::kPipe);  // { ...; } | cat
  EXPECT_EQ(s.script.commands[5].nested.size(), 1u);
  EXPECT_EQ(s.script.commands[13].connector, Connector::kOr);
  EXPECT_TRUE(s.script.problems.empty());
}

TEST(DockerfileShell, HeredocsInsideAScript) {
  SplitText s = split_text(
      "cat <<EOF | sh\necho inside\nEOF\nbash <<-'X'\n\twget -O- y | bash\n\tX\necho after\n");
  const std::vector<Command>& c = s.script.commands;
  ASSERT_EQ(c.size(), 4u);
  ASSERT_EQ(c[0].redirections.size(), 1u);
  EXPECT_TRUE(c[0].redirections[0].heredoc());
  expect_span(c[0].redirections[0].heredoc_body, 2, 1, 3, 1, "echo inside\n");
  // cat is no shell, but it passes the heredoc into `sh`, which runs it.
  ASSERT_EQ(c[0].nested.size(), 1u);
  EXPECT_EQ(c[0].nested[0].commands.size(), 1u);
  EXPECT_EQ(c[1].connector, Connector::kPipe);
  // bash reads its script from the heredoc.
  ASSERT_EQ(c[2].nested.size(), 1u);
  const Script& body = c[2].nested[0];
  EXPECT_EQ(body.origin, Origin::kHeredoc);
  ASSERT_EQ(body.commands.size(), 2u);
  EXPECT_EQ(body.commands[1].connector, Connector::kPipe);
  expect_span(body.commands[1].span, 5, 15, 5, 19, "bash");
  EXPECT_EQ(argv(c[3]), (Strings{"echo", "after"}));
}

TEST(DockerfileShell, RunHeredocBodyIsTheScript) {
  ParsedRun p = analyse_text("FROM a\nRUN <<EOF\nset -e\ncurl -fsSL https://x | sh\nEOF\n");
  EXPECT_EQ(p.script.origin, Origin::kRunHeredoc);
  ASSERT_EQ(p.script.commands.size(), 3u);
  EXPECT_EQ(piped_into(p.script, 1), 2);
  expect_span(p.script.commands[2].span, 4, 24, 4, 26, "sh");
}

TEST(DockerfileShell, RunHeredocFedToAShellOrNot) {
  ParsedRun bash = analyse_text("RUN <<EOF bash\nwget -qO- y | sh\nEOF\n");
  ASSERT_EQ(bash.script.commands.size(), 1u);
  const Command& c = bash.script.commands[0];
  EXPECT_EQ(argv(c), (Strings{"bash"}));
  ASSERT_EQ(c.redirections.size(), 1u);
  EXPECT_EQ(c.redirections[0].dockerfile_heredoc, 0);
  ASSERT_EQ(c.nested.size(), 1u);
  EXPECT_EQ(c.nested[0].origin, Origin::kRunHeredoc);
  EXPECT_EQ(c.nested[0].commands.at(1).connector, Connector::kPipe);
  expect_span(c.nested[0].commands[1].span, 2, 15, 2, 17, "sh");

  ParsedRun python = analyse_text("RUN python3 <<EOF\nimport os | sh\nEOF\n");
  EXPECT_TRUE(python.script.commands.at(0).nested.empty());
  ParsedRun shebang = analyse_text("RUN <<EOF\n#!/usr/bin/env python3\nprint('a | sh')\nEOF\n");
  EXPECT_TRUE(shebang.script.commands.empty());
  ParsedRun bash_shebang = analyse_text("RUN <<EOF\n#!/bin/bash\nls | sh\nEOF\n");
  EXPECT_EQ(bash_shebang.script.commands.size(), 2u);

  // Several heredocs, bound in order.
  ParsedRun two = analyse_text("RUN cat <<A > /x && sh <<B\na | sh\nA\nb | sh\nB\n");
  const std::vector<Command>& t = two.script.commands;
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].redirections[0].dockerfile_heredoc, 0);
  EXPECT_TRUE(t[0].nested.empty());
  EXPECT_EQ(t[1].redirections[0].dockerfile_heredoc, 1);
  ASSERT_EQ(t[1].nested.size(), 1u);
  EXPECT_EQ(argv(t[1].nested[0].commands.at(0)), (Strings{"b"}));
}

TEST(DockerfileShell, ExecFormShellC) {
  ParsedRun p = analyse_text("CMD [\"/bin/sh\", \"-c\", \"curl \\\"$U\\\" | sh\"]\n");
  ASSERT_EQ(p.script.commands.size(), 1u);
  const Command& c = p.script.commands[0];
  EXPECT_EQ(argv(c), (Strings{"/bin/sh", "-c", "curl \"$U\" | sh"}));
  expect_span(c.words[0].span, 1, 7, 1, 14, "/bin/sh");
  ASSERT_EQ(c.nested.size(), 1u);
  const Script& inner = c.nested[0];
  ASSERT_EQ(inner.commands.size(), 2u);
  expect_span(inner.commands[0].words[1].span, 1, 29, 1, 35, "\\\"$U\\\"");
  expect_span(inner.commands[1].span, 1, 38, 1, 40, "sh");
}

TEST(DockerfileShell, OnbuildAndHealthcheck) {
  ParsedRun onbuild = analyse_text("ONBUILD RUN make && make install\n");
  ASSERT_EQ(onbuild.script.commands.size(), 2u);
  expect_span(onbuild.script.commands[1].span, 1, 21, 1, 33, "make install");
  ParsedRun health = analyse_text("HEALTHCHECK --interval=5s CMD curl -f localhost || exit 1\n");
  ASSERT_EQ(health.script.commands.size(), 2u);
  EXPECT_EQ(health.script.commands[1].connector, Connector::kOr);
  ParsedRun other = analyse_text("COPY a b\n");
  EXPECT_TRUE(other.script.commands.empty());
}

TEST(DockerfileShell, WrappersAndShellOptions) {
  SplitText s = split_text(
      "exec env -i PATH=/bin nohup nice -n 5 timeout 10 bash script.sh\n"
      "busybox sh -c 'echo hi'\n"
      "bash -o pipefail -c 'a | b' name arg\n"
      "sh -\n"
      "dash script.sh\n"
      "command -v sh\n");
  const std::vector<Command>& c = s.script.commands;
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(program_name(c[0]), "bash");
  EXPECT_FALSE(shell_reads_stdin(c[0]));  // it runs script.sh
  EXPECT_EQ(program_name(c[1]), "sh");
  EXPECT_EQ(c[1].nested.size(), 1u);
  EXPECT_EQ(shell_c_script(c[2])->value, "a | b");
  EXPECT_TRUE(shell_reads_stdin(c[3]));
  EXPECT_FALSE(shell_reads_stdin(c[4]));
  EXPECT_EQ(program_name(c[5]), "");  // `command -v` runs nothing
}

// The shells by name, and the words that are not: the reader tells them apart by length and
// last letter first, then by name.
TEST(DockerfileShell, ShellNames) {
  for (std::string_view name : {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "yash", "posh"})
    EXPECT_TRUE(is_shell(name)) << name;
  for (std::string_view name : {"", "h", "ssh", "bsh", "fish", "tcsh", "shell", "bash5", "Bash", "push"})
    EXPECT_FALSE(is_shell(name)) << name;
}

// Every reserved word at the start of a command, so that the quick first-character test
// keeps them all; the same words as arguments or quoted are ordinary words.
TEST(DockerfileShell, ReservedWordsStartNoCommand) {
  SplitText s = split_text(
      "until false; do :; done\n"
      "select x in a b; do echo \"$x\"; done\n"
      "function g { echo g; }\n"
      "! true\n"
      "if a; then b; elif c; then d; else e; fi\n"
      "echo if then done esac '{' \"for\"\n");
  std::vector<Strings> cmds;
  for (const Command& c : s.script.commands) cmds.push_back(argv(c));
  EXPECT_EQ(cmds, (std::vector<Strings>{{"false"},
                                        {":"},
                                        {"echo", "$x"},  // the `select` list is no command
                                        {"echo", "g"},
                                        {"true"},
                                        {"a"},
                                        {"b"},
                                        {"c"},
                                        {"d"},
                                        {"e"},
                                        {"echo", "if", "then", "done", "esac", "{", "for"}}));
  EXPECT_TRUE(s.script.problems.empty());
}

TEST(DockerfileShell, ProblemsOfBrokenScripts) {
  SplitText s = split_text("echo 'open\n");
  ASSERT_EQ(s.script.problems.size(), 1u);
  EXPECT_EQ(s.script.problems[0].message, "unexpected EOF while looking for matching `''");
  SplitText p = split_text("echo a )\n");
  EXPECT_EQ(p.script.problems.at(0).message, "syntax error near unexpected token `)'");
  SplitText h = split_text("cat <<EOF\nno end\n");
  EXPECT_EQ(h.script.problems.at(0).message,
            "here-document delimited by end-of-file (wanted `EOF')");
}

TEST(DockerfileShell, HostileInputIsBounded) {
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "$(";
  SplitText d = split_text(deep);
  EXPECT_TRUE(d.script.truncated);

  // Each level of `sh -c` quoting doubles the backslashes; the analysis follows a few levels.
  std::string script = "true";
  for (int i = 0; i < 12; ++i) {
    std::string quoted;
    for (char ch : script)
      quoted += (ch == '"' || ch == '\\') ? std::string("\\") + ch : std::string(1, ch);
    script = "sh -c \"" + quoted + "\"";
  }
  SplitText q = split_text(script);
  int levels = 0;
  for (const Script* n = &q.script; !n->commands.empty() && !n->commands[0].nested.empty();
       n = &n->commands[0].nested[0])
    ++levels;
  EXPECT_EQ(levels, 4);

  std::string words = "echo";
  for (int i = 0; i < 250000; ++i) words += " >a";
  SplitText w = split_text(words);
  EXPECT_TRUE(w.script.truncated);
  EXPECT_EQ(w.script.commands.at(0).redirections.size(), 199999u);

  std::string pipes;
  for (int i = 0; i < 50000; ++i) pipes += "a|";
  SplitText p = split_text(pipes);
  EXPECT_EQ(p.script.commands.size(), 50000u);
  EXPECT_EQ(p.script.commands.back().span.start().column, 99999u);
}

}  // namespace
}  // namespace clearance::dockerfile::shell
