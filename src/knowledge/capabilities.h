#pragma once
// Linux capabilities graded by what they give a container (CLR107), in one reviewed place.
#include <optional>
#include <string>
#include <string_view>

#include "rules/rule.h"

namespace clearance::knowledge {

// "cap_sys_admin", "CAP_SYS_ADMIN", "SYS_ADMIN" -> "SYS_ADMIN".
std::string normalise_capability(std::string_view cap);

// The severity of adding `cap` (normalised), or nullopt when it is not dangerous by itself.
// critical: ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO (each amounts to root on the host);
// high: NET_ADMIN, BPF, SYS_BOOT, PERFMON, SYS_TIME, SYSLOG, SYS_NICE, IPC_LOCK, LEASE;
// medium: SYS_PTRACE, DAC_READ_SEARCH.
std::optional<rules::Severity> dangerous_capability(std::string_view cap);

// Capabilities that only matter to a process running as root (or switching users):
// with a non-root user and no-new-privileges, none of the added capabilities is effective.
bool is_known_capability(std::string_view cap);

}  // namespace clearance::knowledge
