// CLR113: a `devices:` entry that hands the container raw access to the host's disks, memory,
// kernel log or ZFS control device, or to the whole /dev tree.
#include <optional>
#include <string>
#include <string_view>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.18", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose file reference: devices",
     "https://docs.docker.com/reference/compose-file/services/#devices"},
    {"docker run: add host device to container",
     "https://docs.docker.com/reference/cli/docker/container/run/#device"},
};

constexpr RuleMeta kMeta{
    .id = "CLR113",
    .slug = "host-device",
    .title = "Dangerous host device mapped into the container",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary = "Reports `devices:` entries that map a block device (`/dev/sd*`, `/dev/nvme*`, "
               "`/dev/vd*`, `/dev/xvd*`, `/dev/hd*`, `/dev/loop*`, `/dev/mmcblk*`, `/dev/md*`, "
               "`/dev/dm-*`, `/dev/mapper/*`, `/dev/disk/*`, `/dev/sr*`, `/dev/nbd*`, `/dev/rbd*`, "
               "`/dev/zd*`, `/dev/ram*`), physical or kernel memory "
               "(`/dev/mem`, `/dev/kmem`, `/dev/port`), the kernel log (`/dev/kmsg`), the ZFS "
               "control device (`/dev/zfs`), or the whole `/dev` tree. Devices that are "
               "normally passed through for a purpose, such as GPUs (`/dev/dri`, "
               "`/dev/nvidia*`), sound (`/dev/snd`), serial adapters (`/dev/ttyUSB0`, "
               "`/dev/ttyACM0`), `/dev/net/tun` for VPN clients and `/dev/fuse`, are not "
               "reported: they give access to that one device, not to the host's data or "
               "kernel.",
    .rationale = "A block device gives the container the raw bytes of a host disk: it can read "
                 "every file on it (`/etc/shadow`, other containers' volumes, keys) past all file "
                 "permissions, and with write access plant a backdoor or corrupt the filesystem. "
                 "`/dev/mem`, `/dev/kmem` and `/dev/port` expose physical memory and I/O ports, "
                 "which amounts to the kernel itself. `/dev/kmsg` lets the container read the "
                 "kernel log (addresses that defeat KASLR, messages of other tenants) and forge "
                 "entries in it. `/dev/zfs` controls every ZFS pool and dataset on the host. "
                 "Mapping the whole `/dev` does all of these at once.",
    .example = "services:\n  backup:\n    image: ghcr.io/example/backup:3.0\n    devices:\n      - "
               "/dev/sda:/dev/sda\n",
    .instead = "services:\n  backup:\n    image: ghcr.io/example/backup:3.0\n    volumes:\n      - "
               "/srv/data:/data:ro\n\nMount the folders the service needs instead of the disk "
               "under them, read-only when it only reads. Tools that must manage disks (disk "
               "health monitors, storage controllers) should be reviewed, given the single "
               "device they need with the narrowest permissions (`:r`), and their finding "
               "suppressed with a reason.",
    .fix_safety = "No fix is offered: what the service should get instead of the device depends "
                  "on what it does with it.",
    .references = kRefs,
};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Collapses repeated slashes and drops a trailing one: "//dev//sda/" -> "/dev/sda".
std::string normalise(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out += c;
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// Why mapping this host device is dangerous, or nullopt when it is not one of those.
std::optional<std::string_view> dangerous_device(std::string_view path) {
  if (path == "/dev") return "the host's whole /dev tree";
  if (!starts_with(path, "/dev/")) return std::nullopt;
  const std::string_view name = path.substr(5);
  if (name == "mem" || name == "kmem" || name == "port") return "raw access to the host's memory";
  if (name == "kmsg") return "the host's kernel log";
  if (name == "zfs") return "control of the host's ZFS pools";
  static constexpr std::string_view kBlock[] = {"sd", "nvme", "vd", "xvd", "hd", "loop",
                                                "mmcblk", "md", "dm-", "mapper/", "disk/"};
  for (std::string_view prefix : kBlock)
    if (starts_with(name, prefix) && name.size() > prefix.size())
      return "raw access to a host disk";
  // Optical drives, network and Ceph block devices, ZFS volumes and RAM disks: a number
  // follows the name (/dev/sr0, /dev/nbd1, /dev/rbd0, /dev/zd16, /dev/ram0).
  static constexpr std::string_view kNumbered[] = {"sr", "nbd", "rbd", "zd", "ram"};
  for (std::string_view prefix : kNumbered)
    if (starts_with(name, prefix) && name.size() > prefix.size() && name[prefix.size()] >= '0' &&
        name[prefix.size()] <= '9')
      return "raw access to a host disk";
  return std::nullopt;
}

class HostDevice final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    for (const model::Device& device : service.devices) {
      const model::Text& host = device.host_path;
      if (!host.present || host.unknown()) continue;
      const std::string path = normalise(host.value);
      const std::optional<std::string_view> why = dangerous_device(path);
      if (!why) continue;
      Finding& f = out.report(service, host.span, "device " + host.value + " gives the container " +
                                                      std::string(*why));
      f.fingerprint_content = path;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr113_host_device() { return std::make_unique<HostDevice>(); }

}  // namespace clearance::rules
