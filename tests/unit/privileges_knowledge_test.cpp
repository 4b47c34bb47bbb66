// The reviewed tables behind CLR102, CLR103, CLR107: host paths and capabilities.
#include <gtest/gtest.h>

#include "knowledge/capabilities.h"
#include "knowledge/host_paths.h"

using namespace clearance;
using knowledge::normalise_host_path;
using rules::Severity;

namespace {

std::optional<Severity> risk(std::string_view path, bool read_only) {
  const auto r = knowledge::sensitive_host_path(normalise_host_path(path), read_only);
  return r ? std::optional<Severity>(r->severity) : std::nullopt;
}

TEST(PrivilegesKnowledge, NormalisesHostPaths) {
  EXPECT_EQ(normalise_host_path("//var/run/./docker.sock/"), "/var/run/docker.sock");
  EXPECT_EQ(normalise_host_path("/var/lib/../run"), "/var/run");
  EXPECT_EQ(normalise_host_path("$HOME/.ssh"), "~/.ssh");
  EXPECT_EQ(normalise_host_path("${HOME}/.aws/"), "~/.aws");
  EXPECT_EQ(normalise_host_path("~/../x"), "~/../x");  // not resolved above an unknown home
  EXPECT_EQ(normalise_host_path("./data"), "data");
}

TEST(PrivilegesKnowledge, RuntimeSockets) {
  EXPECT_TRUE(knowledge::runtime_socket("/var/run/docker.sock"));
  EXPECT_TRUE(knowledge::runtime_socket("/run/user/1000/podman/podman.sock"));
  EXPECT_TRUE(knowledge::runtime_socket("/run/user/1000"));
  EXPECT_TRUE(knowledge::runtime_socket("/var/run"));
  EXPECT_TRUE(knowledge::runtime_socket("\\\\.\\pipe\\docker_engine"));
  EXPECT_FALSE(knowledge::runtime_socket("/run/user/1000/pulse"));
  EXPECT_FALSE(knowledge::runtime_socket("/var/run/postgresql"));
  EXPECT_FALSE(knowledge::runtime_socket("/run/user/abc"));
  EXPECT_FALSE(knowledge::runtime_socket("/var/lib/docker"));
}

TEST(PrivilegesKnowledge, SensitiveHostPaths) {
  EXPECT_EQ(risk("/etc", false), Severity::kCritical);
  EXPECT_EQ(risk("/etc", true), Severity::kHigh);
  EXPECT_EQ(risk("/etc/shadow", true), Severity::kHigh);
  EXPECT_EQ(risk("/etc/passwd", true), std::nullopt);
  EXPECT_EQ(risk("/etc/passwd", false), Severity::kCritical);
  EXPECT_EQ(risk("/etc/localtime", true), std::nullopt);
  EXPECT_EQ(risk("/etc/localtime", false), Severity::kLow);
  EXPECT_EQ(risk("/etc/ssl/certs", true), std::nullopt);
  EXPECT_EQ(risk("/etc/hosts", true), std::nullopt);
  EXPECT_EQ(risk("/dev/dri", false), std::nullopt);
  EXPECT_EQ(risk("/dev/shm", false), std::nullopt);
  EXPECT_EQ(risk("/dev", false), Severity::kHigh);
  EXPECT_EQ(risk("/proc", true), Severity::kHigh);
  EXPECT_EQ(risk("/proc/sys", false), Severity::kCritical);
  EXPECT_EQ(risk("/var/lib/docker/containers", true), std::nullopt);
  EXPECT_EQ(risk("/var/lib/docker/containers", false), Severity::kCritical);
  EXPECT_EQ(risk("/root/app-data", false), std::nullopt);
  EXPECT_EQ(risk("/root/.ssh", false), Severity::kCritical);
  EXPECT_EQ(risk("/home/alice/.kube/config", true), Severity::kHigh);
  EXPECT_EQ(risk("/Users/alice/.aws", true), Severity::kHigh);
  EXPECT_EQ(risk("/home/alice/src/app", false), std::nullopt);
  EXPECT_EQ(risk("~/.ssh/known_hosts", true), std::nullopt);
  EXPECT_EQ(risk("~/.ssh/id_ed25519.pub", true), std::nullopt);
  EXPECT_EQ(risk("~/.docker/run/docker.sock", false), std::nullopt);  // CLR102's
}

TEST(PrivilegesKnowledge, Capabilities) {
  EXPECT_EQ(knowledge::normalise_capability(" cap_sys_admin "), "SYS_ADMIN");
  EXPECT_EQ(knowledge::dangerous_capability("ALL")->severity, Severity::kCritical);
  EXPECT_EQ(knowledge::dangerous_capability("NET_ADMIN")->severity, Severity::kHigh);
  EXPECT_EQ(knowledge::dangerous_capability("SYS_PTRACE")->severity, Severity::kMedium);
  EXPECT_FALSE(knowledge::dangerous_capability("CHOWN"));
  EXPECT_TRUE(knowledge::is_known_capability("NET_BIND_SERVICE"));
  EXPECT_FALSE(knowledge::is_known_capability("SYS_EVERYTHING"));
}

}  // namespace
