#pragma once
// The packages a shell command installs with a distribution package manager: `apt-get install`,
// `apt install`, `aptitude install`, `apk add`, `yum|dnf|microdnf|tdnf install`,
// `zypper install|in`, `pacman -S`. Read from the words the shell splitter gives (after
// wrappers such as sudo or env), never from the raw line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/shell.h"

namespace clearance::rules {

enum class PackageManager { kApt, kApk, kYum, kZypper, kPacman };

struct InstalledPackage {
  std::string name;                               // without version, release or architecture
  const dockerfile::shell::Word* word = nullptr;  // as written (`openssh-server=1:9.2p1-2`)
};

struct PackageInstall {
  PackageManager manager = PackageManager::kApt;
  std::string_view program;                // "apt-get"
  std::vector<InstalledPackage> packages;  // words that are expansions ($PKGS) are left out
};

// The packages `command` installs, or nothing when it installs none.
std::optional<PackageInstall> package_install(const dockerfile::shell::Command& command);

}  // namespace clearance::rules
