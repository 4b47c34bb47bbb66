#pragma once
// What rules may ask about the files around a project: the engine answers (it does the I/O,
// once per run), rules stay pure functions of the model.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clearance::model {

struct GitAnswer {
  bool ignored = false;        // git ignores the path (.gitignore files, info/exclude, core.excludesFile)
  bool tracked = false;        // the path is in the index
  bool in_repository = false;  // false: judged from the .gitignore files alone
  std::string decided_by;      // the rule that decided, "sub/.gitignore:3 `*.env`"; empty if none
};

class Workspace {
 public:
  virtual ~Workspace() = default;
  // Safe to call from several threads at once.
  virtual GitAnswer git(std::string_view absolute_path) const = 0;
  // Whether the file lies in a git checkout (a repository holds its folder): git(path)
  // .in_repository without reading the repository.
  virtual bool in_checkout(std::string_view absolute_path) const = 0;
  // The first bytes (at most 64 KiB) of a regular file, or nothing when it cannot be read:
  // for rules that tell a private key from a certificate by what the file holds.
  virtual std::optional<std::string> peek(std::string_view absolute_path) const = 0;
  // The names of the entries of a folder that are not folders, sorted; empty when it cannot be
  // listed. Each folder is listed once per run: a rule that looks for a dozen possible file
  // names in every project's folder asks here instead of asking the file system each time.
  virtual std::shared_ptr<const std::vector<std::string>> file_names(std::string_view folder) const = 0;
};

}  // namespace clearance::model
