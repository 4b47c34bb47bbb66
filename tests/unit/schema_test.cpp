// The Compose schema table (CLR902): unknown keys, wrong shapes, closed vocabularies, durations,
// resource names; and what must never be reported (x- keys, legacy keys, interpolated values).
#include "compose/schema.h"

#include <gtest/gtest.h>

#include <chrono>

#include "compose/interpolation.h"
#include "yaml/node.h"

namespace clearance::compose {
namespace {

struct Checked {
  std::shared_ptr<source::SourceFile> file;
  std::unique_ptr<yaml::Document> doc;
  std::vector<model::Diagnostic> diagnostics;

  std::string messages() const {
    std::string out;
    for (const auto& d : diagnostics)
      out += std::to_string(d.span.start().line) + ": " + d.message + "\n";
    return out;
  }
};

Checked check(std::string text) {
  Checked c;
  c.file = std::make_shared<source::SourceFile>("compose.yaml", "/p/compose.yaml", std::move(text));
  c.doc = yaml::parse(*c.file);
  EXPECT_TRUE(c.doc->problems.empty());
  if (c.doc->root) validate_schema(*c.doc->root, c.diagnostics);
  for (const auto& d : c.diagnostics) EXPECT_EQ(d.rule_id, "CLR902");
  return c;
}

TEST(Schema, ValidProjectHasNoDiagnostics) {
  auto c = check(R"(
version: "3.8"
name: demo
x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file
    options: {max-size: 10m, max-file: "3"}
services:
  web:
    <<: *common
    image: nginx:1.27
    build:
      context: .
      dockerfile: Dockerfile
      args: [A=1]
      x-bake: {}
    command: ["nginx", "-g", "daemon off;"]
    cap_drop: [ALL]
    ports:
      - 8080:80
      - "127.0.0.1:8443:443"
      - {target: 80, published: "8081", host_ip: 127.0.0.1, protocol: tcp}
    volumes:
      - ./html:/usr/share/nginx/html:ro
      - type: bind
        source: /srv
        target: /srv
        bind: {propagation: rprivate, create_host_path: true}
      - {type: tmpfs, target: /tmp, tmpfs: {size: 64m}}
    environment:
      A: 1
      B: ~
    depends_on:
      db: {condition: service_healthy, restart: true}
    healthcheck:
      test: ["CMD", "true"]
      interval: 1m30s
      timeout: 10s
      start_period: 0
      retries: 3
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 512M, pids: 100}
        reservations:
          devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
    networks:
      front:
        aliases: [www]
      back:
    ulimits:
      nproc: 65535
      nofile: {soft: 20000, hard: 40000}
    secrets: [token, {source: key, target: /run/secrets/key, mode: 0400}]
    x-note: anything
  db:
    image: postgres:16
    mem_limit: 1g
    cpu_shares: 512
    volume_driver: local
    links: [web]
    external_links: [other_db]
    develop:
      watch:
        - {path: ./src, action: sync+restart, target: /app}
networks:
  front:
  back: {driver: bridge, internal: true, ipam: {config: [{subnet: 10.0.0.0/24}]}}
volumes:
  data: {external: true}
  other:
secrets:
  token: {file: ./token.txt}
  key: {environment: KEY}
configs:
  app: {content: "x"}
include:
  - other.yaml
  - path: [a.yaml, b.yaml]
    project_directory: sub
)");
  EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
}

TEST(Schema, UnknownServiceKeySuggestsTheClosestOne) {
  auto c = check("services:\n  web:\n    image: nginx\n    privilige: true\n");
  ASSERT_EQ(c.diagnostics.size(), 1u) << c.messages();
  EXPECT_EQ(c.diagnostics[0].message,
            "unknown key \"privilige\" in services.web; did you mean \"privileged\"?");
  EXPECT_EQ(c.diagnostics[0].span.text(), "privilige");
  EXPECT_EQ(c.diagnostics[0].span.start().line, 4u);
}

TEST(Schema, DashesAndCaseCountForNothingInSuggestions) {
  auto c =
      check("services:\n  web:\n    image: nginx\n    container-name: web\n    Read_Only: true\n");
  ASSERT_EQ(c.diagnostics.size(), 2u) << c.messages();
  EXPECT_NE(c.diagnostics[0].message.find("did you mean \"container_name\""), std::string::npos);
  EXPECT_NE(c.diagnostics[1].message.find("did you mean \"read_only\""), std::string::npos);
}

TEST(Schema, UnknownKeyWithoutCloseMatch) {
  auto c = check("services:\n  web:\n    image: nginx\n    wrongField: test\n");
  ASSERT_EQ(c.diagnostics.size(), 1u);
  EXPECT_EQ(c.diagnostics[0].message, "unknown key \"wrongField\" in services.web");
}

TEST(Schema, UnknownNestedKeys) {
  auto c = check(R"(services:
  web:
    image: nginx
    deploy:
      resources:
        limits: {memory: 1g, cpu: 1}
    healthcheck: {test: "true", intervall: 5s}
    logging: {driver: local, opts: {}}
    volumes:
      - {type: bind, source: /a, target: /b, readonly: true}
    build: {context: ., dockerfil: Dockerfile}
)");
  ASSERT_EQ(c.diagnostics.size(), 5u) << c.messages();
  EXPECT_NE(c.diagnostics[0].message.find(
                "\"cpu\" in services.web.deploy.resources.limits; did you mean \"cpus\""),
            std::string::npos);
  EXPECT_NE(c.diagnostics[1].message.find(
                "\"intervall\" in services.web.healthcheck; did you mean \"interval\""),
            std::string::npos);
  EXPECT_NE(c.diagnostics[2].message.find("\"opts\" in services.web.logging"), std::string::npos);
  EXPECT_NE(c.diagnostics[3].message.find(
                "\"readonly\" in services.web.volumes[0]; did you mean \"read_only\""),
            std::string::npos);
  EXPECT_NE(c.diagnostics[4].message.find("did you mean \"dockerfile\""), std::string::npos);
}

TEST(Schema, UnknownTopLevelKey) {
  auto c = check("services:\n  web: {image: nginx}\nvolume:\n  data:\n");
  ASSERT_EQ(c.diagnostics.size(), 1u);
  EXPECT_EQ(c.diagnostics[0].message,
            "unknown top-level key \"volume\"; did you mean \"volumes\"?");
}

TEST(Schema, VersionOneFileFormat) {
  auto c = check("web:\n  image: nginx\n  net: host\n");
  ASSERT_EQ(c.diagnostics.size(), 1u);
  EXPECT_NE(c.diagnostics[0].message.find("the version 1 file format is no longer supported"),
            std::string::npos);
}

TEST(Schema, ExtensionKeysOnlyWhereComposeAllowsThem) {
  auto c = check(
      "x-a: 1\nservices:\n  web:\n    image: nginx\n    x-b: 2\n"
      "    extends: {service: base, x-c: 3}\n");
  ASSERT_EQ(c.diagnostics.size(), 1u) << c.messages();
  EXPECT_EQ(c.diagnostics[0].message, "unknown key \"x-c\" in services.web.extends");
}

TEST(Schema, WrongShapes) {
  auto c = check(R"(services:
  web:
    image: [nginx]
    cap_drop: {ALL: true}
    environment: 42
    ports: "80:80"
    volumes:
      - [a, b]
    command: {run: x}
    labels:
      a: {b: c}
    healthcheck: "CMD true"
)");
  ASSERT_EQ(c.diagnostics.size(), 8u) << c.messages();
  EXPECT_EQ(c.diagnostics[0].message, "services.web.image must be a string, not a list");
  EXPECT_EQ(c.diagnostics[1].message, "services.web.cap_drop must be a list, not a mapping");
  EXPECT_EQ(c.diagnostics[2].message,
            "services.web.environment must be a mapping or a list, not a scalar");
  EXPECT_EQ(c.diagnostics[3].message, "services.web.ports must be a list, not a scalar");
  EXPECT_EQ(c.diagnostics[4].message,
            "services.web.volumes[0] must be a string or a mapping, not a list");
  EXPECT_EQ(c.diagnostics[5].message,
            "services.web.command must be a string or a list, not a mapping");
  EXPECT_EQ(c.diagnostics[6].message, "services.web.labels.a must be a string, not a mapping");
  EXPECT_EQ(c.diagnostics[7].message, "services.web.healthcheck must be a mapping, not a scalar");
  EXPECT_EQ(c.diagnostics[1].span.text(), "{ALL: true}");
}

TEST(Schema, TopLevelShapes) {
  auto c = check("services:\n  - web\nnetworks: [a]\n");
  ASSERT_EQ(c.diagnostics.size(), 2u) << c.messages();
  EXPECT_EQ(c.diagnostics[0].message, "services must be a mapping, not a list");
  EXPECT_EQ(c.diagnostics[1].message, "networks must be a mapping, not a list");
  auto root = check("- a\n- b\n");
  ASSERT_EQ(root.diagnostics.size(), 1u);
  EXPECT_EQ(root.diagnostics[0].message, "the top level must be a mapping, not a list");
}

TEST(Schema, ClosedVocabulariesAndDurations) {
  auto c = check(R"(services:
  web:
    image: nginx
    cgroup: shared
    volumes:
      - {type: bnd, source: /a, target: /b}
    depends_on:
      db: {condition: service_ready}
    stop_grace_period: 30 seconds
    healthcheck: {test: "true", interval: 10}
)");
  ASSERT_EQ(c.diagnostics.size(), 4u) << c.messages();
  EXPECT_NE(
      c.diagnostics[0].message.find("services.web.cgroup must be one of \"host\", \"private\""),
      std::string::npos);
  EXPECT_NE(c.diagnostics[1].message.find("services.web.volumes[0].type must be one of"),
            std::string::npos);
  EXPECT_NE(c.diagnostics[2].message.find("services.web.depends_on.db.condition"),
            std::string::npos);
  EXPECT_NE(c.diagnostics[3].message.find("services.web.stop_grace_period must be a duration"),
            std::string::npos);
}

TEST(Schema, InvalidResourceNames) {
  auto c = check("services:\n  my web: {image: nginx}\nvolumes:\n  \"data/x\":\n");
  ASSERT_EQ(c.diagnostics.size(), 2u) << c.messages();
  EXPECT_NE(c.diagnostics[0].message.find("invalid name \"my web\" in services"),
            std::string::npos);
  EXPECT_NE(c.diagnostics[1].message.find("invalid name \"data/x\" in volumes"), std::string::npos);
}

TEST(Schema, InterpolatedValuesAreNeverJudged) {
  auto c = check(
      "services:\n  web:\n    image: nginx\n    cgroup: ${CG}\n    stop_grace_period: ${GRACE}\n");
  // Without the loader, mark the scalars as interpolated by hand.
  Interpolation info;
  info.raw = "${CG}";
  info.unknown = true;
  yaml::Node* web = const_cast<yaml::Node*>(c.doc->root->get("services")->get("web"));
  for (yaml::Pair& p : web->pairs)
    if (p.key->value != "image") {
      p.value->interpolation = &info;
      p.value->value = "";
      p.value->type = yaml::Type::kNull;
    }
  c.diagnostics.clear();
  validate_schema(*c.doc->root, c.diagnostics);
  EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
  for (yaml::Pair& p : web->pairs) {
    p.value->value = "bad value";
    p.value->type = yaml::Type::kString;
  }
  validate_schema(*c.doc->root, c.diagnostics);
  EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
}

TEST(Schema, AnchorMergedIntoManyServicesIsReportedOnce) {
  auto c = check(
      "x-base: &base\n  restrat: always\nservices:\n  a: {<<: *base, image: x}\n  b: {<<: *base, "
      "image: y}\n");
  ASSERT_EQ(c.diagnostics.size(), 1u) << c.messages();  // where it was written, once
  EXPECT_EQ(c.diagnostics[0].span.start().line, 2u);
  auto shared = check(
      "x-l: &l {driver: local, optoins: {}}\nservices:\n  a: {image: x, logging: *l}\n"
      "  b: {image: y, logging: *l}\n");
  EXPECT_EQ(shared.diagnostics.size(), 1u) << shared.messages();
}

TEST(Schema, ResetTagIsAValue) {
  auto c = check(
      "services:\n  web:\n    image: nginx\n    ports: !reset []\n    cap_add: !reset null\n");
  EXPECT_TRUE(c.diagnostics.empty()) << c.messages();
}

TEST(Schema, Fast) {
  std::string text = "services:\n";
  for (int i = 0; i < 500; ++i)
    text += "  s" + std::to_string(i) +
            ":\n    image: nginx\n    ports: [\"80:80\"]\n    environment: {A: b}\n    cap_drop: "
            "[ALL]\n"
            "    deploy: {resources: {limits: {memory: 1g}}}\n    healthcheck: {test: [CMD, x], "
            "interval: 5s}\n";
  auto c = check(text);
  const auto start = std::chrono::steady_clock::now();
  std::vector<model::Diagnostic> out;
  for (int i = 0; i < 10; ++i) validate_schema(*c.doc->root, out);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  EXPECT_TRUE(out.empty());
  // 5,000 services; generous for Debug and sanitizer builds.
  EXPECT_LT(us.count(), 500'000);
}

}  // namespace
}  // namespace clearance::compose
