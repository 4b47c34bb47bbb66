// CLR406: a RUN that downloads a script with curl or wget and runs it straight away, without
// looking at it: `curl ... | sh`, `sh -c "$(curl ...)"`, `bash <(curl ...)`.
#include <memory>
#include <optional>
#include <string>

#include "model/project.h"
#include "rules/build/downloads.h"
#include "rules/build/run_commands.h"
#include "rules/rule.h"
#include "source/chars.h"

namespace clearance::rules {
namespace {

using build::Program;
using build::RunCommand;
namespace sh = dockerfile::shell;

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #13 (supply chain)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"CIS Docker Benchmark 4.11: ensure only verified packages are installed",
     "https://www.cisecurity.org/benchmark/docker"},
    {"Docker build best practices: ADD or COPY, and downloads with checksums",
     "https://docs.docker.com/build/building/best-practices/#add-or-copy"},
    {"Dockerfile reference: ADD --checksum",
     "https://docs.docker.com/reference/dockerfile/#add---checksum"},
    {"hadolint#282: verify downloads", "https://github.com/hadolint/hadolint/issues/282"},
};

constexpr RuleMeta kMeta{
    .id = "CLR406",
    .slug = "pipe-to-shell",
    .title = "Downloaded script piped into a shell",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports a RUN instruction that downloads with `curl` or `wget` and runs what it "
        "downloaded at once: piped into a shell or interpreter (`sh`, `bash`, `zsh`, `dash`, "
        "`ash`, `python`, `perl`, `ruby`, `node`, `php`), also through `sudo` or `env` and through "
        "pass-through filters such as `tee`, `gunzip` or `base64 -d`; as the script of "
        "`sh -c \"$(curl ...)\"` or `eval \"$(curl ...)\"`; or as a process substitution "
        "(`bash <(curl ...)`, `source <(wget -qO- ...)`). RUN commands are read as the shell "
        "reads them: in shell and exec form, in heredoc bodies a shell runs, in `sh -c` scripts "
        "and in ONBUILD triggers. Text that merely mentions the pattern (`echo \"curl x | sh\"`) "
        "is not a command and is not reported, nor is an interpreter that reads its program "
        "from an argument and the download as data (`curl ... | python3 -c 'import json ...'`).",
    .rationale =
        "The script runs with the build's privileges the moment it arrives, and nothing checks "
        "that it is the script its authors published: a compromised download server, CDN, DNS "
        "entry or mirror serves whatever it likes, and the image ships it. The script also "
        "changes from build to build, so two builds of the same Dockerfile install different "
        "things and a reviewed build says nothing about the next one. A connection dropped "
        "mid-transfer runs half a script: `rm -rf /tmp/foo` cut short as `rm -rf /`. Because the "
        "install happens at build time, the result is baked into every container started from "
        "the image.",
    .example =
        "FROM debian:12-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates\n"
        "RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -\n",
    .instead =
        "FROM debian:12-slim\n"
        "ADD --checksum=sha256:<sha256 of the script> \\\n"
        "    https://deb.nodesource.com/setup_20.x /tmp/setup_node.sh\n"
        "RUN bash /tmp/setup_node.sh && rm /tmp/setup_node.sh\n"
        "\n"
        "Download the script to a file, verify it (a pinned checksum with `ADD --checksum`, or "
        "`sha256sum -c`, or the publisher's signature), then run it. Better still, install "
        "the software from the distribution's signed packages or from a pinned, checksummed "
        "release archive.",
    .fix_safety =
        "No fix is offered: the checksum to pin has to come from a copy of the script someone "
        "has reviewed.",
    .references = kRefs,
};

// How an interpreter gets the program it runs.
enum class Input : uint8_t {
  kNone,     // not an interpreter, or one that does not run a program here (php -l)
  kStdin,    // from standard input
  kOperand,  // from a file named by words[word]
  kInline,   // from the text of words[word] (sh -c, python -c, perl -e); every argument for eval
};

struct Interpreter {
  std::string_view name;
  Input input = Input::kNone;
  size_t word = 0;
};

bool version_suffix(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

bool family(std::string_view name, std::string_view base) {
  return name.starts_with(base) && version_suffix(name.substr(base.size()));
}

bool is_stdin_path(std::string_view w) {
  return w == "-" || w == "/dev/stdin" || w == "/proc/self/fd/0";
}

Interpreter operand_or_stdin(std::string_view name, const sh::Command& c, size_t j) {
  if (j >= c.words.size() || is_stdin_path(c.words[j].value)) return {name, Input::kStdin, j};
  return {name, Input::kOperand, j};
}

Interpreter shell_input(std::string_view name, const sh::Command& c, size_t p) {
  if (const sh::Word* script = sh::shell_c_script(c))
    return {name, Input::kInline, static_cast<size_t>(script - c.words.data())};
  const size_t n = c.words.size();
  size_t j = p + 1;
  bool dash_s = false;
  while (j < n) {
    const std::string& w = c.words[j].value;
    if (w == "--" || w == "-") {
      ++j;
      break;
    }
    if (w.size() < 2 || (w[0] != '-' && w[0] != '+')) break;
    if (w.starts_with("--")) {
      j += (w == "--rcfile" || w == "--init-file") ? 2 : 1;
      continue;
    }
    if (w[0] == '-' && w.find('s') != std::string::npos) dash_s = true;
    j += w.find_first_of("oO") != std::string::npos ? 2 : 1;
  }
  if (dash_s) return {name, Input::kStdin, j};
  return operand_or_stdin(name, c, j);
}

Interpreter python_input(std::string_view name, const sh::Command& c, size_t p) {
  const size_t n = c.words.size();
  size_t j = p + 1;
  while (j < n) {
    const std::string& w = c.words[j].value;
    if (w == "--") {
      ++j;
      break;
    }
    if (w.size() < 2 || w[0] != '-') break;
    if (w.starts_with("--")) {
      j += w == "--check-hash-based-pycs" ? 2 : 1;
      continue;
    }
    size_t next = j + 1;
    for (size_t pos = 1; pos < w.size(); ++pos) {
      if (w[pos] == 'c') return {name, Input::kInline, pos + 1 < w.size() ? j : j + 1};
      if (w[pos] == 'm') return {name, Input::kNone, j};  // a module: the download is its data
      if (w[pos] == 'W' || w[pos] == 'X') {
        if (pos + 1 == w.size()) next = j + 2;
        break;
      }
    }
    j = next;
  }
  return operand_or_stdin(name, c, j);
}

// perl and ruby: clustered switches; -e gives the program inline.
Interpreter perl_ruby_input(std::string_view name, const sh::Command& c, size_t p, bool ruby) {
  const size_t n = c.words.size();
  // Switches whose argument is the rest of the word (perl), or the rest or the next word (ruby).
  const std::string_view takes_rest = ruby ? "rICEx" : "IMmxiFCdD";
  size_t j = p + 1;
  while (j < n) {
    const std::string& w = c.words[j].value;
    if (w == "--") {
      ++j;
      break;
    }
    if (w.size() < 2 || w[0] != '-') break;
    if (w.starts_with("--")) {
      ++j;
      continue;
    }
    size_t next = j + 1;
    for (size_t pos = 1; pos < w.size(); ++pos) {
      const char ch = w[pos];
      if (ch == 'e' || (!ruby && ch == 'E'))
        return {name, Input::kInline, pos + 1 < w.size() ? j : j + 1};
      if (ch == 'l' || ch == '0') {  // optional digits
        while (pos + 1 < w.size() && w[pos + 1] >= '0' && w[pos + 1] <= '9') ++pos;
        continue;
      }
      if (takes_rest.find(ch) != std::string_view::npos) {
        if (ruby && pos + 1 == w.size()) next = j + 2;
        break;
      }
    }
    j = next;
  }
  return operand_or_stdin(name, c, j);
}

Interpreter node_input(std::string_view name, const sh::Command& c, size_t p) {
  const size_t n = c.words.size();
  size_t j = p + 1;
  while (j < n) {
    const std::string& w = c.words[j].value;
    if (w == "--") {
      ++j;
      break;
    }
    if (w == "-" || w.size() < 2 || w[0] != '-') break;
    const std::string_view opt = std::string_view(w).substr(0, w.find('='));
    if (opt == "-e" || opt == "--eval" || opt == "-p" || opt == "--print")
      return {name, Input::kInline, opt.size() < w.size() ? j : j + 1};
    const bool has_argument = opt == "-r" || opt == "--require" || opt == "--import" ||
                              opt == "--loader" || opt == "--experimental-loader" || opt == "-C" ||
                              opt == "--conditions";
    j += has_argument && opt.size() == w.size() ? 2 : 1;
  }
  return operand_or_stdin(name, c, j);
}

Interpreter php_input(std::string_view name, const sh::Command& c, size_t p) {
  const size_t n = c.words.size();
  size_t j = p + 1;
  while (j < n) {
    const std::string& w = c.words[j].value;
    if (w == "--") return {name, Input::kStdin, j};  // the rest are the script's arguments
    if (w.size() < 2 || w[0] != '-') break;
    const char ch = w[1];
    if (w.size() == 2 && (ch == 'r' || ch == 'B' || ch == 'R' || ch == 'E'))
      return {name, Input::kInline, j + 1};
    if (w.size() == 2 && (ch == 'f' || ch == 'F')) return operand_or_stdin(name, c, j + 1);
    // Lint, syntax highlighting, information: nothing runs.
    if (std::string_view("lswvimaH").find(ch) != std::string_view::npos && w.size() == 2)
      return {name, Input::kNone, j};
    j += (w.size() == 2 && (ch == 'd' || ch == 'c' || ch == 'z')) ? 2 : 1;
  }
  return operand_or_stdin(name, c, j);
}

Interpreter interpreter(const sh::Command& c) {
  const Program p = build::program(c);
  const std::string_view name = p.name;
  // Asked of every command: most programs (curl, wget, tar, git, ...) are ruled out by their
  // first character, which is that of no shell or interpreter below.
  static constexpr source::CharSet kFirst("abdekmnprsyz.");
  if (name.empty() || !kFirst.contains(name[0])) return {};
  if (sh::is_shell(name)) return shell_input(name, c, p.index);
  if (build::is_python(name)) return python_input(name, c, p.index);
  if (family(name, "perl")) return perl_ruby_input(name, c, p.index, false);
  if (family(name, "ruby")) return perl_ruby_input(name, c, p.index, true);
  if (name == "node" || name == "nodejs") return node_input(name, c, p.index);
  if (family(name, "php")) return php_input(name, c, p.index);
  if (name == "eval") return {name, Input::kInline, p.index + 1};
  if (name == "source" || name == ".") return operand_or_stdin(name, c, p.index + 1);
  return {};
}

bool has_option(const sh::Command& c, size_t from, std::string_view letters,
                std::string_view long_name) {
  for (size_t k = from; k < c.words.size(); ++k) {
    const std::string& w = c.words[k].value;
    if (w == long_name) return true;
    if (w.size() > 1 && w[0] == '-' && w[1] != '-' &&
        w.find_first_of(letters, 1) != std::string::npos)
      return true;
  }
  return false;
}

// A command that passes what it reads on, transformed but still the download: tee, cat,
// decompressors, base64 -d, sed without -i, tr.
bool passes_through(const sh::Command& c) {
  const Program p = build::program(c);
  const std::string_view n = p.name;
  if (n == "tee" || n == "tr" || n == "dos2unix") return true;
  if (n == "cat") {
    for (size_t k = p.index + 1; k < c.words.size(); ++k)
      if (c.words[k].value != "-" && !c.words[k].value.starts_with("-")) return false;
    return true;
  }
  if (n == "sed") return !has_option(c, p.index + 1, "i", "--in-place");
  if (n == "gunzip" || n == "zcat" || n == "xzcat" || n == "bzcat" || n == "zstdcat" ||
      n == "unxz" || n == "bunzip2" || n == "unzstd")
    return true;
  if (n == "gzip" || n == "xz" || n == "bzip2" || n == "zstd")
    return has_option(c, p.index + 1, "d", "--decompress");
  if (n == "base64") return has_option(c, p.index + 1, "dD", "--decode");
  return false;
}

// The command that finally reads what command i writes through a pipeline of pass-through
// filters, or -1 when its output leaves the pipeline (to the script's standard output).
int final_reader(const sh::Script& script, size_t i) {
  int reader = sh::piped_into(script, i);
  while (reader >= 0 && passes_through(script.commands[static_cast<size_t>(reader)])) {
    const int next = sh::piped_into(script, static_cast<size_t>(reader));
    if (next < 0) return -1;
    reader = next;
  }
  return reader;
}

// The commands that read the standard input of the reader r of a pipe: r itself, and when r
// opens a group (`| (cd /tmp && sh)`, `| { cd /tmp; bash; }`), every command of that group
// that does not read another pipe, since the group's commands share its standard input.
std::vector<size_t> stdin_readers(const sh::Script& script, size_t writer, size_t r) {
  std::vector<size_t> out{r};
  const uint16_t outer = script.commands[writer].group_depth;
  const uint16_t group = script.commands[r].group_depth;
  if (group <= outer) return out;
  for (size_t j = r + 1; j < script.commands.size() && script.commands[j].group_depth >= group; ++j)
    if (script.commands[j].connector != sh::Connector::kPipe) out.push_back(j);
  return out;
}

// A download in `script` whose output is the script's output (the script is a substitution).
std::optional<build::Download> download_output(const sh::Script& script) {
  for (size_t i = 0; i < script.commands.size(); ++i) {
    std::optional<build::Download> d = build::download(script.commands[i]);
    if (d && d->to_stdout && final_reader(script, i) < 0) return d;
  }
  return std::nullopt;
}

// `$(...)`, `` `...` ``, `<(...)`: a word that is one substitution and nothing else.
bool is_substitution(std::string_view value) {
  return (value.starts_with("$(") && value.ends_with(")") && !value.starts_with("$((")) ||
         (value.starts_with("<(") && value.ends_with(")")) ||
         (value.size() > 1 && value.starts_with("`") && value.ends_with("`"));
}

bool inside(const Span& inner, const Span& outer) {
  return inner.valid() && outer.valid() && inner.file == outer.file && inner.begin >= outer.begin &&
         inner.end <= outer.end;
}

std::string from(const build::Download& d) { return d.origin.empty() ? "" : " from " + d.origin; }

constexpr std::string_view kAdvice =
    ": nothing checks the script before it runs (and a dropped connection runs half of it); "
    "download it to a file, check its checksum or signature, then run it";

class PipeToShell final : public DockerfileRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project& project,
                        Reporter& out) const override {
    build::for_each_run_command(project, *dockerfile.syntax, [&](const RunCommand& rc) {
      check_pipe(rc, out);
      check_substitution(rc, out);
    });
  }

 private:
  // `curl ... | sh`
  static void check_pipe(const RunCommand& rc, Reporter& out) {
    const std::optional<build::Download> d = build::download(rc.command);
    if (!d || !d->to_stdout) return;
    const int reader = final_reader(rc.script, rc.index);
    if (reader < 0) return;
    for (const size_t r : stdin_readers(rc.script, rc.index, static_cast<size_t>(reader))) {
      const sh::Command& target = rc.script.commands[r];
      const Interpreter in = interpreter(target);
      if (in.input != Input::kStdin) continue;
      const Program p = build::program(target);
      build::report(out, build::join(rc.command.span, target.words[p.index].span),
                    "`" + std::string(d->tool) + "` output" + from(*d) + " is piped into `" +
                        std::string(in.name) + "`" + std::string(kAdvice));
      return;
    }
  }

  // `sh -c "$(curl ...)"`, `eval "$(curl ...)"`, `bash <(curl ...)`, `sh < <(curl ...)`.
  static void check_substitution(const RunCommand& rc, Reporter& out) {
    const sh::Command& c = rc.command;
    const Interpreter in = interpreter(c);
    if (in.input == Input::kNone) return;
    // The words (or redirection targets) that are the program text, when the whole text is one
    // substitution: `sh -c "$(curl ...)"` runs the download; `sh -c "echo $(curl ...)"` only
    // puts its output into a script someone wrote.
    std::vector<Span> code;
    auto add = [&](const sh::Word& w) {
      if (is_substitution(w.value)) code.push_back(w.span);
    };
    if (in.input == Input::kInline && in.name == "eval") {
      for (size_t k = in.word; k < c.words.size(); ++k) add(c.words[k]);
    } else if ((in.input == Input::kInline || in.input == Input::kOperand) &&
               in.word < c.words.size()) {
      add(c.words[in.word]);
    } else if (in.input == Input::kStdin) {
      for (const sh::Redirection& r : c.redirections)
        if ((r.op == "<" || r.op == "<<<") && r.fd <= 0) add(r.target);
    }
    if (code.empty()) return;
    const Program p = build::program(c);
    for (const sh::Script& nested : c.nested) {
      if (nested.origin != sh::Origin::kCommandSubstitution &&
          nested.origin != sh::Origin::kBackquotes &&
          nested.origin != sh::Origin::kProcessSubstitution)
        continue;
      if (std::none_of(code.begin(), code.end(),
                       [&](const Span& s) { return inside(nested.span, s); }))
        continue;
      const std::optional<build::Download> d = download_output(nested);
      if (!d) continue;
      build::report(out, build::join(c.words[p.index].span, nested.span),
                    "`" + std::string(in.name) + "` runs what `" + std::string(d->tool) +
                        "` downloads" + from(*d) + std::string(kAdvice));
      return;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr406_pipe_to_shell() { return std::make_unique<PipeToShell>(); }

}  // namespace clearance::rules
