#include "model/stages.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "dockerfile/shell.h"
#include "knowledge/images.h"
#include "source/ascii.h"

namespace clearance::model {
namespace {

using dockerfile::Instruction;
using dockerfile::Keyword;
using dockerfile::VariableValue;
using ValueState = VariableValue::State;

// BuildKit's predefined ARGs: in the global scope (usable in FROM lines) and, declared again
// without a value, in a stage. Their values depend on the machine that builds.
constexpr std::string_view kPlatformArgs[] = {
    "BUILDPLATFORM",  "BUILDOS",  "BUILDARCH",  "BUILDVARIANT",  "BUILDOSVERSION",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETOSVERSION",
};

// The PATH BuildKit sets when the base image sets none (scratch).
constexpr std::string_view kDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

constexpr uint64_t kEndOfStage = std::numeric_limits<uint64_t>::max();

// How many stages up a variable is looked for (real Dockerfiles chain a handful).
constexpr size_t kMaxDepth = 256;

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What the distribution reference grammar accepts, near enough to tell an image from text that
// BuildKit would refuse: lower-case path components, a tag of [A-Za-z0-9_][A-Za-z0-9_.-]*,
// a digest "algorithm:hex".
bool valid_reference(std::string_view text, const ImageRef& ref) {
  if (text.empty()) return false;
  for (const char c : ref.repository)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
          c == '/'))
      return false;
  if (ref.repository.empty() || ref.repository.front() == '/' || ref.repository.back() == '/')
    return false;
  if (!ref.tag.empty()) {
    if (ref.tag.size() > 128 || ref.tag.front() == '.' || ref.tag.front() == '-') return false;
    for (const char c : ref.tag)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
        return false;
  }
  if (!ref.digest.empty() && ref.digest.find(':') == std::string::npos) return false;
  // "python:" (an ARG that expanded to nothing) leaves an empty tag after a colon.
  const size_t at = text.find('@');
  const std::string_view name = text.substr(0, at);
  return !name.ends_with(':') && !name.ends_with('/');
}

bool parse_reference(std::string_view text, ImageRef& out) {
  return parse_image_ref(text, out) && valid_reference(text, out);
}

UserVerdict verdict_for(knowledge::DefaultUser user) {
  switch (user) {
    case knowledge::DefaultUser::kRoot:
      return UserVerdict::kRoot;
    case knowledge::DefaultUser::kNonRoot:
      return UserVerdict::kNonRoot;
    case knowledge::DefaultUser::kDropsPrivileges:
      return UserVerdict::kDropsPrivileges;
    case knowledge::DefaultUser::kUnknown:
      break;
  }
  return UserVerdict::kBaseImageDefault;
}

// A RUN that installs, downloads or checks gosu or su-exec (`apt-get install gosu`,
// `wget -O /usr/local/bin/gosu ...`, `gosu nobody true`).
bool mentions_privilege_drop(const dockerfile::Dockerfile& dockerfile, const Instruction& run) {
  bool found = false;
  const dockerfile::shell::Script& script = dockerfile.script(run);
  dockerfile::shell::for_each_command(
      script, [&](const dockerfile::shell::Command& c, const dockerfile::shell::Script&) {
        for (const dockerfile::shell::Word& w : c.words)
          if (dockerfile::shell::names_program(w.value, "gosu") ||
              dockerfile::shell::names_program(w.value, "su-exec"))
            found = true;
      });
  return found;
}

VariableValue to_value(const Variable& v) {
  if (v.state == ValueState::kSet) return VariableValue::set(v.value);
  return v.state == ValueState::kUnset ? VariableValue::unset() : VariableValue::unknown();
}

}  // namespace

std::string Stage::label() const {
  return name.empty() ? "stage " + std::to_string(index) : "stage `" + name + "`";
}

bool is_platform_arg(std::string_view name) {
  return std::find(std::begin(kPlatformArgs), std::end(kPlatformArgs), name) != std::end(kPlatformArgs);
}

bool is_root_user(std::string_view user) {
  const std::string_view name = user.substr(0, user.find(':'));
  if (name == "root") return true;
  // Windows containers: the administrator account is root's equivalent.
  if (source::ascii_iequals(name, "ContainerAdministrator")) return true;
  return all_digits(name) && name.find_first_not_of('0') == std::string_view::npos;
}

StageGraph::StageGraph(std::shared_ptr<const dockerfile::Dockerfile> dockerfile,
                       BuildSettings settings)
    : dockerfile_(std::move(dockerfile)), settings_(std::move(settings)) {
  const std::vector<Instruction>& all = dockerfile_->instructions;
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].is(Keyword::kFrom)) from_index_.push_back(i);
  read_globals(from_index_.empty() ? all.size() : from_index_.front());

  stages_.resize(from_index_.size());
  scopes_.resize(from_index_.size());
  root_.resize(from_index_.size());
  for (size_t k = 0; k < stages_.size(); ++k) {
    Stage& stage = stages_[k];
    stage.index = k;
    stage.from = &all[from_index_[k]];
    const std::vector<dockerfile::Word>& words = stage.from->words;
    if (words.size() == 3 && source::ascii_iequals(words[1].value, "as")) stage.name = source::ascii_lower(words[2].value);
  }
  // FROM sees the names declared before it (BuildKit fills its table of names as it goes);
  // COPY --from sees them all.
  std::unordered_map<std::string, size_t> declared;
  for (Stage& stage : stages_) {
    resolve_base(stage, declared);
    if (!stage.name.empty()) declared[stage.name] = stage.index;
    root_[stage.index] = stage.parent() ? root_[*stage.parent()] : stage.index;
  }
  names_ = std::move(declared);
  for (Stage& stage : stages_) {
    start_from_base(stage);
    // The parent stage's ONBUILD triggers run first, then the stage's own instructions.
    if (const std::optional<size_t> parent = stage.parent()) {
      const size_t end = *parent + 1 < from_index_.size() ? from_index_[*parent + 1] : all.size();
      for (size_t i = from_index_[*parent] + 1; i < end; ++i)
        if (all[i].is(Keyword::kOnbuild) && all[i].trigger)
          stage.instructions.push_back(all[i].trigger.get());
    }
    const size_t end =
        stage.index + 1 < from_index_.size() ? from_index_[stage.index + 1] : all.size();
    for (size_t i = from_index_[stage.index] + 1; i < end; ++i)
      stage.instructions.push_back(&all[i]);
    for (size_t p = 0; p < stage.instructions.size(); ++p) run(stage, p);
    // No USER anywhere, and the Dockerfile sets up gosu or su-exec: its entrypoint switches
    // user itself, as docker-library's images do.
    StageUser& user = stage.user;
    if (!user.instruction && user.privilege_drop &&
        (user.verdict == UserVerdict::kRoot || user.verdict == UserVerdict::kBaseImageDefault))
      user.verdict = UserVerdict::kDropsPrivileges;
  }

  if (!settings_.target_known || stages_.empty()) return;
  if (settings_.target.empty()) {
    shipped_ = stages_.size() - 1;
  } else if (const Stage* target = find(settings_.target)) {
    shipped_ = target->index;
  }
}

void StageGraph::read_globals(size_t first_from) {
  bool unknown = false;
  for (const std::string_view name : kPlatformArgs) {
    Variable v{std::string(name), ValueState::kUnknown, "", Variable::Origin::kPredefined, {}};
    if (const std::string* value = build_arg(name, &unknown)) {
      v.state = ValueState::kSet;
      v.value = *value;
      v.origin = Variable::Origin::kBuildArg;
    }
    global_index_[v.name] = globals_.size();
    globals_.push_back(std::move(v));
  }
  const std::vector<Instruction>& all = dockerfile_->instructions;
  for (size_t i = 0; i < first_from; ++i) {
    if (!all[i].is(Keyword::kArg)) continue;
    for (const dockerfile::KeyValue& pair : all[i].pairs) {
      Variable v{std::string(pair.key.value), ValueState::kUnknown, "",
                 Variable::Origin::kArgNoValue, pair.span};
      unknown = false;
      if (const std::string* value = build_arg(v.name, &unknown)) {
        v.state = ValueState::kSet;
        v.value = *value;
        v.origin = Variable::Origin::kBuildArg;
      } else if (unknown) {
        v.origin = Variable::Origin::kBuildArg;
      } else if (pair.has_value) {
        v.origin = Variable::Origin::kArgDefault;
        BuildValue expanded = expand_global(pair.value.value);
        if (expanded.known()) {
          v.state = ValueState::kSet;
          v.value = std::move(expanded.value);
        }
      }
      global_index_[v.name] = globals_.size();
      globals_.push_back(std::move(v));
    }
  }
}

void StageGraph::resolve_base(Stage& stage,
                              const std::unordered_map<std::string, size_t>& declared) {
  StageBase& base = stage.base;
  const std::vector<dockerfile::Word>& words = stage.from->words;
  if (words.empty()) return;  // kInvalid: BuildKit refuses a FROM without image
  base.span = words[0].span;
  base.text = expand_global(words[0].value);
  if (base.text.invalid) return;
  if (!base.text.known()) base.text = default_when_not_given(words[0].value);
  if (!base.text.known()) {
    base.kind = BaseKind::kUnresolved;
    return;
  }
  const std::string& text = base.text.value;
  if (text.empty()) return;
  // An earlier stage's name (BuildKit looks names up as they are declared, so a stage cannot
  // build on itself or on a later one; a name declared twice means the later one). Names are
  // lower-cased; BuildKit compares FROM's text as written, so `FROM Build` fails there (an
  // upper-case image name is invalid too): here it is the stage, which reports nothing false.
  if (const auto it = declared.find(source::ascii_lower(text)); it != declared.end()) {
    base.kind = BaseKind::kStage;
    base.stage = it->second;
    return;
  }
  if (text == "scratch") {
    base.kind = BaseKind::kScratch;
    return;
  }
  if (parse_reference(text, base.image)) base.kind = BaseKind::kImage;
}

void StageGraph::start_from_base(Stage& stage) {
  if (const std::optional<size_t> parent = stage.parent()) {
    const Stage& from = stages_[*parent];
    stage.user = from.user;
    stage.healthcheck = from.healthcheck;
    stage.workdir = from.workdir;
    stage.shell = from.shell;
    stage.entrypoint = from.entrypoint;
    stage.cmd = from.cmd;
    return;
  }
  stage.user = {UserVerdict::kUnknown, nullptr, stage.index, {}};
  stage.healthcheck = {HealthcheckVerdict::kUnknown, nullptr, stage.index};
  switch (stage.base.kind) {
    case BaseKind::kScratch:
      stage.user.verdict = UserVerdict::kRoot;
      stage.healthcheck.verdict = HealthcheckVerdict::kAbsent;
      stage.workdir = BuildValue{"/", {}, {}, false, {}};
      break;
    case BaseKind::kImage: {
      const ImageRef& image = stage.base.image;
      stage.user.verdict = verdict_for(knowledge::default_user(image));
      const knowledge::ImageFacts* facts = knowledge::find_image(image);
      if (facts && facts->healthcheck)
        stage.healthcheck.verdict = HealthcheckVerdict::kDefined;
      else if (knowledge::image_known_without_healthcheck(image))
        stage.healthcheck.verdict = HealthcheckVerdict::kAbsent;
      break;
    }
    case BaseKind::kStage:
    case BaseKind::kUnresolved:
    case BaseKind::kInvalid:
      break;
  }
}

void StageGraph::run(Stage& stage, size_t position) {
  const Instruction& ins = *stage.instructions[position];
  const uint64_t before = static_cast<uint64_t>(position) << 16;
  Scope& scope = scopes_[stage.index];
  switch (ins.keyword) {
    case Keyword::kArg:
      for (size_t j = 0; j < ins.pairs.size(); ++j) {
        const dockerfile::KeyValue& pair = ins.pairs[j];
        Variable v{std::string(pair.key.value), ValueState::kUnknown, "",
                   Variable::Origin::kArgNoValue, pair.span};
        bool unknown = false;
        if (const std::string* value = build_arg(v.name, &unknown)) {
          v.state = ValueState::kSet;
          v.value = *value;
          v.origin = Variable::Origin::kBuildArg;
        } else if (unknown) {
          v.origin = Variable::Origin::kBuildArg;
        } else if (pair.has_value) {
          v.origin = Variable::Origin::kArgDefault;
          BuildValue expanded =
              expand_with(pair.value.value, stage_lookup(stage.index, before + j + 1));
          if (expanded.known()) {
            v.state = ValueState::kSet;
            v.value = std::move(expanded.value);
          }
        } else if (const Variable* g = global(v.name)) {
          // `ARG NAME` declares the global ARG again: its value, wherever it came from.
          v.state = g->state;
          v.value = g->value;
          v.origin = g->origin;
          if (g->span.valid()) v.span = g->span;
        }
        define(scope, before + j + 1, std::move(v));
      }
      break;
    case Keyword::kEnv: {
      // Every value of one ENV is substituted before any of them is set.
      std::vector<Definition> set;
      for (size_t j = 0; j < ins.pairs.size(); ++j) {
        const dockerfile::KeyValue& pair = ins.pairs[j];
        Variable v{std::string(pair.key.value), ValueState::kUnknown, "", Variable::Origin::kEnv,
                   pair.span};
        BuildValue value = expand_with(pair.value.value, stage_lookup(stage.index, before));
        if (value.known()) {
          v.state = ValueState::kSet;
          v.value = std::move(value.value);
        }
        set.push_back({before + j + 1, std::move(v)});
      }
      for (Definition& d : set) define(scope, d.order, std::move(d.variable));
      break;
    }
    case Keyword::kUser: {
      if (ins.words.empty()) break;
      StageUser& user = stage.user;
      user.instruction = &ins;
      user.stage = stage.index;
      user.value = expand_with(ins.words[0].value, user_lookup(stage.index, before));
      // An empty USER sets the image's user to "", which runtimes run as root (it replaces the
      // base image's user). `USER :1000` names no user: what runs is not clear, so unknown.
      if (!user.value.known() || (!user.value.value.empty() && user.value.value.front() == ':'))
        user.verdict = UserVerdict::kUnknown;
      else if (user.value.value.empty())
        user.verdict = UserVerdict::kRoot;
      else
        user.verdict = is_root_user(user.value.value) ? UserVerdict::kRoot : UserVerdict::kNonRoot;
      break;
    }
    case Keyword::kHealthcheck: {
      if (ins.words.empty()) break;
      const std::string type = source::ascii_lower(ins.words[0].value);
      if (type != "none" && type != "cmd") break;
      stage.healthcheck = {
          type == "none" ? HealthcheckVerdict::kDisabled : HealthcheckVerdict::kDefined, &ins,
          stage.index};
      break;
    }
    case Keyword::kWorkdir: {
      if (ins.words.empty()) break;
      BuildValue dir = expand_with(ins.words[0].value, stage_lookup(stage.index, before));
      if (!dir.value.starts_with('/')) {
        // Relative to the current WORKDIR: unknown when that is the base image's.
        if (!stage.workdir) {
          dir.unresolved.push_back("WORKDIR");
        } else {
          BuildValue joined = *stage.workdir;
          if (!joined.value.ends_with('/')) joined.value += '/';
          joined.value += dir.value;
          for (std::string& name : dir.unresolved) joined.unresolved.push_back(std::move(name));
          joined.invalid = joined.invalid || dir.invalid;
          dir = std::move(joined);
        }
      }
      stage.workdir = std::move(dir);
      break;
    }
    case Keyword::kShell:
      stage.shell.clear();
      for (const dockerfile::Word& w : ins.words) stage.shell.emplace_back(w.value);
      break;
    case Keyword::kEntrypoint:
      stage.entrypoint = &ins;
      break;
    case Keyword::kCmd:
      stage.cmd = &ins;
      break;
    case Keyword::kCopy:
      add_reads(stage, ins);
      break;
    case Keyword::kRun:
      add_reads(stage, ins);
      if (!stage.user.privilege_drop && mentions_privilege_drop(*dockerfile_, ins))
        stage.user.privilege_drop = &ins;
      break;
    default:
      break;
  }
}

void StageGraph::add_reads(Stage& stage, const Instruction& ins) {
  auto add = [&](std::string_view from, const Span& span) {
    // BuildKit does not substitute variables in --from (it refuses them).
    if (from.empty() || from.find('$') != std::string_view::npos) return;
    std::optional<size_t> source;
    if (all_digits(from)) {
      if (from.size() < 8 && std::stoul(std::string(from)) < stages_.size())
        source = std::stoul(std::string(from));
    } else if (const Stage* named = find(from)) {
      source = named->index;
    }
    if (source) {
      if (*source != stage.index &&
          std::find(stage.reads.begin(), stage.reads.end(), *source) == stage.reads.end())
        stage.reads.push_back(*source);
      return;
    }
    ImageSource image{std::string(from), {}, span, &ins};
    if (parse_reference(from, image.image)) stage.image_sources.push_back(std::move(image));
  };
  if (ins.is(Keyword::kCopy)) {
    if (const dockerfile::Flag* from = ins.flag("from"); from && from->has_value)
      add(from->value, from->value_span);
    return;
  }
  for (const dockerfile::Flag& flag : ins.flags) {
    if (flag.name != "mount" || !flag.has_value) continue;
    const dockerfile::MountFields fields = dockerfile::split_mount(flag.value);
    if (!fields.error.empty()) continue;
    if (const dockerfile::MountField* from = fields.find("from"))
      add(from->value, ins.flag_value_span(flag, from->begin, from->end));
  }
}

const Stage* StageGraph::shipped_stage() const { return shipped_ ? &stages_[*shipped_] : nullptr; }

const Stage* StageGraph::find(std::string_view name) const {
  // A name declared twice means the later stage, as in BuildKit's table of names.
  const auto it = names_.find(source::ascii_lower(name));
  return it == names_.end() ? nullptr : &stages_[it->second];
}

std::vector<const Stage*> StageGraph::chain(const Stage& stage) const {
  std::vector<const Stage*> out{&stage};
  for (std::optional<size_t> p = stage.parent(); p; p = stages_[*p].parent())
    out.push_back(&stages_[*p]);
  return out;
}

std::vector<const Stage*> StageGraph::reachable(const Stage& stage) const {
  std::vector<bool> seen(stages_.size());
  std::vector<size_t> todo{stage.index};
  std::vector<const Stage*> out;
  while (!todo.empty()) {
    const size_t k = todo.back();
    todo.pop_back();
    if (seen[k]) continue;
    seen[k] = true;
    out.push_back(&stages_[k]);
    if (const std::optional<size_t> p = stages_[k].parent()) todo.push_back(*p);
    for (const size_t r : stages_[k].reads) todo.push_back(r);
  }
  std::sort(out.begin(), out.end(),
            [](const Stage* a, const Stage* b) { return a->index < b->index; });
  return out;
}

const StageBase& StageGraph::root_base(const Stage& stage) const {
  return stages_[root_[stage.index]].base;
}

bool StageGraph::ships(const Stage& stage) const {
  const Stage* shipped = shipped_stage();
  if (!shipped) return false;
  for (const Stage* s : chain(*shipped))
    if (s == &stage) return true;
  return false;
}

const Stage* StageGraph::stage_of(const Instruction& instruction) const {
  for (const Stage& stage : stages_) {
    if (stage.from == &instruction) return &stage;
    if (std::find(stage.instructions.begin(), stage.instructions.end(), &instruction) !=
        stage.instructions.end())
      return &stage;
  }
  return nullptr;
}

std::optional<size_t> StageGraph::position_of(const Stage& stage,
                                              const Instruction& instruction) const {
  const auto it = std::find(stage.instructions.begin(), stage.instructions.end(), &instruction);
  if (it == stage.instructions.end()) return std::nullopt;
  return static_cast<size_t>(it - stage.instructions.begin());
}

dockerfile::VariableLookup StageGraph::lookup_at(const Stage& stage,
                                                 const Instruction& instruction) const {
  if (stage.from == &instruction)
    return [this](std::string_view name) { return global_value(name); };
  const std::optional<size_t> p = position_of(stage, instruction);
  return stage_lookup(stage.index, p ? static_cast<uint64_t>(*p) << 16 : kEndOfStage);
}

BuildValue StageGraph::expand(const Stage& stage, const Instruction& instruction,
                              std::string_view text) const {
  return expand_with(text, lookup_at(stage, instruction));
}

BuildValue StageGraph::expand_global(std::string_view text) const {
  return expand_with(text, [this](std::string_view name) { return global_value(name); });
}

const Variable* StageGraph::global(std::string_view name) const {
  const auto it = global_index_.find(std::string(name));
  return it == global_index_.end() ? nullptr : &globals_[it->second];
}

const Variable* StageGraph::variable_at(const Stage& stage, const Instruction& instruction,
                                        std::string_view name) const {
  if (stage.from == &instruction) return global(name);
  const std::optional<size_t> p = position_of(stage, instruction);
  return find_variable(stage.index, p ? static_cast<uint64_t>(*p) << 16 : kEndOfStage, name);
}

const Variable* StageGraph::find_variable(size_t stage, uint64_t limit,
                                          std::string_view name) const {
  const std::string key(name);
  // Hostile input may chain thousands of stages: past kMaxDepth ancestors a name is unknown.
  for (size_t depth = 0; depth < kMaxDepth; ++depth) {
    const Scope& scope = scopes_[stage];
    if (const auto it = scope.by_name.find(key); it != scope.by_name.end()) {
      // The last definition with order below `limit`.
      const std::vector<size_t>& defs = it->second;
      const auto after = std::partition_point(
          defs.begin(), defs.end(), [&](size_t d) { return scope.definitions[d].order < limit; });
      if (after != defs.begin()) return &scope.definitions[*(after - 1)].variable;
    }
    const std::optional<size_t> parent = stages_[stage].parent();
    if (!parent) return nullptr;
    stage = *parent;
    limit = kEndOfStage;
  }
  return &too_deep_;
}

void StageGraph::define(Scope& scope, uint64_t order, Variable&& variable) {
  scope.by_name[variable.name].push_back(scope.definitions.size());
  scope.definitions.push_back({order, std::move(variable)});
}

VariableValue StageGraph::value_of(size_t stage, uint64_t limit, std::string_view name) const {
  if (const Variable* v = find_variable(stage, limit, name)) return to_value(*v);
  // Not defined in the Dockerfile: the base image's environment decides.
  switch (root_base(stages_[stage]).kind) {
    case BaseKind::kScratch:
      return name == "PATH" ? VariableValue::set(kDefaultPath) : VariableValue::unset();
    default:
      return VariableValue::unknown();  // an image's ENV is not known here
  }
}

namespace {

// Whether every reference to `name` in `text` takes a default when the variable is not given
// (`${NAME:-word}`, `${NAME-word}`), so that the written default stands in for it.
bool only_defaulted(std::string_view text, std::string_view name) {
  bool seen = false;
  for (size_t at = text.find('$'); at != std::string_view::npos; at = text.find('$', at + 1)) {
    const bool braced = at + 1 < text.size() && text[at + 1] == '{';
    const size_t from = at + (braced ? 2 : 1);
    if (text.substr(from, name.size()) != name) continue;
    const size_t after = from + name.size();
    const char next = after < text.size() ? text[after] : '\0';
    if (std::isalnum(static_cast<unsigned char>(next)) || next == '_') continue;  // a longer name
    seen = true;
    if (!braced) return false;
    const std::string_view op = text.substr(after, 2);
    if (!op.starts_with(":-") && !op.starts_with("-")) return false;
  }
  return seen;
}

}  // namespace

// `FROM redis:${TAG:-latest}` with a global `ARG TAG` that has no default and that no build
// argument sets: the written default is what the build uses unless someone passes --build-arg
// TAG, as a compose `${TAG:-latest}` runs its default unless TAG is set; it is read so. Text
// that uses such a variable's value itself (`FROM redis:${TAG}`) stays unresolved, as before.
BuildValue StageGraph::default_when_not_given(std::string_view text) const {
  bool defaulted = false;
  for (const Variable& v : globals_) {
    if (v.origin != Variable::Origin::kArgNoValue || v.state != ValueState::kUnknown) continue;
    if (text.find(v.name) == std::string_view::npos) continue;
    if (!only_defaulted(text, v.name)) return expand_global(text);
    defaulted = true;
  }
  if (!defaulted) return expand_global(text);
  BuildValue assumed = expand_with(text, [this](std::string_view name) {
    const Variable* v = global(name);
    if (v && v->origin == Variable::Origin::kArgNoValue && v->state == ValueState::kUnknown)
      return VariableValue::unset();
    return global_value(name);
  });
  ImageRef ref;
  if (!assumed.known() || assumed.invalid || assumed.value.empty() || !parse_reference(assumed.value, ref))
    return expand_global(text);
  return assumed;
}

VariableValue StageGraph::global_value(std::string_view name) const {
  if (const Variable* v = global(name)) return to_value(*v);
  return VariableValue::unset();
}

dockerfile::VariableLookup StageGraph::stage_lookup(size_t stage, uint64_t limit) const {
  return [this, stage, limit](std::string_view name) { return value_of(stage, limit, name); };
}

dockerfile::VariableLookup StageGraph::user_lookup(size_t stage, uint64_t limit) const {
  // A global ARG that the stage does not declare again is out of scope after FROM, so BuildKit
  // substitutes "" for it. That the base image sets an ENV of the same name is possible but far
  // less likely than a forgotten `ARG NAME` line, which is what this catches.
  return [this, stage, limit](std::string_view name) {
    if (!find_variable(stage, limit, name) && global(name)) return VariableValue::unset();
    return value_of(stage, limit, name);
  };
}

BuildValue StageGraph::expand_with(std::string_view text,
                                   const dockerfile::VariableLookup& lookup) const {
  dockerfile::ExpandOptions options;
  options.escape = dockerfile_->escape;
  dockerfile::Expansion e = dockerfile::expand(text, lookup, options);
  BuildValue out;
  out.value = std::move(e.value);
  out.unresolved = std::move(e.unresolved);
  out.used = std::move(e.used);
  out.unset = std::move(e.unset);
  out.invalid = !e.error.empty();
  return out;
}

const std::string* StageGraph::build_arg(std::string_view name, bool* unknown) const {
  for (auto it = settings_.args.rbegin(); it != settings_.args.rend(); ++it)
    if (it->first == name) return &it->second;
  *unknown = std::find(settings_.unknown_args.begin(), settings_.unknown_args.end(), name) !=
             settings_.unknown_args.end();
  return nullptr;
}

}  // namespace clearance::model
