#include "source/paths.h"

#include <unistd.h>

#include <climits>
#include <vector>

namespace clearance::source {

bool is_normal_path(std::string_view path) {
  if (path.empty()) return false;
  size_t i = path.front() == '/' ? 1 : 0;
  if (i == path.size()) return true;  // "/"
  while (true) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view part = path.substr(i, j - i);
    if (part.empty() || part == "." || part == "..") return false;
    if (j == path.size()) return true;
    i = j + 1;
  }
}

std::string normalise_path(std::string_view path) {
  // Most paths handed here are already normal: they are copied without being taken apart.
  if (is_normal_path(path)) return std::string(path);
  const bool absolute = !path.empty() && path.front() == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  // Built with append(ptr, len): GCC 12's -Wrestrict misfires on `+=` of string pieces here.
  std::string out;
  out.reserve(path.size() + 1);
  if (absolute) out.push_back('/');
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out.push_back('/');
    out.append(parts[k].data(), parts[k].size());
  }
  if (out.empty()) out.push_back('.');
  return out;
}

std::string join_path(std::string_view dir, std::string_view path) {
  if (!path.empty() && path.front() == '/') return normalise_path(path);
  std::string joined;
  joined.reserve(dir.size() + path.size() + 1);
  joined.append(dir.data(), dir.size());
  joined.push_back('/');
  joined.append(path.data(), path.size());
  return normalise_path(joined);
}

std::string parent_directory(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

std::string absolute_path(std::string_view path) {
  if (!path.empty() && path.front() == '/') return normalise_path(path);
  char cwd[PATH_MAX];
  if (!::getcwd(cwd, sizeof cwd)) return normalise_path(path);
  return join_path(cwd, path);
}

std::string display_path(const std::string& absolute, const std::string& root) {
  // Plain string work: this runs for every file, and std::filesystem's path algebra is slow.
  std::string_view abs(absolute);
  std::string_view base(root);
  while (base.size() > 1 && base.back() == '/') base.remove_suffix(1);
  if (abs.size() > base.size() && abs.substr(0, base.size()) == base && abs[base.size()] == '/') {
    std::string rel(abs.substr(base.size() + 1));
    while (rel.rfind("./", 0) == 0) rel.erase(0, 2);
    if (rel.empty() || rel == ".") return ".";  // the root itself (`COMPOSE_FILE=.`)
    return rel;
  }
  std::string normal = normalise_path(absolute);
  return normal.empty() ? "." : normal;
}

}  // namespace clearance::source
