// Secret masking for reports: findings about credentials point at the credential itself, and a
// report (often uploaded to CI or code-scanning services) must not carry it.
#include <string>
#include <string_view>

#include "report/report.h"

namespace clearance::report {
namespace {

// Rules outside the secrets area whose span is a secret-looking value (CLR601/CLR602 point at
// the first assignment of an env file, value included).
constexpr std::string_view kSecretBearingRules[] = {"CLR601", "CLR602", "CLR606"};

// Below this many code points a two-character prefix gives away too much of the value.
constexpr size_t kShortValue = 8;
constexpr size_t kKeptPrefix = 2;
constexpr std::string_view kMaskTail = "******";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Byte length of the first `n` code points of `value` (all of it when shorter).
size_t prefix_bytes(std::string_view value, size_t n) {
  size_t seen = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(value[i]))) continue;
    if (seen == n) return i;
    ++seen;
  }
  return value.size();
}

}  // namespace

// Rules of the secrets area whose span is a file name, never a value.
constexpr std::string_view kPathRules[] = {"CLR509"};

bool span_may_hold_secret(const rules::RuleMeta& rule) {
  for (std::string_view id : kPathRules)
    if (rule.id == id) return false;
  if (rule.area == rules::Area::kSecrets) return true;
  for (std::string_view id : kSecretBearingRules)
    if (rule.id == id) return true;
  return false;
}

std::string mask_secret(std::string_view value) {
  const size_t code_points = source::count_code_points(value);
  const size_t kept = code_points >= kShortValue ? kKeptPrefix : 0;
  std::string out(value.substr(0, prefix_bytes(value, kept)));
  out += kMaskTail;
  return out;
}

}  // namespace clearance::report
