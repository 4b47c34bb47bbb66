#pragma once
// A walk over a Dockerfile's instructions that knows, at each one, what the build rules need of
// its stage: whether shell-form commands run in a POSIX shell, and which variables (ENV, ARG
// defaults) are in effect. Kept small on purpose: stages inherit ENV and SHELL through
// `FROM <stage>`, global ARGs reach a stage only when it declares them again, and an ARG without
// a default (set with --build-arg, or not at all) is unknown, and so is a variable the Dockerfile
// does not declare (the base image's ENV may set it).
#include <functional>

#include "dockerfile/expand.h"
#include "dockerfile/syntax.h"

namespace clearance::rules::build {

struct Step {
  const dockerfile::Instruction& instruction;  // as written (ONBUILD: the ONBUILD line)
  // What runs: the trigger of an ONBUILD, else the instruction itself.
  const dockerfile::Instruction& effective;
  bool onbuild = false;
  // Shell-form commands of this instruction run in a POSIX shell: the stage's SHELL is sh, bash,
  // ... (or was never changed). False after `SHELL ["powershell", ...]` or `["cmd", "/S", "/C"]`.
  bool posix_shell = true;
  // The variables in effect before the instruction. In an ONBUILD trigger (which runs in another
  // build) only this stage's ENV is known.
  const dockerfile::VariableLookup& lookup;
  char escape = '\\';
};

// Calls fn for every instruction in file order; an ONBUILD's trigger is passed as `effective`.
void walk(const dockerfile::Dockerfile& dockerfile, const std::function<void(const Step&)>& fn);

// `text` (a word as written: quotes, escapes, variables) as BuildKit expands it for ADD, COPY,
// ENV and ARG, when its value is known: nullopt when it depends on a variable of unknown value
// or BuildKit would refuse it.
std::optional<std::string> expand_known(std::string_view text, const Step& step);

}  // namespace clearance::rules::build
