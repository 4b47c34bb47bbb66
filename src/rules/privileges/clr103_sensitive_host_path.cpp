// CLR103: a bind mount of a sensitive host path: system folders (/, /etc, /proc, /sys, /boot,
// /dev, /root, /home), the runtime's state (/var/lib/docker, /var/lib/containerd) and
// credential folders (~/.ssh, ~/.aws, ~/.kube, ~/.docker, ~/.gnupg). Critical when the mount is
// writable and writing there is enough to become root on the host.
#include <memory>

#include "knowledge/host_paths.h"
#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.6", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 8",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: bind mounts", "https://docs.docker.com/engine/storage/bind-mounts/"},
    {"Compose file reference: volumes", "https://docs.docker.com/reference/compose-file/services/#volumes"},
};

constexpr RuleMeta kMeta{
    .id = "CLR103",
    .slug = "sensitive-host-path",
    .title = "Sensitive host path is mounted into a container",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary =
        "Reports a bind mount (short or long syntax, or a named volume that binds a host folder) of "
        "a sensitive host path: `/`, `/etc` and the files in it that hold secrets or run as root "
        "(`/etc/shadow`, `/etc/sudoers`, `/etc/ssh`, `/etc/docker`, `/etc/kubernetes`, cron and "
        "systemd folders when writable), `/proc`, `/sys`, `/boot`, `/dev`, `/root`, `/home` or a "
        "user's home folder, `/var/lib/docker`, `/var/lib/containerd`, `/var/lib/kubelet`, and "
        "credential folders (`~/.ssh`, `~/.aws`, `~/.kube`, `~/.docker`, `~/.gnupg`, gcloud, Azure). "
        "The finding is critical when the mount is writable and writing there is enough to become "
        "root on the host. Ordinary mounts such as `/etc/localtime:ro`, `/etc/ssl/certs:ro`, "
        "`/etc/hosts:ro`, `/dev/shm` or `/dev/dri` are not reported; a writable `/etc/localtime` is "
        "low.",
    .rationale =
        "A bind mount hands the host's files to whoever runs code in the container. Read-only, "
        "these paths leak password hashes, SSH and cloud keys, the Docker daemon's TLS keys, "
        "other containers' files and secrets, or kernel and process details that help an escape. "
        "Writable, they let the container run code as root on the host: a cron job, a systemd "
        "unit, a sudoers line, an authorized SSH key, a replaced program, a cgroup release agent, "
        "a kernel tunable under /proc/sys. A container boundary that mounts these is only as strong "
        "as the least trusted code inside it.",
    .example =
        "services:\n"
        "  backup:\n"
        "    image: alpine:3.20\n"
        "    volumes:\n"
        "      - /etc:/host/etc\n"
        "      - ~/.ssh:/root/.ssh\n",
    .instead =
        "services:\n"
        "  backup:\n"
        "    image: alpine:3.20\n"
        "    volumes:\n"
        "      - /etc/localtime:/etc/localtime:ro\n"
        "      - ./backup:/backup\n"
        "    secrets:\n"
        "      - deploy_key\n"
        "secrets:\n"
        "  deploy_key:\n"
        "    file: ./secrets/deploy_key\n"
        "\n"
        "Mount the one file or folder the service needs, read-only (`:ro`), never a whole system "
        "folder. Give credentials as Compose secrets scoped to the service (a dedicated deploy "
        "key, not your own `~/.ssh`). Monitoring agents that must read `/proc`, `/sys` or `/` "
        "should mount them read-only and have the finding suppressed with a reason.",
    .fix_safety =
        "No fix is offered: making a mount read-only or narrowing it can break the service, "
        "and only its authors know what it reads and writes.",
    .references = kRefs,
};

class SensitiveHostPath final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
    for (const privileges::HostBind& bind : privileges::host_binds(service, project)) {
      if (bind.unknown) continue;
      const auto risk = knowledge::sensitive_host_path(bind.path, bind.read_only);
      if (!risk) continue;
      std::string message = privileges::service_label(service) + " mounts the host's " + bind.path;
      if (bind.volume) message += " (through volume \"" + bind.volume->name + "\")";
      message += bind.read_only ? " read-only: " : " read-write: ";
      message += risk->what;
      if (risk->root_equivalent)
        message += "; writing there is enough to become root on the host";
      else if (!bind.read_only && risk->severity == Severity::kLow)
        message += "; mount it read-only";
      Finding& f = out.report(service, bind.span, std::move(message));
      f.severity = risk->severity;
      if (bind.device) f.related.push_back({bind.device->span, "the volume binds this host path"});
      f.fingerprint_content = bind.path + (bind.read_only ? ":ro" : ":rw");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr103_sensitive_host_path() { return std::make_unique<SensitiveHostPath>(); }

}  // namespace clearance::rules
