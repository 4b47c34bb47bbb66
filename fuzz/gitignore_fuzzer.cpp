// Fuzzes git's ignore rules (src/ignorefile/gitignore.h): the input is a .gitignore body, then a
// NUL byte, then paths separated by '\n'. Reading and matching never crash, stay within time,
// and a rule's answer does not depend on how often it is asked.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "ignorefile/gitignore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearance::ignorefile;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const GitignoreFile file = GitignoreFile::parse(input.substr(0, nul), ".gitignore", "");
  std::vector<std::string_view> paths;
  if (nul != std::string_view::npos) {
    std::string_view rest = input.substr(nul + 1);
    while (!rest.empty() && paths.size() < 32) {
      const size_t nl = rest.find('\n');
      paths.push_back(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
  }
  for (const auto& rule : file.rules)
    if (rule.pattern.empty() || rule.line == 0) std::abort();
  const GitignoreFile* global[] = {&file};
  for (std::string_view path : paths) {
    const GitignoreRule* a = file.last_match(path, false);
    if (a != file.last_match(path, false)) std::abort();
    file.last_match(path, true, /*casefold=*/true);
    const IgnoreDecision d = decide_ignored(
        path, global, [](std::string_view) { return nullptr; },
        [](std::string_view) { return false; });
    if (d.ignored && !d.rule) std::abort();
  }
  return 0;
}
