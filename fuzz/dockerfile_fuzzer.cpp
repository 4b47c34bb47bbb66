// Fuzzes the Dockerfile front end: the parser, the shell splitting of every instruction that
// runs a shell, and the expansion of every word. Checks: no crash, no hang, every span inside
// the input with the line:column that LineIndex gives.
#include <cstdint>
#include <string>

#include "dockerfile/expand.h"
#include "dockerfile/shell.h"
#include "dockerfile/syntax.h"
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
    for (const auto& w : c.words) check_span(w.span);
    for (const auto& r : c.redirections) {
      check_span(r.span);
      check_span(r.target.span);
      check_span(r.heredoc_body);
    }
    for (const auto& n : c.nested) check_script(n);
  }
}

const dockerfile::VariableLookup kLookup = [](std::string_view name) {
  if (name == "HOME") return dockerfile::VariableValue::set("/root");
  if (name == "EMPTY") return dockerfile::VariableValue::set("");
  if (name == "VERSION") return dockerfile::VariableValue::unknown();
  return dockerfile::VariableValue::unset();
};

void check_instruction(const dockerfile::Instruction& ins, char escape) {
  check_span(ins.span);
  check_span(ins.extent);
  check_span(ins.keyword_span);
  check_span(ins.text.span());
  check_span(ins.args.span());
  for (const auto& p : ins.problems) check_span(p.span);
  for (const auto& f : ins.flags) {
    check_span(f.span);
    check_span(f.name_span);
    check_span(f.value_span);
    if (f.name == "mount") {
      const dockerfile::MountFields m = dockerfile::split_mount(f.value);
      for (const auto& field : m.fields) check_span(ins.flag_value_span(f, field.begin, field.end));
    }
  }
  dockerfile::ExpandOptions options;
  options.escape = escape;
  options.split_words = true;
  for (size_t i = 0; i < ins.words.size(); ++i) {
    check_span(ins.words[i].span);
    const dockerfile::JoinedText text = ins.word_text(i);
    if (text.str() != ins.words[i].value) __builtin_trap();
    check_span(text.span_of(0, text.size()));
    dockerfile::expand(ins.words[i].value, kLookup, options);
  }
  for (const auto& kv : ins.pairs) {
    check_span(kv.span);
    check_span(kv.key.span);
    check_span(kv.value.span);
  }
  for (const auto& h : ins.heredocs) {
    check_span(h.marker);
    check_span(h.body_span);
    check_span(h.terminator);
    for (const auto& line : h.lines()) check_span(line.span);
    h.content();
  }
  check_script(dockerfile::shell::analyse(ins));
  if (ins.trigger) check_instruction(*ins.trigger, escape);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = std::make_shared<source::SourceFile>(
      "Dockerfile", "/Dockerfile", std::string(reinterpret_cast<const char*>(data), size));
  const dockerfile::Dockerfile df = dockerfile::parse(file);
  for (const auto& d : df.directives) {
    check_span(d.span);
    check_span(d.name_span);
    check_span(d.value_span);
  }
  for (const auto& c : df.comments) check_span(c);
  for (const auto& p : df.problems) check_span(p.span);
  for (const auto& ins : df.instructions) check_instruction(ins, df.escape);
  return 0;
}
