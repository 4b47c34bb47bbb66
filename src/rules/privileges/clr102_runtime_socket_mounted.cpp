// CLR102: a container runtime socket (or a folder holding one) bind-mounted into a container,
// in short or long syntax or through a named volume that binds a host folder. Whoever reaches
// the socket drives the runtime's API, and so controls the host; `:ro` does not help.
#include <memory>

#include "knowledge/host_paths.h"
#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.32", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 1",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: Docker daemon attack surface",
     "https://docs.docker.com/engine/security/#docker-daemon-attack-surface"},
    {"Docker docs: protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR102",
    .slug = "runtime-socket-mounted",
    .title = "Container runtime socket is mounted into a container",
    .severity = Severity::kCritical,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary =
        "Reports a bind mount of a container runtime socket (`docker.sock`, `containerd.sock`, "
        "`crio.sock`, `podman.sock`, rootful or rootless, or Docker's Windows named pipe) or of a "
        "folder that holds one (`/`, `/run`, `/var/run`, `/var`, `/run/user/<uid>`), whether "
        "written in short or long syntax or through a named volume whose `driver_opts` bind a host "
        "folder.",
    .rationale =
        "The runtime's socket is its whole API, without authentication. A process that can "
        "connect to it can start a privileged container that mounts the host's root filesystem, "
        "so anyone who gets code execution in this service (a dependency, a plugin, a web "
        "vulnerability) owns the host and every other container on it. Mounting the socket "
        "read-only (`:ro`) does not help: connecting to a socket and sending requests is not a "
        "write to the file system. Rootless runtimes limit the damage to the user running them, "
        "but that user's containers, images and files are still fully exposed.",
    .example =
        "services:\n"
        "  portainer:\n"
        "    image: portainer/portainer-ce:2.21.4\n"
        "    volumes:\n"
        "      - /var/run/docker.sock:/var/run/docker.sock:ro\n",
    .instead =
        "services:\n"
        "  socket-proxy:\n"
        "    image: tecnativa/docker-socket-proxy:0.3.0\n"
        "    environment:\n"
        "      CONTAINERS: 1   # read-only endpoints the consumer needs, nothing else\n"
        "    volumes:\n"
        "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
        "    networks: [socket]\n"
        "  portainer:\n"
        "    image: portainer/portainer-ce:2.21.4\n"
        "    command: -H tcp://socket-proxy:2375\n"
        "    networks: [socket]\n"
        "networks:\n"
        "  socket:\n"
        "    internal: true\n"
        "\n"
        "Do not give the socket to a service that does not exist to manage containers. Where one "
        "must reach the API, put a filtering proxy in front of it that allows only the endpoints "
        "the service uses, on an internal network, and keep the socket in that one small, audited "
        "container.",
    .fix_safety =
        "No fix is offered: the service usually needs the API, and only its authors can "
        "decide how to restrict it.",
    .references = kRefs,
};

class RuntimeSocketMounted final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
    for (const privileges::HostBind& bind : privileges::host_binds(service, project)) {
      // A path that interpolation left unknown is not guessed at, except a socket file name
      // written literally ("${XDG_RUNTIME_DIR}/docker.sock"): whatever the folder, it is a socket.
      if (bind.unknown && !knowledge::is_runtime_socket_file(bind.path)) continue;
      auto what = knowledge::runtime_socket(bind.path);
      if (!what) continue;
      if (bind.unknown)
        *what = "a container runtime socket (" + bind.path.substr(bind.path.rfind('/') + 1) + ")";
      std::string message = privileges::service_label(service) + " mounts " + *what;
      if (bind.volume) message += " (through volume \"" + bind.volume->name + "\")";
      message += ": anyone in the container controls the runtime, and so the host";
      if (bind.read_only) message += "; read-only does not help, the API is still reachable";
      Finding& f = out.report(service, bind.span, std::move(message));
      if (bind.device) f.related.push_back({bind.device->span, "the volume binds this host path"});
      f.fingerprint_content = bind.path;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr102_runtime_socket_mounted() {
  return std::make_unique<RuntimeSocketMounted>();
}

}  // namespace clearance::rules
