#pragma once
// The shell's view of a Dockerfile instruction, computed once: several rules (CLR405-CLR413)
// read every RUN, and splitting a script is most of what they cost.
#include "dockerfile/shell.h"
#include "dockerfile/syntax.h"

namespace clearance::rules::build {

// shell::analyse(instruction) for an instruction of `dockerfile` (or of one of its ONBUILD
// triggers), cached per thread for the Dockerfile being checked: rules of one project run on
// one thread, one Dockerfile after another.
const dockerfile::shell::Script& analysed(const dockerfile::Dockerfile& dockerfile,
                                          const dockerfile::Instruction& instruction);

}  // namespace clearance::rules::build
