#pragma once
// Compose's merge of one YAML tree onto another (several -f files, override files, `extends`),
// field by field with the rules of the Compose specification and compose-go (see
// docs/compose-semantics.md). Works on yaml::Node trees without copying values: the result is
// made of new mapping and sequence nodes (allocated in `arena`) whose leaves are the nodes of the
// input files, so every value keeps the span where it was written. Inputs are never modified.
#include <string>
#include <unordered_map>

#include "yaml/node.h"

namespace clearance::compose {

using MergeSites = std::unordered_map<const yaml::Node*, yaml::Span>;

// Where values that were merged in came from, for provenance: every node of a value taken from
// the marked side is recorded in `sites` with `site` (the first record of a node wins).
struct MergeOrigin {
  yaml::Span site;         // invalid: nothing is recorded
  bool from_base = false;  // mark values taken from the base (extends) rather than the override
};

class Merger {
 public:
  Merger(yaml::Document& arena, MergeSites& sites) : arena_(arena), sites_(sites) {}

  // Two Compose files' top-level mappings; `over` is the later file. Values of a service that
  // the later file adds to a service of the earlier one are recorded with the earlier file's
  // service key as their merge site.
  yaml::Node* merge_files(yaml::Node* base, yaml::Node* over);

  // One service definition onto another: `over` is the later file's or the extending service.
  yaml::Node* merge_service(yaml::Node* base, yaml::Node* over, const MergeOrigin& origin);

  // Any two values at a path such as "services.*.environment" (for tests and callers that merge
  // below the service level).
  yaml::Node* merge(yaml::Node* base, yaml::Node* over, const std::string& path, const MergeOrigin& origin);

  // One file's own repeated entries removed, as compose-go's EnforceUnicity does after reading
  // each file: in a service's keyed or unique sequence (environment by name, volumes by
  // target, ports, cap_add ...) a later entry takes the place of an earlier one with its key.
  // Returns `root` itself when nothing repeats, as nearly always.
  yaml::Node* enforce_unicity(yaml::Node* root);
  // A new node in the arena.
  yaml::Node* make(yaml::Kind kind, const yaml::Span& span);
  // A new scalar that reads `value` but keeps `like`'s span, style, tag and interpolation record.
  yaml::Node* rewrite_scalar(const yaml::Node& like, std::string value);

 private:
  yaml::Node* merge_mappings(yaml::Node* base, yaml::Node* over, const std::string& path, const MergeOrigin& o,
                             bool whole_entries = false);
  yaml::Node* merge_keyed(yaml::Node* base, yaml::Node* over, bool extra_hosts, const MergeOrigin& o);
  yaml::Node* merge_unique(yaml::Node* base, yaml::Node* over, const std::string& path, const MergeOrigin& o);
  yaml::Node* merge_to_mapping(yaml::Node* base, yaml::Node* over, const std::string& path, bool depends_on,
                               const MergeOrigin& o);
  yaml::Node* to_mapping(yaml::Node* n, bool depends_on);
  yaml::Node* unique_service_entries(yaml::Node* service);
  yaml::Node* without_repeats(yaml::Node* sequence, const std::string& path, bool keyed);
  yaml::Node* take(yaml::Node* n, bool from_base, const MergeOrigin& o);
  void mark(const yaml::Node* n, const yaml::Span& site);

  yaml::Document& arena_;
  MergeSites& sites_;
};

// True for a value tagged `!reset` (removes the key) or `!override` (replaces without merging).
inline bool is_reset(const yaml::Node& n) { return n.tag == "!reset"; }
inline bool is_override(const yaml::Node& n) { return n.tag == "!override"; }

}  // namespace clearance::compose
