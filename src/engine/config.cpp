#include "engine/config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "compose/loader.h"
#include "rules/registry.h"
#include "source/read_file.h"
#include "yaml/node.h"

namespace clearance::engine {
namespace {

namespace fs = std::filesystem;
using yaml::Node;

bool id_matches(std::string_view pattern, std::string_view id) {
  return !pattern.empty() && id.substr(0, pattern.size()) == pattern;
}

bool known_rule_pattern(std::string_view pattern) {
  const auto& all = rules::all_rules();
  return std::any_of(all.begin(), all.end(), [&](const auto& r) { return id_matches(pattern, r->meta().id); });
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

class Parser {
 public:
  Parser(std::vector<std::string>& errors, Date now) : errors_(errors), now_(now) {}

  void error(const source::Span& at, const std::string& message) {
    if (!at.valid()) {
      errors_.push_back(message);
      return;
    }
    const source::Position start = at.start();
    errors_.push_back(at.file->path() + ":" + std::to_string(start.line) + ":" + std::to_string(start.column) + ": " +
                      message);
  }

  // Every key of `map` must be one of `allowed`.
  bool keys(const Node& map, const std::vector<std::string_view>& allowed, std::string_view where) {
    bool ok = true;
    for (const yaml::Pair& p : map.pairs) {
      if (std::find(allowed.begin(), allowed.end(), p.key->value) != allowed.end()) continue;
      error(p.key->span, "unknown key '" + p.key->value + "' in " + std::string(where) + " (expected one of: " +
                             join(allowed) + ")");
      ok = false;
    }
    return ok;
  }

  std::optional<bool> boolean(const Node* n) {
    if (n && n->is_scalar() && n->type == yaml::Type::kBool) return n->is_true();
    error(n ? n->span : source::Span{}, "expected true or false");
    return std::nullopt;
  }

  std::optional<rules::Severity> severity(const Node* n) {
    if (n && n->is_scalar())
      if (auto s = rules::parse_severity(n->value)) return s;
    error(n ? n->span : source::Span{}, "expected a severity: info, low, medium, high or critical");
    return std::nullopt;
  }

  std::optional<std::string> string(const Node* n, std::string_view what) {
    if (n && n->is_scalar() && !n->is_null() && !n->value.empty()) return n->value;
    error(n ? n->span : source::Span{}, "expected " + std::string(what));
    return std::nullopt;
  }

  // A string or a list of strings.
  std::vector<std::string> strings(const Node* n, std::string_view what) {
    std::vector<std::string> out;
    if (n && n->is_sequence()) {
      for (const Node* item : n->items)
        if (auto s = string(item, what)) out.push_back(*s);
    } else if (auto s = string(n, std::string(what) + " or a list of them")) {
      out.push_back(*s);
    }
    return out;
  }

  std::vector<std::string> rule_ids(const Node* n) {
    std::vector<std::string> out = strings(n, "a rule id");
    for (size_t i = 0; i < out.size(); ++i) {
      out[i] = upper(out[i]);
      if (!known_rule_pattern(out[i])) {
        const Node* at = n->is_sequence() && i < n->items.size() ? n->items[i] : n;
        error(at->span, "unknown rule id or prefix '" + out[i] + "' (see `clearance rules`)");
      }
    }
    return out;
  }

  void rules_section(const Node& n, Config& c) {
    if (!n.is_mapping()) return error(n.span, "`rules` must be a mapping of rule ids to settings");
    for (const yaml::Pair& p : n.pairs) {
      RuleSetting s;
      s.pattern = upper(p.key->value);
      if (!known_rule_pattern(s.pattern)) {
        error(p.key->span, "unknown rule id or prefix '" + p.key->value + "' (see `clearance rules`)");
        continue;
      }
      const Node* v = p.value;
      if (v->is_scalar() && v->type == yaml::Type::kBool) {
        s.enabled = v->is_true();
      } else if (v->is_scalar() && rules::parse_severity(v->value)) {
        s.severity = rules::parse_severity(v->value);
      } else if (v->is_mapping()) {
        keys(*v, {"enabled", "severity"}, "a rule setting");
        if (const Node* e = v->get("enabled")) s.enabled = boolean(e);
        if (const Node* sv = v->get("severity")) s.severity = severity(sv);
      } else {
        error(v->span, "expected true, false, a severity, or {enabled: ..., severity: ...}");
        continue;
      }
      c.rules.push_back(std::move(s));
    }
    std::stable_sort(c.rules.begin(), c.rules.end(),
                     [](const RuleSetting& a, const RuleSetting& b) { return a.pattern.size() < b.pattern.size(); });
  }

  void exclude_section(const Node& n, Config& c) {
    if (!n.is_sequence()) return error(n.span, "`exclude` must be a list of entries");
    for (const Node* item : n.items) {
      if (!item->is_mapping()) {
        error(item->span, "an exclude entry must be a mapping with paths, services, rules and a reason");
        continue;
      }
      keys(*item, {"paths", "services", "rules", "reason", "expires"}, "an exclude entry");
      Exclude e;
      e.span = item->span;
      if (const Node* p = item->get("paths")) e.paths = strings(p, "a path glob");
      if (const Node* s = item->get("services")) e.services = strings(s, "a service name");
      if (const Node* r = item->get("rules")) e.rules = rule_ids(r);
      if (const Node* r = item->get("reason")) {
        if (auto s = string(r, "a reason")) e.reason = *s;
      } else {
        error(item->span, "an exclude entry needs a `reason`");
      }
      if (const Node* x = item->get("expires")) {
        e.expires_span = x->span;
        e.expires = x->is_scalar() ? parse_date(x->value) : std::nullopt;
        if (!e.expires) error(x->span, "`expires` must be a date, YYYY-MM-DD");
        else e.expired = *e.expires < now_;
      }
      if (e.paths.empty() && e.services.empty() && e.rules.empty())
        error(item->span, "an exclude entry needs at least one of `paths`, `services` or `rules`");
      c.excludes.push_back(std::move(e));
    }
  }

  void inline_section(const Node& n, Config& c) {
    if (!n.is_mapping()) return error(n.span, "`inline_ignores` must be a mapping (enabled, require_reason)");
    keys(n, {"enabled", "require_reason"}, "inline_ignores");
    if (const Node* e = n.get("enabled"))
      if (auto b = boolean(e)) c.inline_ignores = *b;
    if (const Node* r = n.get("require_reason"))
      if (auto b = boolean(r)) c.require_reason = *b;
  }

  // A whole number in [low, high].
  std::optional<long> integer(const Node* n, long low, long high) {
    if (n && n->is_scalar() && n->type == yaml::Type::kInt) {
      char* end = nullptr;
      errno = 0;
      const long v = std::strtol(n->value.c_str(), &end, 10);
      if (errno == 0 && end && *end == '\0' && v >= low && v <= high) return v;
    }
    error(n ? n->span : source::Span{},
          "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    return std::nullopt;
  }

  void secrets_section(const Node& n, Config& c) {
    if (!n.is_mapping()) return error(n.span, "`secrets` must be a mapping (min_length, min_classes)");
    keys(n, {"min_length", "min_classes"}, "secrets");
    if (const Node* l = n.get("min_length"))
      if (auto v = integer(l, 1, 1024)) c.password_policy.min_length = static_cast<size_t>(*v);
    if (const Node* k = n.get("min_classes"))
      if (auto v = integer(k, 1, 4)) c.password_policy.min_classes = static_cast<int>(*v);
  }

  void top(const Node& root, Config& c) {
    if (!root.is_mapping()) return error(root.span, "the configuration must be a mapping");
    keys(root, {"version", "production", "fail_on", "rules", "exclude", "allowed_registries", "inline_ignores",
                "secrets"},
         "the configuration");
    if (const Node* v = root.get("version"))
      if (!v->is_scalar() || v->value != "1") error(v->span, "unsupported configuration version (expected 1)");
    if (const Node* p = root.get("production")) c.production = boolean(p);
    if (const Node* f = root.get("fail_on")) c.fail_on = severity(f);
    // An empty section (`rules:` with nothing under it) is the same as none.
    auto section = [&](std::string_view key) {
      const Node* n = root.get(key);
      return n && !n->is_null() ? n : nullptr;
    };
    if (const Node* r = section("rules")) rules_section(*r, c);
    if (const Node* x = section("exclude")) exclude_section(*x, c);
    if (const Node* a = section("allowed_registries")) {
      if (!a->is_sequence() || !a->items.empty()) c.allowed_registries = strings(a, "a registry host");
    }
    if (const Node* i = section("inline_ignores")) inline_section(*i, c);
    if (const Node* s = section("secrets")) secrets_section(*s, c);
  }

 private:
  std::vector<std::string>& errors_;
  Date now_;
};

// Glob over '/'-separated paths; `**` spans segments.
// `*` (within a segment), `**` (across segments; `**/` whole segments) and `?`. Each point where
// a star may stop is tried once at each place in the text: a failure is remembered, so that a
// pattern of many stars stays polynomial (`**************x` against a long name).
class Glob {
 public:
  Glob(std::string_view pattern, std::string_view text)
      : p_(pattern), s_(text), dead_((pattern.size() + 1) * (text.size() + 1), 0) {}

  bool match(size_t pi, size_t si) {
    while (pi < p_.size()) {
      if (p_[pi] == '*') {
        char& dead = dead_[pi * (s_.size() + 1) + si];
        if (dead) return false;
        const bool any_segments = pi + 1 < p_.size() && p_[pi + 1] == '*';
        if (any_segments ? match_segments(pi + 2, si) : match_in_segment(pi + 1, si)) return true;
        dead = 1;
        return false;
      }
      if (si == s_.size()) return false;
      if (p_[pi] == '?' ? s_[si] == '/' : p_[pi] != s_[si]) return false;
      ++pi;
      ++si;
    }
    return si == s_.size();
  }

 private:
  bool match_segments(size_t rest, size_t si) {
    const bool slash = rest < p_.size() && p_[rest] == '/';
    if (slash) ++rest;  // "**/" matches zero or more whole segments
    for (size_t i = si; i <= s_.size(); ++i) {
      if (slash && i > si && s_[i - 1] != '/') continue;
      if (match(rest, i)) return true;
    }
    return false;
  }
  bool match_in_segment(size_t rest, size_t si) {
    for (size_t i = si; i <= s_.size(); ++i) {
      if (match(rest, i)) return true;
      if (i < s_.size() && s_[i] == '/') break;
    }
    return false;
  }

  std::string_view p_, s_;
  std::vector<char> dead_;  // (pattern position, text position) pairs that cannot match
};

bool glob(std::string_view p, std::string_view s) { return Glob(p, s).match(0, 0); }

}  // namespace

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Date today() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  const Date d{num(0, 4), num(5, 2), num(8, 2)};
  if (d.year < 0 || d.month < 0 || d.day < 0) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(d.year), std::chrono::month(static_cast<unsigned>(d.month)),
                                        std::chrono::day(static_cast<unsigned>(d.day))};
  if (!ymd.ok()) return std::nullopt;
  return d;
}

bool glob_match(std::string_view pattern, std::string_view path) {
  while (pattern.starts_with("./")) pattern.remove_prefix(2);
  while (pattern.size() > 1 && pattern.back() == '/') pattern.remove_suffix(1);
  if (glob(pattern, path)) return true;
  // A folder matches everything below it.
  for (size_t i = path.find('/'); i != std::string_view::npos; i = path.find('/', i + 1))
    if (glob(pattern, path.substr(0, i))) return true;
  return false;
}

bool Exclude::matches_rule(std::string_view id) const {
  return rules.empty() || std::any_of(rules.begin(), rules.end(), [&](const std::string& r) { return id_matches(r, id); });
}

bool Exclude::matches_service(std::string_view service) const {
  return services.empty() ||
         std::any_of(services.begin(), services.end(), [&](const std::string& s) { return glob(s, service); });
}

bool Exclude::matches_path(std::string_view path) const {
  return paths.empty() || std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return glob_match(p, path); });
}

std::optional<bool> Config::enabled(std::string_view id) const {
  std::optional<bool> out;
  for (const RuleSetting& s : rules)
    if (s.enabled && id_matches(s.pattern, id)) out = s.enabled;
  return out;
}

std::optional<rules::Severity> Config::severity(std::string_view id) const {
  std::optional<rules::Severity> out;
  for (const RuleSetting& s : rules)
    if (s.severity && id_matches(s.pattern, id)) out = s.severity;
  return out;
}

Config parse_config(source::SourceFilePtr file, std::vector<std::string>& errors, Date now) {
  Config c;
  c.file = file;
  Parser parser(errors, now);
  const std::unique_ptr<yaml::Document> doc = yaml::parse(*file);
  for (const yaml::Problem& p : doc->problems) parser.error(p.span, p.message);
  if (!doc->problems.empty()) return c;
  if (doc->root && !doc->root->is_null()) parser.top(*doc->root, c);
  return c;
}

Config load_config(const std::string& explicit_path, const std::string& root, std::vector<std::string>& errors,
                   Date now) {
  std::error_code ec;
  std::string path = explicit_path;
  if (path.empty()) {
    const fs::path candidate = fs::path(root) / kConfigFileName;
    if (!fs::is_regular_file(candidate, ec)) return {};
    path = candidate.string();
  }
  const std::string absolute = fs::absolute(path, ec).lexically_normal().string();
  // Inside the scan root it is shown like any other file; elsewhere as given.
  const std::string display = compose::display_path(absolute, root);
  source::ReadResult read = source::read_source_file(absolute, display.starts_with("/") ? path : display);
  if (!read.error.empty() || !read.file) {
    errors.push_back(path + ": cannot read the configuration: " + (read.error.empty() ? "no such file" : read.error));
    return {};
  }
  return parse_config(read.file, errors, now);
}

namespace {

// A YAML double-quoted scalar is a JSON string.
std::string yaml_quoted(std::string_view s) { return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_quoted(items[i]);
  return out + "]";
}

}  // namespace

namespace {

// The file's rule settings, then the command line's as settings of single rules (an id is the
// longest pattern, so it wins over the file's on reading): --select decides every rule, as it
// does in a run, and --ignore the rules it names.
std::vector<RuleSetting> explicit_rule_settings(const EffectiveConfig& e) {
  std::vector<RuleSetting> out = e.config->rules;
  if (e.select.empty() && e.ignore.empty()) return out;
  auto named = [](const std::vector<std::string>& patterns, std::string_view id) {
    return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return id_matches(p, id); });
  };
  for (const EffectiveRule& r : e.rules) {
    if (e.select.empty() && !named(e.ignore, r.rule->id)) continue;
    RuleSetting s;
    s.pattern = std::string(r.rule->id);
    s.enabled = r.enabled;
    auto same = std::find_if(out.begin(), out.end(), [&](const RuleSetting& x) { return x.pattern == s.pattern; });
    if (same != out.end()) same->enabled = s.enabled;
    else out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

void dump_yaml(const EffectiveConfig& e, std::ostream& out) {
  const Config& c = *e.config;
  out << "# The effective clearance configuration"
      << (c.file ? " (from " + c.file->path() + " and the command line)" : " (defaults and the command line)")
      << ".\n";
  out << "version: 1\n";
  out << "production: " << (e.production ? "true" : "false") << "\n";
  out << "fail_on: " << rules::to_string(e.fail_on) << "\n";
  out << "inline_ignores:\n  enabled: " << (e.inline_ignores ? "true" : "false")
      << "\n  require_reason: " << (c.require_reason ? "true" : "false") << "\n";
  out << "allowed_registries: " << flow_list(c.allowed_registries) << "\n";
  out << "secrets:\n  min_length: " << c.password_policy.min_length
      << "\n  min_classes: " << c.password_policy.min_classes << "\n";
  // Only what was set is written as a setting: a rule's effective state written as one would
  // be read back as an override, pinning the defaults of this run (a rule that --production
  // turns on would stay off, a severity that a rule grades per finding would be fixed).
  const std::vector<RuleSetting> settings = explicit_rule_settings(e);
  out << "rules:" << (settings.empty() ? " {}" : "") << "\n";
  for (const RuleSetting& s : settings) {
    out << "  " << s.pattern << ": {";
    if (s.enabled) out << "enabled: " << (*s.enabled ? "true" : "false") << (s.severity ? ", " : "");
    if (s.severity) out << "severity: " << rules::to_string(*s.severity);
    out << "}\n";
  }
  out << "# Effective rules (comments, not settings: they follow from the above and the defaults):\n";
  for (const EffectiveRule& r : e.rules)
    out << "#   " << r.rule->id << ": {enabled: " << (r.enabled ? "true" : "false")
        << ", severity: " << rules::to_string(r.severity) << "}\n";
  out << "exclude:" << (c.excludes.empty() ? " []" : "") << "\n";
  for (const Exclude& x : c.excludes) {
    out << "  - ";
    const char* indent = "";
    auto line = [&](std::string_view key, const std::string& value) {
      out << indent << key << ": " << value << "\n";
      indent = "    ";
    };
    if (!x.paths.empty()) line("paths", flow_list(x.paths));
    if (!x.services.empty()) line("services", flow_list(x.services));
    if (!x.rules.empty()) line("rules", flow_list(x.rules));
    line("reason", yaml_quoted(x.reason));
    if (x.expires) line("expires", x.expires->str() + (x.expired ? "  # expired: no longer applies" : ""));
  }
}

void dump_json(const EffectiveConfig& e, std::ostream& out) {
  const Config& c = *e.config;
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["source"] = c.file ? nlohmann::ordered_json(c.file->path()) : nlohmann::ordered_json(nullptr);
  j["production"] = e.production;
  j["fail_on"] = rules::to_string(e.fail_on);
  j["inline_ignores"] = {{"enabled", e.inline_ignores}, {"require_reason", c.require_reason}};
  j["allowed_registries"] = c.allowed_registries;
  j["secrets"] = {{"min_length", c.password_policy.min_length}, {"min_classes", c.password_policy.min_classes}};
  nlohmann::ordered_json rules_json = nlohmann::ordered_json::object();
  for (const EffectiveRule& r : e.rules)
    rules_json[std::string(r.rule->id)] = {{"enabled", r.enabled}, {"severity", rules::to_string(r.severity)}};
  j["rules"] = std::move(rules_json);
  j["exclude"] = nlohmann::ordered_json::array();
  for (const Exclude& x : c.excludes) {
    nlohmann::ordered_json entry;
    entry["paths"] = x.paths;
    entry["services"] = x.services;
    entry["rules"] = x.rules;
    entry["reason"] = x.reason;
    entry["expires"] = x.expires ? nlohmann::ordered_json(x.expires->str()) : nlohmann::ordered_json(nullptr);
    entry["expired"] = x.expired;
    j["exclude"].push_back(std::move(entry));
  }
  out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace clearance::engine
