#pragma once
// What BuildKit refuses only when it builds: the words of FROM, ARG, ENV, LABEL, ADD, COPY,
// EXPOSE, STOPSIGNAL, USER, VOLUME and WORKDIR are expanded as a shell word (expand.h) when
// their stage is built, and a quote or `${` left open (`ENV A="b`, `COPY "my file" /x`:
// shell-form COPY splits at spaces before it expands) fails the build there.
#include "dockerfile/syntax.h"

namespace clearance::dockerfile {

// Adds an error to each instruction whose words BuildKit cannot expand: every FROM base name
// and global ARG (read before any stage is built), and the instructions of the stages the last
// stage is built from (FROM <stage>, COPY --from, RUN --mount=from=, named literally); a stage
// that nothing builds is not expanded, and is not judged. Exec-form words and ONBUILD triggers
// (expanded by the image built FROM this one) are left alone.
void add_expansion_problems(Dockerfile& dockerfile);

}  // namespace clearance::dockerfile
