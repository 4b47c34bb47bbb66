#include "rules/build/dockerfile_scope.h"
#include "source/ascii.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clearance::rules::build {

namespace {

using dockerfile::Instruction;
using dockerfile::Keyword;
using dockerfile::VariableValue;

// A variable's value as the walk knows it.
struct Value {
  bool known = false;
  std::string text;
  uint64_t order = 0;  // when it was set: the later of an ENV and an ARG of one name wins
};

using Variables = std::map<std::string, Value, std::less<>>;

// A stage's ENV is its own plus, through `FROM <stage>`, its parent's: a chain shared with the
// parent rather than copied, so that a long chain of stages stays linear in time and memory.
struct Stage {
  std::string name;  // `AS name`, lower-cased (BuildKit compares stage names case-insensitively)
  std::shared_ptr<Stage> parent;
  Variables env;  // set in this stage
  bool posix_shell = true;
};

// Ancestors looked up at most this far; beyond, a variable is unknown (never a guess).
constexpr int kMaxInheritance = 256;
const Value kUnknownValue{};

// Frees a chain of stages one by one, from the child up, while nothing else holds them.
void release(std::shared_ptr<Stage> stage) {
  while (stage && stage.use_count() == 1) {
    std::shared_ptr<Stage> parent = std::move(stage->parent);
    stage.reset();
    stage = std::move(parent);
  }
}

// The ENV value a stage sees for `name`, or null when no stage of the chain sets it.
const Value* stage_env(const Stage& stage, std::string_view name) {
  const Stage* s = &stage;
  for (int hops = 0; s; ++hops, s = s->parent.get()) {
    if (hops == kMaxInheritance) return &kUnknownValue;
    if (auto it = s->env.find(name); it != s->env.end()) return &it->second;
  }
  return nullptr;
}

std::string_view basename(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_posix_shell(std::string_view program) {
  std::string name = source::ascii_lower(basename(program));
  if (name.size() > 4 && name.ends_with(".exe")) name.resize(name.size() - 4);
  return name == "sh" || name == "bash" || name == "dash" || name == "ash" || name == "zsh" ||
         name == "ksh" || name == "mksh" || name == "yash" || name == "posh" || name == "busybox";
}

// Whether SHELL's words start a POSIX shell. `env [OPTION]... [NAME=VALUE]... PROGRAM` starts
// PROGRAM (`SHELL ["/usr/bin/env", "bash", "-c"]`): the shell is the word after env's own.
bool shell_words_posix(const std::vector<dockerfile::Word>& words) {
  size_t k = 0;
  if (source::ascii_lower(basename(words[0].value)) == "env") {
    for (k = 1; k < words.size(); ++k) {
      const std::string_view w = words[k].value;
      if (w == "--") {
        ++k;
        break;
      }
      // -u NAME and -C DIR take the next word; `-uNAME`, `--unset=NAME` hold it.
      if (w == "-u" || w == "-C" || w == "--unset" || w == "--chdir") {
        ++k;
        continue;
      }
      if (w.starts_with("-") || w.find('=') != std::string_view::npos) continue;
      break;
    }
    if (k >= words.size()) return false;  // env alone prints the environment: no shell
  }
  return is_posix_shell(words[k].value);
}

class Walker {
 public:
  Walker(const dockerfile::Dockerfile& dockerfile, const std::function<void(const Step&)>& fn)
      : dockerfile_(dockerfile), fn_(fn) {
    lookup_ = [this](std::string_view name) { return find(name); };
    trigger_lookup_ = [this](std::string_view name) -> VariableValue {
      if (in_stage_)
        if (const Value* v = stage_env(stage_, name))
          return v->known ? VariableValue::set(v->text) : VariableValue::unknown();
      return VariableValue::unknown();
    };
  }

  // A chain of 40,000 stages must not be freed by 40,000 nested destructors: unlink it first.
  ~Walker() {
    release(std::move(stage_.parent));
    for (auto& [name, stage] : stages_) release(std::move(stage));
  }

  void run() {
    for (const Instruction& ins : dockerfile_.instructions) {
      const bool onbuild = ins.is(Keyword::kOnbuild) && ins.trigger;
      const Instruction& effective = onbuild ? *ins.trigger : ins;
      const Step step{ins,
                      effective,
                      onbuild,
                      onbuild || !in_stage_ || stage_.posix_shell,
                      onbuild ? trigger_lookup_ : lookup_,
                      dockerfile_.escape};
      fn_(step);
      if (!onbuild) apply(ins, step);
    }
  }

 private:
  VariableValue find(std::string_view name) const {
    if (in_stage_) {
      // The later of an ENV and an ARG of the same name wins: BuildKit adds an ARG to the
      // environment its instructions are expanded with, over an ENV set before it (as the
      // stage model reads it). An ENV of a parent stage came before any ARG of this one.
      const Value* v = stage_env(stage_, name);
      if (auto it = args_.find(name); it != args_.end() && (!v || it->second.order > v->order))
        v = &it->second;
      if (v) return v->known ? VariableValue::set(v->text) : VariableValue::unknown();
      // Not declared here, but the base image's ENV may set it.
      return VariableValue::unknown();
    }
    if (auto it = globals_.find(name); it != globals_.end())
      return it->second.known ? VariableValue::set(it->second.text) : VariableValue::unknown();
    return VariableValue::unset();
  }

  Value evaluate(std::string_view text, const Step& step) const {
    std::optional<std::string> v = expand_known(text, step);
    return v ? Value{true, std::move(*v)} : Value{};
  }

  void apply(const Instruction& ins, const Step& step) {
    switch (ins.keyword) {
      case Keyword::kFrom:
        start_stage(ins, step);
        break;
      case Keyword::kArg:
        for (const dockerfile::KeyValue& kv : ins.pairs) {
          const std::string name(kv.key.value);
          Value value;
          if (kv.has_value) {
            value = evaluate(kv.value.value, step);
          } else if (in_stage_) {
            // `ARG NAME` in a stage takes the global default, if any.
            if (auto it = globals_.find(name); it != globals_.end()) value = it->second;
          }
          value.order = ++order_;
          (in_stage_ ? args_ : globals_)[name] = std::move(value);
        }
        break;
      case Keyword::kEnv: {
        if (!in_stage_) break;
        // Every value of one ENV is substituted before any of them is set, as BuildKit does
        // (`ENV A=2 B=$A` gives B the A of before), and as the stage model reads it.
        std::vector<std::pair<std::string, Value>> values;
        values.reserve(ins.pairs.size());
        for (const dockerfile::KeyValue& kv : ins.pairs)
          values.emplace_back(std::string(kv.key.value), evaluate(kv.value.value, step));
        for (auto& [name, value] : values) {
          value.order = ++order_;
          stage_.env[name] = std::move(value);
        }
        break;
      }
      case Keyword::kShell:
        if (in_stage_ && ins.form == dockerfile::Form::kExec && !ins.words.empty())
          stage_.posix_shell = shell_words_posix(ins.words);
        break;
      default:
        break;
    }
  }

  void start_stage(const Instruction& ins, const Step& step) {
    if (in_stage_ && !stage_.name.empty()) {
      std::string name = stage_.name;
      stages_[std::move(name)] = std::make_shared<Stage>(std::move(stage_));
    }
    in_stage_ = false;  // the base name is expanded with the global ARGs
    Stage next;
    if (!ins.words.empty()) {
      const Value base = evaluate(ins.words.front().value, step);
      if (base.known) {
        if (auto it = stages_.find(source::ascii_lower(base.text)); it != stages_.end()) {
          next.parent = it->second;
          next.posix_shell = it->second->posix_shell;
        }
      }
    }
    if (ins.words.size() >= 3 && source::ascii_lower(ins.words[1].value) == "as")
      next.name = source::ascii_lower(ins.words[2].value);
    stage_ = std::move(next);
    args_.clear();
    in_stage_ = true;
  }

  const dockerfile::Dockerfile& dockerfile_;
  const std::function<void(const Step&)>& fn_;
  dockerfile::VariableLookup lookup_;
  dockerfile::VariableLookup trigger_lookup_;
  Variables globals_;  // ARGs before the first FROM
  Variables args_;     // ARGs of the current stage
  Stage stage_;
  bool in_stage_ = false;
  uint64_t order_ = 0;  // definitions so far, for Value::order
  std::unordered_map<std::string, std::shared_ptr<Stage>> stages_;  // earlier named stages, for FROM <stage>
};

}  // namespace

void walk(const dockerfile::Dockerfile& dockerfile, const std::function<void(const Step&)>& fn) {
  Walker(dockerfile, fn).run();
}

std::optional<std::string> expand_known(std::string_view text, const Step& step) {
  dockerfile::ExpandOptions options;
  options.escape = step.escape;
  dockerfile::Expansion e = dockerfile::expand(text, step.lookup, options);
  if (!e.exact()) return std::nullopt;
  return std::move(e.value);
}

}  // namespace clearance::rules::build
