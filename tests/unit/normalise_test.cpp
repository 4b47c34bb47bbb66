// The ContainerSpec normaliser: every Compose syntax form lands in the same posture fields,
// each with the span where it was written.
#include <gtest/gtest.h>

#include "compose/loader.h"
#include "model/normalise.h"

namespace clearance::model {
namespace {

struct Loaded {
  std::unique_ptr<Project> project;
  const ContainerSpec& service(std::string_view name) const {
    for (const ContainerSpec& s : project->services)
      if (s.name == name) return s;
    throw std::runtime_error("no service " + std::string(name));
  }
};

Loaded load(std::string yaml, std::map<std::string, std::string> env = {}) {
  Loaded l;
  l.project = std::make_unique<Project>();
  for (auto& [k, v] : env) l.project->environment.set(k, {v, compose::Variable::Source::kShell, {}});
  auto file = std::make_shared<source::SourceFile>("compose.yaml", "/p/compose.yaml", std::move(yaml));
  l.project->files.push_back(file);
  compose::add_compose_source(*l.project, file, {});
  normalise_project(*l.project);
  return l;
}

TEST(Normalise, ShortPortSyntax) {
  auto l = load(
      "services:\n  web:\n    image: nginx:1.27\n    ports:\n"
      "      - \"8080:80\"\n      - \"127.0.0.1:5432:5432\"\n      - \"3000\"\n"
      "      - \"[::1]:8443:443/tcp\"\n      - \"9000-9001:9000-9001/udp\"\n      - \"0.0.0.0:53:53/udp\"\n");
  const auto& ports = l.service("web").ports;
  ASSERT_EQ(ports.size(), 6u);
  EXPECT_EQ(*ports[0].published_start, 8080u);
  EXPECT_EQ(ports[0].target_start, 80u);
  EXPECT_TRUE(ports[0].all_interfaces());
  EXPECT_EQ(ports[0].published_span.text(), "8080");
  EXPECT_TRUE(ports[1].loopback());
  EXPECT_EQ(ports[1].host_ip.span.text(), "127.0.0.1");
  EXPECT_TRUE(ports[2].published_random);
  EXPECT_TRUE(ports[2].is_published());
  EXPECT_TRUE(ports[3].loopback());
  EXPECT_EQ(ports[3].protocol, "tcp");
  EXPECT_EQ(*ports[4].published_end, 9001u);
  EXPECT_EQ(ports[4].protocol, "udp");
  EXPECT_TRUE(ports[5].all_interfaces());
  EXPECT_EQ(ports[5].span.start().line, 10u);
}

TEST(Normalise, LongPortSyntaxAndUnknownInterpolation) {
  auto l = load(
      "services:\n  web:\n    image: nginx:1.27\n    ports:\n"
      "      - target: 80\n        published: \"8080\"\n        host_ip: 127.0.0.1\n"
      "      - target: 443\n        published: ${UNSET_PORT}\n"
      "      - \"${DB_PORT:-5432}:5432\"\n");
  const auto& ports = l.service("web").ports;
  ASSERT_EQ(ports.size(), 3u);
  EXPECT_TRUE(ports[0].loopback());
  EXPECT_EQ(*ports[0].published_start, 8080u);
  EXPECT_TRUE(ports[1].published_unknown);
  EXPECT_EQ(*ports[2].published_start, 5432u);
  ASSERT_NE(ports[2].node->interpolation, nullptr);
  EXPECT_TRUE(ports[2].node->interpolation->uses[0].used_default);
}

TEST(Normalise, VolumesShortAndLong) {
  auto l = load(
      "services:\n  web:\n    image: nginx:1.27\n    volumes:\n"
      "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
      "      - data:/data\n      - /cache\n      - ./conf:/etc/nginx:ro,rshared\n"
      "      - type: bind\n        source: /etc\n        target: /host/etc\n        read_only: true\n"
      "        bind:\n          propagation: shared\n"
      "      - type: tmpfs\n        target: /tmp\n"
      "volumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /var/run}\n");
  const auto& s = l.service("web");
  ASSERT_EQ(s.volumes.size(), 6u);
  EXPECT_EQ(s.volumes[0].type, Mount::Type::kBind);
  EXPECT_TRUE(s.volumes[0].read_only);
  EXPECT_EQ(s.volumes[0].source.span.text(), "/var/run/docker.sock");
  EXPECT_EQ(s.volumes[1].type, Mount::Type::kVolume);
  EXPECT_EQ(s.volumes[1].source.value, "data");
  EXPECT_EQ(s.volumes[2].type, Mount::Type::kVolume);
  EXPECT_FALSE(s.volumes[2].source.present);
  EXPECT_EQ(s.volumes[3].propagation.value, "rshared");
  EXPECT_EQ(s.volumes[3].propagation.span.text(), "rshared");
  EXPECT_EQ(s.volumes[4].propagation.value, "shared");
  EXPECT_TRUE(s.volumes[4].read_only);
  EXPECT_EQ(s.volumes[5].type, Mount::Type::kTmpfs);
  ASSERT_EQ(s.tmpfs.size(), 1u);
  const NamedVolume* data = l.project->volume("data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->driver_opt("device")->value, "/var/run");
}

TEST(Normalise, TmpfsStringAndList) {
  auto one = load("services:\n  a:\n    image: x:1\n    tmpfs: /run\n");
  ASSERT_EQ(one.service("a").tmpfs.size(), 1u);
  EXPECT_EQ(one.service("a").tmpfs[0].target.value, "/run");
  auto list = load("services:\n  a:\n    image: x:1\n    tmpfs:\n      - /tmp:size=64m,exec\n      - /var/tmp\n");
  const auto& t = list.service("a").tmpfs;
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].target.value, "/tmp");
  ASSERT_EQ(t[0].options.size(), 2u);
  EXPECT_EQ(t[0].options[1].value, "exec");
  EXPECT_EQ(t[0].options[1].span.text(), "exec");
}

TEST(Normalise, EnvironmentMapAndListForms) {
  auto l = load(
      "services:\n  a:\n    image: x:1\n    environment:\n      A: 1\n      B:\n      C: \"${C_VALUE:-dflt}\"\n"
      "  b:\n    image: x:1\n    environment:\n      - A=1\n      - B\n      - C=x=y\n");
  const auto& a = l.service("a");
  ASSERT_EQ(a.environment.size(), 3u);
  EXPECT_EQ(*a.env("A")->value, "1");
  EXPECT_FALSE(a.env("B")->value.has_value());
  EXPECT_EQ(*a.env("C")->value, "dflt");
  const auto& b = l.service("b");
  EXPECT_EQ(*b.env("A")->value, "1");
  EXPECT_EQ(b.env("A")->value_span.text(), "1");
  EXPECT_FALSE(b.env("B")->value.has_value());
  EXPECT_EQ(*b.env("C")->value, "x=y");
}

TEST(Normalise, LimitsFromDeployAndLegacyKeys) {
  auto l = load(
      "services:\n  a:\n    image: x:1\n    mem_limit: 512m\n    pids_limit: 100\n"
      "  b:\n    image: x:1\n    deploy:\n      resources:\n        limits: {cpus: '0.5', memory: 1G, pids: 50}\n"
      "        reservations: {memory: 256M}\n      restart_policy: {condition: on-failure, max_attempts: 3}\n");
  EXPECT_EQ(l.service("a").limits.memory.value, "512m");
  EXPECT_EQ(l.service("a").limits.pids.span.text(), "100");
  const auto& b = l.service("b");
  EXPECT_EQ(b.limits.memory.value, "1G");
  EXPECT_EQ(b.limits.cpus.span.text(), "'0.5'");
  EXPECT_EQ(b.limits.pids.value, "50");
  EXPECT_EQ(b.restart_policy_condition.value, "on-failure");
}

TEST(Normalise, HealthcheckLoggingAndUser) {
  auto l = load(
      "services:\n  a:\n    image: x:1\n    user: 0\n    healthcheck:\n      test: [\"NONE\"]\n"
      "    logging:\n      driver: json-file\n      options: {max-size: 10m}\n"
      "  b:\n    image: x:1\n    healthcheck:\n      test: NONE\n    log_driver: none\n");
  const auto& a = l.service("a");
  EXPECT_EQ(a.user.value, "0");
  EXPECT_TRUE(a.healthcheck.disabled);
  EXPECT_EQ(a.logging.driver.value, "json-file");
  EXPECT_EQ(a.logging.option("max-size")->value, "10m");
  const auto& b = l.service("b");
  EXPECT_FALSE(b.healthcheck.disabled);  // a string test runs as CMD-SHELL
  EXPECT_EQ(b.logging.driver.value, "none");
}

TEST(Normalise, MergeKeysGiveFieldsTheAnchorSpans) {
  auto l = load(
      "x-base: &base\n  privileged: true\n  cap_drop: [ALL]\nservices:\n  a:\n    <<: *base\n    image: x:1\n");
  const auto& a = l.service("a");
  EXPECT_TRUE(a.privileged.value);
  EXPECT_EQ(a.privileged.span.start().line, 2u);
  EXPECT_TRUE(a.has_cap_drop_all());
  EXPECT_TRUE(a.complete);
}

TEST(Normalise, WrongTypesBecomeDiagnostics) {
  auto l = load("services:\n  a:\n    image: x:1\n    cap_add: {SYS_ADMIN: true}\n    environment: 5\n");
  size_t invalid = 0;
  for (const Diagnostic& d : l.project->diagnostics) invalid += d.rule_id == "CLR902";
  EXPECT_EQ(invalid, 2u);
  EXPECT_TRUE(l.service("a").cap_add.empty());
}

TEST(Normalise, FragmentWithoutImageIsIncomplete) {
  auto l = load("services:\n  a:\n    read_only: true\n");
  EXPECT_FALSE(l.service("a").complete);
}

}  // namespace
}  // namespace clearance::model
