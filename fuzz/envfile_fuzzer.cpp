// Fuzzes the .env reader (src/envfile/): any bytes must read into entries and problems within
// the limits, with every span inside the file, and reading twice gives the same result.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "envfile/env_file.h"

namespace {

using clearance::envfile::EnvFile;
using clearance::source::Span;

void check_span(const Span& s, size_t size) {
  if (!s.valid() || s.begin > s.end || s.end > size) std::abort();
  if (s.start().line > s.stop().line || s.start().line == 0) std::abort();
}

std::optional<std::string> lookup(std::string_view name) {
  if (name == "HOME") return std::string("/home/user");
  if (name == "EMPTY") return std::string();
  if (name == "A") return std::string("$B");  // looked-up values are not interpolated again
  return std::nullopt;
}

bool same(const EnvFile& a, const EnvFile& b) {
  if (a.entries.size() != b.entries.size() || a.problems.size() != b.problems.size()) return false;
  for (size_t i = 0; i < a.entries.size(); ++i)
    if (a.entries[i].key != b.entries[i].key || a.entries[i].value != b.entries[i].value)
      return false;
  for (size_t i = 0; i < a.problems.size(); ++i)
    if (a.problems[i].message != b.problems[i].message) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearance;
  source::SourceFile file(".env", "/p/.env",
                          std::string(reinterpret_cast<const char*>(data), size));
  const EnvFile env = envfile::parse(file, lookup);
  if (env.problems.size() > 101 || env.entries.size() > 100000) std::abort();
  for (const auto& e : env.entries) {
    if (e.key.empty() || e.key.find(' ') != std::string::npos) std::abort();
    check_span(e.key_span, size);
    check_span(e.value_span, size);
    check_span(e.line_span, size);
    if (e.key_span.text() != e.key) std::abort();
    if (e.line_span.begin > e.key_span.begin || e.line_span.end < e.value_span.end) std::abort();
    if (!e.has_value && !e.value_span.text().empty()) std::abort();
  }
  for (const auto& p : env.problems) {
    check_span(p.span, size);
    if (p.message.empty() || p.message.size() > 1000) std::abort();
  }
  if (!same(env, envfile::parse(file, lookup))) std::abort();
  return 0;
}
