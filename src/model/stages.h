#pragma once
// The stages of a Dockerfile as one build sees them, the way BuildKit dispatches them: which
// stage ships, what each stage is built FROM once ARGs are substituted, which stages it reads
// files from, and what it inherits through `FROM <stage>` (ARG and ENV values, USER, WORKDIR,
// SHELL, HEALTHCHECK, and the parent's ONBUILD triggers, which run first).
//
// Scoping follows BuildKit: ARGs before the first FROM are global and visible only to FROM
// lines (and to a stage that declares them again without a value); a build argument replaces
// an ARG's default; an ARG or ENV inside a stage is visible to the instructions after it and
// to the stages built FROM it.
//
// Whatever depends on a value only the build knows is unknown: an ARG without default that the
// build does not pass, a platform ARG (TARGETARCH), a compose build argument or target set from
// an unset variable, the ENV of a base image pulled from a registry. Everything computed from an
// unknown value is unknown too, and rules read "unknown" as "say nothing": never a pass that
// hides a problem, never a finding that may be false.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dockerfile/expand.h"
#include "dockerfile/syntax.h"
#include "model/image_ref.h"

namespace clearance::model {

using source::Span;

// How a build is asked for: compose `build.target` and `build.args` (nothing for a Dockerfile
// checked on its own).
struct BuildSettings {
  std::string target;        // empty: the last stage
  bool target_known = true;  // false: the target depends on an unset variable
  std::vector<std::pair<std::string, std::string>> args;  // passed, with a known value
  std::vector<std::string> unknown_args;                  // passed, with a value not known here
};

// Text after BuildKit's substitution of variables.
struct BuildValue {
  std::string value;  // exact when known(); else references to unknown values kept as written
  std::vector<std::string> unresolved;  // the variables of unknown value it depends on
  std::vector<std::string> used;        // every variable whose value it used
  bool invalid = false;                 // BuildKit refuses the text (`${X:?message}` with X unset)
  std::vector<std::string> unset;       // the variables it read as not set (substituted empty)
  bool known() const { return unresolved.empty() && !invalid; }
};

// Where a variable visible to an instruction got its value.
struct Variable {
  enum class Origin : uint8_t {
    kPredefined,  // BuildKit's platform ARGs and TARGETSTAGE
    kArgDefault,  // an ARG's default (in the stage, or the global one it declares again)
    kBuildArg,    // a build argument (compose `build.args`)
    kArgNoValue,  // an ARG with neither default nor build argument: set with --build-arg, or not at
                  // all
    kEnv,         // ENV
  };
  std::string name;
  dockerfile::VariableValue::State state = dockerfile::VariableValue::State::kUnknown;
  std::string value;  // when state is kSet
  Origin origin = Origin::kArgDefault;
  Span span;  // the ARG or ENV entry; invalid for build arguments and predefined ones
};

enum class BaseKind : uint8_t {
  kImage,       // an image pulled from a registry
  kStage,       // an earlier stage of the same Dockerfile (`FROM builder`)
  kScratch,     // the empty image
  kUnresolved,  // depends on a variable whose value only the build knows
  kInvalid,     // what BuildKit refuses: blank, not an image reference, an expansion error
};

struct StageBase {
  BaseKind kind = BaseKind::kInvalid;
  BuildValue text;   // the image word of FROM, substituted
  ImageRef image;    // kImage
  size_t stage = 0;  // kStage: the index of that stage
  Span span;         // the image word as written
};

// An image a stage reads files from without building on it: `COPY --from=<image>`,
// `RUN --mount=...,from=<image>`.
struct ImageSource {
  std::string text;
  ImageRef image;
  Span span;  // the flag's value
  const dockerfile::Instruction* instruction = nullptr;
};

// Who the stage's main process runs as.
enum class UserVerdict : uint8_t {
  kRoot,     // USER root (or uid 0) or a USER that expands to empty, or no USER on scratch or on
             // an image known to run as root
  kNonRoot,  // a USER that is not root, or no USER on an image known to set one
  kDropsPrivileges,   // no USER, on an image that starts as root and switches user itself
                      // (postgres), or in a Dockerfile that installs gosu or su-exec for its
                      // entrypoint to do so
  kBaseImageDefault,  // no USER, on an image clearance knows nothing about: root unless it sets a
                      // user
  kUnknown,           // depends on a value only the build knows (FROM ${BASE}, USER ${APP_UID}
                      // with `ARG APP_UID` and no default)
};

struct StageUser {
  UserVerdict verdict = UserVerdict::kUnknown;
  // The USER instruction that decides it (in the stage, in a stage it is built FROM, or an
  // ONBUILD trigger of its parent stage); null when no USER applies.
  const dockerfile::Instruction* instruction = nullptr;
  size_t stage = 0;  // the stage that instruction belongs to (or whose base image decides)
  BuildValue value;  // the USER value after substitution
  // kDropsPrivileges decided by the Dockerfile itself: the RUN that installs or checks gosu or
  // su-exec, the tools docker-library's entrypoints use to step down from root.
  const dockerfile::Instruction* privilege_drop = nullptr;
};

enum class HealthcheckVerdict : uint8_t {
  kDefined,   // a HEALTHCHECK CMD, or a base image known to define a health check
  kDisabled,  // HEALTHCHECK NONE
  kAbsent,    // none in the Dockerfile, on scratch or on an image known to define none
  kUnknown,   // none in the Dockerfile, on an image clearance knows nothing about, or unresolved
};

struct StageHealthcheck {
  HealthcheckVerdict verdict = HealthcheckVerdict::kUnknown;
  const dockerfile::Instruction* instruction =
      nullptr;  // the deciding HEALTHCHECK; null: the base image's
  size_t stage = 0;
};

struct Stage {
  size_t index = 0;
  const dockerfile::Instruction* from = nullptr;
  std::string name;  // lower-cased as BuildKit names stages; empty when unnamed
  StageBase base;
  // What the stage runs, in order: its parent stage's ONBUILD triggers, then its own
  // instructions after FROM (its own ONBUILD instructions included; they do not run here).
  std::vector<const dockerfile::Instruction*> instructions;
  std::vector<size_t> reads;  // stages it copies or mounts files from
  std::vector<ImageSource> image_sources;

  // In effect at the end of the stage (inherited through FROM <stage>).
  StageUser user;
  StageHealthcheck healthcheck;
  std::optional<BuildValue> workdir;  // nullopt: the base image's
  std::vector<std::string> shell;     // the last SHELL; empty: the base image's (`/bin/sh -c`)
  const dockerfile::Instruction* entrypoint =
      nullptr;                                   // the last ENTRYPOINT; null: the base image's
  const dockerfile::Instruction* cmd = nullptr;  // the last CMD; null: the base image's

  // `FROM <stage>`: the stage it is built on.
  std::optional<size_t> parent() const {
    return base.kind == BaseKind::kStage ? std::optional<size_t>(base.stage) : std::nullopt;
  }
  // A label for messages: "stage `build`" or "stage 2".
  std::string label() const;
};

// True for a USER value that names root: `root` or uid 0, with or without a group.
bool is_root_user(std::string_view user);
// True for an ARG BuildKit sets for the platforms of the build (TARGETARCH, BUILDPLATFORM, ...).
bool is_platform_arg(std::string_view name);

class StageGraph {
 public:
  StageGraph(std::shared_ptr<const dockerfile::Dockerfile> dockerfile, BuildSettings settings);

  const dockerfile::Dockerfile& dockerfile() const { return *dockerfile_; }
  const BuildSettings& settings() const { return settings_; }
  const std::vector<Stage>& stages() const { return stages_; }

  // The stage the build produces: the compose target (matched as BuildKit matches it, without
  // regard to case), else the last stage. Null when the target is unknown or names no stage.
  const Stage* shipped_stage() const;
  // A stage by name (case-insensitive), or null.
  const Stage* find(std::string_view name) const;
  // The stage and the stages it is built FROM, nearest first.
  std::vector<const Stage*> chain(const Stage& stage) const;
  // The stages a build of `stage` runs: its chain and every stage they read from.
  std::vector<const Stage*> reachable(const Stage& stage) const;
  // The base of the stage's chain: what its first ancestor is built FROM (an image, scratch,
  // or an unresolved or invalid reference; never kStage).
  const StageBase& root_base(const Stage& stage) const;
  // Whether `stage` is the shipped stage or one it is built FROM.
  bool ships(const Stage& stage) const;

  // Who the stage runs as, and whether it has a health check.
  const StageUser& effective_user(const Stage& stage) const { return stage.user; }
  const StageHealthcheck& healthcheck(const Stage& stage) const { return stage.healthcheck; }

  // The stage an instruction runs in (null for the global ARGs before the first FROM and for
  // instructions of no stage).
  const Stage* stage_of(const dockerfile::Instruction& instruction) const;
  // Variables as they are just before `instruction` runs in `stage` (which must be one of the
  // stage's instructions), ready for dockerfile::expand.
  dockerfile::VariableLookup lookup_at(const Stage& stage,
                                       const dockerfile::Instruction& instruction) const;
  // `text` substituted as BuildKit substitutes it for `instruction` in `stage`.
  BuildValue expand(const Stage& stage, const dockerfile::Instruction& instruction,
                    std::string_view text) const;
  // The same in FROM lines (global ARGs only).
  BuildValue expand_global(std::string_view text) const;
  // A FROM line whose only unknowns are ARGs nobody gives, each with a written default.
  BuildValue default_when_not_given(std::string_view text) const;
  // The definition a variable visible to FROM lines has, or null.
  const Variable* global(std::string_view name) const;
  // The definition a variable has just before `instruction` in `stage`, or null when neither
  // the stage nor its parents define it.
  const Variable* variable_at(const Stage& stage, const dockerfile::Instruction& instruction,
                              std::string_view name) const;

 private:
  // A variable defined in a stage. `order` places it among the stage's instructions: the j-th
  // entry of stage.instructions[p] has order (p << 16) + j + 1, and what runs before
  // instruction p sees the definitions of order below p << 16 (an ARG's later entries also see
  // its earlier ones, as in BuildKit; an ENV's entries see only what came before the ENV).
  struct Definition {
    uint64_t order = 0;
    Variable variable;
  };
  struct Scope {
    std::deque<Definition> definitions;  // a deque: lookups hand out views of the values
    // Each name's definitions (indexes into `definitions`), in order.
    std::unordered_map<std::string, std::vector<size_t>> by_name;
  };
  void define(Scope& scope, uint64_t order, Variable&& variable);

  void read_globals(size_t first_from);
  void resolve_base(Stage& stage, const std::unordered_map<std::string, size_t>& declared);
  void start_from_base(Stage& stage);
  void run(Stage& stage, size_t position);
  void add_reads(Stage& stage, const dockerfile::Instruction& instruction);
  const Variable* find_variable(size_t stage, uint64_t limit, std::string_view name) const;
  dockerfile::VariableValue value_of(size_t stage, uint64_t limit, std::string_view name) const;
  dockerfile::VariableValue global_value(std::string_view name) const;
  dockerfile::VariableLookup stage_lookup(size_t stage, uint64_t limit) const;
  // stage_lookup, but global ARGs the stage does not declare again are unset (for USER).
  dockerfile::VariableLookup user_lookup(size_t stage, uint64_t limit) const;
  BuildValue expand_with(std::string_view text, const dockerfile::VariableLookup& lookup) const;
  std::optional<size_t> position_of(const Stage& stage,
                                    const dockerfile::Instruction& instruction) const;
  const std::string* build_arg(std::string_view name, bool* unknown) const;

  std::shared_ptr<const dockerfile::Dockerfile> dockerfile_;
  BuildSettings settings_;
  std::deque<Variable> globals_;
  std::unordered_map<std::string, size_t> global_index_;  // the last definition of each name
  std::vector<Stage> stages_;
  std::vector<Scope> scopes_;       // per stage
  std::vector<size_t> from_index_;  // per stage: its FROM's index in Dockerfile::instructions
  std::vector<size_t> root_;        // per stage: the first stage of its chain
  std::unordered_map<std::string, size_t> names_;  // every stage name (lower case), the last wins
  std::optional<size_t> shipped_;
  Variable too_deep_{
      "", dockerfile::VariableValue::State::kUnknown, "", Variable::Origin::kArgNoValue, {}};
};

}  // namespace clearance::model
