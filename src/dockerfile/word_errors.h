#pragma once
// What BuildKit refuses only when it builds: the words of FROM, ARG, ENV, LABEL, ADD, COPY,
// EXPOSE, STOPSIGNAL, USER, VOLUME and WORKDIR are expanded as a shell word (expand.h) when
// their stage is built, and a quote or `${` left open (`ENV A="b`, `COPY "my file" /x`:
// shell-form COPY splits at spaces before it expands) fails the build there. Which
// instructions a build expands is the stage model's to say (engine/builds.cpp asks it).
#include <string_view>
#include <vector>

#include "dockerfile/syntax.h"

namespace clearance::dockerfile {

// Adds to `out` an error for each word of `instruction` that BuildKit cannot expand. Exec-form
// words and ONBUILD instructions (their trigger is expanded by the image built FROM this one)
// have none.
void add_expansion_problems(const Instruction& instruction, char escape, std::vector<Problem>& out);

// True when the word surely leaves no quote or `${` open, told by a scan of its quotes and
// braces (no escape character, no quote inside `${...}`, no `${` inside double quotes): most
// words, which then need no expansion. False does not mean an error: expand() decides.
bool surely_closed(std::string_view word, char escape);

}  // namespace clearance::dockerfile
