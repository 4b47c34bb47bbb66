#pragma once
// The configuration file, `.clearance.yaml`: which rules run and how severe they are, the
// fail-on level, production mode, excludes with reasons and expiry dates, allowed registries,
// the password strength policy, and what inline suppression comments may do. Read once, before any project is checked.
//
// Command-line options override it (see engine::Check). `clearance config --dump` prints the
// effective result of both, in a form that is itself a valid configuration file.
#include <compare>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "knowledge/secrets.h"
#include "rules/rule.h"
#include "source/source_file.h"

namespace clearance::engine {

inline constexpr std::string_view kConfigFileName = ".clearance.yaml";

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
  std::string str() const;  // YYYY-MM-DD
};

// Today in UTC.
Date today();
// "YYYY-MM-DD", a real calendar date; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

// What `rules: {ID: ...}` says about the rules whose id starts with `pattern`.
struct RuleSetting {
  std::string pattern;  // an id (CLR101) or a prefix (CLR1)
  std::optional<bool> enabled;
  std::optional<rules::Severity> severity;
};

// One `exclude:` entry: findings that match every selector it has are suppressed (kind
// "config") with its reason, until it expires.
struct Exclude {
  std::vector<std::string> paths;     // globs over report paths (relative to the scan root)
  std::vector<std::string> services;  // service names, globs allowed
  std::vector<std::string> rules;     // ids or prefixes; empty: every rule
  std::string reason;
  std::optional<Date> expires;  // the last day it applies
  source::Span span;            // the entry in the configuration file
  source::Span expires_span;    // its `expires` value
  bool expired = false;         // expires < today: it no longer applies

  bool matches_rule(std::string_view id) const;
  bool matches_service(std::string_view service) const;
  bool matches_path(std::string_view path) const;
};

struct Config {
  source::SourceFilePtr file;  // the file read; null when there is none (defaults)
  std::optional<bool> production;
  std::optional<rules::Severity> fail_on;
  std::vector<RuleSetting> rules;  // shortest pattern first, so a longer one refines it
  std::vector<Exclude> excludes;
  std::vector<std::string> allowed_registries;  // for the registry rules (CLR404)
  // `secrets: {min_length, min_classes}`: the password strength policy (CLR505).
  knowledge::PasswordPolicy password_policy;
  bool inline_ignores = true;
  bool require_reason = false;

  // Whether `rules:` turns the rule on or off; nullopt when it does not mention it.
  std::optional<bool> enabled(std::string_view id) const;
  // The severity `rules:` sets for the rule (the most specific pattern wins).
  std::optional<rules::Severity> severity(std::string_view id) const;
};

// Parses a configuration file. Every problem is appended to `errors` as
// "path:line:column: message"; the result is only meaningful when none was.
Config parse_config(source::SourceFilePtr file, std::vector<std::string>& errors, Date now = today());

// The configuration of a run: `explicit_path` (--config, must exist) or else
// <root>/.clearance.yaml when present, or the defaults. `display_root` makes report paths.
Config load_config(const std::string& explicit_path, const std::string& root, std::vector<std::string>& errors,
                   Date now = today());

// '*' and '?' match within one path segment, '**' across segments; a pattern also matches
// everything below a folder it matches ("legacy" and "legacy/**" are the same).
bool glob_match(std::string_view pattern, std::string_view path);

// The effective configuration, as YAML (a valid configuration file) or JSON.
struct EffectiveRule {
  const rules::RuleMeta* rule;
  bool enabled;
  rules::Severity severity;
};
struct EffectiveConfig {
  const Config* config;
  bool production;
  rules::Severity fail_on;
  bool inline_ignores;
  std::vector<EffectiveRule> rules;  // every rule in the catalog, in id order
  // --select and --ignore as given: the dump writes them as settings, so that it reads back as
  // the run it describes.
  std::vector<std::string> select;
  std::vector<std::string> ignore;
};
void dump_yaml(const EffectiveConfig& effective, std::ostream& out);
void dump_json(const EffectiveConfig& effective, std::ostream& out);

}  // namespace clearance::engine
