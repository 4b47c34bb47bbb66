// CLR410: `sudo` (or `doas`) run by a RUN instruction. Build steps run as the stage's USER; sudo
// in them means the image carries a sudo setup that lets that user become root.
#include <memory>
#include <string>

#include "model/project.h"
#include "rules/build/run_commands.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

using build::RunCommand;
namespace sh = dockerfile::shell;

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #2 (set a user)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker build best practices: USER", "https://docs.docker.com/build/building/best-practices/#user"},
    {"hadolint DL3004: do not use sudo", "https://github.com/hadolint/hadolint/wiki/DL3004"},
};

constexpr RuleMeta kMeta{
    .id = "CLR410",
    .slug = "sudo-in-run",
    .title = "RUN uses sudo",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports `sudo` (and `doas`) run as a command by a RUN instruction, also behind "
        "wrappers such as `env` or `nohup`, in heredoc bodies, `sh -c` scripts, exec form and "
        "ONBUILD triggers. The word `sudo` as an argument (`apt-get install sudo`, "
        "`command -v sudo`) or inside a quoted string is not a command and is not reported.",
    .rationale =
        "A RUN step already runs as the stage's USER. If that user is root, sudo adds nothing "
        "but an extra package; if it is not, sudo working in the build means the image ships a "
        "sudoers entry that lets the unprivileged user become root without a password, which "
        "undoes the point of running as a non-root user: any code execution in the container "
        "is one `sudo` away from root. sudo also behaves unpredictably without a terminal "
        "(TTY requirements, signal forwarding, environment resets).",
    .example =
        "FROM ubuntu:24.04\n"
        "RUN useradd -m app && echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers\n"
        "USER app\n"
        "RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl\n",
    .instead =
        "FROM ubuntu:24.04\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
        " && rm -rf /var/lib/apt/lists/*\n"
        "RUN useradd -m app\n"
        "USER app\n"
        "\n"
        "Do the steps that need root before `USER app` (or switch with `USER root` and back), "
        "and leave sudo out of the image. To run one step of an entrypoint as another user, "
        "use a tool made for dropping privileges, such as `gosu` or `setpriv`.",
    .fix_safety =
        "No fix is offered: reordering instructions around USER changes file ownership and "
        "what each step may do.",
    .references = kRefs,
};

class SudoInRun final : public DockerfileRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project&,
                        Reporter& out) const override {
    build::for_each_run_command(*dockerfile.syntax, [&](const RunCommand& rc) {
      const sh::Command& c = rc.command;
      // The words before the program are wrappers, their options and assignments.
      const size_t program = sh::program_index(c);
      for (size_t k = 0; k < program && k < c.words.size(); ++k) {
        const sh::Word& w = c.words[k];
        if (w.expanded) continue;
        const std::string_view value = w.value;
        // `command -v sudo` looks sudo up; it runs nothing.
        if (value == "command" && k + 1 < c.words.size() &&
            (c.words[k + 1].value == "-v" || c.words[k + 1].value == "-V"))
          return;
        const std::string_view name = build::path_basename(value);
        if (name != "sudo" && name != "doas") continue;
        out.report(w.span, "RUN calls `" + std::string(name) +
                               "`: build steps already run as the stage's USER; do the steps that "
                               "need root before switching to an unprivileged USER, and keep " +
                               std::string(name) + " out of the image");
        return;
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr410_sudo_in_run() { return std::make_unique<SudoInRun>(); }

}  // namespace clearance::rules
