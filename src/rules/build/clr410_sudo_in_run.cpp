// CLR410: `sudo` (or `doas`) run by a RUN instruction. Build steps run as the stage's USER; sudo
// in them means the image carries a sudo setup that lets that user become root.
#include <memory>
#include <string>
#include <vector>

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
    {"Docker build best practices: USER",
     "https://docs.docker.com/build/building/best-practices/#user"},
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
        "ONBUILD triggers: once per RUN, at its first call. Medium when it runs commands as root "
        "(the default); low when it only runs them as another user (`sudo -u app ...` from a "
        "root step), which is a privilege drop done with the wrong tool. The word `sudo` as an "
        "argument (`apt-get install sudo`, `command -v sudo`) or inside a quoted string is not a "
        "command and is not reported.",
    .rationale =
        "A RUN step already runs as the stage's USER. If that user is root, sudo adds nothing "
        "but an extra package; if it is not, sudo working in the build means the image ships a "
        "sudoers entry that lets the unprivileged user become root without a password, which "
        "undoes the point of running as a non-root user: any code execution in the container "
        "is one `sudo` away from root. sudo also behaves unpredictably without a terminal "
        "(TTY requirements, signal forwarding, environment resets). To run a step as another "
        "user, USER does it without a setuid-root helper in the image (sudo's own bugs, such as "
        "CVE-2021-3156, let any local user become root).",
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

// The user sudo or doas runs the command as: "" for root (the default, `-u root`, `-u 0`).
std::string target_user(const sh::Command& c, size_t at) {
  for (size_t k = at + 1; k < c.words.size(); ++k) {
    const std::string& w = c.words[k].value;
    if (w == "--") break;
    if (w.size() < 2 || w[0] != '-') break;
    std::string user;
    if ((w == "-u" || w == "--user") && k + 1 < c.words.size())
      user = c.words[k + 1].value;
    else if (w.starts_with("--user="))
      user = w.substr(7);
    else if (w.starts_with("-u") && w.size() > 2)
      user = w.substr(2);
    else if (!w.starts_with("--") && w.size() > 2 && w.back() == 'u' && k + 1 < c.words.size())
      user = c.words[k + 1].value;  // -iu app
    else if (w == "-g" || w == "-h" || w == "-p" || w == "-C" || w == "-D" || w == "-R" ||
             w == "-T" || w == "-U")
      ++k;
    if (user.empty()) continue;
    return user == "root" || user == "0" || user == "#0" ? std::string() : user;
  }
  return {};
}

// The sudo calls of one RUN instruction: reported once, at the first.
struct Calls {
  const dockerfile::Instruction* run = nullptr;
  Span first_root;      // the first call that runs as root
  Span first_other;     // the first call that runs as another user (sudo -u app)
  std::string program;  // sudo or doas, of the call reported
  std::string user;     // the other user, for the message
  size_t count = 0;
};

class SudoInRun final : public DockerfileRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project& project,
                        Reporter& out) const override {
    std::vector<Calls> runs;  // one per RUN instruction, in file order
    build::for_each_run_command(project, *dockerfile.syntax, [&](const RunCommand& rc) {
      if (runs.empty() || runs.back().run != &rc.step.instruction) {
        runs.emplace_back();
        runs.back().run = &rc.step.instruction;
      }
      Calls& calls = runs.back();
      const sh::Command& c = rc.command;
      // The words before the program are wrappers, their options and assignments.
      const size_t program = sh::program_index(c);
      for (size_t k = 0; k < program && k < c.words.size(); ++k) {
        const sh::Word& w = c.words[k];
        if (w.expanded) continue;
        // `command -v sudo` looks sudo up; it runs nothing.
        if (w.value == "command" && k + 1 < c.words.size() &&
            (c.words[k + 1].value == "-v" || c.words[k + 1].value == "-V"))
          return;
        const std::string_view name = build::path_basename(w.value);
        if (name != "sudo" && name != "doas") continue;
        ++calls.count;
        const std::string user = target_user(c, k);
        if (user.empty() && !calls.first_root.valid()) {
          calls.first_root = w.span;
          calls.program = std::string(name);
        } else if (!user.empty() && !calls.first_other.valid()) {
          calls.first_other = w.span;
          calls.user = user;
          if (!calls.first_root.valid()) calls.program = std::string(name);
        }
        return;
      }
    });
    for (const Calls& calls : runs) report(calls, out);
  }

 private:
  static void report(const Calls& calls, Reporter& out) {
    if (calls.count == 0) return;
    const std::string more = calls.count > 1 ? " (" + std::to_string(calls.count) + " " +
                                                   calls.program + " calls in this RUN)"
                                             : "";
    // Identified by what is called, not by how many calls the RUN has.
    if (calls.first_root.valid()) {
      Finding& f = build::report(
          out, calls.first_root,
          "RUN calls `" + calls.program +
              "`: build steps already run as the stage's USER; do the steps that need root before "
              "switching to an unprivileged USER (or switch with `USER root` and back), and keep " +
              calls.program + " out of the image" + more);
      f.fingerprint_content = calls.program;
      return;
    }
    Finding& f = build::report(
        out, calls.first_other,
        "RUN uses `" + calls.program + " -u " + calls.user +
            "` to run commands as another user: switch with USER, or use a tool made for "
            "dropping privileges (gosu, setpriv, su), and keep the setuid-root " +
            calls.program + " out of the image" + more);
    f.severity = Severity::kLow;
    f.fingerprint_content = calls.program + " -u " + calls.user;
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr410_sudo_in_run() { return std::make_unique<SudoInRun>(); }

}  // namespace clearance::rules
