#include "knowledge/host_paths.h"

#include <array>
#include <vector>

namespace clearance::knowledge {

std::string normalise_host_path(std::string_view path) {
  std::string p(path);
  if (p.rfind("$HOME", 0) == 0) p = "~" + p.substr(5);
  if (p.rfind("${HOME}", 0) == 0) p = "~" + p.substr(7);
  std::vector<std::string> parts;
  const bool absolute = !p.empty() && p[0] == '/';
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string part = p.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out;
}

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::optional<std::string> runtime_socket(std::string_view p) {
  static constexpr std::string_view kSockets[] = {
      "docker.sock", "containerd.sock", "crio.sock", "podman.sock", "dockershim.sock", "cri-dockerd.sock"};
  const auto slash = p.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? p : p.substr(slash + 1);
  for (std::string_view s : kSockets)
    if (base == s) return "the container runtime socket " + std::string(p);
  // Rootless Docker/Podman put their sockets in /run/user/<uid>/ and ~/.docker/run/.
  if (p.rfind("/run/user/", 0) == 0 && p.find('/', 10) == std::string_view::npos)
    return std::string(p) + ", which holds rootless runtime sockets";
  static constexpr std::string_view kFolders[] = {"/", "/run", "/var/run", "/var", "/run/docker",
                                                  "/var/run/docker", "/run/containerd",
                                                  "/run/podman", "~/.docker/run"};
  for (std::string_view f : kFolders)
    if (p == f) return std::string(p) + ", which holds the container runtime socket";
  if (ends_with(p, "/containerd/containerd.sock.ttrpc")) return "the containerd socket " + std::string(p);
  return std::nullopt;
}

const SensitivePath* sensitive_host_path(std::string_view p) {
  static constexpr SensitivePath kPaths[] = {
      {"/", "the whole host filesystem", true},
      {"/etc", "the host's configuration, users and passwords", true},
      {"/proc", "the host's processes and kernel tunables", true},
      {"/sys", "the host's kernel and device settings", true},
      {"/boot", "the host's kernel and boot loader", true},
      {"/dev", "every host device", true},
      {"/root", "the root user's home", true},
      {"/home", "every user's home", false},
      {"/var/lib/docker", "Docker's own state, including every container's filesystem", true},
      {"/var/lib/containerd", "containerd's state, including every container's filesystem", true},
      {"/var/lib/kubelet", "the kubelet's state and secrets", true},
      {"/lib/modules", "the host's kernel modules", true},
      {"/usr", "the host's programs", true},
      {"/bin", "the host's programs", true},
      {"/sbin", "the host's programs", true},
      {"/lib", "the host's libraries", true},
      {"~/.ssh", "SSH keys", false},
      {"~/.aws", "AWS credentials", false},
      {"~/.kube", "Kubernetes credentials", false},
      {"~/.docker", "Docker registry credentials", false},
      {"~/.gnupg", "GnuPG keys", false},
      {"~/.config/gcloud", "Google Cloud credentials", false},
      {"~/.azure", "Azure credentials", false},
  };
  for (const SensitivePath& s : kPaths)
    if (s.path == p) return &s;
  // Files directly under a sensitive folder are as sensitive (/etc/shadow, ~/.ssh/id_rsa),
  // except the time zone files that many stacks mount read-only on purpose.
  if (p == "/etc/localtime" || p == "/etc/timezone") return nullptr;
  for (const SensitivePath& s : kPaths) {
    if (s.path == "/" || s.path == "/home" || s.path == "/usr" || s.path == "/lib") continue;
    if (p.size() > s.path.size() && p.substr(0, s.path.size()) == s.path && p[s.path.size()] == '/')
      return &s;
  }
  return nullptr;
}

}  // namespace clearance::knowledge
