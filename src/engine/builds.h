#pragma once
// Links a Compose project to the Dockerfiles its services build: each Dockerfile is read and
// parsed once per run (BuildCache), and each distinct (Dockerfile, target, build args) of a
// project is one ImageBuild.
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/project.h"
#include "source/folder_index.h"

namespace clearance::engine {

// What the builds of the projects of one run share: a Dockerfile that several compose files
// build (a stack's variants, an override file beside its base) is read and parsed once, and a
// build context folder is listed once. Projects that share them are found near each other in
// a scan, so the most recent entries are kept (a bounded number: memory stays flat). Safe from
// any thread.
class BuildCache {
 public:
  struct Dockerfile {
    source::SourceFilePtr file;
    std::shared_ptr<const dockerfile::Dockerfile> syntax;
  };
  struct Listing {
    std::shared_ptr<const std::vector<std::string>> paths;
    bool truncated = false;
  };

  std::optional<Dockerfile> dockerfile(const std::string& absolute) const;
  void keep_dockerfile(const std::string& absolute, Dockerfile parsed);
  std::optional<Listing> listing(const std::string& directory) const;
  void keep_listing(const std::string& directory, Listing listing);
  // What discovery read of the scanned tree: build contexts inside it are listed from there.
  void set_folders(std::shared_ptr<const source::FolderIndex> folders) { folders_ = std::move(folders); }
  const source::FolderIndex* folders() const { return folders_.get(); }

 private:
  static constexpr size_t kMaxEntries = 64;  // of each kind
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Dockerfile> dockerfiles_;
  std::unordered_map<std::string, Listing> listings_;
  std::deque<std::string> dockerfile_order_;  // oldest first, for eviction
  std::deque<std::string> listing_order_;
  std::shared_ptr<const source::FolderIndex> folders_;
};

// Adds the Dockerfile of every service that builds from a local one (model::Build's
// `dockerfile_path`, which the loader resolved). Each build's context is listed (bounded)
// when a COPY or ADD may take files from it or a .dockerignore applies, and its .dockerignore
// chosen as BuildKit chooses it. `cache` may be null.
void link_builds(model::Project& project, const std::string& display_root, BuildCache* cache = nullptr);

// Adds one Dockerfile read from `file` as a build of its own (a Dockerfile checked alone), with
// its folder as the build context.
void add_standalone_dockerfile(model::Project& project, const std::string& absolute, source::SourceFilePtr file,
                               const std::string& display_root, BuildCache* cache = nullptr);
// Adds a .dockerignore checked on its own, with its folder as the context it applies to.
void add_standalone_dockerignore(model::Project& project, const std::string& absolute, source::SourceFilePtr file,
                                 BuildCache* cache = nullptr);

}  // namespace clearance::engine
