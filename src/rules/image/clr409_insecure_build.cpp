// CLR409: a build that asks for privileges: `RUN --security=insecure` in a Dockerfile, or a
// compose build with `privileged: true` or the `security.insecure` entitlement (high), or the
// `network.host` entitlement (medium).
#include <memory>
#include <string>

#include "dockerfile/syntax.h"
#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Dockerfile reference: RUN --security",
     "https://docs.docker.com/reference/dockerfile/#run---security"},
    {"Compose Build Specification: privileged, entitlements",
     "https://docs.docker.com/reference/compose-file/build/#entitlements"},
    {"docker buildx build --allow (entitlements)",
     "https://docs.docker.com/reference/cli/docker/buildx/build/#allow"},
    {"CIS Docker Benchmark 5.5: ensure that privileged containers are not used",
     "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule #3: limit capabilities",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR409",
    .slug = "insecure-build",
    .title = "Build runs with elevated privileges",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports build steps that run outside BuildKit's sandbox: `RUN --security=insecure` in a "
        "Dockerfile (also in an ONBUILD trigger), and a compose `build:` with `privileged: true` "
        "or the `security.insecure` entitlement (high). The `network.host` entitlement, which "
        "lets `RUN --network=host` steps use the host's network, is medium. Values that depend on "
        "an unset variable are not reported.",
    .rationale =
        "An insecure build step runs like `docker run --privileged`: every capability, no "
        "seccomp or AppArmor profile, the host's devices. Anything that step executes (a package "
        "install script, a dependency's build hook, a compromised base image) can take over the "
        "build host or CI runner and the credentials on it, and poison every image built there. "
        "Host networking lets build steps reach services bound to the host's loopback, such as a "
        "Docker API, a cloud metadata proxy or a local registry, and bypasses network isolation.",
    .example =
        "```dockerfile\n"
        "RUN --security=insecure mount -t tmpfs none /mnt\n"
        "```\n"
        "\n"
        "```yaml\n"
        "services:\n"
        "  app:\n"
        "    build:\n"
        "      context: .\n"
        "      privileged: true\n"
        "      entitlements: [security.insecure]\n"
        "```\n",
    .instead =
        "```dockerfile\n"
        "RUN --mount=type=tmpfs,target=/mnt ./step.sh\n"
        "```\n"
        "\n"
        "```yaml\n"
        "services:\n"
        "  app:\n"
        "    build:\n"
        "      context: .\n"
        "```\n"
        "\n"
        "Use BuildKit's mounts (`--mount=type=cache|tmpfs|secret|ssh`) for what a step needs, and "
        "keep privileged work out of the build. When a build truly needs it (building images "
        "inside a build, kernel modules), run it on a dedicated, disposable builder.",
    .fix_safety = "No fix is offered: the step may depend on the privileges.",
    .references = kRefs,
};

class InsecureBuild final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    for (const model::ContainerSpec& service : project.services) check_service(service, out);
    for (const model::DockerfileSource& dockerfile : project.dockerfiles) {
      if (!dockerfile.syntax) continue;
      for (const dockerfile::Instruction& ins : dockerfile.syntax->instructions) {
        check_run(ins, out);
        if (ins.trigger) check_run(*ins.trigger, out);
      }
    }
  }

 private:
  static void check_run(const dockerfile::Instruction& ins, Reporter& out) {
    if (!ins.is(dockerfile::Keyword::kRun)) return;
    const dockerfile::Flag* security = ins.flag("security");
    if (!security || security->value != "insecure") return;
    Finding& f =
        out.report(security->span,
                   "RUN --security=insecure runs this step outside the build sandbox, with every "
                   "capability and the host's devices, as `docker run --privileged` would");
    f.fingerprint_content = "run-insecure";
  }

  static void check_service(const model::ContainerSpec& service, Reporter& out) {
    const model::Build& build = service.build;
    if (!build.present) return;
    if (build.privileged.present && !build.privileged.unknown() && build.privileged.value) {
      Finding& f = out.report(service, build.privileged.span,
                              "service " + service.name +
                                  " builds with `privileged: true`: its build steps run "
                                  "with every capability, as `docker run --privileged` would");
      f.fingerprint_content = "build-privileged";
    }
    for (const model::Text& e : build.entitlements) {
      if (!e.present || e.unknown()) continue;
      if (e.value == "security.insecure") {
        Finding& f = out.report(service, e.span,
                                "service " + service.name +
                                    " allows the `security.insecure` entitlement: its "
                                    "Dockerfile's `RUN --security=insecure` steps run unsandboxed");
        f.fingerprint_content = "entitlement:security.insecure";
      } else if (e.value == "network.host") {
        Finding& f = out.report(service, e.span,
                                "service " + service.name +
                                    " allows the `network.host` entitlement: build steps "
                                    "with `RUN --network=host` share the host's network");
        f.severity = Severity::kMedium;
        f.fingerprint_content = "entitlement:network.host";
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr409_insecure_build() { return std::make_unique<InsecureBuild>(); }

}  // namespace clearance::rules
