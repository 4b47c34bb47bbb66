// CLR411: an image that ships an SSH server: EXPOSE of port 22 (alone, as 22/tcp, or in a
// range), or an SSH server package installed in a stage that ships. Only the stages that ship
// count: a builder stage that installs openssh to clone a repository does not.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>

#include "dockerfile/shell.h"
#include "model/project.h"
#include "model/stages.h"
#include "rules/image/package_install.h"
#include "rules/rule.h"
#include "source/ascii.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.7: ensure sshd is not run within containers",
     "https://www.cisecurity.org/benchmark/docker"},
    {"Docker docs: run multiple processes in a container (use docker exec, not sshd)",
     "https://docs.docker.com/engine/containers/multi-service_container/"},
    {"docker container exec", "https://docs.docker.com/reference/cli/docker/container/exec/"},
    {"Dockerfile reference: EXPOSE", "https://docs.docker.com/reference/dockerfile/#expose"},
};

constexpr RuleMeta kMeta{
    .id = "CLR411",
    .slug = "ssh-in-image",
    .title = "SSH server in the image",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports an image that ships an SSH server: `EXPOSE 22` (also `22/tcp` and port ranges "
        "that hold 22), or a RUN in a stage that ships installing `openssh-server` (or Alpine's "
        "`openssh-server-pam`), `dropbear` or `tinysshd` (apt, apk, yum/dnf, zypper, pacman). "
        "Packages that hold both client and "
        "server (`openssh` on Alpine, Arch and SUSE, `ssh` on Debian) count only when the image "
        "also runs `sshd`. Builder stages are not reported.",
    .rationale =
        "An SSH daemon in a container is a second way in that bypasses Docker's own access "
        "control: it needs keys or passwords baked into the image or managed by hand, it runs as "
        "root to switch users, and it is one more network service to patch. `docker exec` (or "
        "`kubectl exec`) already gives a shell in a running container, with the engine's "
        "authentication and audit trail.",
    .example =
        "FROM debian:12-slim\n"
        "RUN apt-get update && apt-get install -y openssh-server\n"
        "EXPOSE 22\n"
        "CMD [\"/usr/sbin/sshd\", \"-D\"]\n",
    .instead =
        "FROM debian:12-slim\n"
        "CMD [\"/app\"]\n"
        "\n"
        "Use `docker exec -it <container> sh` for interactive access, and volumes or `docker cp` "
        "to move files. If a service must speak SFTP to clients, run a dedicated SFTP image with "
        "its own hardened configuration rather than sshd beside the application.",
    .fix_safety = "No fix is offered.",
    .references = kRefs,
};

// Port 22 over TCP in an EXPOSE word: "22", "22/tcp", "20-25", "20-25/tcp".
bool exposes_ssh(std::string_view port) {
  std::string_view range = port;
  if (const size_t slash = port.find('/'); slash != std::string_view::npos) {
    if (!source::ascii_iequals(port.substr(slash + 1), "tcp")) return false;
    range = port.substr(0, slash);
  }
  auto number = [](std::string_view s) -> long {
    if (s.empty() || s.size() > 5 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return -1;
    return std::stol(std::string(s));
  };
  const size_t dash = range.find('-');
  const long low = number(range.substr(0, dash));
  const long high = dash == std::string_view::npos ? low : number(range.substr(dash + 1));
  return low >= 0 && high >= low && low <= 22 && 22 <= high;
}

// Packages that are an SSH server; `needs_sshd`: only when sshd is also run (client and server
// in one package).
bool ssh_server_package(PackageManager m, std::string_view name, bool& needs_sshd) {
  needs_sshd = false;
  if (name == "openssh-server" || name == "openssh-server-pam" || name == "dropbear" ||
      name == "dropbear-bin" || name == "tinysshd")
    return true;
  needs_sshd = true;
  switch (m) {
    case PackageManager::kApt:
      return name == "ssh";
    case PackageManager::kApk:
    case PackageManager::kPacman:
    case PackageManager::kZypper:
      return name == "openssh";
    case PackageManager::kYum:
      return false;
  }
  return false;
}

bool runs_sshd(const dockerfile::shell::Command& command) {
  return std::any_of(command.words.begin(), command.words.end(),
                     [](const dockerfile::shell::Word& w) { return dockerfile::shell::names_program(w.value, "sshd"); });
}

class SshInImage final : public BuildRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_build(const model::ImageBuild& build, const model::DockerfileSource& source,
                   const model::Project&, Reporter& out) const override {
    if (!build.stages) return;
    const model::StageGraph& graph = *build.stages;
    const model::Stage* shipped = graph.shipped_stage();
    if (!shipped) return;
    struct Candidate {  // the script a word belongs to is gone once its instruction is read
      Span span;
      std::string package;
      std::string program;
    };
    std::vector<Candidate> maybe;  // client-and-server packages, reported when sshd runs
    bool sshd = false;
    for (const model::Stage* stage : graph.chain(*shipped)) {
      for (const dockerfile::Instruction* ins : stage->instructions) {
        if (ins->is(dockerfile::Keyword::kExpose)) {
          check_expose(graph, *stage, *ins, out);
          continue;
        }
        if (!ins->is(dockerfile::Keyword::kRun) && !ins->is(dockerfile::Keyword::kCmd) &&
            !ins->is(dockerfile::Keyword::kEntrypoint))
          continue;
        const dockerfile::shell::Script& script = source.syntax->script(*ins);
        std::vector<std::string> reported;  // one finding per package and instruction
        dockerfile::shell::for_each_command(
            script, [&](const dockerfile::shell::Command& c, const dockerfile::shell::Script&) {
              sshd = sshd || runs_sshd(c);
              if (!ins->is(dockerfile::Keyword::kRun)) return;
              const std::optional<PackageInstall> install = package_install(c);
              if (!install) return;
              for (const InstalledPackage& p : install->packages) {
                bool needs_sshd = false;
                if (!ssh_server_package(install->manager, p.name, needs_sshd)) continue;
                if (needs_sshd) {
                  maybe.push_back({p.word->span, p.name, std::string(install->program)});
                  continue;
                }
                if (std::find(reported.begin(), reported.end(), p.name) != reported.end()) continue;
                reported.push_back(p.name);
                report_package(p.word->span, p.name, install->program, out);
              }
            });
      }
    }
    if (sshd)
      for (const Candidate& c : maybe) report_package(c.span, c.package, c.program, out);
  }

 private:
  static void report_package(const Span& at, const std::string& package, std::string_view program,
                             Reporter& out) {
    Finding& f =
        out.report(at, "the image installs an SSH server (" + package + ", with " +
                           std::string(program) + "): use `docker exec` for access instead");
    f.fingerprint_content = "ssh-package:" + package;
  }

  static void check_expose(const model::StageGraph& graph, const model::Stage& stage,
                           const dockerfile::Instruction& ins, Reporter& out) {
    for (const dockerfile::Word& word : ins.words) {
      const model::BuildValue value = graph.expand(stage, ins, word.value);
      if (!value.known()) continue;
      // A variable may hold several ports ("22 80"): BuildKit splits the result into words.
      std::string_view rest = value.value;
      while (!rest.empty()) {
        const size_t b = rest.find_first_not_of(" \t\r\n");
        if (b == std::string_view::npos) break;
        rest.remove_prefix(b);
        const size_t e = std::min(rest.find_first_of(" \t\r\n"), rest.size());
        const std::string_view port = rest.substr(0, e);
        rest.remove_prefix(e);
        if (!exposes_ssh(port)) continue;
        Finding& f = out.report(word.span, "EXPOSE " + std::string(port) +
                                               " publishes the SSH port: the image is "
                                               "meant to run an SSH server");
        f.fingerprint_content = "expose-22";
        break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr411_ssh_in_image() { return std::make_unique<SshInImage>(); }

}  // namespace clearance::rules
