#include "model/service_values.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace clearance::model {
namespace {

// One scalar of one service's resolved definition.
struct Entry {
  const source::SourceFile* file = nullptr;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t service = 0;  // index into project.services
  Span merged_at;
};

bool entry_less(const Entry& a, const Entry& b) {
  return std::tie(a.file, a.begin, a.service) < std::tie(b.file, b.begin, b.service);
}

struct ServiceValueIndex {
  std::vector<Entry> entries;  // sorted by entry_less
};

// Where each service is written in the files: its key through the end of its mapping (a
// merged service's mapping has its base's span: the files' own trees tell).
struct ServiceExtent {
  std::string_view name;
  const source::SourceFile* file = nullptr;
  uint32_t begin = 0, end = 0;
  std::string_view extends;  // the service it extends, as written; empty when none
};
struct ServiceExtents {
  std::vector<ServiceExtent> list;  // sorted by file and position: service entries do not overlap
  // Each service's `extends` chain (itself first), made when first asked: the project is
  // checked on one thread.
  mutable std::unordered_map<std::string_view, std::vector<std::string_view>> chains;

  const std::vector<std::string_view>& chain_of(std::string_view service) const {
    auto [it, added] = chains.try_emplace(service);
    if (!added) return it->second;
    std::vector<std::string_view>& chain = it->second;
    chain.push_back(service);
    for (size_t k = 0; k < chain.size() && chain.size() <= list.size(); ++k)
      for (const ServiceExtent& e : list)
        if (e.name == chain[k] && !e.extends.empty() && std::find(chain.begin(), chain.end(), e.extends) == chain.end())
          chain.push_back(e.extends);
    return chain;
  }

  // The service entry written around `at`, or null.
  const ServiceExtent* around(const Span& at) const {
    auto it = std::upper_bound(list.begin(), list.end(), at, [](const Span& s, const ServiceExtent& e) {
      return std::tie(s.file, s.begin) < std::tie(e.file, e.begin);
    });
    if (it == list.begin()) return nullptr;
    --it;
    return it->file == at.file && it->begin <= at.begin && at.end <= it->end ? &*it : nullptr;
  }
};

ServiceExtents written_services(const Project& project) {
  ServiceExtents out;
  for (const ComposeFile& cf : project.compose_files) {
    const yaml::Node* root = cf.document ? cf.document->root : nullptr;
    const yaml::Node* services = root && root->is_mapping() ? root->get("services") : nullptr;
    if (!services || !services->is_mapping()) continue;
    for (const yaml::Pair& p : services->pairs) {
      if (!p.key->span.valid() || p.value->span.file != p.key->span.file || p.value->span.end < p.key->span.begin)
        continue;
      std::string_view extends;
      if (const yaml::Node* e = p.value->is_mapping() ? p.value->get("extends") : nullptr) {
        if (e->is_scalar()) extends = e->value;
        else if (const yaml::Node* s = e->is_mapping() ? e->get("service") : nullptr; s && s->is_scalar()) extends = s->value;
      }
      out.list.push_back({p.key->value, p.key->span.file, p.key->span.begin, p.value->span.end, extends});
    }
  }
  std::sort(out.list.begin(), out.list.end(), [](const ServiceExtent& a, const ServiceExtent& b) {
    return std::tie(a.file, a.begin) < std::tie(b.file, b.begin);
  });
  return out;
}

// Walks one service's tree. A node reached through a `<<` pair carries that pair's site down
// to its leaves; the merge sites of `extends`, override files and `include` are per node.
void index_service(const Project& project, uint32_t index, std::vector<Entry>& out) {
  struct Visit {
    const yaml::Node* node;
    Span site;
  };
  std::vector<Visit> stack{{project.services[index].node, {}}};
  // Aliases share nodes, and only anchored nodes can be aliased: those are indexed once each
  // (an alias bomb must not be walked expanded). Other nodes are met once anyway, and a
  // repeat would only repeat an entry, which build() drops.
  std::unordered_set<const yaml::Node*> seen;
  while (!stack.empty()) {
    const Visit v = stack.back();
    stack.pop_back();
    if (!v.node || (!v.node->anchor.empty() && !seen.insert(v.node).second)) continue;
    Span site = merge_site_in_service(project, v.node, project.services[index].name);
    if (!site.valid()) site = v.site;
    if (v.node->is_scalar()) {
      if (v.node->span.valid()) out.push_back({v.node->span.file, v.node->span.begin, v.node->span.end, index, site});
      continue;
    }
    for (const yaml::Node* item : v.node->items) stack.push_back({item, site});
    for (const yaml::Pair& p : v.node->pairs) {
      const Span pair_site = p.merged() ? p.merged_at : site;
      stack.push_back({p.key, pair_site});
      stack.push_back({p.value, pair_site});
    }
  }
}

ServiceValueIndex build(const Project& project) {
  ServiceValueIndex index;
  for (uint32_t i = 0; i < project.services.size(); ++i) index_service(project, i, index.entries);
  std::sort(index.entries.begin(), index.entries.end(), entry_less);
  index.entries.erase(std::unique(index.entries.begin(), index.entries.end(),
                                  [](const Entry& a, const Entry& b) {
                                    return a.file == b.file && a.begin == b.begin && a.service == b.service;
                                  }),
                      index.entries.end());
  return index;
}

}  // namespace

std::vector<ServiceValue> services_at(const Project& project, const Span& at) {
  std::vector<ServiceValue> out;
  if (!at.valid() || project.services.empty()) return out;
  const auto& entries = project.derived.get<ServiceValueIndex>([&] { return build(project); }).entries;
  // Scalars do not overlap: the one holding `at` is the last to begin at or before it; the
  // entries of the services sharing it sit together.
  auto it = std::upper_bound(entries.begin(), entries.end(), at,
                             [](const Span& s, const Entry& e) {
                               return std::tie(s.file, s.begin) < std::tie(e.file, e.begin);
                             });
  if (it == entries.begin()) return out;
  const Entry& holder = *std::prev(it);
  if (holder.file != at.file || holder.end < at.end) return out;
  for (auto e = std::lower_bound(entries.begin(), entries.end(), Entry{holder.file, holder.begin, 0, 0, {}}, entry_less);
       e != entries.end() && e->file == holder.file && e->begin == holder.begin; ++e)
    out.push_back({&project.services[e->service], e->merged_at});
  return out;
}

Span merge_site_in_service(const Project& project, const yaml::Node* node, std::string_view service) {
  const Span site = project.merge_site(node);
  if (!site.valid()) return site;
  const auto& extents = project.derived.get<ServiceExtents>([&] { return written_services(project); });
  // A site written inside another service's entry is that service's, unless `service` builds
  // on it through `extends` (a -> b -> c: b's extends brought the value into a too).
  const ServiceExtent* around = extents.around(site);
  if (!around) return site;
  const std::vector<std::string_view>& chain = extents.chain_of(service);
  return std::find(chain.begin(), chain.end(), around->name) != chain.end() ? site : Span{};
}

}  // namespace clearance::model
