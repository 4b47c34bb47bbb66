#pragma once
// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e},
// ${VAR:+r}, ${VAR+r}, $$ and nesting, with a record of which variable produced what.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/source_file.h"

namespace clearance::compose {

using source::Span;

// A variable as the environment supplies it.
struct Variable {
  enum class Source { kShell, kEnvFile };
  std::string value;
  Source source = Source::kEnvFile;
  Span defined_at;  // the env-file line (its value); invalid for the shell environment
};

// The variables available for interpolation, with Compose's precedence already applied.
class Environment {
 public:
  Environment() = default;
  // `overrides` (the shell environment, shared by every project of a run) takes precedence
  // over what is added here, without being copied into each project.
  explicit Environment(const Environment* overrides) : overrides_(overrides) {}

  // Keeps the first definition: add the strongest source first (shell, then env files).
  void add_if_absent(std::string name, Variable v);
  // Replaces any earlier definition (a later --env-file overrides an earlier one).
  void set(std::string name, Variable v);
  const Variable* find(std::string_view name) const;
  size_t size() const { return vars_.size(); }

 private:
  // Transparent hashing lets find() take a string_view without building a std::string.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, Variable, NameHash, std::equal_to<>> vars_;
  const Environment* overrides_ = nullptr;
};

struct VariableUse {
  std::string name;
  const Variable* variable = nullptr;  // null when the variable is set nowhere
  bool used_default = false;           // the `-`/`:-` default (or `+`/`:+` alternative) was taken
  bool required = false;               // `?` / `:?` form
  std::string default_text;            // the default as written, before its own interpolation
  std::string required_message;        // the text after `?`
};

// How a value was produced; attached to the YAML scalar it came from.
// `uses` lists what was evaluated: like compose-go, a default (or `?` message) is only
// interpolated when it is taken, so variables inside an unused default do not appear.
// `unknown` is also set when an error occurs, because Compose would then refuse the project and
// the value it would have run with cannot be known.
// Errors read like compose-go's: "required variable NAME is missing a value[: message]" or
// "invalid interpolation format: "<template>"; you may need to escape any $ with another $".
struct Interpolation {
  std::string raw;                 // the text as written in the file
  std::vector<VariableUse> uses;   // in order of appearance, nested ones included
  bool unknown = false;            // an unset variable without default: Compose substitutes ""
  std::vector<std::string> errors; // invalid template, or a required variable that is unset
};

struct InterpolationResult {
  std::string value;
  Interpolation info;
};

// Interpolates `raw`. Returns nullopt when the text holds no '$' at all (the common case).
std::optional<InterpolationResult> interpolate(std::string_view raw, const Environment& env);

// Resolves a name to its variable, or null when it is set nowhere. For callers whose variables
// do not live in one Environment (the .env reader looks at the shell, then at earlier lines).
// VariableUse::variable keeps the pointers it returns.
using Resolver = std::function<const Variable*(std::string_view name)>;
std::optional<InterpolationResult> interpolate(std::string_view raw, const Resolver& resolve);

}  // namespace clearance::compose
