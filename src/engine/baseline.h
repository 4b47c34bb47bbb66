#pragma once
// Baselines: the fingerprints of the findings a project already had, so that only new ones
// count. A fingerprint (report::fingerprint) is the rule, the file, the service and the
// normalised offending content, never a line number: an entry survives unrelated edits and
// never swallows a new finding elsewhere. Identical fingerprints are counted, so a second
// finding just like a baselined one is still reported.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/rule.h"

namespace clearance::engine {

inline constexpr int kBaselineVersion = 1;

struct BaselineEntry {
  std::string fingerprint;
  std::string rule_id;
  std::string file;
  std::string service;
  std::string excerpt;  // for people reviewing the file; masked like every output
  uint32_t count = 1;
};

class Baseline {
 public:
  // Reads a baseline file; problems are appended to `errors` (the run then exits 2).
  static std::optional<Baseline> load(const std::string& path, std::vector<std::string>& errors);
  static std::optional<Baseline> parse(std::string_view json, const std::string& path, std::vector<std::string>& errors);

  // How many findings with this fingerprint the baseline holds (0: none).
  uint32_t count(uint64_t fingerprint) const {
    auto it = counts_.find(fingerprint);
    return it == counts_.end() ? 0 : it->second;
  }
  uint32_t count(std::string_view fingerprint_hex) const;
  bool empty() const { return counts_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unordered_map<uint64_t, uint32_t> counts_;  // report::fingerprint_value -> how many
};

// Collects the findings of a run (in report order) and writes them as a baseline.
class BaselineWriter {
 public:
  void add(const rules::Finding& f);
  // Sorted by file, rule, service, fingerprint; identical fingerprints merged with a count.
  std::vector<BaselineEntry> entries() const;
  std::string json() const;
  // Atomically (a temporary file renamed into place). False and `error` on failure.
  bool write(const std::string& path, std::string& error) const;

 private:
  std::unordered_map<std::string, BaselineEntry> by_fingerprint_;
};

}  // namespace clearance::engine
