#pragma once
// What the build rules read in RUN instructions: every simple command a RUN (or ONBUILD RUN)
// runs, through heredoc bodies, `sh -c` scripts and substitutions, as dockerfile/shell.h splits
// them; the program each command runs; its options; the variables it exports; the files it
// writes with echo, printf, cat or tee. Rules never look at the raw line.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/shell.h"
#include "dockerfile/syntax.h"
#include "model/project.h"
#include "rules/build/dockerfile_scope.h"
#include "rules/rule.h"
#include "source/ascii.h"
#include "source/source_file.h"

namespace clearance::rules::build {

namespace sh = dockerfile::shell;
using source::Span;

// A simple command, the script it is part of and the instruction that runs it.
struct RunCommand {
  const sh::Command& command;
  const sh::Script& script;
  size_t index;  // in script.commands
  const Step& step;
};

// Calls fn for every script a RUN instruction (or an ONBUILD RUN) runs, and every script nested
// in it. Shell-form RUNs of a stage whose SHELL is not a POSIX shell are skipped (their syntax
// is not sh's); exec-form RUNs are always read.
void for_each_run_script(const dockerfile::Dockerfile& dockerfile,
                         const std::function<void(const sh::Script&, const Step&)>& fn);
// Calls fn for every command of those scripts, in order. The commands are gathered once per
// Dockerfile of the project, for every rule that asks; RunCommand::step.lookup then answers
// "unknown" for every variable (rules read the step's instructions only).
void for_each_run_command(const model::Project& project, const dockerfile::Dockerfile& dockerfile,
                          const std::function<void(const RunCommand&)>& fn);

// The program a command runs, after wrappers (sudo, env, exec, ...): its index in words and its
// name (basename, "" when there is none or the word is an expansion such as `$PIP`).
struct Program {
  size_t index = 0;
  std::string_view name;
};
// Inline: every RUN rule asks it of every command, several times.
inline Program program(const sh::Command& command) {
  Program p;
  p.index = sh::program_index(command);
  if (p.index < command.words.size() && !command.words[p.index].expanded) p.name = sh::program_name(command);
  return p;
}

// Program families.
bool is_python(std::string_view name);  // python, python3, python3.12, pypy3
bool is_pip(std::string_view name);     // pip, pip3, pip3.12
// Where a pip command line's own arguments start: after `pip`, after `python -m pip`, after
// `uv pip`; nullopt when the command does not run pip.
std::optional<size_t> pip_arguments(const sh::Command& command);

// Where [from, to) of a word's value is written: exact when the word is written as its value
// up to `to` (no quotes or escapes before), else the whole word.
Span word_part(const sh::Script& script, const sh::Word& word, size_t from, size_t to);
// From the start of `a` to the end of `b` (same file, a before b).
Span join(const Span& a, const Span& b);

// A long option `--name VALUE` or `--name=VALUE` at words[i].
struct LongOption {
  size_t word = 0;
  bool has_value = false;
  std::string_view value;
  size_t value_word = 0;  // words index of the value (== word for the `=` form)
};
// The occurrences of `--name` in words [from, end), in order. `takes_value`: the value may be the
// next word.
std::vector<LongOption> long_options(const sh::Command& command, size_t from, std::string_view name,
                                     bool takes_value);

// A variable a command puts in the environment of the program it runs: `NAME=v cmd`,
// `export NAME=v`, `declare -x NAME=v`, `env NAME=v cmd`, `sudo NAME=v cmd`.
struct Exported {
  std::string_view name;
  std::string value;  // quotes removed
  bool known = true;  // the value has no expansion
  Span span;          // NAME=v as written
};
std::vector<Exported> exported_variables(const sh::Command& command);

// Text written to a file by echo, printf, `cat <<EOF > file`, `tee file`, or a COPY/ADD
// heredoc: one line of it, and where that line is written.
struct WrittenLine {
  std::string text;
  Span span;
};
struct WrittenFile {
  std::string path;  // as written, unexpanded ("$HOME/.npmrc")
  std::vector<WrittenLine> lines;
};
// The files command `index` of `script` writes (with the RUN's heredocs, for `cat <<EOF`).
std::vector<WrittenFile> files_written(const sh::Script& script, size_t index,
                                       const dockerfile::Instruction& run);
// The files a COPY or ADD heredoc creates (`COPY <<EOF /etc/pip.conf`).
std::vector<WrittenFile> files_created(const dockerfile::Instruction& copy);

// A variable set in the environment of build steps (or of the containers): an ENV entry, an ARG
// default, or a variable a RUN command exports (see exported_variables). ONBUILD ENV/ARG too.
struct Setting {
  std::string_view name;
  std::optional<std::string> value;  // nullopt: not known (depends on a variable)
  Span span;                         // NAME=value as written
  dockerfile::Keyword keyword;       // kEnv, kArg or kRun
};

// One pass over a Dockerfile for the rules that read settings, commands and the files builds
// write. The pass is made once per Dockerfile of the project and replayed for each rule that
// asks (as for for_each_run_command, RunCommand::step.lookup answers "unknown"). Any callback
// may be empty.
struct Visitor {
  std::function<void(const Setting&)> setting;     // ENV, ARG defaults, variables RUN exports
  std::function<void(const RunCommand&)> command;  // every command RUN runs
  std::function<void(const WrittenFile&)> file;    // files RUN writes, COPY/ADD heredocs
};
void visit(const model::Project& project, const dockerfile::Dockerfile& dockerfile, const Visitor& visitor);

// A line of a configuration file: `key = value`, `key: value`, `key value` (curlrc, npmrc,
// wgetrc, pip.conf, .condarc, apt.conf). The key is lower-cased and trimmed, the value trimmed of
// blanks, quotes and a final ';'. Nothing for blank and comment lines.
struct ConfigLine {
  std::string key;
  std::string raw_key;  // as written
  std::string value;
  bool has_value = false;
};
std::optional<ConfigLine> config_line(std::string_view line);
// The last path component of a path.
std::string_view path_basename(std::string_view path);
// true, yes, on, 1 / false, no, off, 0 (case-insensitive).
bool is_false_word(std::string_view value);
bool is_true_word(std::string_view value);

// Reports a finding whose identifying content (for fingerprints and baseline excerpts) is its
// message, never the text at the span: a download command may carry a URL with credentials. The
// messages of these rules name hosts only.
Finding& report(Reporter& out, const Span& at, std::string message);

std::string_view trim(std::string_view s);

}  // namespace clearance::rules::build
