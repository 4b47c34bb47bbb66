#pragma once
// Shell scripts (RUN commands, heredoc bodies, `sh -c` arguments) split into simple commands
// the way a POSIX shell lexer (sh, dash, bash) splits them: words with quoting ('...', "...",
// $'...', backslash escapes, line continuations), variable assignments, redirections (heredocs
// included), and the operators that connect commands: && || ; | |& & and newlines. Subshells,
// { } groups, if/while/until/for/case bodies are flattened into the same list (group_depth says
// how deep a command is); the scripts a command runs ($(...), `...`, <(...), `sh -c '...'`, a
// heredoc read by a shell) are nested under it and split the same way, to a bounded depth.
//
// Nothing is expanded: `$HOME` stays `$HOME`. Linear in the text (each nesting level bounded).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/syntax.h"
#include "dockerfile/text.h"

namespace clearance::dockerfile::shell {

// How a command follows the command before it in its script.
enum class Connector : uint8_t {
  kStart,       // the first command of its script
  kSequence,    // after ';', ';;', a newline, or a compound keyword (then, do, else, ...)
  kAnd,         // after '&&'
  kOr,          // after '||'
  kPipe,        // after '|' or '|&': it reads the previous command's output
  kBackground,  // after '&': the previous command runs in the background
};

struct Word {
  std::string value;     // quotes removed, escapes applied; expansions kept as written
                         // (`"$HOME/x"` -> `$HOME/x`, `$(id -u)` stays `$(id -u)`)
  std::string_view raw;  // as written in Script::text
  Span span;
  uint32_t begin = 0;  // [begin, end) in Script::text
  uint32_t end = 0;
  bool quoted = false;    // some part was quoted or escaped
  bool expanded = false;  // it has a $ or ` expansion outside single quotes: the value the
                          // shell uses differs from `value`
};

struct Assignment {
  std::string_view name;  // "FOO" of FOO=bar (also FOO+=bar, FOO[1]=bar)
  Word value;             // "bar", unquoted like any word
  Span span;              // "FOO=bar"
};

struct Redirection {
  std::string_view op;  // "<", ">", ">>", ">|", "<>", "<&", ">&", "&>", "&>>", "<<", "<<-", "<<<"
  int fd = -1;          // the descriptor written before the operator ("2>"), -1 when none
  Word target;          // the file, descriptor, here-string, or heredoc delimiter
  Span span;            // operator and target
  Span heredoc_body;    // a heredoc whose body is in the script: its lines (invalid otherwise)
  int dockerfile_heredoc = -1;  // analyse(): the index in Instruction::heredocs of its body

  bool heredoc() const { return op == "<<" || op == "<<-"; }
};

enum class Origin : uint8_t {
  kText,                 // the text given to split() or analyse()
  kCommandSubstitution,  // $(...)
  kBackquotes,           // `...`
  kProcessSubstitution,  // <(...) or >(...)
  kShellC,               // the script argument of `sh -c` (bash -c, dash -c, ...)
  kHeredoc,              // a heredoc body in the script, read by a shell (`bash <<EOF`)
  kRunHeredoc,           // a RUN heredoc body run as a shell script (`RUN <<EOF`, or fed to a
                         // shell: `RUN <<EOF bash`)
};

struct Command;

struct Script {
  Origin origin = Origin::kText;
  JoinedText text;  // what Word::begin/end refer to; for $(...) and <(...) the text of
                    // the enclosing script, which they are part of
  Span span;        // where this script is written
  std::vector<Command> commands;  // simple commands, in the order written
  std::vector<Problem> problems;  // what the shell would refuse (unterminated quote, unmatched
                                  // parenthesis, heredoc without delimiter line)
  bool truncated = false;         // a nesting or size limit stopped the analysis
};

struct Command {
  std::vector<Assignment> assignments;  // FOO=bar before the command name
  std::vector<Word> words;              // the command name and its arguments; may be empty
                                        // (bare assignments or redirections, `for` lists)
  std::vector<Redirection> redirections;
  Connector connector = Connector::kStart;
  uint16_t group_depth = 0;    // inside how many ( ) and { } of its script
  Span span;                   // from its first to its last token
  std::vector<Script> nested;  // scripts it runs or that run for it, in the order written
  // program_index(), computed once when the command is read (every rule asks for it);
  // kNotComputed for a Command put together by hand.
  static constexpr size_t kNotComputed = static_cast<size_t>(-1);
  size_t program = kNotComputed;
};

struct Options {
  int max_shell_depth = 4;        // `sh -c` and shell heredocs followed this many levels deep
  bool heredocs_outside = false;  // heredoc bodies are not in the text (a RUN line): do not
                                  // look for them after the line
};

// Splits a shell script.
Script split(const JoinedText& text, const Options& options = {});

// The shell script(s) an instruction runs: RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD (the
// ONBUILD trigger for ONBUILD), in shell form (heredocs bound to their redirections, and a heredoc
// body split when a shell runs it) or exec form (one command from the JSON strings, its
// `sh -c` script split). Empty for other instructions. Assumes a POSIX shell: callers decide
// for stages whose SHELL is not one.
Script analyse(const Instruction& instruction, const Options& options = {});

// The index in command.words of the program that runs, after wrappers that run their arguments
// (exec, command, env, sudo, doas, nohup, nice, time, timeout, stdbuf, busybox before a shell,
// gosu USER, su-exec USER, setpriv, chroot DIR, runuser -u USER) and their options;
// words.size() when there is none.
// Inline over the index the reader stores in each command (every RUN rule asks for it).
size_t find_program_index(const Command& command);  // the same, never stored
inline size_t program_index(const Command& command) {
  return command.program != Command::kNotComputed ? command.program : find_program_index(command);
}
// The basename of that program's word ("bash" for "/usr/bin/bash"), or "".
inline std::string_view program_name(const Command& command) {
  const size_t k = program_index(command);
  if (k >= command.words.size()) return {};
  const std::string_view word = command.words[k].value;
  const size_t slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}
// Whether `word` is `name` or a path to it (`/usr/sbin/sshd` for "sshd"). Tested from the end:
// rules ask it of every word of every RUN.
inline bool names_program(std::string_view word, std::string_view name) {
  return word.ends_with(name) && (word.size() == name.size() || word[word.size() - name.size() - 1] == '/');
}
// sh, bash, dash, ash, zsh, ksh, mksh, yash, posh.
bool is_shell(std::string_view name);
// For `sh -c SCRIPT ...` (options before or after -c): the SCRIPT word, or null.
const Word* shell_c_script(const Command& command);
// The script a command hands to a shell as a string: `sh -c SCRIPT`, and su's (or runuser's
// without -u) `-c SCRIPT` / `--command SCRIPT` / `--command=SCRIPT`, which the user's shell
// runs. `skip` is how many characters of the word's raw text come before the script
// (`--command=`). Word null when there is none.
struct InlineScript {
  const Word* word = nullptr;
  uint32_t skip = 0;
};
InlineScript inline_script(const Command& command);
// A shell that reads its script from standard input: no -c and no script file (`sh`, `bash -s`,
// `sh -`), so a pipe or heredoc into it is a script.
bool shell_reads_stdin(const Command& command);
// The index of the command that reads command i's output (the next one, joined by a pipe), or -1.
int piped_into(const Script& script, size_t i);
// Calls fn for every command of the script and of the scripts nested in it, depth first.
void for_each_command(const Script& script,
                      const std::function<void(const Command&, const Script&)>& fn);

}  // namespace clearance::dockerfile::shell
