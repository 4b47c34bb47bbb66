#pragma once
// .env files as Docker Compose reads them (compose-go's dotenv format, reviewed against its
// parser in 2026-11):
//   - `#` at the start of a statement comments to the end of the line; `export ` is dropped;
//     `KEY=value` and `KEY: value`; a bare `KEY` line takes its value from the environment
//     (only when a line break ends it: at the very end of the file it defines nothing);
//   - unquoted values end at the line break or at ` #` (a space, then '#'), trailing blanks
//     dropped; `\` is kept as written;
//   - 'single quotes' are literal (only `\'` loses its backslash) and may span lines;
//   - "double quotes" may span lines; `\a \b \f \n \r \t \v \\ \" \$` and `\0ddd` (octal)
//     are escapes, any other backslash stays;
//   - text after a closing quote starts the next statement (so `A="x" # note` is fine);
//   - unquoted and double-quoted values are interpolated (`$X`, `${X:-d}`, ..., `$$`) from the
//     environment first, then from earlier lines; single-quoted ones are not;
//   - a key holding a space, a character outside letters, digits and `_ . - [ ]`, an
//     unterminated quote and an invalid or unmet interpolation are problems: Compose refuses
//     the file at the first one (problems[0]); the rest are found by reading on.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace clearance::envfile {

using source::Span;

struct Entry {
  std::string key;
  std::string value;  // after unquoting, unescaping and interpolation
  Span key_span;
  Span value_span;  // the value as written (quotes included); zero-width for `KEY=`
  Span line_span;   // the whole assignment, `export` included
  bool quoted = false;
  bool has_value = true;  // false for a bare `KEY` line (value taken from the environment)
};

struct Problem {
  Span span;
  std::string message;
  bool limit = false;  // a safety limit stopped the reading (not something Compose refuses)
};

// A `${VAR}` in a value that neither the environment nor an earlier line sets, without a
// default: Compose substitutes an empty string (CLR605).
// `${VAR:?message}` unset is `required`: Compose refuses the project (CLR605, high).
struct UnsetVariable {
  std::string name;
  Span span;  // the value that uses it
  bool required = false;
  std::string message;  // for a required one: Compose's error
};

struct EnvFile {
  std::vector<Entry> entries;  // in file order; a key set twice appears twice (the later wins)
  std::vector<Problem> problems;  // Compose would refuse the file (at problems[0]); CLR901
  std::vector<UnsetVariable> unset_variables;
};

// Looks a variable up for interpolation inside values (the shell environment, then earlier lines).
using Lookup = std::function<std::optional<std::string>(std::string_view name)>;

EnvFile parse(const source::SourceFile& file, const Lookup& lookup = {});

}  // namespace clearance::envfile
