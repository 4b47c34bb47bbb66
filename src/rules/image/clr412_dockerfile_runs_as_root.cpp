// CLR412: the image a Dockerfile builds runs as root. Stage-aware: only the stage that ships
// (the compose `target`, else the last stage) counts, with USER inherited through
// `FROM <stage>`; builder stages never fire. No USER at all means the base image's user: root
// for scratch and for images known to run as root (high), root unless the image sets one for
// images clearance knows nothing about (medium), and info for images whose entrypoint drops
// privileges itself (a known base image, or gosu/su-exec set up by the Dockerfile: an image
// author's deliberate choice, as in docker-library's database images).
#include <memory>
#include <string>

#include "model/project.h"
#include "model/stages.h"
#include "rules/image/variable_origins.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 4.1: ensure that a user for the container has been created",
     "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule #2: set a user",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Dockerfile reference: USER", "https://docs.docker.com/reference/dockerfile/#user"},
    {"Docker build best practices: USER",
     "https://docs.docker.com/build/building/best-practices/#user"},
    {"Dockerfile reference: multi-stage builds",
     "https://docs.docker.com/build/building/multi-stage/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR412",
    .slug = "dockerfile-runs-as-root",
    .title = "Image built to run as root",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports a Dockerfile whose shipped stage runs as root: its last USER (in the stage, or "
        "inherited through `FROM <stage>`) is `root` or uid 0, or no USER is set and the base "
        "image runs as root (scratch, or an image known to), or may (an image clearance knows "
        "nothing about: medium). The shipped stage is the compose `build.target`, else the last "
        "stage; builder stages are never reported. An image whose entrypoint steps down from "
        "root itself is info: a base image known to (postgres, redis, nginx), or a Dockerfile "
        "that installs gosu or su-exec and sets no USER, as docker-library's do. Not reported: "
        "a USER that depends on a build argument, a FROM that cannot be resolved, and a `FROM "
        "scratch` stage with neither CMD nor ENTRYPOINT (files to export, not a container).",
    .rationale =
        "Containers run as the image's user unless the runtime says otherwise, and most base "
        "images default to root. Root in a container owns every file the container can reach "
        "through mounts, keeps Docker's default capabilities, can install software and change "
        "the image's files at run time, and turns a container escape or a kernel bug into a host "
        "compromise. Setting a non-root USER in the image makes the safe default travel with "
        "it: to Compose, Kubernetes and `docker run` alike. Stages that only build are not "
        "shipped, so their user does not matter here.",
    .example =
        "FROM golang:1.23 AS build\n"
        "RUN go build -o /app ./cmd/app\n"
        "\n"
        "FROM debian:12-slim\n"
        "COPY --from=build /app /app\n"
        "CMD [\"/app\"]\n",
    .instead =
        "FROM golang:1.23 AS build\n"
        "RUN go build -o /app ./cmd/app\n"
        "\n"
        "FROM debian:12-slim\n"
        "RUN useradd --system --uid 10001 app\n"
        "COPY --from=build /app /app\n"
        "USER 10001:10001\n"
        "CMD [\"/app\"]\n"
        "\n"
        "Create an unprivileged user in the final stage and switch to it with USER after the "
        "steps that need root (package installs, chown). A numeric uid lets runtimes check it "
        "without reading /etc/passwd (Kubernetes `runAsNonRoot`). Distroless images provide a "
        "`nonroot` variant; Chainguard's standard images (`cgr.dev/chainguard/*`, not the "
        "`-dev` ones) run as uid 65532.",
    .fix_safety =
        "No fix is offered: the files the process writes must belong to the new user first.",
    .references = kRefs,
};

// The USER value as the message shows it. An empty one (a global ARG not declared again in the
// stage, `ARG U=`, `${X:-}`) is easy to miss, so the message says what it was written as.
std::string describe_user(const model::StageUser& user) {
  if (!user.value.value.empty()) return user.value.value;
  const std::string_view written =
      user.instruction->words.empty() ? std::string_view() : user.instruction->words[0].value;
  return std::string(written) + ", which expands to empty, and an empty user is root";
}

class DockerfileRunsAsRoot final : public BuildRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_build(const model::ImageBuild& build, const model::DockerfileSource&,
                   const model::Project& project, Reporter& out) const override {
    if (!build.stages) return;
    const model::StageGraph& graph = *build.stages;
    const model::Stage* shipped = graph.shipped_stage();
    if (!shipped) return;
    const model::StageUser& user = graph.effective_user(*shipped);
    const std::string stage = graph.stages().size() == 1 ? std::string("the Dockerfile")
                                                         : "the shipped " + shipped->label();
    const model::StageBase& base = graph.root_base(*shipped);
    const std::string base_name = base.kind == model::BaseKind::kImage ? base.text.value : "";
    // FROM scratch with neither CMD nor ENTRYPOINT holds files to export (`--output`) or copy
    // elsewhere: nothing runs in it.
    if (base.kind == model::BaseKind::kScratch && !shipped->cmd && !shipped->entrypoint) return;

    switch (user.verdict) {
      case model::UserVerdict::kRoot: {
        if (user.instruction) {
          const Span at = user.instruction->words.empty() ? user.instruction->span
                                                          : user.instruction->words[0].span;
          const bool inherited = user.stage != shipped->index;
          const std::string value = describe_user(user);
          const std::string where = inherited
                                        ? stage + " inherits USER " + value + " from " +
                                              graph.stages()[user.stage].label()
                                        : "the last USER of " + stage + " is " + value;
          Finding& f = out.report(at, "the image runs as root: " + where);
          const model::Stage& user_stage = graph.stages()[user.stage];
          add_variable_origins(user.value.used, [&](std::string_view n) {
            return graph.variable_at(user_stage, *user.instruction, n);
          }, project, build, f);
          if (inherited)
            f.related.push_back({shipped->from->span, "the shipped stage is built FROM it here"});
          f.fingerprint_content = "user-root:" + shipped->name;
          return;
        }
        const std::string why = base.kind == model::BaseKind::kScratch
                                    ? "is built FROM scratch, whose user is root"
                                    : "its base image " + base_name + " runs as root";
        Finding& f = out.report(shipped->from->span,
                                "the image runs as root: " + stage + " sets no USER and " + why);
        f.fingerprint_content = "no-user:" + shipped->name;
        return;
      }
      case model::UserVerdict::kBaseImageDefault: {
        // Not known to be root: medium.
        Finding& f = out.report(shipped->from->span,
                                "the image may run as root: " + stage +
                                    " sets no USER, so it runs as root unless its base image " +
                                    base_name + " sets a non-root user");
        f.severity = Severity::kMedium;
        f.fingerprint_content = "no-user:" + shipped->name;
        return;
      }
      case model::UserVerdict::kDropsPrivileges: {
        std::string message;
        if (user.privilege_drop) {
          message =
              "the image starts as root: " + stage +
              " sets no USER and sets up gosu or su-exec (line " +
              std::to_string(user.privilege_drop->span.start().line) +
              ") for its entrypoint to switch to an unprivileged user; the entrypoint itself, and "
              "any command that bypasses it, runs as root";
        } else {
          message =
              "the image starts as root: " + stage + " sets no USER and its base image " +
              base_name +
              " switches to an unprivileged user in its entrypoint, which itself runs as root";
          if (shipped->entrypoint)
            message += " (this Dockerfile replaces that ENTRYPOINT: check that it still does)";
        }
        Finding& f = out.report(shipped->from->span, std::move(message));
        f.severity = Severity::kInfo;
        f.fingerprint_content = "drops-privileges:" + shipped->name;
        return;
      }
      case model::UserVerdict::kNonRoot:
      case model::UserVerdict::kUnknown:
        return;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr412_dockerfile_runs_as_root() {
  return std::make_unique<DockerfileRunsAsRoot>();
}

}  // namespace clearance::rules
