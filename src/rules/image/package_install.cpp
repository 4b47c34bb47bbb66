#include "rules/image/package_install.h"
#include "source/chars.h"

#include <algorithm>
#include <initializer_list>

namespace clearance::rules {
namespace {

using dockerfile::shell::Command;
using dockerfile::shell::Word;

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Options that take the next word as their value (when not written `--opt=value`).
bool takes_value(PackageManager m, std::string_view option) {
  switch (m) {
    case PackageManager::kApt:
      return one_of(option, {"-o", "-t", "-c", "--option", "--target-release", "--config-file"});
    case PackageManager::kApk:
      return one_of(option, {"-X", "--repository", "-t", "--virtual", "-p", "--root",
                             "--repositories-file", "--cache-dir", "--keys-dir", "--arch"});
    case PackageManager::kYum:
      return one_of(option, {"-c", "--config", "--installroot", "--releasever", "--setopt", "-x",
                             "--exclude", "--enablerepo", "--disablerepo", "--repo", "--repoid",
                             "--forcearch", "-d", "--debuglevel", "-e", "--errorlevel"});
    case PackageManager::kZypper:
      return one_of(option,
                    {"-r", "--repo", "-t", "--type", "--from", "-R", "--root", "--releasever"});
    case PackageManager::kPacman:
      return one_of(option, {"-b", "--dbpath", "-r", "--root", "--cachedir", "--config"});
  }
  return false;
}

// "openssh-server=1:9.2p1-2", "openssh-server/bookworm", "openssh-server:amd64", "openssh>9" ->
// "openssh-server", "openssh".
std::string package_name(std::string_view word) {
  const size_t cut = source::find_any(word, source::CharSet("=<>~/:"));
  return std::string(word.substr(0, cut));
}

}  // namespace

std::optional<PackageInstall> package_install(const Command& command) {
  const size_t k = dockerfile::shell::program_index(command);
  if (k >= command.words.size()) return std::nullopt;
  const std::string_view program = dockerfile::shell::program_name(command);
  PackageInstall out;
  out.program = program;
  if (one_of(program, {"apt-get", "apt", "aptitude"}))
    out.manager = PackageManager::kApt;
  else if (program == "apk")
    out.manager = PackageManager::kApk;
  else if (one_of(program, {"yum", "dnf", "microdnf", "tdnf", "dnf5"}))
    out.manager = PackageManager::kYum;
  else if (program == "zypper")
    out.manager = PackageManager::kZypper;
  else if (program == "pacman")
    out.manager = PackageManager::kPacman;
  else
    return std::nullopt;

  bool installing = false;
  for (size_t i = k + 1; i < command.words.size(); ++i) {
    const Word& w = command.words[i];
    const std::string& v = w.value;
    if (v.starts_with('-')) {
      if (out.manager == PackageManager::kPacman && v.size() > 1 && v[1] != '-') {
        // -S, -Sy, -Syu install; -R, -Q, -Ss (search) do not.
        if (v[1] == 'S' && v.find_first_of("sicgpl", 2) == std::string::npos) installing = true;
        continue;
      }
      if (v.find('=') == std::string::npos && takes_value(out.manager, v)) ++i;
      continue;
    }
    if (!installing) {
      if (out.manager == PackageManager::kPacman) return std::nullopt;  // an operand before -S
      const bool verb = out.manager == PackageManager::kApk      ? v == "add"
                        : out.manager == PackageManager::kZypper ? (v == "install" || v == "in")
                                                                 : v == "install";
      if (!verb) return std::nullopt;  // another subcommand (update, remove, ...)
      installing = true;
      continue;
    }
    if (w.expanded || v.empty()) continue;
    // A local package file or URL is not a name from the repositories.
    if (v.find(".deb") != std::string::npos || v.find(".rpm") != std::string::npos ||
        v.find("://") != std::string::npos)
      continue;
    out.packages.push_back({package_name(v), &w});
  }
  if (!installing || out.packages.empty()) return std::nullopt;
  return out;
}

}  // namespace clearance::rules
