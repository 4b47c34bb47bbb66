#pragma once
// Variable expansion of Dockerfile words as BuildKit's word lexer performs it (the expansion of
// ADD, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, ARG defaults and
// flags): quote removal ('...' literal, "..." with \" \$ \\ escapes), the escape character,
// and the forms
//   $VAR  ${VAR}
//   ${VAR:-word} ${VAR-word}   default when unset (":" also when empty)
//   ${VAR:+word} ${VAR+word}   alternative when set (":" only when non-empty)
//   ${VAR:?word} ${VAR?word}   error when unset (":" also when empty)
//   ${VAR#pat} ${VAR##pat}     remove the shortest / longest matching prefix
//   ${VAR%pat} ${VAR%%pat}     remove the shortest / longest matching suffix
//   ${VAR/pat/repl} ${VAR//pat/repl}   replace the first / every match
// where a pattern has `*` and `?` wildcards (no bracket expressions, as in BuildKit). Special
// parameters ($1, $@, $?, ...) are looked up like any name, and so are usually unset.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace clearance::dockerfile {

// What a variable is worth at the point of expansion.
struct VariableValue {
  enum class State : uint8_t {
    kUnset,    // not defined: BuildKit substitutes "" (or takes the default)
    kSet,      // defined with `value`
    kUnknown,  // defined, but its value is only known at build time (an ARG without default,
               // set with --build-arg): nothing that depends on it can be computed
  };
  State state = State::kUnset;
  std::string_view value;

  static VariableValue unset() { return {}; }
  static VariableValue set(std::string_view v) { return {State::kSet, v}; }
  static VariableValue unknown() { return {State::kUnknown, {}}; }
};

// Looks a name up; an empty function means that nothing is set.
using VariableLookup = std::function<VariableValue(std::string_view name)>;

struct ExpandOptions {
  char escape = '\\';        // the Dockerfile's escape character (Dockerfile::escape)
  bool split_words = false;  // also split the result into words (BuildKit's ProcessWords)
  // BuildKit's lexer switches, for callers that need its internal modes:
  bool raw_quotes = false;   // keep quote characters in the result
  bool raw_escapes = false;  // keep escape characters in the result
  bool skip_unset = false;   // leave references to unset variables as written
  bool process_quotes = true;
};

// A word of the split result, with where it came from.
struct ExpandedWord {
  std::string text;
  uint32_t begin = 0;  // [begin, end): the input bytes it was produced from
  uint32_t end = 0;
};

struct Expansion {
  // The expanded text (BuildKit's ProcessWord). Where the value of an unknown variable was
  // needed, the reference is kept as written (`${VERSION}`) and the name is in `unresolved`.
  std::string value;
  std::vector<ExpandedWord> words;      // with ExpandOptions::split_words (ProcessWords)
  std::vector<std::string> used;        // variables whose value was used, in order, once each
  std::vector<std::string> unset;       // variables referenced but not set (taken as empty)
  std::vector<std::string> unresolved;  // variables of unknown value that the result depends on
  std::string error;                    // BuildKit refuses the text with this message
  bool limited = false;                 // a nesting limit stopped the expansion (error is set)

  // The value is exactly what BuildKit computes.
  bool exact() const { return unresolved.empty() && error.empty(); }
};

Expansion expand(std::string_view text, const VariableLookup& lookup,
                 const ExpandOptions& options = {});

}  // namespace clearance::dockerfile
