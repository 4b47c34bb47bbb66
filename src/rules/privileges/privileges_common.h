#pragma once
// Helpers shared by the privileges rules (CLR101-CLR108): reading `user:`, no-new-privileges,
// and the host paths a service bind-mounts (directly or through a named volume that binds).
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/interpolation.h"
#include "knowledge/host_paths.h"
#include "model/container_spec.h"
#include "model/project.h"
#include "source/ascii.h"
#include "source/paths.h"

namespace clearance::rules::privileges {

// `user: NAME[:GROUP]`, split; nullopt when absent, empty or left unknown by interpolation.
struct User {
  std::string name;   // user name or uid
  std::string group;  // empty when not given
};
inline std::optional<User> parse_user(const model::Text& user) {
  if (!user.present || user.unknown()) return std::nullopt;
  const std::string& v = user.value;
  if (v.empty()) return std::nullopt;
  const size_t colon = v.find(':');
  User u;
  u.name = v.substr(0, colon);
  if (colon != std::string::npos) u.group = v.substr(colon + 1);
  if (u.name.empty()) return std::nullopt;
  return u;
}

inline bool is_root_name(std::string_view name) {
  if (name == "root") return true;
  // A uid of zero however written: "0", "00".
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c == '0'; });
}

// True when `user:` names a user other than root (by name or uid).
inline bool runs_as_non_root(const model::ContainerSpec& service) {
  const auto u = parse_user(service.user);
  return u && !is_root_name(u->name);
}

// security_opt holds no-new-privileges (`no-new-privileges`, `:true`, `=true`). nullopt when an
// entry is unknown, so the answer cannot be told.
inline std::optional<bool> has_no_new_privileges(const model::ContainerSpec& service) {
  bool found = false;
  for (const model::Text& opt : service.security_opt) {
    if (opt.unknown()) return std::nullopt;
    std::string v = source::ascii_lower(opt.value);
    v.erase(std::remove_if(v.begin(), v.end(), [](unsigned char c) { return std::isspace(c); }), v.end());
    if (v == "no-new-privileges" || v == "no-new-privileges:true" || v == "no-new-privileges=true")
      found = true;
    if (v == "no-new-privileges:false" || v == "no-new-privileges=false") found = false;
  }
  return found;
}

// A host path that a service bind-mounts.
struct HostBind {
  const model::Mount* mount = nullptr;
  std::string path;  // normalised host path
  Span span;         // where to report: the source as written in the service
  bool read_only = false;
  bool unknown = false;                        // interpolation left part of the source unknown
  const model::NamedVolume* volume = nullptr;  // set when bound through a named volume's device
  const model::Text* device = nullptr;         // that volume's driver_opts.device
};

namespace detail {

// `$HOME/x` or `${HOME}/x` as written, with HOME resolved: compare as `~/x`, so that the result
// does not depend on whose machine runs the check.
inline std::string home_relative(const model::Text& source) {
  const std::string& value = source.value;
  const compose::Interpolation* info = source.node ? source.node->interpolation : nullptr;
  if (!info || info->uses.empty() || info->uses.front().name != "HOME" || !info->uses.front().variable)
    return value;
  if (info->raw.rfind("$HOME", 0) != 0 && info->raw.rfind("${HOME}", 0) != 0) return value;
  const std::string& home = info->uses.front().variable->value;
  if (home.empty() || value.rfind(home, 0) != 0) return value;
  std::string relative = "~";
  relative.append(value, home.size(), std::string::npos);
  return relative;
}

// A local named volume declared with driver_opts {type: none, o: bind, device: PATH}; `ro` in
// `o` makes every mount of it read-only.
inline const model::Text* bind_device(const model::NamedVolume& v, bool& read_only) {
  if (v.driver.present && !v.driver.value.empty() && v.driver.value != "local") return nullptr;
  const model::Text* type = v.driver_opt("type");
  const model::Text* o = v.driver_opt("o");
  const model::Text* device = v.driver_opt("device");
  if (!type || !o || !device || !source::ascii_iequals(type->value, "none")) return nullptr;
  bool bind = false;
  size_t s = 0;
  const std::string& opts = o->value;
  while (s <= opts.size()) {
    size_t e = opts.find(',', s);
    if (e == std::string::npos) e = opts.size();
    const std::string_view opt = std::string_view(opts).substr(s, e - s);
    if (opt == "bind" || opt == "rbind") bind = true;
    if (opt == "ro") read_only = true;
    s = e + 1;
  }
  return bind ? device : nullptr;
}

// A relative source is relative to the project directory. One that climbs all the way to the
// host's root (`../../../..`) or to a folder beside the project's top-level folder
// (`../../etc` from /srv/app) is judged as the host path it reaches, since that is what Compose
// mounts. One that stays within the project's top-level folder (`..:/workspace`, as dev
// containers mount their repository, or `../shared`) is left relative: where the checkout
// lives is not the project's choice, and a finding must not depend on it.
inline std::string escaping_relative(const std::string& path, const std::string& project_directory) {
  if (!path.starts_with("..") || project_directory.empty() || project_directory[0] != '/') return path;
  const std::string resolved = source::normalise_path(project_directory + "/" + path);
  if (resolved == "/") return resolved;
  // The first folder under "/" of each: the same one means the path stays near the checkout.
  const auto top = [](std::string_view p) { return p.substr(0, p.find('/', 1)); };
  return top(resolved) == top(project_directory) ? path : resolved;
}
}  // namespace detail

inline std::vector<HostBind> host_binds(const model::ContainerSpec& service, const model::Project& project) {
  std::vector<HostBind> out;
  for (const model::Mount& m : service.volumes) {
    if (!m.source.present || m.source.value.empty()) continue;
    HostBind b;
    b.mount = &m;
    b.read_only = m.read_only;
    b.span = m.source.span;
    if (m.type == model::Mount::Type::kBind || m.type == model::Mount::Type::kNpipe) {
      b.unknown = m.source.unknown();
      b.path = knowledge::normalise_host_path(detail::home_relative(m.source));
      b.path = detail::escaping_relative(b.path, project.directory);
      out.push_back(std::move(b));
    } else if (m.type == model::Mount::Type::kVolume) {
      if (m.source.unknown()) continue;
      const model::NamedVolume* v = project.volume(m.source.value);
      bool volume_read_only = false;
      const model::Text* device = v ? detail::bind_device(*v, volume_read_only) : nullptr;
      if (!device || device->value.empty()) continue;
      b.read_only = b.read_only || volume_read_only;
      b.volume = v;
      b.device = device;
      b.unknown = device->unknown();
      b.path = knowledge::normalise_host_path(detail::home_relative(*device));
      out.push_back(std::move(b));
    }
  }
  return out;
}

// `service "web"`, the way every message names a service.
inline std::string service_label(const model::ContainerSpec& service) {
  return "service \"" + service.name + "\"";
}

}  // namespace clearance::rules::privileges
