#include "knowledge/capabilities.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace clearance::knowledge {

using rules::Severity;

std::string normalise_capability(std::string_view cap) {
  std::string out;
  out.reserve(cap.size());
  for (char c : cap) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (out.rfind("CAP_", 0) == 0) out.erase(0, 4);
  return out;
}

std::optional<Severity> dangerous_capability(std::string_view cap) {
  static constexpr std::pair<std::string_view, Severity> kGrades[] = {
      {"ALL", Severity::kCritical},       {"SYS_ADMIN", Severity::kCritical},
      {"SYS_MODULE", Severity::kCritical}, {"SYS_RAWIO", Severity::kCritical},
      {"NET_ADMIN", Severity::kHigh},     {"BPF", Severity::kHigh},
      {"SYS_BOOT", Severity::kHigh},      {"PERFMON", Severity::kHigh},
      {"SYS_TIME", Severity::kHigh},      {"SYSLOG", Severity::kHigh},
      {"SYS_NICE", Severity::kHigh},      {"IPC_LOCK", Severity::kHigh},
      {"LEASE", Severity::kHigh},         {"SYS_PTRACE", Severity::kMedium},
      {"DAC_READ_SEARCH", Severity::kMedium},
  };
  for (const auto& [name, severity] : kGrades)
    if (name == cap) return severity;
  return std::nullopt;
}

bool is_known_capability(std::string_view cap) {
  static constexpr std::string_view kAll[] = {
      "ALL", "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF",
      "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
      "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
      "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP",
      "SETGID", "SETPCAP", "SETUID", "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT",
      "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE",
      "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM"};
  return std::find(std::begin(kAll), std::end(kAll), cap) != std::end(kAll);
}

}  // namespace clearance::knowledge
