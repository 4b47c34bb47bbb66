// Fuzzes Compose interpolation (src/compose/interpolation.h): any text interpolates within the
// limits; the value grows by at most one variable's value per '$'; doubling every '$' gives the
// text back unchanged, with no use and no error.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compose/interpolation.h"

namespace {

constexpr size_t kLongestValue = 32;

const clearance::compose::Environment& environment() {
  static const clearance::compose::Environment env = [] {
    using clearance::compose::Variable;
    clearance::compose::Environment e;
    e.set("A", Variable{"alpha", Variable::Source::kShell, {}});
    e.set("EMPTY", Variable{"", Variable::Source::kEnvFile, {}});
    e.set("DOLLAR", Variable{"$A ${B}", Variable::Source::kEnvFile, {}});  // values are not re-read
    e.set("LONG", Variable{std::string(kLongestValue, 'x'), Variable::Source::kShell, {}});
    e.set("_1", Variable{"}", Variable::Source::kShell, {}});
    return e;
  }();
  return env;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearance;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const auto result = compose::interpolate(raw, environment());
  const size_t dollars = static_cast<size_t>(std::count(raw.begin(), raw.end(), '$'));
  if (result.has_value() != (dollars > 0)) std::abort();
  if (result) {
    if (result->info.raw != raw) std::abort();
    if (result->info.errors.size() > 16 || result->info.uses.size() > 4096) std::abort();
    if (result->value.size() > raw.size() + dollars * kLongestValue) std::abort();
    if (!result->info.errors.empty() && !result->info.unknown) std::abort();
  }
  // `$$` is a literal dollar: escaping every dollar must give the text back.
  std::string escaped;
  escaped.reserve(size + dollars);
  for (char c : raw) {
    escaped += c;
    if (c == '$') escaped += '$';
  }
  const auto literal = compose::interpolate(escaped, environment());
  if (literal && (literal->value != raw || !literal->info.uses.empty() ||
                  !literal->info.errors.empty() || literal->info.unknown))
    std::abort();
  return 0;
}
