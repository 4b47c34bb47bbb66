// Fuzzes the .dockerignore reader and matcher (src/ignorefile/dockerignore.h). The input is a
// .dockerignore body, then a NUL byte, then context paths separated by '\n'. Every span lies
// inside the file, the context root is never excluded, and answers do not change between calls.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ignorefile/dockerignore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearance;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view body = input.substr(0, nul);
  std::vector<std::string> paths;
  if (nul != std::string_view::npos) {
    std::string_view rest = input.substr(nul + 1);
    while (!rest.empty() && paths.size() < 64) {
      const size_t nl = rest.find('\n');
      paths.emplace_back(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
  }
  source::SourceFile file(".dockerignore", "/ctx/.dockerignore", std::string(body));
  const ignorefile::Dockerignore ignore = ignorefile::Dockerignore::parse(file);
  for (const auto& p : ignore.patterns())
    if (!p.span.valid() || p.span.begin > p.span.end || p.span.end > body.size()) std::abort();
  for (const auto& p : ignore.problems())
    if (!p.span.valid() || p.span.end > body.size() || p.message.empty()) std::abort();
  if (ignore.excludes(".") || ignore.excludes("") || ignore.excludes("./")) std::abort();
  for (const std::string& path : paths) {
    const bool once = ignore.excludes(path);
    if (once != ignore.excludes(path)) std::abort();
    for (size_t i = 0; i < ignore.patterns().size() && i < 16; ++i) ignore.pattern_matches(i, path);
  }
  for (const auto& u : ignorefile::diagnose_unmatched(ignore, paths))
    if (u.kind != ignorefile::DockerignoreProblem::Kind::kMatchesNothing ||
        u.span.end > body.size())
      std::abort();
  return 0;
}
