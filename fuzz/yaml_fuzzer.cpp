// Fuzzes the YAML adapter: any bytes must parse into a tree or problems, within the limits,
// with every span inside the file.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "yaml/node.h"

namespace {
void check_spans(const clearance::yaml::Node* n, size_t size, int depth) {
  if (!n || depth > 300) return;
  if (n->span.begin > n->span.end || n->span.end > size) std::abort();
  for (const auto* item : n->items) check_spans(item, size, depth + 1);
  for (const auto& p : n->pairs) {
    check_spans(p.key, size, depth + 1);
    check_spans(p.value, size, depth + 1);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  clearance::source::SourceFile file("f.yaml", "/f.yaml", std::string(reinterpret_cast<const char*>(data), size));
  auto doc = clearance::yaml::parse(file);
  check_spans(doc->root, size, 0);
  for (const auto& c : doc->comments)
    if (c.span.end > size) std::abort();
  return 0;
}
