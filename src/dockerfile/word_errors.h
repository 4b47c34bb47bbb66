#pragma once
// What BuildKit refuses only when it builds: the words of FROM, ARG, ENV, LABEL, ADD, COPY,
// EXPOSE, STOPSIGNAL, USER, VOLUME and WORKDIR are expanded as a shell word (expand.h) when
// their stage is built, and a quote or `${` left open (`ENV A="b`, `COPY "my file" /x`:
// shell-form COPY splits at spaces before it expands) fails the build there. Which
// instructions a build expands is the stage model's to say (engine/builds.cpp asks it).
#include <vector>

#include "dockerfile/syntax.h"

namespace clearance::dockerfile {

// Adds to `out` an error for each word of `instruction` that BuildKit cannot expand. Exec-form
// words and ONBUILD instructions (their trigger is expanded by the image built FROM this one)
// have none.
void add_expansion_problems(const Instruction& instruction, char escape, std::vector<Problem>& out);

}  // namespace clearance::dockerfile
