// Compose's merge of several files, `extends` and `include`, field by field, as
// docs/compose-semantics.md describes; and the provenance each merged value keeps.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compose/loader.h"
#include "compose/merge.h"

namespace clearance::compose {
namespace {

namespace fs = std::filesystem;
using yaml::Node;

// Two YAML texts parsed in files of their own, merged at `path`.
class MergeTest : public ::testing::Test {
 protected:
  Node* parse(std::string text, const std::string& name) {
    auto file = std::make_shared<source::SourceFile>(name, "/p/" + name, std::move(text));
    files_.push_back(file);
    docs_.push_back(yaml::parse(*file));
    return docs_.back()->root;
  }
  // merge(base, over) of two `key: value` documents, returning the merged value of `key`.
  const Node* merge_value(const std::string& key, const std::string& base, const std::string& over,
                          const std::string& path) {
    Node* b = parse(key + ": " + base + "\n", "base.yaml");
    Node* o = parse(key + ": " + over + "\n", "over.yaml");
    return merger_.merge(const_cast<Node*>(b->get(key)), const_cast<Node*>(o->get(key)), path,
                         MergeOrigin{o->pairs[0].key->span, false});
  }
  // The merged service `web` of two files.
  const Node* merge_services(const std::string& base, const std::string& over) {
    Node* b = parse(base, "compose.yaml");
    Node* o = parse(over, "compose.override.yaml");
    const Node* root = merger_.merge_files(b, o);
    return root->get("services")->get("web");
  }
  static std::vector<std::string> values(const Node* seq) {
    std::vector<std::string> out;
    for (const Node* n : seq->items) out.push_back(n->value);
    return out;
  }
  static std::vector<std::string> keys(const Node* map) {
    std::vector<std::string> out;
    for (const auto& p : map->pairs) out.push_back(p.key->value + "=" + (p.value->is_null() ? "~" : p.value->value));
    return out;
  }

  std::vector<source::SourceFilePtr> files_;
  std::vector<std::unique_ptr<yaml::Document>> docs_;
  yaml::Document arena_;
  MergeSites sites_;
  Merger merger_{arena_, sites_};
};

TEST_F(MergeTest, MappingsMergeAndScalarsAreReplaced) {
  const Node* web = merge_services("services:\n  web:\n    image: a:1\n    user: app\n",
                                   "services:\n  web:\n    image: b:2\n    read_only: true\n");
  ASSERT_TRUE(web && web->is_mapping());
  EXPECT_EQ(web->get("image")->value, "b:2");
  EXPECT_EQ(web->get("user")->value, "app");
  EXPECT_TRUE(web->get("read_only")->is_true());
  // Each value keeps the file it was written in.
  EXPECT_EQ(web->get("image")->span.file->path(), "compose.override.yaml");
  EXPECT_EQ(web->get("user")->span.file->path(), "compose.yaml");
}

TEST_F(MergeTest, NullInTheOverrideKeepsTheBase) {
  const Node* web = merge_services("services:\n  web:\n    image: a:1\n", "services:\n  web:\n    image:\n");
  EXPECT_EQ(web->get("image")->value, "a:1");
}

TEST_F(MergeTest, OverrideValuesRecordTheServiceTheyWereMergedOnto) {
  const Node* web = merge_services("services:\n  web:\n    image: a:1\n", "services:\n  web:\n    user: root\n");
  const Node* user = web->get("user");
  auto it = sites_.find(user);
  ASSERT_NE(it, sites_.end());
  EXPECT_EQ(it->second.file->path(), "compose.yaml");
  EXPECT_EQ(it->second.text(), "web");
  EXPECT_EQ(sites_.count(web->get("image")), 0u);  // written in the base: no merge site
}

TEST_F(MergeTest, ShellCommandsAreReplaced) {
  EXPECT_EQ(values(merge_value("command", "[echo, foo]", "[echo, bar]", "services.*.command")),
            (std::vector<std::string>{"echo", "bar"}));
  EXPECT_EQ(values(merge_value("entrypoint", "[a, b]", "[c]", "services.*.entrypoint")), (std::vector<std::string>{"c"}));
  EXPECT_EQ(values(merge_value("test", "[CMD, a]", "[NONE]", "services.*.healthcheck.test")),
            (std::vector<std::string>{"NONE"}));
}

TEST_F(MergeTest, PlainSequencesAreAppended) {
  EXPECT_EQ(values(merge_value("dns", "[1.1.1.1]", "[8.8.8.8]", "services.*.dns")),
            (std::vector<std::string>{"1.1.1.1", "8.8.8.8"}));
  EXPECT_EQ(values(merge_value("tmpfs", "/tmp", "[/run]", "services.*.tmpfs")),
            (std::vector<std::string>{"/tmp", "/run"}));
  EXPECT_EQ(values(merge_value("expose", "['80']", "['80', '443']", "services.*.expose")),
            (std::vector<std::string>{"80", "443"}));
}

TEST_F(MergeTest, CapabilitiesAndSecurityOptionsAreUnioned) {
  EXPECT_EQ(values(merge_value("cap_add", "[NET_ADMIN, SYS_TIME]", "[SYS_TIME, CHOWN]", "services.*.cap_add")),
            (std::vector<std::string>{"NET_ADMIN", "SYS_TIME", "CHOWN"}));
  EXPECT_EQ(values(merge_value("cap_drop", "[ALL]", "[ALL]", "services.*.cap_drop")), (std::vector<std::string>{"ALL"}));
  EXPECT_EQ(values(merge_value("security_opt", "[no-new-privileges:true]", "[seccomp:unconfined]",
                               "services.*.security_opt")),
            (std::vector<std::string>{"no-new-privileges:true", "seccomp:unconfined"}));
}

TEST_F(MergeTest, PortsAreUniqueByAddressPublishedTargetAndProtocol) {
  const Node* ports = merge_value("ports", "['8080:80', '127.0.0.1:9090:90', '53:53/udp']",
                                  "['8080:80', '9090:90', '53:53']", "services.*.ports");
  EXPECT_EQ(values(ports), (std::vector<std::string>{"8080:80", "127.0.0.1:9090:90", "53:53/udp", "9090:90", "53:53"}));
  EXPECT_EQ(ports->items[0]->span.file->path(), "over.yaml");  // the later entry replaces the earlier one
}

TEST_F(MergeTest, VolumesDevicesSecretsAndConfigsAreKeyedByTarget) {
  const Node* v = merge_value("volumes", "['/var/run/docker.sock:/var/run/docker.sock', 'data:/data']",
                              "['proxy:/var/run/docker.sock', {type: bind, source: ./x, target: /x}]", "services.*.volumes");
  ASSERT_EQ(v->items.size(), 3u);
  EXPECT_EQ(v->items[0]->value, "proxy:/var/run/docker.sock");
  EXPECT_EQ(v->items[1]->value, "data:/data");
  EXPECT_TRUE(v->items[2]->is_mapping());
  EXPECT_EQ(values(merge_value("devices", "['/dev/sda:/dev/xvda']", "['/dev/sdb:/dev/xvda:r']", "services.*.devices")),
            (std::vector<std::string>{"/dev/sdb:/dev/xvda:r"}));
  const Node* s = merge_value("secrets", "[db, api]", "[{source: db2, target: /run/secrets/db}]", "services.*.secrets");
  ASSERT_EQ(s->items.size(), 2u);
  EXPECT_TRUE(s->items[0]->is_mapping());
  const Node* c = merge_value("configs", "[nginx]", "[{source: other, target: /nginx}]", "services.*.configs");
  ASSERT_EQ(c->items.size(), 1u);
}

TEST_F(MergeTest, EnvironmentAndLabelsAreKeyedByNameInEitherForm) {
  EXPECT_EQ(values(merge_value("environment", "[A=1, B=2]", "[B=3, C]", "services.*.environment")),
            (std::vector<std::string>{"A=1", "B=3", "C"}));
  EXPECT_EQ(keys(merge_value("environment", "{A: '1', B: '2'}", "{B: '3'}", "services.*.environment")),
            (std::vector<std::string>{"A=1", "B=3"}));
  // Mixed forms become a mapping.
  EXPECT_EQ(keys(merge_value("environment", "{A: '1', B: '2'}", "[B=3, C]", "services.*.environment")),
            (std::vector<std::string>{"A=1", "B=3", "C=~"}));
  EXPECT_EQ(keys(merge_value("labels", "[a.b=1]", "{a.b: '2', c: '3'}", "services.*.labels")),
            (std::vector<std::string>{"a.b=2", "c=3"}));
  EXPECT_EQ(values(merge_value("extra_hosts", "['db:10.0.0.1']", "['db=10.0.0.2', 'web:10.0.0.3']",
                               "services.*.extra_hosts")),
            (std::vector<std::string>{"db=10.0.0.2", "web:10.0.0.3"}));
}

TEST_F(MergeTest, ResetRemovesAndOverrideReplaces) {
  const Node* web = merge_services(
      "services:\n  web:\n    image: a:1\n    ports: ['80:80']\n    environment: {A: '1', B: '2'}\n    privileged: true\n",
      "services:\n  web:\n    ports: !reset []\n    environment:\n      A: !reset null\n    privileged: !reset null\n"
      "    cap_add: !override [CHOWN]\n");
  EXPECT_EQ(web->get("ports"), nullptr);
  EXPECT_EQ(web->get("privileged"), nullptr);
  EXPECT_EQ(keys(web->get("environment")), (std::vector<std::string>{"B=2"}));
  const Node* l = merge_value("ports", "['8080:80']", "!override ['8443:443']", "services.*.ports");
  EXPECT_EQ(values(l), (std::vector<std::string>{"8443:443"}));
}

TEST_F(MergeTest, NetworksAndDependsOnMergeAsMappings) {
  EXPECT_EQ(values(merge_value("networks", "[front]", "[front, back]", "services.*.networks")),
            (std::vector<std::string>{"front", "back"}));
  EXPECT_EQ(keys(merge_value("networks", "[front]", "{back: ~}", "services.*.networks")),
            (std::vector<std::string>{"front=~", "back=~"}));
  const Node* d = merge_value("depends_on", "[db]", "{cache: {condition: service_healthy}}", "services.*.depends_on");
  ASSERT_TRUE(d->is_mapping());
  EXPECT_EQ(d->pairs.size(), 2u);
  EXPECT_EQ(d->get("db")->get("condition")->value, "service_started");
}

TEST_F(MergeTest, LoggingOptionsMergeOnlyForTheSameDriver) {
  const Node* same = merge_value("logging", "{driver: json-file, options: {max-size: 10m}}",
                                 "{options: {max-file: '3'}}", "services.*.logging");
  EXPECT_EQ(same->get("options")->pairs.size(), 2u);
  const Node* other = merge_value("logging", "{driver: json-file, options: {max-size: 10m}}",
                                  "{driver: syslog, options: {tag: x}}", "services.*.logging");
  EXPECT_EQ(other->get("driver")->value, "syslog");
  EXPECT_EQ(other->get("options")->pairs.size(), 1u);
}

TEST_F(MergeTest, BuildStringIsAContext) {
  const Node* b = merge_value("build", "./app", "{dockerfile: Dockerfile.prod}", "services.*.build");
  ASSERT_TRUE(b->is_mapping());
  EXPECT_EQ(b->get("context")->value, "./app");
  EXPECT_EQ(b->get("dockerfile")->value, "Dockerfile.prod");
}

TEST_F(MergeTest, ExtensionKeysAreReplaced) {
  const Node* root = merger_.merge_files(parse("x-common: {a: 1}\nservices: {}\n", "a.yaml"),
                                         parse("x-common: {b: 2}\n", "b.yaml"));
  EXPECT_EQ(keys(root->get("x-common")), (std::vector<std::string>{"b=2"}));
}

// ---- whole projects on disk ----------------------------------------------------------------

class ProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("clearance-merge-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  std::unique_ptr<model::Project> load(LoadOptions o = {}) {
    o.project_dir = dir_.string();
    o.display_root = dir_.string();
    return load_project(o);
  }
  static const model::ContainerSpec* service(const model::Project& p, std::string_view name) {
    for (const auto& s : p.services)
      if (s.name == name) return &s;
    return nullptr;
  }
  static std::vector<std::string> diagnostics(const model::Project& p, std::string_view id) {
    std::vector<std::string> out;
    for (const auto& d : p.diagnostics)
      if (d.rule_id == id) out.push_back(d.message);
    return out;
  }
  fs::path dir_;
};

TEST_F(ProjectTest, OverrideFileIsLoadedAndItsValuesCarryTheMergeSite) {
  write("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n");
  write("compose.override.yaml", "services:\n  web:\n    user: root\n");
  auto p = load();
  const auto* web = service(*p, "web");
  ASSERT_TRUE(web);
  EXPECT_EQ(web->user.value, "root");
  EXPECT_EQ(web->user.span.file->path(), "compose.override.yaml");
  ASSERT_TRUE(web->user.merged_at.valid());
  EXPECT_EQ(web->user.merged_at.file->path(), "compose.yaml");
  EXPECT_FALSE(web->image.merged_at.valid());
}

TEST_F(ProjectTest, EnvValueMovesTheSpanToTheEnvLine) {
  write(".env", "MOUNT=/var/run/docker.sock\nUSER_NAME=root\n");
  write("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    user: ${USER_NAME}\n"
                        "    volumes:\n      - ${MOUNT}:/var/run/docker.sock\n");
  auto p = load();
  const auto* web = service(*p, "web");
  ASSERT_TRUE(web);
  EXPECT_EQ(web->user.span.file->path(), ".env");
  EXPECT_EQ(web->user.span.start().line, 2u);
  EXPECT_EQ(web->user.written_at.file->path(), "compose.yaml");
  ASSERT_EQ(web->volumes.size(), 1u);
  const model::Text& src = web->volumes[0].source;
  EXPECT_EQ(src.value, "/var/run/docker.sock");
  EXPECT_EQ(src.span.file->path(), ".env");
  EXPECT_EQ(src.span.start().line, 1u);
  EXPECT_EQ(src.written_at.start().line, 6u);
  EXPECT_FALSE(web->volumes[0].target.written_at.valid());
}

TEST_F(ProjectTest, ComposeFileFromDotEnvWithSeparator) {
  write(".env", "COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=a.yml,b.yml\n");
  write("a.yml", "services:\n  web:\n    image: nginx:1.27\n");
  write("b.yml", "services:\n  web:\n    privileged: true\n");
  auto p = load();
  const auto* web = service(*p, "web");
  ASSERT_TRUE(web);
  EXPECT_TRUE(web->privileged.value);
  EXPECT_EQ(web->image.value, "nginx:1.27");
}

TEST_F(ProjectTest, ExtendsFromAnotherFileRebasesRelativePaths) {
  write("compose.yaml", "services:\n  web:\n    extends:\n      file: lib/base.yaml\n      service: base\n");
  write("lib/base.yaml",
        "services:\n  base:\n    build: ./app\n    env_file: base.env\n    volumes:\n      - ./data:/data\n"
        "      - cache:/cache\n      - {type: bind, source: ../etc, target: /etc/app}\n");
  write("lib/app/Dockerfile", "FROM scratch\n");
  write("lib/base.env", "TOKEN=x\n");
  auto p = load();
  const auto* web = service(*p, "web");
  ASSERT_TRUE(web);
  EXPECT_EQ(web->build.context.value, "./lib/app");
  ASSERT_EQ(web->volumes.size(), 3u);
  EXPECT_EQ(web->volumes[0].source.value, "./lib/data");
  EXPECT_EQ(web->volumes[1].source.value, "cache");
  EXPECT_EQ(web->volumes[2].source.value, "./etc");
  ASSERT_EQ(web->env_files.size(), 1u);
  EXPECT_EQ(web->env_files[0].path.value, "./lib/base.env");
  ASSERT_TRUE(web->env_files[0].parsed);
  EXPECT_EQ(web->env_files[0].parsed->entries.at(0).key, "TOKEN");
  // The base's values point at lib/base.yaml, with the `extends` key as their merge site.
  EXPECT_EQ(web->volumes[0].source.span.file->path(), "lib/base.yaml");
  EXPECT_EQ(web->volumes[0].source.merged_at.text(), "extends");
  EXPECT_TRUE(diagnostics(*p, "CLR903").empty());
}

TEST_F(ProjectTest, MissingReferencesAreDiagnosed) {
  write("compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    env_file:\n      - missing.env\n"
        "      - path: optional.env\n        required: false\n"
        "  job:\n    extends: {file: nope.yaml, service: x}\n"
        "secrets:\n  token:\n    file: ./token.txt\n");
  auto p = load();
  const auto d = diagnostics(*p, "CLR903");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_NE(d[0].find("nope.yaml"), std::string::npos);
  EXPECT_NE(d[1].find("missing.env"), std::string::npos);
  EXPECT_NE(d[2].find("token.txt"), std::string::npos);
  ASSERT_TRUE(service(*p, "job"));  // still checked
}

TEST_F(ProjectTest, IncludeBringsServicesAndReportsConflicts) {
  write("compose.yaml", "include:\n  - inc/one.yaml\nservices:\n  web:\n    image: nginx:1.27\n  db:\n    image: x:1\n");
  write("inc/one.yaml", "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n    build: ./r\n");
  write("inc/r/Dockerfile", "FROM scratch\n");
  auto p = load();
  EXPECT_TRUE(service(*p, "cache"));
  EXPECT_EQ(service(*p, "db")->image.value, "x:1");
  EXPECT_EQ(service(*p, "cache")->build.context.value, "./inc/r");
  EXPECT_EQ(diagnostics(*p, "CLR902"), (std::vector<std::string>{"services.db conflicts with imported resource"}));
  bool referenced = false;
  for (const auto& cf : p->compose_files) referenced |= cf.referenced;
  EXPECT_TRUE(referenced);
}

TEST_F(ProjectTest, ActiveProfilesKeepDependencies) {
  write("compose.yaml",
        "services:\n  app:\n    image: a:1\n    depends_on: {helper: {condition: service_started}}\n"
        "  helper:\n    image: h:1\n    profiles: [tools]\n  debug:\n    image: d:1\n    profiles: [debug]\n");
  LoadOptions o;
  o.active_profiles = {"nothing"};
  auto p = load(o);
  EXPECT_TRUE(service(*p, "app"));
  EXPECT_TRUE(service(*p, "helper"));
  EXPECT_FALSE(service(*p, "debug"));
  auto all = load();
  EXPECT_EQ(all->services.size(), 3u);
}

TEST_F(ProjectTest, AYamlFileWithoutServicesIsNotAComposeFile) {
  write("deploy.yaml", "apiVersion: v1\nkind: Pod\nspec: {}\n");
  LoadOptions o;
  o.compose_files = {(dir_ / "deploy.yaml").string()};
  o.require_services = true;
  auto p = load(o);
  EXPECT_TRUE(p->services.empty());
  EXPECT_TRUE(p->diagnostics.empty());
  write("stack.yml", "services:\n  web:\n    image: nginx:1.27\n");
  o.compose_files = {(dir_ / "stack.yml").string()};
  EXPECT_EQ(load(o)->services.size(), 1u);
}

}  // namespace
}  // namespace clearance::compose
