#include "knowledge/host_paths.h"
#include "source/ascii.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace clearance::knowledge {

using rules::Severity;

std::string normalise_host_path(std::string_view path) {
  std::string p(path);
  if (p.rfind("${HOME}", 0) == 0)
    p = "~" + p.substr(7);
  else if (p.rfind("$HOME", 0) == 0)
    p = "~" + p.substr(5);
  std::vector<std::string> parts;
  const bool absolute = !p.empty() && p[0] == '/';
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string part = p.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty() && parts.back() != ".." && parts.back() != "~")
        parts.pop_back();
      else if (!absolute)
        parts.push_back(part);
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

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::string_view base_name(std::string_view p) {
  const size_t slash = p.find_last_of("/\\");
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

// "/run/user/1000" followed by nothing or by `rest`.
bool is_user_runtime_dir(std::string_view p, std::string_view rest) {
  if (!starts_with(p, "/run/user/")) return false;
  std::string_view tail = p.substr(10);
  const size_t slash = tail.find('/');
  const std::string_view uid = tail.substr(0, slash);
  if (uid.empty() || !std::all_of(uid.begin(), uid.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  const std::string_view after = slash == std::string_view::npos ? std::string_view() : tail.substr(slash);
  return after == rest;
}

}  // namespace

bool is_runtime_socket_file(std::string_view p) {
  static constexpr std::string_view kSockets[] = {
      "docker.sock",      "containerd.sock",      "crio.sock", "podman.sock", "dockershim.sock",
      "cri-dockerd.sock", "containerd.sock.ttrpc"};
  const std::string_view base = base_name(p);
  if (std::find(std::begin(kSockets), std::end(kSockets), base) != std::end(kSockets)) return true;
  // Docker Desktop on Windows: \\.\pipe\docker_engine (also written //./pipe/docker_engine).
  const std::string l = source::ascii_lower(p);
  return l.find("pipe") != std::string::npos && source::ascii_lower(base) == "docker_engine";
}

std::optional<std::string> runtime_socket(std::string_view p) {
  if (is_runtime_socket_file(p)) return "the container runtime socket " + std::string(p);
  struct Folder {
    std::string_view path;
    std::string_view holds;
  };
  static constexpr Folder kFolders[] = {
      {"/", "the container runtime socket (/var/run/docker.sock) and everything else"},
      {"/run", "the container runtime socket (/run/docker.sock, /run/containerd)"},
      {"/var/run", "the container runtime socket (/var/run/docker.sock)"},
      {"/var", "the runtime's state and, where /var/run is not a symlink to /run, its socket"},
      {"/run/docker", "Docker's containerd and plugin sockets"},
      {"/var/run/docker", "Docker's containerd and plugin sockets"},
      {"/run/containerd", "the containerd socket"},
      {"/var/run/containerd", "the containerd socket"},
      {"/run/crio", "the CRI-O socket"},
      {"/var/run/crio", "the CRI-O socket"},
      {"/run/podman", "the Podman socket"},
      {"/var/run/podman", "the Podman socket"},
      {"~/.docker/run", "Docker Desktop's socket"},
  };
  for (const Folder& f : kFolders)
    if (p == f.path) return std::string(p) + ", which holds " + std::string(f.holds);
  // Rootless Docker and Podman put their sockets in $XDG_RUNTIME_DIR (/run/user/<uid>).
  if (is_user_runtime_dir(p, "") || is_user_runtime_dir(p, "/docker") || is_user_runtime_dir(p, "/podman"))
    return std::string(p) + ", which holds the rootless container runtime socket";
  return std::nullopt;
}

namespace {

enum class Match { kExact, kTree, kBelow };  // the path; the path and below; strictly below

struct Row {
  std::string_view path;
  Match match;
  std::optional<Severity> read_only;  // nullopt: a read-only mount is ordinary
  std::optional<Severity> writable;   // kCritical: root-equivalent
  std::string_view what;
};

constexpr auto H = Severity::kHigh;
constexpr auto C = Severity::kCritical;
constexpr auto L = Severity::kLow;
constexpr std::optional<Severity> kOrdinary = std::nullopt;

// Reviewed 2026-11-29: each row says what the mount gives a process in the container.
constexpr Row kRows[] = {
    {"/", Match::kExact, H, C, "the whole host filesystem"},
    {"/etc", Match::kExact, H, C, "the host's configuration, users and password hashes"},
    {"/etc/shadow", Match::kExact, H, C, "the host's password hashes"},
    {"/etc/gshadow", Match::kExact, H, C, "the host's group password hashes"},
    {"/etc/sudoers", Match::kExact, H, C, "the host's sudo rules"},
    {"/etc/sudoers.d", Match::kTree, H, C, "the host's sudo rules"},
    {"/etc/ssh", Match::kTree, H, C, "the host's SSH host keys and server configuration"},
    {"/etc/docker", Match::kTree, H, C, "the Docker daemon's configuration and TLS keys"},
    {"/etc/kubernetes", Match::kTree, H, C, "the Kubernetes cluster's admin credentials and keys"},
    {"/etc/containerd", Match::kTree, kOrdinary, C, "containerd's configuration"},
    {"/etc/crio", Match::kTree, kOrdinary, C, "CRI-O's configuration"},
    {"/etc/passwd", Match::kExact, kOrdinary, C, "the host's user accounts"},
    {"/etc/group", Match::kExact, kOrdinary, C, "the host's groups"},
    {"/etc/crontab", Match::kExact, kOrdinary, C, "the host's cron table, run as root"},
    {"/etc/cron.d", Match::kTree, kOrdinary, C, "the host's cron jobs, run as root"},
    {"/etc/cron.hourly", Match::kTree, kOrdinary, C, "the host's cron jobs, run as root"},
    {"/etc/cron.daily", Match::kTree, kOrdinary, C, "the host's cron jobs, run as root"},
    {"/etc/cron.weekly", Match::kTree, kOrdinary, C, "the host's cron jobs, run as root"},
    {"/etc/cron.monthly", Match::kTree, kOrdinary, C, "the host's cron jobs, run as root"},
    {"/etc/systemd", Match::kTree, kOrdinary, C, "the host's systemd units, run as root"},
    {"/etc/init.d", Match::kTree, kOrdinary, C, "the host's init scripts, run as root"},
    {"/etc/pam.d", Match::kTree, kOrdinary, C, "the host's login rules"},
    {"/etc/profile.d", Match::kTree, kOrdinary, C, "the host's login shell scripts"},
    {"/etc/ld.so.preload", Match::kExact, kOrdinary, C, "libraries preloaded into every host process"},
    {"/etc/localtime", Match::kExact, kOrdinary, L, "the host's time zone"},
    {"/etc/timezone", Match::kExact, kOrdinary, L, "the host's time zone"},
    {"/proc", Match::kTree, H, C, "the host's processes and kernel tunables"},
    {"/sys", Match::kExact, H, C, "the host's kernel and device settings"},
    {"/sys/fs/cgroup", Match::kTree, kOrdinary, C, "the host's control groups (release_agent escape)"},
    {"/sys/kernel", Match::kTree, kOrdinary, C, "the host kernel's settings"},
    {"/boot", Match::kTree, H, C, "the host's kernel and boot loader"},
    {"/dev", Match::kExact, H, H, "every host device node, including the host's terminals and shared memory"},
    {"/root", Match::kExact, H, C, "root's home folder, with its SSH keys and shell startup files"},
    {"/root/.ssh", Match::kTree, H, C, "root's SSH keys and authorized keys"},
    {"/home", Match::kExact, H, H, "every user's home folder, with SSH keys and credentials"},
    {"~", Match::kExact, H, H, "a user's home folder, with SSH keys and credentials"},
    {"/var/lib/docker", Match::kExact, H, C, "Docker's state: every container's files, volumes and secrets"},
    {"/var/lib/docker", Match::kBelow, kOrdinary, C, "Docker's state, which the daemon trusts"},
    {"/var/lib/containerd", Match::kExact, H, C, "containerd's state: every container's files"},
    {"/var/lib/containerd", Match::kBelow, kOrdinary, C, "containerd's state, which the runtime trusts"},
    {"/var/lib/kubelet", Match::kExact, H, C, "the kubelet's state: every pod's volumes and secrets"},
    {"/var/lib/kubelet", Match::kBelow, kOrdinary, C, "the kubelet's state, which it trusts"},
    {"/lib/modules", Match::kTree, kOrdinary, C, "the host's kernel modules"},
    {"/usr", Match::kExact, kOrdinary, C, "the host's programs"},
    {"/usr/bin", Match::kExact, kOrdinary, C, "the host's programs"},
    {"/usr/sbin", Match::kExact, kOrdinary, C, "the host's programs"},
    {"/usr/lib", Match::kExact, kOrdinary, C, "the host's libraries"},
    {"/usr/local/bin", Match::kExact, kOrdinary, C, "the host's programs"},
    {"/bin", Match::kExact, kOrdinary, C, "the host's programs"},
    {"/sbin", Match::kExact, kOrdinary, C, "the host's programs"},
    {"/lib", Match::kExact, kOrdinary, C, "the host's libraries"},
    {"/lib64", Match::kExact, kOrdinary, C, "the host's libraries"},
    {"~/.ssh", Match::kTree, H, H, "SSH private keys"},
    {"~/.aws", Match::kTree, H, H, "AWS credentials"},
    {"~/.kube", Match::kTree, H, H, "Kubernetes credentials"},
    {"~/.docker", Match::kTree, H, H, "Docker registry credentials"},
    {"~/.gnupg", Match::kTree, H, H, "GnuPG private keys"},
    {"~/.config/gcloud", Match::kTree, H, H, "Google Cloud credentials"},
    {"~/.azure", Match::kTree, H, H, "Azure credentials"},
};

bool matches(const Row& row, std::string_view p) {
  const bool below = p.size() > row.path.size() && starts_with(p, row.path) &&
                     (row.path == "/" || p[row.path.size()] == '/');
  switch (row.match) {
    case Match::kExact:
      return p == row.path;
    case Match::kTree:
      return p == row.path || below;
    case Match::kBelow:
      return below;
  }
  return false;
}

// /home/<user>/rest and /Users/<user>/rest (macOS) -> ~/rest; /home/<user> -> ~; /root/rest ->
// ~/rest (a data folder kept under /root is not root's startup files).
std::optional<std::string> as_home_path(std::string_view p) {
  if (starts_with(p, "/root/")) return "~" + std::string(p.substr(5));
  for (std::string_view prefix : {std::string_view("/home/"), std::string_view("/Users/")}) {
    if (!starts_with(p, prefix) || p.size() == prefix.size()) continue;
    const std::string_view rest = p.substr(prefix.size());
    const size_t slash = rest.find('/');
    return slash == std::string_view::npos ? std::string("~") : "~" + std::string(rest.substr(slash));
  }
  return std::nullopt;
}

// Public halves of SSH material, harmless to read.
bool public_ssh_file(std::string_view p) {
  if (!starts_with(p, "~/.ssh/") && !starts_with(p, "/etc/ssh/") && !starts_with(p, "/root/.ssh/"))
    return false;
  const std::string_view base = base_name(p);
  return base == "known_hosts" || base == "ssh_known_hosts" || base == "config" || base == "ssh_config" ||
         (base.size() > 4 && base.substr(base.size() - 4) == ".pub");
}

const Row* best_row(std::string_view p) {
  const Row* best = nullptr;
  for (const Row& row : kRows)
    if (matches(row, p) && (!best || row.path.size() > best->path.size())) best = &row;
  return best;
}

}  // namespace

std::optional<HostPathRisk> sensitive_host_path(std::string_view normalised_path, bool read_only) {
  std::string p(normalised_path);
  const Row* row = best_row(p);
  if (!row) {
    const auto home = as_home_path(p);
    if (!home) return std::nullopt;
    p = *home;
    row = best_row(p);
    if (!row) return std::nullopt;
  }
  // Docker Desktop's socket folder is CLR102's concern, not a credential folder.
  if (p == "~/.docker/run" || starts_with(p, "~/.docker/run/")) return std::nullopt;
  if (read_only && public_ssh_file(p)) return std::nullopt;
  const std::optional<Severity> severity = read_only ? row->read_only : row->writable;
  if (!severity) return std::nullopt;
  return HostPathRisk{*severity, row->what, !read_only && *severity == Severity::kCritical};
}

}  // namespace clearance::knowledge
