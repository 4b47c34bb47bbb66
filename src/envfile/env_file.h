#pragma once
// .env files as Docker Compose reads them (compose-go's dotenv format).
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

struct EnvFile {
  std::vector<Entry> entries;
  std::vector<Problem> problems;  // Compose would refuse the file; reported as CLR901
};

// Looks a variable up for interpolation inside values (the shell environment, then earlier lines).
using Lookup = std::function<std::optional<std::string>(std::string_view name)>;

EnvFile parse(const source::SourceFile& file, const Lookup& lookup = {});

}  // namespace clearance::envfile
