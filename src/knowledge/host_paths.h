#pragma once
// Host paths that must not be bind-mounted into a container (CLR102, CLR103), in one place.
// Review rule: a path is listed only when mounting it gives a container something an attacker
// wants (credentials, the runtime's API, a way to run code as root on the host). Ordinary
// mounts such as /etc/ssl/certs:ro, /etc/hosts:ro, /dev/dri or /dev/shm are not listed.
#include <optional>
#include <string>
#include <string_view>

#include "rules/rule.h"

namespace clearance::knowledge {

// Normalises a host path for comparison: collapses `//`, drops `/./`, resolves `..` and a
// trailing `/`. `~`, `$HOME` and `${HOME}` prefixes become `~`.
std::string normalise_host_path(std::string_view path);

// A container runtime socket (docker, containerd, cri-o, podman; rootful and rootless paths,
// the Windows named pipe) or a folder that holds one (`/`, `/run`, `/var/run`, `/var`,
// `/run/user/<uid>`). Returns a description for messages: "the container runtime socket
// /var/run/docker.sock", "/run, which holds the container runtime socket".
std::optional<std::string> runtime_socket(std::string_view normalised_path);

// True when the path names a socket file itself (not a folder holding one).
bool is_runtime_socket_file(std::string_view normalised_path);

// What a bind mount of a sensitive host path exposes (CLR103).
struct HostPathRisk {
  rules::Severity severity;
  std::string_view what;  // "the host's configuration, users and password hashes"
  bool root_equivalent;   // writable, and writing there is enough to become root on the host
};

// The risk of bind-mounting `normalised_path` (read-only or not), or nullopt when the mount is
// ordinary. Home folders are matched however they are written: `~/.ssh`, `/home/<user>/.ssh`,
// `/Users/<user>/.ssh`.
std::optional<HostPathRisk> sensitive_host_path(std::string_view normalised_path, bool read_only);

}  // namespace clearance::knowledge
