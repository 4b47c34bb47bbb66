#pragma once
// What BuildKit refuses only when it builds: the words of FROM, ARG, ENV, LABEL, ADD, COPY,
// EXPOSE, STOPSIGNAL, USER, VOLUME and WORKDIR are expanded as a shell word (expand.h) when
// their stage is built, and a quote or `${` left open (`ENV A="b`, `COPY "my file" /x`:
// shell-form COPY splits at spaces before it expands) fails the build there.
#include <string_view>
#include <vector>

#include "dockerfile/syntax.h"

namespace clearance::dockerfile {

// The words BuildKit cannot expand when it builds `target` (a stage name, compared without
// regard to case; "" for the last stage): in every FROM base name and global ARG (read before
// any stage is built) and in the instructions of the target and the stages it is built from
// (FROM <stage>, COPY --from, RUN --mount=from=, named literally), in file order; a stage the
// target does not need is not expanded, and is not judged. Nothing when no stage has that
// name. Exec-form words and ONBUILD triggers (expanded by the image built FROM this one) are
// left alone.
std::vector<Problem> expansion_problems(const Dockerfile& dockerfile, std::string_view target);

}  // namespace clearance::dockerfile
