#include "rules/build/run_commands.h"
#include "source/ascii.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <unordered_map>

namespace clearance::rules::build {

namespace {

std::string_view basename(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// `NAME=...`: the length of NAME, or 0.
size_t assignment_name(std::string_view word) {
  if (word.empty() || !is_name_start(word[0])) return 0;
  size_t i = 1;
  while (i < word.size() && is_name_char(word[i])) ++i;
  return i < word.size() && word[i] == '=' ? i : 0;
}

// "3", "3.12", "": what may follow a program family's name.
bool is_version_suffix(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

void visit(const sh::Script& script, const Step& step,
           const std::function<void(const sh::Script&, const Step&)>& fn) {
  fn(script, step);
  for (const sh::Command& c : script.commands)
    for (const sh::Script& nested : c.nested) visit(nested, step, fn);
}

// Splits text written by echo or printf into lines: at line breaks, and at the `\n` escapes
// that dash's echo, `echo -e` and printf turn into line breaks.
void add_echo_lines(std::string_view value, const Span& span, std::vector<WrittenLine>& out) {
  size_t begin = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    const bool end = i == value.size();
    const bool newline = !end && value[i] == '\n';
    const bool escape = !end && value[i] == '\\' && i + 1 < value.size() && value[i + 1] == 'n';
    if (!end && !newline && !escape) continue;
    out.push_back({std::string(value.substr(begin, i - begin)), span});
    if (escape) ++i;
    begin = i + 1;
  }
}

// The lines of a heredoc body that a script holds itself (not a Dockerfile heredoc).
void add_body_lines(const Span& body, bool strip_tabs, std::vector<WrittenLine>& out) {
  if (!body.valid()) return;
  const std::string_view bytes = body.file->bytes();
  uint32_t i = body.begin;
  while (i < body.end) {
    uint32_t e = i;
    while (e < body.end && bytes[e] != '\n') ++e;
    const uint32_t next = e < body.end ? e + 1 : e;
    uint32_t b = i;
    if (strip_tabs)
      while (b < e && bytes[b] == '\t') ++b;
    if (e > b && bytes[e - 1] == '\r') --e;
    out.push_back({std::string(bytes.substr(b, e - b)), body.file->span(b, e)});
    i = next;
  }
}

// The words after a tee's options: the files it writes.
void add_tee_targets(const sh::Command& tee, size_t program, std::vector<std::string>& out) {
  bool options = true;
  for (size_t k = program + 1; k < tee.words.size(); ++k) {
    const std::string& w = tee.words[k].value;
    if (options && w == "--") {
      options = false;
      continue;
    }
    if (options && w.size() > 1 && w[0] == '-') continue;
    out.push_back(w);
  }
}

}  // namespace

void for_each_run_script(const dockerfile::Dockerfile& dockerfile,
                         const std::function<void(const sh::Script&, const Step&)>& fn) {
  walk(dockerfile, [&](const Step& step) {
    const dockerfile::Instruction& run = step.effective;
    if (!run.is(dockerfile::Keyword::kRun)) return;
    if (run.form != dockerfile::Form::kExec && !step.posix_shell) return;
    const sh::Script& script = dockerfile.script(run);
    visit(script, step, fn);
  });
}



bool is_python(std::string_view name) {
  if (name.starts_with("python")) return is_version_suffix(name.substr(6));
  if (name.starts_with("pypy")) return is_version_suffix(name.substr(4));
  return false;
}

bool is_pip(std::string_view name) {
  return name.starts_with("pip") && is_version_suffix(name.substr(3));
}

std::optional<size_t> pip_arguments(const sh::Command& command) {
  const Program p = program(command);
  const size_t n = command.words.size();
  if (is_pip(p.name) || p.name == "pip-compile" || p.name == "pip-sync") return p.index + 1;
  if (is_python(p.name)) {
    for (size_t k = p.index + 1; k < n; ++k) {
      const std::string& w = command.words[k].value;
      if (w == "-m" && k + 1 < n)
        return is_pip(command.words[k + 1].value) ? std::optional(k + 2) : std::nullopt;
      if (w.starts_with("-m"))
        return is_pip(std::string_view(w).substr(2)) ? std::optional(k + 1) : std::nullopt;
      if (w == "-c" || w.empty() || w[0] != '-') return std::nullopt;
      if (w == "-W" || w == "-X") ++k;
    }
    return std::nullopt;
  }
  if (p.name == "uv") {
    for (size_t k = p.index + 1; k < n; ++k) {
      const std::string& w = command.words[k].value;
      if (w.starts_with("-")) continue;
      return w == "pip" ? std::optional(k + 1) : std::nullopt;
    }
  }
  return std::nullopt;
}

Span word_part(const sh::Script& script, const sh::Word& word, size_t from, size_t to) {
  if (from > to || to > word.value.size() || to > word.raw.size() ||
      word.raw.substr(0, to) != std::string_view(word.value).substr(0, to) || !script.text.file())
    return word.span;
  return script.text.span_of(word.begin + from, word.begin + to);
}

Span join(const Span& a, const Span& b) {
  if (!a.valid() || !b.valid() || a.file != b.file || b.end < a.begin) return a;
  Span s = a;
  s.end = b.end;
  return s;
}

std::vector<LongOption> long_options(const sh::Command& command, size_t from, std::string_view name,
                                     bool takes_value) {
  std::vector<LongOption> out;
  const size_t n = command.words.size();
  for (size_t k = from; k < n; ++k) {
    const std::string_view w = command.words[k].value;
    if (w == "--") break;
    if (w == name) {
      LongOption o{k, false, {}, k};
      if (takes_value && k + 1 < n) {
        o.has_value = true;
        o.value = command.words[k + 1].value;
        o.value_word = k + 1;
        ++k;
      }
      out.push_back(o);
    } else if (w.size() > name.size() && w.starts_with(name) && w[name.size()] == '=') {
      out.push_back({k, true, w.substr(name.size() + 1), k});
    }
  }
  return out;
}

std::vector<Exported> exported_variables(const sh::Command& command) {
  std::vector<Exported> out;
  const Program p = program(command);
  auto add_word = [&](const sh::Word& w) {
    const size_t name = assignment_name(w.value);
    if (name == 0) return;
    out.push_back(
        {std::string_view(w.value).substr(0, name), w.value.substr(name + 1), !w.expanded, w.span});
  };
  // `NAME=v cmd`: only for a command (a bare `NAME=v` sets a shell variable, not the environment).
  if (!command.words.empty())
    for (const sh::Assignment& a : command.assignments)
      out.push_back({a.name, a.value.value, !a.value.expanded, a.span});
  // `env NAME=v cmd`, `sudo NAME=v cmd`: the words program_index skipped.
  for (size_t k = 0; k < p.index && k < command.words.size(); ++k) add_word(command.words[k]);
  if (p.name == "export" || p.name == "declare" || p.name == "typeset") {
    bool exports = p.name == "export";
    for (size_t k = p.index + 1; k < command.words.size(); ++k) {
      const std::string& w = command.words[k].value;
      if (w.size() > 1 && w[0] == '-') {
        if (w.find('x') != std::string::npos) exports = true;
        continue;
      }
      if (exports) add_word(command.words[k]);
    }
  }
  return out;
}

std::vector<WrittenFile> files_written(const sh::Script& script, size_t index,
                                       const dockerfile::Instruction& run) {
  std::vector<WrittenFile> out;
  const sh::Command& c = script.commands[index];
  const Program p = program(c);
  std::vector<WrittenLine> lines;
  if (p.name == "echo" || p.name == "printf") {
    size_t k = p.index + 1;
    if (p.name == "echo")
      while (k < c.words.size() && c.words[k].value.size() > 1 && c.words[k].value[0] == '-' &&
             c.words[k].value.find_first_not_of("neE", 1) == std::string::npos)
        ++k;
    for (; k < c.words.size(); ++k) add_echo_lines(c.words[k].value, c.words[k].span, lines);
  } else if (p.name == "cat" || p.name == "tee") {
    for (const sh::Redirection& r : c.redirections) {
      if (r.fd > 0) continue;
      if (r.op == "<<<") {
        add_echo_lines(r.target.value, r.target.span, lines);
      } else if (r.heredoc()) {
        if (r.dockerfile_heredoc >= 0 &&
            static_cast<size_t>(r.dockerfile_heredoc) < run.heredocs.size()) {
          for (const dockerfile::Heredoc::Line& l :
               run.heredocs[static_cast<size_t>(r.dockerfile_heredoc)].lines())
            lines.push_back({std::string(l.text), l.span});
        } else {
          add_body_lines(r.heredoc_body, r.op == "<<-", lines);
        }
      }
    }
  }
  if (lines.empty()) return out;

  std::vector<std::string> targets;
  for (const sh::Redirection& r : c.redirections) {
    const bool output =
        r.op == ">" || r.op == ">>" || r.op == ">|" || r.op == "&>" || r.op == "&>>";
    if (output && (r.fd == -1 || r.fd == 1) && !r.target.value.empty())
      targets.push_back(r.target.value);
  }
  if (p.name == "tee") add_tee_targets(c, p.index, targets);
  if (const int next = sh::piped_into(script, index); next >= 0) {
    const sh::Command& reader = script.commands[static_cast<size_t>(next)];
    const Program rp = program(reader);
    if (rp.name == "tee") add_tee_targets(reader, rp.index, targets);
  }
  for (std::string& t : targets) out.push_back({std::move(t), lines});
  return out;
}

std::vector<WrittenFile> files_created(const dockerfile::Instruction& copy) {
  std::vector<WrittenFile> out;
  if (copy.heredocs.empty() || copy.words.size() < 2) return out;
  const std::string_view dest = copy.words.back().value;
  size_t next = 0;
  for (size_t i = 0; i + 1 < copy.words.size() && next < copy.heredocs.size(); ++i) {
    if (!dockerfile::parse_heredoc_marker(copy.words[i].value)) continue;
    const dockerfile::Heredoc& h = copy.heredocs[next++];
    WrittenFile f;
    f.path = dest.ends_with('/') ? std::string(dest) + h.name : std::string(dest);
    for (const dockerfile::Heredoc::Line& l : h.lines())
      f.lines.push_back({std::string(l.text), l.span});
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

// What visit() reports for one Dockerfile, recorded once and replayed for each rule.
struct RecordedVisit {
  enum class Kind : uint8_t { kSetting, kCommand, kFile };
  struct Event {
    Kind kind;
    uint32_t index;  // in settings, commands or files
  };
  struct Command {
    const sh::Command* command;
    const sh::Script* script;
    size_t index;
    const Step* step;
  };
  std::vector<Setting> settings;
  std::vector<Command> commands;
  std::vector<WrittenFile> files;
  std::deque<Step> steps;  // the steps of RUN instructions, with the replay lookup
  std::vector<Event> events;
};

// The walk's variables are gone once it ends: a replayed step knows no variable's value.
const dockerfile::VariableLookup kNothingKnown = [](std::string_view) {
  return dockerfile::VariableValue::unknown();
};

std::unique_ptr<RecordedVisit> record_visit(const dockerfile::Dockerfile& dockerfile) {
  auto out = std::make_unique<RecordedVisit>();
  RecordedVisit& r = *out;
  auto add_setting = [&](Setting&& s) {
    r.events.push_back({RecordedVisit::Kind::kSetting, static_cast<uint32_t>(r.settings.size())});
    r.settings.push_back(std::move(s));
  };
  auto add_file = [&](WrittenFile&& f) {
    r.events.push_back({RecordedVisit::Kind::kFile, static_cast<uint32_t>(r.files.size())});
    r.files.push_back(std::move(f));
  };
  // An ARG before the first FROM is seen by FROM lines only; a stage's steps see its value when
  // the stage declares the ARG again without one (`ARG NAME`): the setting is then the global
  // default, where it is written.
  bool in_stage = false;
  std::unordered_map<std::string_view, Setting> globals;
  walk(dockerfile, [&](const Step& step) {
    const dockerfile::Instruction& ins = step.effective;
    if (ins.is(dockerfile::Keyword::kFrom)) in_stage = true;
    if (ins.is(dockerfile::Keyword::kArg) && !in_stage) {
      for (const dockerfile::KeyValue& kv : ins.pairs)
        if (kv.has_value) globals.insert_or_assign(kv.key.value, Setting{kv.key.value, expand_known(kv.value.value, step), kv.span, ins.keyword});
      return;
    }
    if (ins.is(dockerfile::Keyword::kEnv) || ins.is(dockerfile::Keyword::kArg)) {
      for (const dockerfile::KeyValue& kv : ins.pairs) {
        if (kv.has_value) {
          add_setting({kv.key.value, expand_known(kv.value.value, step), kv.span, ins.keyword});
        } else if (ins.is(dockerfile::Keyword::kArg)) {
          if (auto global = globals.find(kv.key.value); global != globals.end()) add_setting(Setting(global->second));
        }
      }
      return;
    }
    if (ins.is(dockerfile::Keyword::kCopy) || ins.is(dockerfile::Keyword::kAdd)) {
      for (WrittenFile& f : files_created(ins)) add_file(std::move(f));
      return;
    }
    if (!ins.is(dockerfile::Keyword::kRun)) return;
    if (ins.form != dockerfile::Form::kExec && !step.posix_shell) return;
    r.steps.push_back(Step{step.instruction, step.effective, step.onbuild, step.posix_shell, kNothingKnown, step.escape});
    const Step* kept = &r.steps.back();
    visit(dockerfile.script(ins), step, [&](const sh::Script& s, const Step&) {
      for (size_t i = 0; i < s.commands.size(); ++i) {
        for (const Exported& e : exported_variables(s.commands[i]))
          add_setting({e.name, e.known ? std::optional(e.value) : std::nullopt, e.span, dockerfile::Keyword::kRun});
        r.events.push_back({RecordedVisit::Kind::kCommand, static_cast<uint32_t>(r.commands.size())});
        r.commands.push_back({&s.commands[i], &s, i, kept});
        for (WrittenFile& f : files_written(s, i, ins)) add_file(std::move(f));
      }
    });
  });
  return out;
}

// The recorded visit of a Dockerfile of the project, made on first use.
const RecordedVisit& recorded_visit(const model::Project& project, const dockerfile::Dockerfile& dockerfile) {
  struct Visits {
    std::unordered_map<const dockerfile::Dockerfile*, std::unique_ptr<RecordedVisit>> by_file;
  };
  std::unique_ptr<RecordedVisit>& slot = project.derived.scratch<Visits>().by_file[&dockerfile];
  if (!slot) slot = record_visit(dockerfile);
  return *slot;
}

}  // namespace

void for_each_run_command(const model::Project& project, const dockerfile::Dockerfile& dockerfile,
                          const std::function<void(const RunCommand&)>& fn) {
  for (const RecordedVisit::Command& c : recorded_visit(project, dockerfile).commands)
    fn({*c.command, *c.script, c.index, *c.step});
}

void visit(const model::Project& project, const dockerfile::Dockerfile& dockerfile, const Visitor& visitor) {
  const RecordedVisit& r = recorded_visit(project, dockerfile);
  for (const RecordedVisit::Event& e : r.events) {
    switch (e.kind) {
      case RecordedVisit::Kind::kSetting:
        if (visitor.setting) visitor.setting(r.settings[e.index]);
        break;
      case RecordedVisit::Kind::kCommand:
        if (visitor.command) {
          const RecordedVisit::Command& c = r.commands[e.index];
          visitor.command({*c.command, *c.script, c.index, *c.step});
        }
        break;
      case RecordedVisit::Kind::kFile:
        if (visitor.file) visitor.file(r.files[e.index]);
        break;
    }
  }
}

std::optional<ConfigLine> config_line(std::string_view line) {
  line = trim(line);
  if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[' || line.starts_with("//"))
    return std::nullopt;
  ConfigLine out;
  size_t sep = line.find_first_of("=: \t\"");
  // apt.conf keys hold "::": the key ends at the first blank or quote there.
  if (line.find("::") != std::string_view::npos) sep = line.find_first_of(" \t\"");
  out.raw_key = std::string(trim(line.substr(0, sep)));
  out.key = source::ascii_lower(out.raw_key);
  if (sep == std::string_view::npos) return out;
  std::string_view value = trim(line.substr(sep));
  if (!value.empty() && (value[0] == '=' || value[0] == ':')) value = trim(value.substr(1));
  if (!value.empty() && value.back() == ';') value = trim(value.substr(0, value.size() - 1));
  if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') && value.back() == value[0])
    value = value.substr(1, value.size() - 2);
  out.value = std::string(value);
  out.has_value = true;
  return out;
}

std::string_view path_basename(std::string_view path) { return basename(path); }

bool is_false_word(std::string_view value) {
  const std::string v = source::ascii_lower(trim(value));
  return v == "false" || v == "no" || v == "off" || v == "0";
}

bool is_true_word(std::string_view value) {
  const std::string v = source::ascii_lower(trim(value));
  return v == "true" || v == "yes" || v == "on" || v == "1";
}

Finding& report(Reporter& out, const Span& at, std::string message) {
  Finding& f = out.report(at, message);
  f.fingerprint_content = std::move(message);
  return f;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace clearance::rules::build
