#include "knowledge/capabilities.h"

#include <algorithm>
#include <cctype>

namespace clearance::knowledge {

using rules::Severity;

std::string normalise_capability(std::string_view cap) {
  while (!cap.empty() && std::isspace(static_cast<unsigned char>(cap.front()))) cap.remove_prefix(1);
  while (!cap.empty() && std::isspace(static_cast<unsigned char>(cap.back()))) cap.remove_suffix(1);
  std::string out;
  out.reserve(cap.size());
  for (char c : cap) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (out.rfind("CAP_", 0) == 0) out.erase(0, 4);
  return out;
}

std::optional<DangerousCapability> dangerous_capability(std::string_view cap) {
  struct Grade {
    std::string_view name;
    DangerousCapability facts;
  };
  // Sources: capabilities(7); Docker's default capability set (moby oci/caps/defaults.go).
  static constexpr Grade kGrades[] = {
      {"ALL", {Severity::kCritical, "every capability, which is nearly the same as privileged: true"}},
      {"SYS_ADMIN",
       {Severity::kCritical,
        "mounting filesystems and many kernel interfaces; the classic container escape"}},
      {"SYS_MODULE", {Severity::kCritical, "loading modules into the host's kernel"}},
      {"SYS_RAWIO", {Severity::kCritical, "raw access to host memory, I/O ports and devices"}},
      {"NET_ADMIN",
       {Severity::kHigh,
        "reconfiguring interfaces, routes and firewall rules, and sniffing traffic (the host's own with "
        "network_mode: host)"}},
      {"BPF", {Severity::kHigh, "loading BPF programs, which can read kernel memory"}},
      {"SYS_BOOT", {Severity::kHigh, "rebooting the host or loading a new kernel with kexec"}},
      {"PERFMON", {Severity::kHigh, "observing every process on the host through perf events"}},
      {"SYS_TIME", {Severity::kHigh, "setting the host's clock, which is not namespaced"}},
      {"SYSLOG", {Severity::kHigh, "reading the kernel log, which leaks kernel addresses"}},
      {"SYS_NICE", {Severity::kHigh, "raising its own priority and starving host processes"}},
      {"IPC_LOCK", {Severity::kHigh, "locking unlimited memory and starving the host"}},
      {"LEASE", {Severity::kHigh, "taking leases that stall other processes' access to shared files"}},
      {"SYS_PTRACE",
       {Severity::kMedium,
        "tracing and injecting code into other processes it can see (every host process with pid: host)"}},
      {"DAC_READ_SEARCH",
       {Severity::kMedium,
        "bypassing read permissions; with open_by_handle_at it can read host files (the Shocker escape)"}},
  };
  for (const Grade& g : kGrades)
    if (g.name == cap) return g.facts;
  return std::nullopt;
}

bool is_known_capability(std::string_view cap) {
  static constexpr std::string_view kAll[] = {"ALL",
                                              "AUDIT_CONTROL",
                                              "AUDIT_READ",
                                              "AUDIT_WRITE",
                                              "BLOCK_SUSPEND",
                                              "BPF",
                                              "CHECKPOINT_RESTORE",
                                              "CHOWN",
                                              "DAC_OVERRIDE",
                                              "DAC_READ_SEARCH",
                                              "FOWNER",
                                              "FSETID",
                                              "IPC_LOCK",
                                              "IPC_OWNER",
                                              "KILL",
                                              "LEASE",
                                              "LINUX_IMMUTABLE",
                                              "MAC_ADMIN",
                                              "MAC_OVERRIDE",
                                              "MKNOD",
                                              "NET_ADMIN",
                                              "NET_BIND_SERVICE",
                                              "NET_BROADCAST",
                                              "NET_RAW",
                                              "PERFMON",
                                              "SETFCAP",
                                              "SETGID",
                                              "SETPCAP",
                                              "SETUID",
                                              "SYSLOG",
                                              "SYS_ADMIN",
                                              "SYS_BOOT",
                                              "SYS_CHROOT",
                                              "SYS_MODULE",
                                              "SYS_NICE",
                                              "SYS_PACCT",
                                              "SYS_PTRACE",
                                              "SYS_RAWIO",
                                              "SYS_RESOURCE",
                                              "SYS_TIME",
                                              "SYS_TTY_CONFIG",
                                              "WAKE_ALARM"};
  return std::find(std::begin(kAll), std::end(kAll), cap) != std::end(kAll);
}

}  // namespace clearance::knowledge
