#include "model/normalise.h"

#include <algorithm>
#include <cstdlib>
#include <cctype>
#include <filesystem>
#include <charconv>
#include <unordered_map>
#include <vector>

#include "compose/interpolation.h"
#include "model/image_ref.h"
#include "model/service_values.h"
#include "source/ascii.h"

namespace clearance::model {
namespace {

using yaml::Node;

// Spans inside a scalar: exact when the scalar was written plainly (no interpolation, no
// escapes), else the whole scalar, which is still where the value was written.
Span sub_span(const Node& n, size_t pos, size_t len) {
  if (n.interpolation || !n.span.valid()) return n.span;
  const std::string_view raw = n.span.text();
  size_t quote = 0;
  if (n.style == yaml::Style::kSingleQuoted || n.style == yaml::Style::kDoubleQuoted) quote = 1;
  else if (n.style != yaml::Style::kPlain) return n.span;
  if (raw.size() != n.value.size() + 2 * quote) return n.span;
  return n.span.file->span(n.span.begin + static_cast<uint32_t>(quote + pos),
                           n.span.begin + static_cast<uint32_t>(quote + pos + len));
}

// `NAME=value` written as a list entry whose variables are all in the name
// (`${PREFIX}_PASSWORD=s3cret`, as Compose interpolates the whole entry): where the value is
// written, when it is plain text equal to `value`; an invalid span otherwise.
Span literal_value_after_interpolated_name(const Node& item, std::string_view value) {
  if (!item.span.valid() || item.style == yaml::Style::kLiteral || item.style == yaml::Style::kFolded) return {};
  std::string_view raw = item.span.text();
  size_t quote = 0;
  if (item.style == yaml::Style::kSingleQuoted || item.style == yaml::Style::kDoubleQuoted) {
    if (raw.size() < 2) return {};
    quote = 1;
    raw = raw.substr(1, raw.size() - 2);
  }
  int depth = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (raw[i] == '}' && depth > 0) {
      --depth;
    } else if (raw[i] == '=' && depth == 0) {
      const std::string_view rest = raw.substr(i + 1);
      if (rest != value || rest.find_first_of("$\\'") != std::string_view::npos) return {};
      const auto begin = static_cast<uint32_t>(item.span.begin + quote + i + 1);
      return item.span.file->span(begin, begin + static_cast<uint32_t>(rest.size()));
    }
  }
  return {};
}

// Where a finding about a value points: the value, or its key when the value is empty.
Span value_span(const yaml::Pair& p) {
  if (p.value->span.begin == p.value->span.end) return p.key->span;
  return p.value->span;
}

Text make_text(const Node& n, const Span& span) {
  Text t;
  t.value = n.value;
  t.present = true;
  t.span = span;
  t.node = &n;
  return t;
}

// True when `raw` is exactly one reference to `name`: $NAME, ${NAME} or ${NAME<op>...}.
bool single_reference(std::string_view raw, std::string_view name) {
  if (raw.size() == name.size() + 1 && raw[0] == '$' && raw.substr(1) == name) return true;
  if (raw.size() < name.size() + 3 || raw.substr(0, 2) != "${" || raw.substr(2, name.size()) != name) return false;
  size_t pos = 2 + name.size();
  if (raw[pos] == '}') return pos + 1 == raw.size();
  if (std::string_view(":-?+").find(raw[pos]) == std::string_view::npos) return false;
  int depth = 1;
  for (size_t i = pos; i < raw.size(); ++i) {
    if (raw[i] == '{') ++depth;
    else if (raw[i] == '}' && --depth == 0) return i + 1 == raw.size();
  }
  return false;
}

// The env-file lines of the variables a value was interpolated from (those the shell or a
// default supplied have none).
std::vector<Project::VariableSite> env_variables(const compose::Interpolation* info) {
  std::vector<Project::VariableSite> out;
  if (!info) return out;
  for (const compose::VariableUse& use : info->uses) {
    if (!use.variable || use.used_default || !use.variable->defined_at.valid()) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Project::VariableSite& v) { return v.second == use.name; });
    if (!seen) out.emplace_back(use.variable->defined_at, use.name);
  }
  return out;
}

// The env-file line that supplied the whole of `value`, when `raw` is one reference to a
// variable set in an env file; an invalid span otherwise.
Span env_definition(const compose::Interpolation* info, std::string_view raw, std::string_view value) {
  if (!info || info->unknown) return {};
  for (const compose::VariableUse& use : info->uses) {
    if (!use.variable || use.used_default || !use.variable->defined_at.valid()) continue;
    if (use.variable->value != value || !single_reference(raw, use.name)) continue;
    return use.variable->defined_at;
  }
  return {};
}

// Splits raw short-syntax text on ':' outside ${...}.
std::vector<std::string_view> split_raw(std::string_view raw) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') ++depth, ++i;
    else if (raw[i] == '}' && depth > 0) --depth;
    else if (raw[i] == ':' && depth == 0) {
      parts.push_back(raw.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(raw.substr(start));
  return parts;
}

class ServiceNormaliser {
 public:
  ServiceNormaliser(Project& project, const yaml::Pair& entry, ContainerSpec& out)
      : project_(project), entry_(entry), spec_(out) {}

  void run() {
    has_sites_ = !project_.merge_sites.empty();
    spec_.name = entry_.key->value;
    spec_.name_span = entry_.key->span;
    spec_.node = entry_.value;
    if (!entry_.value->is_mapping()) {
      if (!entry_.value->is_null()) type_error(*entry_.value, "service \"" + spec_.name + "\"", "a mapping");
      return;
    }
    const Node& svc = *entry_.value;
    for (const yaml::Pair& p : svc.pairs) {
      if (p.value->tag == "!reset") continue;  // `!reset` clears the value (Compose's merge tags)
      if (p.merged()) mark_anchor(p.value, p.merged_at);
      field(p);
    }
    if (svc.find("image") || svc.find("build") || svc.find("extends")) spec_.complete = true;
    add_provenance();
  }

 private:
  // The site that merged `node` into this service. A base service's own values are shared
  // with the services that extend it: the `extends` site of another service is not this one's.
  Span merge_site(const Node* node) const {
    return has_sites_ ? merge_site_in_service(project_, node, spec_.name) : Span{};
  }

  // Where each value was merged from, and the .env line behind a value that is one variable.
  void provenance(Text& t) {
    if (!t.present || !t.node) return;
    t.merged_at = merge_site(t.node);
    if (!t.merged_at.valid() && !anchor_sites_.empty()) {
      auto it = anchor_sites_.find(t.node);
      if (it != anchor_sites_.end()) t.merged_at = it->second;
    }
    std::vector<Project::VariableSite> variables;
    if (t.node->interpolation && !t.written_at.valid()) {
      const Span env = env_definition(t.node->interpolation, t.node->interpolation->raw, t.value);
      if (env.valid() && t.value == t.node->value) {
        t.written_at = t.span;
        t.span = env;
      } else {
        variables = env_variables(t.node->interpolation);
      }
    }
    project_.record_origin(t.span, spec_.name, t.written_at, t.merged_at, std::move(variables));
  }

  // A list entry (a port, a device) that findings point at as a whole or in part: the merge
  // site of its node is recorded for each of those spans.
  void entry_provenance(const Node* node, std::initializer_list<Span> spans) {
    if (!node) return;
    Span site = merge_site(node);
    if (!site.valid() && !anchor_sites_.empty())
      if (auto it = anchor_sites_.find(node); it != anchor_sites_.end()) site = it->second;
    const std::vector<Project::VariableSite> variables = env_variables(node->interpolation);
    if (!site.valid() && variables.empty()) return;
    for (const Span& at : spans) project_.record_origin(at, spec_.name, {}, site, variables);
  }

  void mark_anchor(const Node* root, const Span& site) {
    std::vector<const Node*> stack{root};
    while (!stack.empty()) {
      const Node* n = stack.back();
      stack.pop_back();
      if (!anchor_sites_.emplace(n, site).second) continue;
      for (const Node* item : n->items) stack.push_back(item);
      for (const yaml::Pair& q : n->pairs) stack.push_back(q.value);
    }
  }

  void add_provenance() {
    ContainerSpec& s = spec_;
    for (Text* t : {&s.image, &s.user, &s.network_mode, &s.pid, &s.ipc, &s.uts, &s.userns_mode, &s.cgroup,
                    &s.cgroup_parent, &s.limits.memory, &s.limits.cpus, &s.limits.cpu_quota, &s.limits.pids,
                    &s.healthcheck.test, &s.logging.driver, &s.restart, &s.restart_policy_condition,
                    &s.restart_policy_max_attempts, &s.build.context, &s.build.dockerfile, &s.build.target})
      provenance(*t);
    for (auto* list : {&s.cap_add, &s.cap_drop, &s.security_opt, &s.networks, &s.expose, &s.build.entitlements})
      for (Text& t : *list) provenance(t);
    for (auto& [k, t] : s.logging.options) provenance(t);
    for (auto& [k, t] : s.build.args) provenance(t);
    for (Mount& m : s.volumes)
      for (Text* t : {&m.source, &m.target, &m.propagation}) provenance(*t);
    for (TmpfsMount& tm : s.tmpfs) {
      provenance(tm.target);
      for (Text& o : tm.options) provenance(o);
    }
    for (Device& d : s.devices) {
      provenance(d.host_path);
      entry_provenance(d.host_path.node, {d.span});
    }
    for (Port& p : s.ports) {
      provenance(p.host_ip);
      entry_provenance(p.node, {p.span, p.published_span});
      // Long syntax: `published: ${WEB_PORT}` interpolates on its own node.
      if (p.published_node) entry_provenance(p.published_node, {p.published_span, p.span});
    }
    for (SecretRef& r : s.secrets) {
      provenance(r.source);
      provenance(r.target);
    }
    for (Field<bool>* f : {&s.privileged, &s.read_only, &s.build.privileged}) {
      if (!f->present || !f->node) continue;
      f->merged_at = merge_site(f->node);
      if (!f->merged_at.valid() && !anchor_sites_.empty()) {
        auto it = anchor_sites_.find(f->node);
        if (it != anchor_sites_.end()) f->merged_at = it->second;
      }
      // `privileged: ${PRIV}` with PRIV=true in .env: reported on the .env line, which is where
      // the value is set, with the compose line as related (as for text fields).
      if (f->node->interpolation && !f->written_at.valid()) {
        const Span env = env_definition(f->node->interpolation, f->node->interpolation->raw, f->node->value);
        if (env.valid()) {
          f->written_at = f->span;
          f->span = env;
        }
      }
      project_.record_origin(f->span, spec_.name, f->written_at, f->merged_at);
    }
  }

  void field(const yaml::Pair& p) {
    // A view: comparing with each literal checks the length first, and most keys differ in it.
    const std::string_view key = p.key->value;
    if (key == "image") spec_.image = scalar(p);
    else if (key == "user") spec_.user = scalar(p);
    else if (key == "privileged") spec_.privileged = boolean(p);
    else if (key == "read_only") spec_.read_only = boolean(p);
    else if (key == "cap_add") spec_.cap_add = strings(p);
    else if (key == "cap_drop") { spec_.cap_drop = strings(p); spec_.cap_drop_key = p.key->span; }
    else if (key == "security_opt") { spec_.security_opt = strings(p); spec_.security_opt_key = p.key->span; }
    else if (key == "network_mode") spec_.network_mode = scalar(p);
    else if (key == "networks") networks(p);
    else if (key == "pid") spec_.pid = scalar(p);
    else if (key == "ipc") spec_.ipc = scalar(p);
    else if (key == "uts") spec_.uts = scalar(p);
    else if (key == "userns_mode") spec_.userns_mode = scalar(p);
    else if (key == "cgroup") spec_.cgroup = scalar(p);
    else if (key == "cgroup_parent") spec_.cgroup_parent = scalar(p);
    else if (key == "volumes") volumes(p);
    else if (key == "tmpfs") tmpfs(p);
    else if (key == "devices") devices(p);
    else if (key == "ports") ports(p);
    else if (key == "expose") spec_.expose = strings(p);
    else if (key == "mem_limit") legacy_limit(spec_.limits.memory, deploy_limit_[0], scalar(p));
    else if (key == "cpus") legacy_limit(spec_.limits.cpus, deploy_limit_[1], scalar(p));
    else if (key == "cpu_quota") spec_.limits.cpu_quota = scalar(p);
    else if (key == "pids_limit") legacy_limit(spec_.limits.pids, deploy_limit_[2], scalar(p));
    else if (key == "deploy") deploy(p);
    else if (key == "healthcheck") healthcheck(p);
    else if (key == "logging") logging(p);
    else if (key == "log_driver") legacy_log_driver(p);
    else if (key == "log_opt") legacy_log_options(p);
    else if (key == "restart") spec_.restart = scalar(p);
    else if (key == "environment") environment(p);
    else if (key == "secrets") secrets(p);
    else if (key == "build") build(p);
    else if (key == "profiles") for (const Text& t : strings(p)) spec_.profiles.push_back(t.value);
    else if (key == "depends_on") depends_on(p);
  }

  void depends_on(const yaml::Pair& p) {
    if (p.value->is_sequence()) {
      for (const Node* item : p.value->items)
        if (item->is_scalar()) spec_.depends_on.push_back(item->value);
    } else if (p.value->is_mapping()) {
      for (const yaml::Pair& d : p.value->pairs) spec_.depends_on.push_back(d.key->value);
    }
  }

  // Compose takes a limit from deploy.resources.limits over the legacy key (mem_limit, cpus,
  // pids_limit) only when it is above zero (compose-go's setLimits): `memory: 0` there leaves
  // `mem_limit: 1g` in force, whichever of the two is written first.
  static bool zero_limit(const Text& t) {
    if (!t.present || t.unknown()) return false;
    char* end = nullptr;
    const double v = std::strtod(t.value.c_str(), &end);
    return end != t.value.c_str() && v <= 0;
  }
  static void legacy_limit(Text& slot, bool& from_deploy, Text value) {
    if (slot.present && !(from_deploy && zero_limit(slot))) return;
    slot = std::move(value);
    from_deploy = false;
  }
  static void deploy_limit(Text& slot, bool& from_deploy, Text value) {
    if (slot.present && !from_deploy && zero_limit(value)) return;
    slot = std::move(value);
    from_deploy = true;
  }

  void type_error(const Node& n, const std::string& what, const std::string& expected) {
    project_.diagnostics.push_back({"CLR902", n.span, what + " must be " + expected});
  }

  Text scalar(const yaml::Pair& p) {
    if (!p.value->is_scalar()) {
      type_error(*p.value, "services." + spec_.name + "." + p.key->value, "a scalar");
      return {};
    }
    return make_text(*p.value, value_span(p));
  }

  Field<bool> boolean(const yaml::Pair& p) {
    Field<bool> f;
    if (!p.value->is_scalar()) {
      type_error(*p.value, "services." + spec_.name + "." + p.key->value, "a boolean");
      return f;
    }
    f.present = true;
    f.value = p.value->compose_boolean().value_or(false);
    f.span = value_span(p);
    f.node = p.value;
    return f;
  }

  std::vector<Text> strings(const yaml::Pair& p) {
    std::vector<Text> out;
    if (p.value->is_scalar()) {
      if (!p.value->is_null()) out.push_back(make_text(*p.value, p.value->span));
      return out;
    }
    if (!p.value->is_sequence()) {
      type_error(*p.value, "services." + spec_.name + "." + p.key->value, "a list of strings");
      return out;
    }
    for (const Node* item : p.value->items) {
      if (!item->is_scalar()) {
        type_error(*item, "an entry of services." + spec_.name + "." + p.key->value, "a string");
        continue;
      }
      out.push_back(make_text(*item, item->span));
    }
    return out;
  }

  void networks(const yaml::Pair& p) {
    if (p.value->is_sequence()) {
      spec_.networks = strings(p);
    } else if (p.value->is_mapping()) {
      for (const yaml::Pair& n : p.value->pairs) spec_.networks.push_back(make_text(*n.key, n.key->span));
    }
  }

  // Short syntax: [SOURCE:]TARGET[:MODE]; a source that looks like a path is a bind mount.
  void volumes(const yaml::Pair& p) {
    if (!p.value->is_sequence()) {
      if (!p.value->is_null()) type_error(*p.value, "services." + spec_.name + ".volumes", "a list");
      return;
    }
    for (const Node* item : p.value->items) {
      if (item->is_scalar()) spec_.volumes.push_back(short_volume(*item));
      else if (item->is_mapping()) spec_.volumes.push_back(long_volume(*item));
      else type_error(*item, "a volume of service " + spec_.name, "a string or a mapping");
    }
  }

  static bool looks_like_path(std::string_view s) {
    if (s.empty()) return false;
    // As compose-go's isFilePath: `$$HOME/x` (a literal `$HOME/x`) names a volume, not the home folder.
    if (s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '\\') return true;
    // Windows drive letters: C:\ or C:/
    return s.size() >= 3 && std::isalpha(static_cast<unsigned char>(s[0])) && s[1] == ':' &&
           (s[2] == '\\' || s[2] == '/');
  }

  Mount short_volume(const Node& n) {
    Mount m;
    m.span = n.span;
    m.node = &n;
    m.unknown = n.interpolation && n.interpolation->unknown;
    const std::string& v = n.value;
    // Split on ':' but keep a Windows drive letter with its path.
    std::vector<std::pair<size_t, size_t>> parts;  // (pos, len)
    size_t start = 0;
    for (size_t i = 0; i <= v.size(); ++i) {
      if (i == v.size() || v[i] == ':') {
        const bool drive = i == start + 1 && i + 1 < v.size() && (v[i + 1] == '\\' || v[i + 1] == '/') &&
                           std::isalpha(static_cast<unsigned char>(v[start]));
        if (drive && i != v.size()) continue;
        parts.emplace_back(start, i - start);
        start = i + 1;
      }
    }
    std::vector<std::string_view> raw_parts;
    if (n.interpolation) raw_parts = split_raw(n.interpolation->raw);
    auto part_text = [&](size_t k) {
      Text t;
      t.value = v.substr(parts[k].first, parts[k].second);
      t.present = true;
      t.span = sub_span(n, parts[k].first, parts[k].second);
      t.node = &n;
      if (raw_parts.size() == parts.size()) {
        const Span env = env_definition(n.interpolation, raw_parts[k], t.value);
        if (env.valid()) {
          t.written_at = t.span;
          t.span = env;
        }
      }
      return t;
    };
    if (parts.size() == 1) {
      m.type = Mount::Type::kVolume;  // anonymous volume
      m.target = part_text(0);
      return m;
    }
    m.source = part_text(0);
    m.target = part_text(1);
    m.type = looks_like_path(m.source.value) ? Mount::Type::kBind : Mount::Type::kVolume;
    if (parts.size() >= 3) {
      const std::string mode = v.substr(parts[2].first);
      size_t s = 0;
      while (s <= mode.size()) {
        size_t e = mode.find(',', s);
        if (e == std::string::npos) e = mode.size();
        const std::string opt = mode.substr(s, e - s);
        if (opt == "ro") m.read_only = true;
        if (opt == "shared" || opt == "rshared" || opt == "slave" || opt == "rslave" ||
            opt == "private" || opt == "rprivate") {
          m.propagation.value = opt;
          m.propagation.present = true;
          m.propagation.span = sub_span(n, parts[2].first + s, opt.size());
          m.propagation.node = &n;
        }
        s = e + 1;
      }
    }
    return m;
  }

  Mount long_volume(const Node& n) {
    Mount m;
    m.span = n.span;
    m.node = &n;
    if (const yaml::Pair* t = n.find("type"); t && t->value->is_scalar()) {
      const std::string& type = t->value->value;
      m.type = type == "bind"     ? Mount::Type::kBind
               : type == "volume" ? Mount::Type::kVolume
               : type == "tmpfs"  ? Mount::Type::kTmpfs
               : type == "npipe"  ? Mount::Type::kNpipe
               : type == "cluster" ? Mount::Type::kCluster
               : type == "image"  ? Mount::Type::kImage
                                  : Mount::Type::kUnknown;
    } else {
      m.type = Mount::Type::kVolume;
    }
    if (const yaml::Pair* s = n.find("source"); s && s->value->is_scalar()) m.source = make_text(*s->value, value_span(*s));
    if (const yaml::Pair* t = n.find("target"); t && t->value->is_scalar()) m.target = make_text(*t->value, value_span(*t));
    if (const Node* ro = n.get("read_only")) m.read_only = ro->compose_boolean().value_or(false);
    if (const Node* bind = n.get("bind"); bind && bind->is_mapping())
      if (const yaml::Pair* prop = bind->find("propagation"); prop && prop->value->is_scalar())
        m.propagation = make_text(*prop->value, value_span(*prop));
    for (const Text* t : {&m.source, &m.target})
      if (t->unknown()) m.unknown = true;
    if (m.type == Mount::Type::kTmpfs) {
      TmpfsMount tm;
      tm.target = m.target;
      tm.span = n.span;
      spec_.tmpfs.push_back(tm);
    }
    return m;
  }

  // tmpfs: a string or a list of "PATH[:OPTIONS]".
  void tmpfs(const yaml::Pair& p) {
    for (const Text& entry : strings(p)) {
      TmpfsMount t;
      t.span = entry.span;
      const std::string& v = entry.value;
      const size_t colon = v.find(':');
      t.target = entry;
      t.target.value = v.substr(0, colon);
      t.target.span = sub_span(*entry.node, 0, t.target.value.size());
      if (colon != std::string::npos) {
        size_t s = colon + 1;
        while (s <= v.size()) {
          size_t e = v.find(',', s);
          if (e == std::string::npos) e = v.size();
          Text opt = entry;
          opt.value = v.substr(s, e - s);
          opt.span = sub_span(*entry.node, s, e - s);
          if (!opt.value.empty()) t.options.push_back(opt);
          s = e + 1;
        }
      }
      spec_.tmpfs.push_back(std::move(t));
    }
  }

  void devices(const yaml::Pair& p) {
    if (!p.value->is_sequence()) return;
    for (const Node* item : p.value->items) {
      Device d;
      d.span = item->span;
      if (item->is_scalar()) {
        const std::string& v = item->value;
        const size_t colon = v.find(':');
        d.host_path = make_text(*item, sub_span(*item, 0, colon == std::string::npos ? v.size() : colon));
        d.host_path.value = v.substr(0, colon);
        if (colon != std::string::npos) {
          const size_t colon2 = v.find(':', colon + 1);
          d.container_path = v.substr(colon + 1, colon2 == std::string::npos ? std::string::npos : colon2 - colon - 1);
          if (colon2 != std::string::npos) d.permissions = v.substr(colon2 + 1);
        } else {
          d.container_path = d.host_path.value;
        }
      } else if (item->is_mapping()) {
        if (const yaml::Pair* s = item->find("source"); s && s->value->is_scalar())
          d.host_path = make_text(*s->value, value_span(*s));
        if (const Node* t = item->get("target"); t && t->is_scalar()) d.container_path = t->value;
        if (const Node* pm = item->get("permissions"); pm && pm->is_scalar()) d.permissions = pm->value;
      } else {
        continue;
      }
      spec_.devices.push_back(std::move(d));
    }
  }

  static bool parse_range(std::string_view s, uint32_t& lo, uint32_t& hi) {
    const size_t dash = s.find('-');
    auto num = [](std::string_view t, uint32_t& out) {
      if (t.empty()) return false;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
      return ec == std::errc() && ptr == t.data() + t.size() && out <= 65535;
    };
    if (dash == std::string_view::npos) {
      if (!num(s, lo)) return false;
      hi = lo;
      return true;
    }
    return num(s.substr(0, dash), lo) && num(s.substr(dash + 1), hi);
  }

  void ports(const yaml::Pair& p) {
    if (!p.value->is_sequence()) return;
    for (const Node* item : p.value->items) {
      if (item->is_scalar()) short_port(*item);
      else if (item->is_mapping()) long_port(*item);
    }
  }

  // "[HOST_IP:][PUBLISHED[-END]:]TARGET[-END][/PROTOCOL]"; an IPv6 host IP may be in brackets.
  void short_port(const Node& n) {
    Port port;
    port.span = n.span;
    port.node = &n;
    const bool unknown = n.interpolation && n.interpolation->unknown;
    std::string v = n.value;
    if (const size_t slash = v.rfind('/'); slash != std::string::npos) {
      port.protocol = v.substr(slash + 1);
      v.resize(slash);
    }
    size_t host_ip_len = std::string::npos;
    std::string rest = v;
    if (!v.empty() && v[0] == '[') {
      const size_t close = v.find(']');
      if (close != std::string::npos && close + 1 < v.size() && v[close + 1] == ':') {
        host_ip_len = close + 1;
        rest = v.substr(close + 2);
      }
    } else {
      const size_t colons = static_cast<size_t>(std::count(v.begin(), v.end(), ':'));
      if (colons >= 2) {
        host_ip_len = v.rfind(':', v.rfind(':') - 1);
        rest = v.substr(host_ip_len + 1);
      }
    }
    if (host_ip_len != std::string::npos) {
      port.host_ip = make_text(n, sub_span(n, 0, host_ip_len));
      port.host_ip.value = v.substr(0, host_ip_len);
    }
    const size_t colon = rest.find(':');
    const std::string target = colon == std::string::npos ? rest : rest.substr(colon + 1);
    if (!parse_range(target, port.target_start, port.target_end)) {
      if (!unknown) project_.diagnostics.push_back({"CLR902", n.span, "invalid port specification \"" + n.value + "\""});
      return;
    }
    if (colon == std::string::npos) {
      port.published_random = true;  // Docker picks a free host port on every interface
    } else {
      const std::string published = rest.substr(0, colon);
      uint32_t lo = 0, hi = 0;
      const size_t offset = host_ip_len == std::string::npos ? 0 : host_ip_len + 1;
      port.published_span = sub_span(n, offset, published.size());
      if (published.empty()) {
        if (unknown) port.published_unknown = true;
        else port.published_random = true;
      } else if (parse_range(published, lo, hi)) {
        port.published_start = lo;
        port.published_end = hi;
      } else {
        port.published_unknown = true;
      }
    }
    if (unknown) port.published_unknown = true;
    spec_.ports.push_back(std::move(port));
  }

  void long_port(const Node& n) {
    Port port;
    port.span = n.span;
    port.node = &n;
    if (const Node* t = n.get("target"); t && t->is_scalar()) {
      if (!parse_range(t->value, port.target_start, port.target_end)) return;
    } else {
      return;
    }
    if (const yaml::Pair* h = n.find("host_ip"); h && h->value->is_scalar())
      port.host_ip = make_text(*h->value, value_span(*h));
    if (const Node* proto = n.get("protocol"); proto && proto->is_scalar()) port.protocol = proto->value;
    const yaml::Pair* pub = n.find("published");
    const bool pub_unknown = pub && pub->value->interpolation && pub->value->interpolation->unknown;
    if (pub && pub->value->is_scalar() && (pub_unknown || !pub->value->is_null())) {
      uint32_t lo = 0, hi = 0;
      port.published_span = pub->value->span;
      port.published_node = pub->value;
      if (pub_unknown) port.published_unknown = true;
      else if (parse_range(pub->value->value, lo, hi)) port.published_start = lo, port.published_end = hi;
      else port.published_unknown = true;
    } else {
      port.published_random = true;
    }
    spec_.ports.push_back(std::move(port));
  }

  void deploy(const yaml::Pair& p) {
    const Node& d = *p.value;
    if (!d.is_mapping()) return;
    if (const Node* res = d.get("resources"); res && res->is_mapping())
      if (const Node* lim = res->get("limits"); lim && lim->is_mapping()) {
        for (const yaml::Pair& l : lim->pairs) {
          if (!l.value->is_scalar()) continue;
          if (l.key->value == "memory") deploy_limit(spec_.limits.memory, deploy_limit_[0], make_text(*l.value, value_span(l)));
          else if (l.key->value == "cpus") deploy_limit(spec_.limits.cpus, deploy_limit_[1], make_text(*l.value, value_span(l)));
          else if (l.key->value == "pids") deploy_limit(spec_.limits.pids, deploy_limit_[2], make_text(*l.value, value_span(l)));
        }
      }
    if (const Node* rp = d.get("restart_policy"); rp && rp->is_mapping()) {
      if (const yaml::Pair* c = rp->find("condition"); c && c->value->is_scalar())
        spec_.restart_policy_condition = make_text(*c->value, value_span(*c));
      if (const yaml::Pair* m = rp->find("max_attempts"); m && m->value->is_scalar())
        spec_.restart_policy_max_attempts = make_text(*m->value, value_span(*m));
    }
  }

  void healthcheck(const yaml::Pair& p) {
    Healthcheck& h = spec_.healthcheck;
    h.present = true;
    h.span = p.key->span;
    const Node& hc = *p.value;
    if (!hc.is_mapping()) return;
    if (const yaml::Pair* dis = hc.find("disable"); dis && dis->value->compose_boolean().value_or(false)) {
      h.disabled = true;
      h.span = value_span(*dis);
    }
    if (const yaml::Pair* test = hc.find("test")) {
      const Node& t = *test->value;
      // Only the list form ["NONE"] disables; a string test is run as CMD-SHELL, even "NONE".
      const Node* first = t.is_sequence() && !t.items.empty() ? t.items[0] : (t.is_scalar() ? &t : nullptr);
      if (first && first->is_scalar()) {
        h.test = make_text(*first, first->span);
        if (t.is_sequence() && first->value == "NONE") {
          h.disabled = true;
          h.span = first->span;
        }
      }
    }
  }

  void logging(const yaml::Pair& p) {
    Logging& l = spec_.logging;
    l.present = true;
    l.span = p.key->span;
    const Node& lg = *p.value;
    if (!lg.is_mapping()) return;
    if (const yaml::Pair* d = lg.find("driver"); d && d->value->is_scalar()) l.driver = make_text(*d->value, value_span(*d));
    if (const Node* opts = lg.get("options"); opts && opts->is_mapping())
      for (const yaml::Pair& o : opts->pairs)
        if (o.value->is_scalar()) l.options.emplace_back(o.key->value, make_text(*o.value, value_span(o)));
  }

  // The Compose v2 file format's `log_driver` / `log_opt`, which Compose still accepts.
  void legacy_log_driver(const yaml::Pair& p) {
    Logging& l = spec_.logging;
    if (!l.present) l.span = p.key->span;
    l.present = true;
    if (p.value->is_scalar()) l.driver = make_text(*p.value, value_span(p));
  }

  void legacy_log_options(const yaml::Pair& p) {
    Logging& l = spec_.logging;
    if (!l.present) l.span = p.key->span;
    l.present = true;
    if (p.value->is_mapping())
      for (const yaml::Pair& o : p.value->pairs)
        if (o.value->is_scalar()) l.options.emplace_back(o.key->value, make_text(*o.value, value_span(o)));
  }

  void environment(const yaml::Pair& p) {
    const Node& env = *p.value;
    if (env.is_mapping()) {
      for (const yaml::Pair& e : env.pairs) {
        EnvVar v;
        v.name = e.key->value;
        v.span = e.key->span;
        v.value_span = value_span(e);
        v.value_node = e.value;
        if (e.value->is_scalar() && !e.value->is_null()) v.value = e.value->value;
        // `"NAME=more": value` sets NAME to `more=value` (Compose joins key and value with `=`):
        // the value starts inside the key.
        if (const size_t eq = v.name.find('='); eq != std::string::npos) {
          const Span rest = sub_span(*e.key, eq + 1, v.name.size() - eq - 1);
          v.value = v.name.substr(eq + 1) + "=" + v.value.value_or("");
          v.name.resize(eq);
          if (rest.valid() && rest.file == e.value->span.file && rest.begin < e.key->span.end)
            v.value_span = rest.file->span(rest.begin, std::max(e.value->span.end, rest.end));
        }
        spec_.environment.push_back(std::move(v));
      }
    } else if (env.is_sequence()) {
      for (const Node* item : env.items) {
        if (!item->is_scalar()) continue;
        EnvVar v;
        const size_t eq = item->value.find('=');
        v.name = item->value.substr(0, eq);
        v.span = item->span;
        v.value_node = item;
        if (eq != std::string::npos) {
          v.value = item->value.substr(eq + 1);
          v.value_span = sub_span(*item, eq + 1, item->value.size() - eq - 1);
          if (item->interpolation) {
            const Span literal = literal_value_after_interpolated_name(*item, *v.value);
            if (literal.valid()) {
              v.value_span = literal;
              v.literal_value_of_list_entry = true;
            }
          }
        } else {
          v.value_span = item->span;
        }
        spec_.environment.push_back(std::move(v));
      }
    } else if (!env.is_null()) {
      type_error(env, "services." + spec_.name + ".environment", "a mapping or a list");
    }
  }

  void secrets(const yaml::Pair& p) {
    if (!p.value->is_sequence()) return;
    for (const Node* item : p.value->items) {
      SecretRef s;
      s.span = item->span;
      if (item->is_scalar()) {
        s.source = make_text(*item, item->span);
      } else if (item->is_mapping()) {
        if (const yaml::Pair* src = item->find("source"); src && src->value->is_scalar())
          s.source = make_text(*src->value, value_span(*src));
        if (const yaml::Pair* tgt = item->find("target"); tgt && tgt->value->is_scalar())
          s.target = make_text(*tgt->value, value_span(*tgt));
      }
      spec_.secrets.push_back(std::move(s));
    }
  }

  void build(const yaml::Pair& p) {
    Build& b = spec_.build;
    b.present = true;
    b.span = p.key->span;
    const Node& bn = *p.value;
    if (bn.is_scalar()) {
      b.context = make_text(bn, bn.span);
      return;
    }
    if (!bn.is_mapping()) return;
    for (const yaml::Pair& f : bn.pairs) {
      const std::string& k = f.key->value;
      if (k == "context" && f.value->is_scalar()) b.context = make_text(*f.value, value_span(f));
      else if (k == "dockerfile" && f.value->is_scalar()) b.dockerfile = make_text(*f.value, value_span(f));
      else if (k == "target" && f.value->is_scalar()) b.target = make_text(*f.value, value_span(f));
      else if (k == "dockerfile_inline" && f.value->is_scalar()) b.dockerfile_inline = make_text(*f.value, value_span(f));
      else if (k == "privileged") b.privileged = boolean(f);
      else if (k == "entitlements" && f.value->is_sequence())
        for (const Node* e : f.value->items)
          if (e->is_scalar()) b.entitlements.push_back(make_text(*e, e->span));
      if (k == "args") build_args(*f.value);
    }
  }

  void build_args(const Node& args) {
    if (args.is_mapping()) {
      for (const yaml::Pair& a : args.pairs)
        if (a.value->is_scalar()) spec_.build.args.emplace_back(a.key->value, make_text(*a.value, value_span(a)));
    } else if (args.is_sequence()) {
      for (const Node* item : args.items) {
        if (!item->is_scalar()) continue;
        const size_t eq = item->value.find('=');
        Text t = make_text(*item, item->span);
        t.value = eq == std::string::npos ? std::string() : item->value.substr(eq + 1);
        spec_.build.args.emplace_back(item->value.substr(0, eq), std::move(t));
      }
    }
  }

  bool deploy_limit_[3] = {false, false, false};  // memory, cpus, pids came from deploy
  Project& project_;
  const yaml::Pair& entry_;
  ContainerSpec& spec_;
  bool has_sites_ = false;
  std::unordered_map<const Node*, Span> anchor_sites_;  // values merged from an anchor: the `<<` key
};

void normalise_volumes(Project& project, const Node& volumes) {
  if (!volumes.is_mapping()) return;
  for (const yaml::Pair& p : volumes.pairs) {
    NamedVolume v;
    v.name = p.key->value;
    v.span = p.key->span;
    if (p.value->is_mapping()) {
      if (const yaml::Pair* d = p.value->find("driver"); d && d->value->is_scalar())
        v.driver = make_text(*d->value, value_span(*d));
      if (const Node* opts = p.value->get("driver_opts"); opts && opts->is_mapping())
        for (const yaml::Pair& o : opts->pairs)
          if (o.value->is_scalar()) v.driver_opts.emplace_back(o.key->value, make_text(*o.value, value_span(o)));
    }
    project.volumes[v.name] = std::move(v);
  }
}

}  // namespace

namespace {

// The images this project builds: each building service's `image:` when it names one, else
// the name Compose gives it, "<project>-<service>" (Compose v1: '_').
void mark_images_built_here(Project& project) {
  std::vector<ImageRef> named;
  std::vector<std::string> default_names;
  std::string project_name;  // made for the first building service (most projects build none)
  for (ContainerSpec& service : project.services) {
    if (!service.build.present) continue;
    if (project_name.empty())
      project_name = source::ascii_lower(std::filesystem::path(project.directory).lexically_normal().filename().string());
    service.image_built_here = true;
    if (service.image.present) {
      if (ImageRef ref; parse_image_ref(service.image.value, ref)) named.push_back(std::move(ref));
      continue;
    }
    for (const char sep : {'-', '_'}) {
      const std::string built = project_name + sep + source::ascii_lower(service.name);
      default_names.push_back(built);
      default_names.push_back(built + ":latest");
    }
  }
  if (named.empty() && default_names.empty()) return;
  for (ContainerSpec& service : project.services) {
    if (service.image_built_here || !service.image.present) continue;
    ImageRef mine;
    if (!parse_image_ref(service.image.value, mine)) continue;
    const bool by_name = std::any_of(named.begin(), named.end(), [&](const ImageRef& r) { return same_image(mine, r); });
    const std::string name = source::ascii_lower(service.image.value);
    const bool by_default = std::find(default_names.begin(), default_names.end(), name) != default_names.end();
    service.image_built_here = by_name || by_default;
  }
}

}  // namespace

// Real stacks have tens of services, the largest a few hundred; a project of thousands is
// generated or hostile, and its findings alone would take gigabytes (about 10 per service).
constexpr size_t kMaxServices = 5000;

void normalise_project(Project& project) {
  // The resolved root when the loader made one (several files merged with Compose's rules);
  // else each file's services in order, a service defined again replacing the earlier
  // definition key by key (callers that add files without loading a project: the fuzzers).
  std::vector<const Node*> roots;
  if (project.root) {
    roots.push_back(project.root);
  } else {
    for (const ComposeFile& cf : project.compose_files)
      if (cf.document) roots.push_back(cf.document->root);
  }
  std::vector<std::pair<std::string, std::vector<const yaml::Pair*>>> services;
  std::unordered_map<std::string_view, size_t> service_index;  // name -> index in services
  Span overflow;  // the `services` key where the limit was passed
  for (const Node* root : roots) {
    if (!root) continue;
    if (!root->is_mapping()) {
      if (!root->is_null())
        project.diagnostics.push_back({"CLR902", root->span, "a Compose file must be a mapping at the top level"});
      continue;
    }
    if (const Node* vols = root->get("volumes")) normalise_volumes(project, *vols);
    const Node* svcs = root->get("services");
    if (!svcs) continue;
    if (!svcs->is_mapping()) {
      if (!svcs->is_null()) project.diagnostics.push_back({"CLR902", svcs->span, "services must be a mapping"});
      continue;
    }
    for (const yaml::Pair& p : svcs->pairs) {
      // An index by name: a search of the services so far grew with the square of their number.
      auto [it, added] = service_index.try_emplace(p.key->value, services.size());
      if (added) services.push_back({p.key->value, {&p}});
      else services[it->second].second.push_back(&p);
    }
    if (services.size() > kMaxServices && !overflow.valid())
      for (const yaml::Pair& p : root->pairs)
        if (p.key && p.key->value == "services") overflow = p.key->span;
  }
  if (services.size() > kMaxServices) {
    project.diagnostics.push_back({"CLR906", overflow,
                                   "more than " + std::to_string(kMaxServices) + " services (" +
                                       std::to_string(services.size()) + "): only the first " +
                                       std::to_string(kMaxServices) + " are checked"});
    services.resize(kMaxServices);
  }
  project.services.reserve(services.size());
  for (const auto& [name, defs] : services) {
    ContainerSpec& spec = project.services.emplace_back();
    for (const yaml::Pair* def : defs) ServiceNormaliser(project, *def, spec).run();
  }
  mark_images_built_here(project);
}

}  // namespace clearance::model
