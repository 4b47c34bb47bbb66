#pragma once
// Linux capabilities: what each gives a container (CLR107's grades) and which exist, in one
// reviewed place.
#include <optional>
#include <string>
#include <string_view>

#include "rules/rule.h"

namespace clearance::knowledge {

// "cap_sys_admin", "CAP_SYS_ADMIN", " SYS_ADMIN" -> "SYS_ADMIN".
std::string normalise_capability(std::string_view cap);

struct DangerousCapability {
  rules::Severity severity;
  std::string_view what;  // what it lets the container do, for messages
};

// The grade of adding `cap` (normalised), or nullopt when it is not dangerous by itself.
// critical: ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO (each amounts to root on the host);
// high: NET_ADMIN, BPF, SYS_BOOT, PERFMON, SYS_TIME, SYSLOG, SYS_NICE, IPC_LOCK, LEASE;
// medium: SYS_PTRACE, DAC_READ_SEARCH.
std::optional<DangerousCapability> dangerous_capability(std::string_view cap);

// A capability name Linux defines (normalised), or ALL.
bool is_known_capability(std::string_view cap);

}  // namespace clearance::knowledge
