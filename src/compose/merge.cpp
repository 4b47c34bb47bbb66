#include "compose/merge.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clearance::compose {

using yaml::Kind;
using yaml::Node;
using yaml::Pair;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// How a value at a path is merged; the table is compose-go's override/merge.go (mergeSpecials)
// and override/uncity.go (unique), see docs/compose-semantics.md.
enum class How {
  kDefault,      // mappings merged, sequences appended, scalars replaced
  kReplace,      // command, entrypoint, healthcheck.test, ulimits.*
  kKeyed,        // environment, labels, ...: KEY=VALUE entries or a mapping, keyed by KEY
  kExtraHosts,   // keyed by host name (HOST=IP, HOST:IP or a mapping)
  kUnique,       // sequences whose entries are unique by a key (volumes by target, ...)
  kNetworks,     // list or mapping of network names
  kDependsOn,    // list or mapping of service names
  kLogging,      // options merged only when the driver is the same
  kBuild,        // a string is {context: STRING}
};

How how_at(std::string_view path) {
  if (path.rfind("services.*.", 0) == 0) {
    const std::string_view f = path.substr(11);
    if (f == "command" || f == "entrypoint" || f == "healthcheck.test") return How::kReplace;
    if (f.rfind("ulimits.", 0) == 0 && f.find('.', 8) == std::string_view::npos) return How::kReplace;
    if (f == "environment" || f == "labels" || f == "annotations" || f == "sysctls" || f == "build.args" ||
        f == "build.labels" || f == "build.additional_contexts" || f == "deploy.labels" || f == "label_file")
      return How::kKeyed;
    if (f == "extra_hosts" || f == "build.extra_hosts") return How::kExtraHosts;
    if (f == "volumes" || f == "devices" || f == "secrets" || f == "configs" || f == "ports" || f == "expose" ||
        f == "cap_add" || f == "cap_drop" || f == "security_opt" || f == "dns" || f == "dns_opt" ||
        f == "dns_search" || f == "tmpfs" || f == "profiles" || f == "links" || f == "env_file" ||
        f == "build.tags" || f == "build.platforms" || ends_with(f, ".aliases") || ends_with(f, ".link_local_ips"))
      return How::kUnique;
    if (f == "networks") return How::kNetworks;
    if (f == "depends_on") return How::kDependsOn;
    if (f == "logging") return How::kLogging;
    if (f == "build") return How::kBuild;
    return How::kDefault;
  }
  if ((path.rfind("networks.*.", 0) == 0 || path.rfind("volumes.*.", 0) == 0) && ends_with(path, ".labels"))
    return How::kKeyed;
  return How::kDefault;
}

// Named entries under these top-level keys (and below a service, these keys) take `*` in paths.
bool named_children(std::string_view path) {
  return path == "services" || path == "networks" || path == "volumes" || path == "secrets" ||
         path == "configs" || path == "services.*.ulimits" || path == "services.*.networks";
}

std::string child_path(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  if (named_children(path)) return path + ".*";
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

// KEY of "KEY=VALUE" (and of "HOST:IP" for extra_hosts).
std::string_view entry_key(std::string_view v, bool extra_hosts) {
  size_t cut = v.find('=');
  if (cut == std::string_view::npos && extra_hosts) cut = v.find(':');
  return v.substr(0, cut);
}

std::string scalar_of(const Node* n, std::string_view key) {
  if (!n || !n->is_mapping()) return {};
  const Node* v = n->get(key);
  return v && v->is_scalar() ? v->value : std::string();
}

// Splits a short volume or device "SOURCE:TARGET[:MODE]" on ':' keeping a Windows drive
// letter with its path.
std::vector<std::string_view> split_colons(std::string_view v) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= v.size(); ++i) {
    if (i != v.size() && v[i] != ':') continue;
    const bool drive = i == start + 1 && i + 1 < v.size() && (v[i + 1] == '\\' || v[i + 1] == '/');
    if (drive && i != v.size()) continue;
    parts.push_back(v.substr(start, i - start));
    start = i + 1;
  }
  return parts;
}

// "[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]" as the tuple the specification keys ports by.
std::string port_key(std::string_view v) {
  std::string protocol = "tcp";
  if (const size_t slash = v.rfind('/'); slash != std::string_view::npos) {
    protocol = std::string(v.substr(slash + 1));
    v = v.substr(0, slash);
  }
  std::string ip, published;
  std::string_view rest = v;
  if (!v.empty() && v[0] == '[') {
    const size_t close = v.find(']');
    if (close != std::string_view::npos && close + 1 < v.size() && v[close + 1] == ':') {
      ip = std::string(v.substr(0, close + 1));
      rest = v.substr(close + 2);
    }
  }
  const size_t last = rest.rfind(':');
  std::string_view target = last == std::string_view::npos ? rest : rest.substr(last + 1);
  if (last != std::string_view::npos) {
    std::string_view front = rest.substr(0, last);
    const size_t prev = front.rfind(':');
    if (prev == std::string_view::npos) {
      published = std::string(front);
    } else {
      published = std::string(front.substr(prev + 1));
      ip = std::string(front.substr(0, prev));
    }
  }
  return ip + "|" + published + "|" + std::string(target) + "/" + protocol;
}

// The key that makes an entry unique in the sequence at `path` (compose-go's indexers).
std::string unique_key(const Node* n, std::string_view path) {
  const std::string_view f = path.substr(path.rfind('.') + 1);
  if (f == "volumes" || f == "devices") {
    if (n->is_mapping()) return scalar_of(n, "target");
    const auto parts = split_colons(n->value);
    if (parts.empty()) return {};
    return std::string(parts.size() == 1 ? parts[0] : parts[1]);
  }
  if (f == "secrets" || f == "configs") {
    const std::string prefix = f == "secrets" ? "/run/secrets/" : "/";
    if (n->is_mapping()) {
      if (const Node* t = n->get("target"); t && t->is_scalar()) return t->value;
      return prefix + scalar_of(n, "source");
    }
    return prefix + n->value;
  }
  if (f == "ports") {
    if (n->is_mapping()) {
      std::string protocol = scalar_of(n, "protocol");
      if (protocol.empty()) protocol = "tcp";
      return scalar_of(n, "host_ip") + "|" + scalar_of(n, "published") + "|" + scalar_of(n, "target") + "/" + protocol;
    }
    return port_key(n->value);
  }
  if (f == "env_file" && n->is_mapping()) return scalar_of(n, "path");
  if (!n->is_scalar()) return {};
  return std::string(entry_key(n->value, false));
}

// A sequence view of a value that may be written as one string.
std::vector<Node*> as_items(Node* n) {
  if (n->is_sequence()) return n->items;
  if (n->is_null()) return {};
  return {n};
}

}  // namespace

Node* Merger::make(Kind kind, const yaml::Span& span) {
  Node* n = arena_.make();
  n->kind = kind;
  n->span = span;
  n->type = kind == Kind::kScalar ? yaml::Type::kString : yaml::Type::kCollection;
  if (kind != Kind::kScalar) n->style = yaml::Style::kBlock;
  return n;
}

Node* Merger::rewrite_scalar(const Node& like, std::string value) {
  Node* n = arena_.make();
  n->kind = Kind::kScalar;
  n->style = like.style;
  n->type = like.type;
  n->span = like.span;
  n->tag = like.tag;
  n->interpolation = like.interpolation;
  n->value = std::move(value);
  if (n->style == yaml::Style::kPlain && like.tag.empty()) n->type = yaml::resolve_plain_scalar(n->value);
  return n;
}

void Merger::mark(const Node* root, const yaml::Span& site) {
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (!sites_.emplace(n, site).second) continue;
    for (const Node* item : n->items) stack.push_back(item);
    for (const Pair& p : n->pairs) {
      stack.push_back(p.key);
      stack.push_back(p.value);
    }
  }
}

Node* Merger::take(Node* n, bool from_base, const MergeOrigin& o) {
  if (o.site.valid() && from_base == o.from_base) mark(n, o.site);
  return n;
}

Node* Merger::merge_files(Node* base, Node* over) {
  if (!base || !base->is_mapping()) return over;
  if (!over || !over->is_mapping()) return base;
  Node* out = make(Kind::kMapping, base->span);
  out->pairs = base->pairs;
  for (const Pair& op : over->pairs) {
    auto it = std::find_if(out->pairs.begin(), out->pairs.end(), [&](const Pair& p) { return p.key->value == op.key->value; });
    if (is_reset(*op.value)) {
      if (it != out->pairs.end()) out->pairs.erase(it);
      continue;
    }
    if (it == out->pairs.end() || op.key->value.rfind("x-", 0) == 0) {
      if (it == out->pairs.end()) out->pairs.push_back(op);
      else *it = op;
      continue;
    }
    if (op.key->value != "services" || !it->value->is_mapping() || !op.value->is_mapping()) {
      it->value = merge(it->value, op.value, op.key->value, {});
      continue;
    }
    // Services one by one, so that each knows the service it was merged onto.
    Node* services = make(Kind::kMapping, it->value->span);
    services->pairs = it->value->pairs;
    for (const Pair& sp : op.value->pairs) {
      auto s = std::find_if(services->pairs.begin(), services->pairs.end(),
                            [&](const Pair& p) { return p.key->value == sp.key->value; });
      if (is_reset(*sp.value)) {
        if (s != services->pairs.end()) services->pairs.erase(s);
      } else if (s == services->pairs.end()) {
        services->pairs.push_back(sp);
      } else {
        s->value = merge_service(s->value, sp.value, MergeOrigin{s->key->span, false});
      }
    }
    it->value = services;
  }
  return out;
}

Node* Merger::merge_service(Node* base, Node* over, const MergeOrigin& origin) {
  return merge(base, over, "services.*", origin);
}

Node* Merger::merge(Node* base, Node* over, const std::string& path, const MergeOrigin& o) {
  if (!base) return take(over, false, o);
  if (is_override(*over)) return take(over, false, o);
  if (over->is_null() && over->tag.empty()) return take(base, true, o);  // compose-go: null keeps the base
  switch (how_at(path)) {
    case How::kReplace:
      return take(over, false, o);
    case How::kKeyed:
      return merge_keyed(base, over, false, o);
    case How::kExtraHosts:
      return merge_keyed(base, over, true, o);
    case How::kUnique:
      return merge_unique(base, over, path, o);
    case How::kNetworks:
      return merge_to_mapping(base, over, path, false, o);
    case How::kDependsOn:
      return merge_to_mapping(base, over, path, true, o);
    case How::kLogging:
      if (base->is_mapping() && over->is_mapping()) {
        const Node* bd = base->get("driver");
        const Node* od = over->get("driver");
        if (bd && od && bd->is_scalar() && od->is_scalar() && bd->value != od->value) return take(over, false, o);
      }
      break;
    case How::kBuild:
      if (base->is_scalar() || over->is_scalar()) {
        auto as_build = [&](Node* n) {
          if (!n->is_scalar()) return n;
          Node* m = make(Kind::kMapping, n->span);
          Node* key = make(Kind::kScalar, n->span);
          key->value = "context";
          m->pairs.push_back(Pair{key, n, {}});
          return m;
        };
        return merge_mappings(as_build(base), as_build(over), path, o);
      }
      break;
    case How::kDefault:
      break;
  }
  if (base->is_mapping() && over->is_mapping()) return merge_mappings(base, over, path, o);
  if (base->is_sequence() && over->is_sequence()) {
    Node* out = make(Kind::kSequence, base->span);
    for (Node* item : base->items) out->items.push_back(take(item, true, o));
    for (Node* item : over->items) out->items.push_back(take(item, false, o));
    return out;
  }
  return take(over, false, o);
}

// `whole_entries`: each key's later value replaces the earlier one whole, a null included, as
// for entries by key (environment, labels, ...): compose-go turns both sides into `KEY=VALUE`
// (a bare `KEY` for a null) and keeps the later entry of each key (override/merge.go
// mergeToSequence, override/uncity.go environmentIndexer). Otherwise values merge by path.
Node* Merger::merge_mappings(Node* base, Node* over, const std::string& path, const MergeOrigin& o,
                             bool whole_entries) {
  Node* out = make(Kind::kMapping, base->span);
  out->pairs.reserve(base->pairs.size() + over->pairs.size());
  for (const Pair& bp : base->pairs) {
    if (is_reset(*bp.value)) continue;
    out->pairs.push_back(Pair{take(bp.key, true, o), take(bp.value, true, o), bp.merged_at});
  }
  for (const Pair& op : over->pairs) {
    auto it = std::find_if(out->pairs.begin(), out->pairs.end(), [&](const Pair& p) { return p.key->value == op.key->value; });
    if (is_reset(*op.value)) {
      if (it != out->pairs.end()) out->pairs.erase(it);
      continue;
    }
    if (it == out->pairs.end() || whole_entries || op.key->value.rfind("x-", 0) == 0) {
      Pair p{take(op.key, false, o), take(op.value, false, o), op.merged_at};
      if (it == out->pairs.end()) out->pairs.push_back(p);
      else *it = p;
      continue;
    }
    it->value = merge(it->value, op.value, child_path(path, op.key->value), o);
    // A value the later file replaces whole (`!override`, a scalar, a replaced list) is
    // reported at its own key, in the file that wrote it.
    if (it->value == op.value) it->key = take(op.key, false, o);
  }
  return out;
}

// Entries written as a mapping or as KEY=VALUE strings; the later definition of a key wins.
Node* Merger::merge_keyed(Node* base, Node* over, bool extra_hosts, const MergeOrigin& o) {
  if (base->is_mapping() && over->is_mapping()) return merge_mappings(base, over, "", o, true);
  if (!base->is_mapping() && !over->is_mapping()) {
    Node* out = make(Kind::kSequence, base->span);
    std::vector<std::string_view> keys;
    auto add = [&](Node* item, bool from_base) {
      if (!item->is_scalar()) {
        out->items.push_back(take(item, from_base, o));
        keys.emplace_back();
        return;
      }
      const std::string_view key = entry_key(item->value, extra_hosts);
      auto k = std::find(keys.begin(), keys.end(), key);
      if (k != keys.end() && !key.empty()) {
        out->items[static_cast<size_t>(k - keys.begin())] = take(item, from_base, o);
      } else {
        out->items.push_back(take(item, from_base, o));
        keys.push_back(key);
      }
    };
    for (Node* item : as_items(base)) add(item, true);
    for (Node* item : as_items(over)) add(item, false);
    return out;
  }
  // One side a mapping, the other a list: the list's entries become mapping entries.
  auto mapping_of = [&](Node* n) {
    if (n->is_mapping()) return n;
    Node* m = make(Kind::kMapping, n->span);
    for (Node* item : as_items(n)) {
      if (!item->is_scalar()) continue;
      const std::string_view key = entry_key(item->value, extra_hosts);
      Node* k = rewrite_scalar(*item, std::string(key));
      k->interpolation = nullptr;
      k->type = yaml::Type::kString;
      Node* v;
      if (key.size() == item->value.size()) {
        v = make(Kind::kScalar, item->span);
        v->type = yaml::Type::kNull;
      } else {
        v = rewrite_scalar(*item, item->value.substr(key.size() + 1));
      }
      m->pairs.push_back(Pair{k, v, {}});
    }
    return m;
  };
  return merge_mappings(mapping_of(base), mapping_of(over), "", o, true);
}

Node* Merger::merge_unique(Node* base, Node* over, const std::string& path, const MergeOrigin& o) {
  if (!(base->is_sequence() || base->is_scalar()) || !(over->is_sequence() || over->is_scalar()))
    return take(over, false, o);
  Node* out = make(Kind::kSequence, base->span);
  std::vector<std::string> keys;
  auto add = [&](Node* item, bool from_base) {
    std::string key = unique_key(item, path);
    auto k = std::find(keys.begin(), keys.end(), key);
    if (k != keys.end() && !key.empty()) {
      out->items[static_cast<size_t>(k - keys.begin())] = take(item, from_base, o);
    } else {
      out->items.push_back(take(item, from_base, o));
      keys.push_back(std::move(key));
    }
  };
  for (Node* item : as_items(base)) add(item, true);
  for (Node* item : as_items(over)) add(item, false);
  return out;
}

Node* Merger::enforce_unicity(Node* root) {
  if (!root || !root->is_mapping()) return root;
  const Node* services = root->get("services");
  if (!services || !services->is_mapping()) return root;
  Node* new_services = nullptr;
  for (size_t i = 0; i < services->pairs.size(); ++i) {
    Node* service = services->pairs[i].value;
    Node* unique = unique_service_entries(service);
    if (unique == service) continue;
    if (!new_services) {
      new_services = make(Kind::kMapping, services->span);
      new_services->pairs = services->pairs;
    }
    new_services->pairs[i].value = unique;
  }
  if (!new_services) return root;
  Node* out = make(Kind::kMapping, root->span);
  out->pairs = root->pairs;
  for (Pair& p : out->pairs)
    if (p.key->is_scalar() && p.key->value == "services") p.value = new_services;
  return out;
}

Node* Merger::unique_service_entries(Node* service) {
  if (!service || !service->is_mapping()) return service;
  Node* out = nullptr;
  for (size_t i = 0; i < service->pairs.size(); ++i) {
    const Pair& p = service->pairs[i];
    if (!p.key->is_scalar() || !p.value->is_sequence() || p.value->items.size() < 2) continue;
    if (p.key->value == "command" || p.key->value == "entrypoint") continue;  // the common lists kept whole
    const std::string path = "services.*." + p.key->value;
    const How how = how_at(path);
    if (how != How::kKeyed && how != How::kUnique) continue;
    Node* unique = without_repeats(p.value, path, how == How::kKeyed);
    if (unique == p.value) continue;
    if (!out) {
      out = make(Kind::kMapping, service->span);
      out->pairs = service->pairs;
    }
    out->pairs[i].value = unique;
  }
  return out ? out : service;
}

Node* Merger::without_repeats(Node* sequence, const std::string& path, bool keyed) {
  // Where each key was first written; a later entry with that key takes the place.
  std::unordered_map<std::string, size_t> first;
  std::vector<Node*> items;
  for (Node* item : sequence->items) {
    std::string key = keyed ? (item->is_scalar() ? std::string(entry_key(item->value, false)) : std::string())
                            : unique_key(item, path);
    if (!key.empty()) {
      const auto [at, fresh] = first.try_emplace(std::move(key), items.size());
      if (!fresh) {
        items[at->second] = item;
        continue;
      }
    }
    items.push_back(item);
  }
  if (items.size() == sequence->items.size()) return sequence;
  Node* out = make(Kind::kSequence, sequence->span);
  out->items = std::move(items);
  return out;
}

Node* Merger::to_mapping(Node* n, bool depends_on) {
  if (n->is_mapping()) return n;
  Node* m = make(Kind::kMapping, n->span);
  for (Node* item : as_items(n)) {
    if (!item->is_scalar()) continue;
    Node* v;
    if (depends_on) {
      v = make(Kind::kMapping, item->span);
      Node* k = make(Kind::kScalar, item->span);
      k->value = "condition";
      Node* c = make(Kind::kScalar, item->span);
      c->value = "service_started";
      v->pairs.push_back(Pair{k, c, {}});
    } else {
      v = make(Kind::kScalar, item->span);
      v->type = yaml::Type::kNull;
    }
    m->pairs.push_back(Pair{item, v, {}});
  }
  return m;
}

// networks and depends_on: a list of names or a mapping; merged as mappings, keyed by name.
Node* Merger::merge_to_mapping(Node* base, Node* over, const std::string& path, bool depends_on,
                               const MergeOrigin& o) {
  if (base->is_sequence() && over->is_sequence()) return merge_unique(base, over, path + ".names", o);
  return merge_mappings(to_mapping(base, depends_on), to_mapping(over, depends_on), path, o);
}

}  // namespace clearance::compose
