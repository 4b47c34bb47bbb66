#pragma once
// Host paths that must not be bind-mounted into a container (CLR102, CLR103), in one place.
#include <optional>
#include <string>
#include <string_view>

#include "rules/rule.h"

namespace clearance::knowledge {

// Normalises a host path for comparison: collapses `//`, drops `/./` and a trailing `/`.
// `~` and `$HOME` prefixes are kept as `~`.
std::string normalise_host_path(std::string_view path);

// A container runtime socket (docker, containerd, cri-o, podman; rootful and rootless paths)
// or a folder that holds one (`/`, `/run`, `/var/run`, `/var`, `/run/user/<uid>`).
// Returns a description ("the Docker socket", "/var/run, which holds the Docker socket").
std::optional<std::string> runtime_socket(std::string_view normalised_path);

// A sensitive host folder (CLR103) and how bad a mount of it is.
struct SensitivePath {
  std::string_view path;
  std::string_view why;
  bool root_equivalent_when_writable;
};
const SensitivePath* sensitive_host_path(std::string_view normalised_path);

}  // namespace clearance::knowledge
