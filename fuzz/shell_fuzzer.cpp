// Fuzzes the shell splitter on any text (a RUN command, a heredoc body, an `sh -c` script).
// The first byte picks how many `sh -c` levels are followed. Checks: no crash, no hang, every
// span inside the input with the line:column that LineIndex gives.
#include <cstdint>
#include <string>

#include "dockerfile/shell.h"
#include "span_check.h"

namespace {

using namespace clearance;
using clearance::fuzz::check_span;

void check_script(const dockerfile::shell::Script& script) {
  check_span(script.span);
  for (const dockerfile::Problem& p : script.problems) check_span(p.span);
  for (const dockerfile::shell::Command& c : script.commands) {
    check_span(c.span);
    for (const auto& a : c.assignments) check_span(a.value.span);
    for (const auto& w : c.words) {
      check_span(w.span);
      if (w.raw.size() > script.text.size()) __builtin_trap();
    }
    for (const auto& r : c.redirections) {
      check_span(r.span);
      check_span(r.target.span);
      check_span(r.heredoc_body);
    }
    dockerfile::shell::program_name(c);
    dockerfile::shell::shell_reads_stdin(c);
    for (const auto& n : c.nested) check_script(n);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  dockerfile::shell::Options options;
  options.max_shell_depth = data[0] % 6;
  options.heredocs_outside = data[0] & 0x80;
  auto file = std::make_shared<source::SourceFile>(
      "run.sh", "/run.sh", std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  const dockerfile::JoinedText text(*file, 0, static_cast<uint32_t>(file->bytes().size()));
  check_script(dockerfile::shell::split(text, options));
  return 0;
}
