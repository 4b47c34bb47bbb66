// Discovery of a folder tree (discover/discover.h): what a walk finds and the order it reports
// it in, which is the order of the report. Folders are read on several threads; the result
// must be the one a single thread walking depth first, in name order, gives.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "discover/discover.h"

namespace clearance::discover {
namespace {

namespace fs = std::filesystem;

class DiscoverTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("clearance-discover-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& text = "x\n") {
    const fs::path p = root_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string at(const std::string& relative) const { return (root_ / relative).string(); }

  // Every path the discovery reports, in its order, relative to the root.
  std::vector<std::string> reported(const Discovery& d) const {
    std::vector<std::string> out;
    const std::string prefix = root_.string() + "/";
    auto rel = [&](const std::string& p) {
      if (p == root_.string()) return std::string();
      return p.starts_with(prefix) ? p.substr(prefix.size()) : p;
    };
    for (const ProjectTarget& t : d.projects) {
      std::string line = "project " + rel(t.directory) + ":";
      for (const std::string& f : t.compose_files) line += " " + rel(f);
      if (t.includes_files) line += " (includes)";
      out.push_back(line);
    }
    for (const FileTarget& f : d.files) out.push_back("file " + rel(f.path));
    for (const Problem& p : d.problems) out.push_back("problem " + rel(p.path));
    return out;
  }

  fs::path root_;
};

TEST_F(DiscoverTree, DepthFirstInNameOrderWhateverTheThreads) {
  write("compose.yaml", "include:\n  - sub/compose.yaml\n");
  write("compose.override.yaml");
  write("docker-compose.prod.yml");
  write("Dockerfile");
  write(".env", "TAG=1\n");
  write("b/compose.yml");
  write("b/Dockerfile.dev");
  write("b/deep/er/Containerfile");
  write("a/Dockerfile");
  write("a/.dockerignore");
  write("a/z/compose.yaml");
  write("a/y/app.Dockerfile");
  // COMPOSE_FILE in a folder's .env names the files `docker compose` loads there.
  write("c/.env", "COMPOSE_FILE=base.yml:docker-compose.extra.yml\n");
  write("c/base.yml");
  write("c/docker-compose.extra.yml");
  write("c/docker-compose.other.yml");
  write("node_modules/pkg/compose.yaml");  // not entered
  for (int i = 0; i < 40; ++i) write("many/f" + std::to_string(100 + i) + "/Dockerfile");

  const std::vector<std::string> expected_start = {
      "project : compose.yaml compose.override.yaml (includes)",
      "project : docker-compose.prod.yml",
      "project a/z: a/z/compose.yaml",
      "project b: b/compose.yml",
      "project c: c/base.yml c/docker-compose.extra.yml",
      "project c: c/docker-compose.other.yml",
      "file .env",
      "file Dockerfile",
      "file a/.dockerignore",
      "file a/Dockerfile",
      "file a/y/app.Dockerfile",
      "file b/Dockerfile.dev",
      "file b/deep/er/Containerfile",
      "file c/.env",
      "file many/f100/Dockerfile",
  };
  const std::vector<std::string> one = reported(discover({root_.string()}, {}, 1));
  ASSERT_GE(one.size(), expected_start.size());
  EXPECT_EQ(std::vector<std::string>(one.begin(), one.begin() + static_cast<long>(expected_start.size())),
            expected_start);
  EXPECT_EQ(one.back(), "file many/f139/Dockerfile");
  EXPECT_EQ(one.size(), expected_start.size() + 39);
  for (unsigned jobs : {2u, 4u, 8u})
    for (int run = 0; run < 5; ++run) EXPECT_EQ(reported(discover({root_.string()}, {}, jobs)), one) << jobs << " jobs";
}

TEST_F(DiscoverTree, LinkOutsideTheRootIsAProblemNotAProject) {
  write("inner/compose.yaml");
  const fs::path outside = fs::temp_directory_path() / ("clearance-outside-" + std::to_string(::getpid()));
  fs::create_directories(outside);
  std::ofstream(outside / "compose.yaml") << "services: {}\n";
  fs::create_symlink(outside / "compose.yaml", root_ / "inner" / "docker-compose.yml");
  const std::vector<std::string> found = reported(discover({root_.string()}, {}, 2));
  fs::remove_all(outside);
  EXPECT_EQ(found, (std::vector<std::string>{"project inner: inner/compose.yaml", "problem inner/docker-compose.yml"}));
}

TEST(ComposeFileName, ComposeOrDockerComposeThenASeparator) {
  for (const char* name : {"compose.yaml", "compose.yml", "docker-compose.yml", "compose.override.yaml",
                           "docker-compose.prod.yml", "compose-dev.yaml", "docker-compose-ci.yml",
                           "docker-compose_v3_alpine_mysql_latest.yaml", "compose_databases.yaml"})
    EXPECT_TRUE(is_compose_file_name(name)) << name;
  for (const char* name : {"compose.json", "docker-compose.yml.bak", "composer.yaml", "docker-composer.yml",
                           "my-compose.yml", "compose", "compose.yaml.j2", "kompose.yaml"})
    EXPECT_FALSE(is_compose_file_name(name)) << name;
}

TEST(DockerfileName, TheNamesBuildToolsUse) {
  for (const char* name : {"Dockerfile", "dockerfile", "DOCKERFILE", "Dockerfile.dev", "Dockerfile.alpine.arm64",
                           "api.Dockerfile", "api.dockerfile", "Containerfile", "Containerfile.prod",
                           "web.containerfile"})
    EXPECT_TRUE(is_dockerfile_name(name)) << name;
  for (const char* name : {"Dockerfile.md", "Dockerfile.yml", "Dockerfile.template", "Dockerfile.j2", "Dockerfile-windows",
                           ".dockerfile", ".containerfile", "Dockerfiles", "my_dockerfile.txt"})
    EXPECT_FALSE(is_dockerfile_name(name)) << name;
}

}  // namespace
}  // namespace clearance::discover
