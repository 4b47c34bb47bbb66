#include "rules/secrets/credential_settings.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "compose/interpolation.h"
#include "dockerfile/expand.h"
#include "dockerfile/syntax.h"
#include "model/service_values.h"

namespace clearance::rules::secrets {
namespace {

using Where = CredentialSetting::Where;

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Where `${NAME:-default}` or `${NAME-default}` writes its default inside `raw`: [begin, end),
// or nullopt when `raw` has no such form for NAME (a `:+` alternative, a `?` message).
std::optional<std::pair<size_t, size_t>> default_range(std::string_view raw, std::string_view name) {
  const std::string open = "${" + std::string(name);
  for (size_t at = raw.find(open); at != std::string_view::npos; at = raw.find(open, at + 1)) {
    if (at > 0 && raw[at - 1] == '$') continue;  // `$${` is a literal
    size_t i = at + open.size();
    if (i >= raw.size() || name_char(raw[i])) continue;
    if (raw[i] == ':') ++i;
    if (i >= raw.size() || raw[i] != '-') continue;
    const size_t begin = i + 1;
    int depth = 1;
    for (size_t j = begin; j < raw.size(); ++j) {
      if (raw[j] == '$' && j + 1 < raw.size() && raw[j + 1] == '{') {
        ++depth;
        ++j;
      } else if (raw[j] == '}' && --depth == 0) {
        return std::make_pair(begin, j);
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// Where `$NAME` or `${NAME...}` is written inside `scalar`, or the scalar.
source::Span reference_span(const source::Span& scalar, std::string_view name) {
  const std::string_view raw = scalar.text();
  for (size_t at = raw.find('$'); at != std::string_view::npos; at = raw.find('$', at + 1)) {
    size_t i = at + 1;
    const bool braced = i < raw.size() && raw[i] == '{';
    if (braced) ++i;
    if (raw.substr(i, name.size()) != name) continue;
    size_t end = i + name.size();
    if (end < raw.size() && name_char(raw[end])) continue;
    if (braced) {
      const size_t close = raw.find('}', end);
      end = close == std::string_view::npos ? raw.size() : close + 1;
    }
    return scalar.file->span(scalar.begin + static_cast<uint32_t>(at), scalar.begin + static_cast<uint32_t>(end));
  }
  return scalar;
}

// A value written in YAML is literal when interpolation used no variable (only `$$`, or none).
bool literal(const yaml::Node* node) {
  return !node || !node->interpolation || node->interpolation->uses.empty();
}

bool secret_value(std::string_view value) { return !knowledge::why_not_a_secret(value).has_value(); }

// `$NAME` or `${...}` and nothing else.
bool only_a_reference(std::string_view value) {
  if (value.size() < 2 || value[0] != '$') return false;
  if (value[1] == '{') return value.back() == '}' && value.find('}') == value.size() - 1;
  return std::all_of(value.begin() + 1, value.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// A compose value as interpolation left it, when it used no variable: each `$` in it was
// written `$$`, Compose's escape for a literal dollar (`Kq7m$$Lx9v` is the password
// `Kq7m$Lx9v`). Written back escaped, the secret test sees no reference in it; a value that is
// a reference and nothing else (`$$DB_PASSWORD`) is left for the container's shell to expand.
std::string interpolated_literal(std::string_view value) {
  if (value.find('$') == std::string_view::npos || only_a_reference(value)) return std::string(value);
  std::string escaped;
  escaped.reserve(value.size() + 4);
  for (const char c : value) {
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

using Location = std::pair<std::string, uint32_t>;  // absolute path, byte offset

Location location_of(const source::Span& span) { return {span.file->absolute_path(), span.begin}; }

// How compose files use env-file values: the first use of each env-file value, and the
// credential-shaped key a value is assigned to whole (`POSTGRES_PASSWORD: ${DB}`).
struct EnvUse {
  source::Span at;
  std::string key;  // the environment key it is assigned to whole; empty otherwise
};

// Whether an ARG or ENV value is a literal: it uses no variable, or only variables that no
// earlier ARG or ENV declares, which BuildKit substitutes as unset, so that a default
// (`${DB_PASSWORD:-...}`) is what is always stored. A variable declared before may be set with
// --build-arg or hold anything: not a literal. (A base image's ENV of that name is not known
// here; a credential default that relies on one is unlikely.)
bool dockerfile_literal(const dockerfile::KeyValue& kv, const std::unordered_set<std::string>& declared,
                        const dockerfile::ExpandOptions& options) {
  const dockerfile::Expansion x = dockerfile::expand(kv.value.value, {}, options);
  if (!x.unresolved.empty() || !x.error.empty()) return false;
  auto is_declared = [&](const std::string& name) { return declared.contains(name); };
  // Only through a default: `prefix$HOME` reads the base image's ENV, which is not known here.
  const std::string_view raw = kv.value.value;
  auto without_default = [&](const std::string& name) {
    return raw.find("${" + name + ":-") == std::string_view::npos && raw.find("${" + name + "-") == std::string_view::npos;
  };
  return std::none_of(x.used.begin(), x.used.end(), is_declared) &&
         std::none_of(x.unset.begin(), x.unset.end(), is_declared) &&
         std::none_of(x.unset.begin(), x.unset.end(), without_default);
}

class Collector {
 public:
  explicit Collector(const model::Project& project) : project_(project) {}

  std::vector<CredentialSetting> run() {
    index_service_values();
    compose_uses();
    env_file_uses();
    env_files();
    compose_literals();
    defaults();
    dockerfiles();
    return std::move(out_);
  }

 private:
  // The environment key each environment or build-argument value node is assigned to.
  void index_service_values() {
    for (const model::ContainerSpec& s : project_.services) {
      for (const model::EnvVar& e : s.environment)
        if (e.value_node) key_of_.emplace(e.value_node, e.name);
      for (const auto& [name, text] : s.build.args)
        if (text.node) key_of_.emplace(text.node, name);
    }
  }

  template <class F>
  void each_interpolated_node(F&& f) const {
    for (const model::ComposeFile& cf : project_.compose_files) {
      if (!cf.document) continue;
      for (const yaml::Node& node : cf.document->arena)
        if (node.interpolation && node.span.valid()) f(node, *node.interpolation);
    }
  }

  void compose_uses() {
    each_interpolated_node([&](const yaml::Node& node, const compose::Interpolation& info) {
      for (const compose::VariableUse& use : info.uses) {
        if (!use.variable || use.used_default || !use.variable->defined_at.valid()) continue;
        EnvUse u{reference_span(node.span, use.name), {}};
        auto key = key_of_.find(&node);
        if (key != key_of_.end() && info.uses.size() == 1 &&
            (node.value == use.variable->value || node.value == key->second + "=" + use.variable->value))
          u.key = key->second;
        auto [it, added] = uses_.try_emplace(location_of(use.variable->defined_at), u);
        if (!added && it->second.key.empty() && !u.key.empty()) it->second.key = u.key;
      }
    });
  }

  // A service's env file that sets a credential to a project variable (`DB_PASSWORD=${PW}`,
  // which Compose fills in from the shell and .env): the variable's value is that credential.
  void env_file_uses() {
    for (const model::EnvSource& src : project_.env_sources) {
      if (src.role != model::EnvSource::Role::kServiceEnvFile || !src.parsed) continue;
      for (const envfile::Entry& e : src.parsed->entries) {
        if (!e.has_value || !e.value_span.valid() || !knowledge::credential_key_kind(e.key)) continue;
        std::string_view raw = e.value_span.text();
        if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') raw = raw.substr(1, raw.size() - 2);
        if (!only_a_reference(raw)) continue;
        const std::string_view name = raw[1] == '{' ? raw.substr(2, raw.size() - 3) : raw.substr(1);
        const compose::Variable* v = project_.environment.find(name);
        if (!v || !v->defined_at.valid()) continue;
        auto [it, added] = uses_.try_emplace(location_of(v->defined_at), EnvUse{e.value_span, e.key});
        if (!added && it->second.key.empty()) it->second.key = e.key;
      }
    }
  }

  void env_files() {
    for (const model::EnvSource& src : project_.env_sources) {
      if (!src.parsed) continue;
      const bool tmpl = knowledge::is_env_example_name(src.absolute);
      for (const envfile::Entry& e : src.parsed->entries) {
        if (!e.has_value || !e.value_span.valid()) continue;
        const std::string_view raw = e.value_span.text();
        // A reference to another variable: its value is judged where that one is set.
        if (!raw.starts_with('\'') && raw.find('$') != std::string_view::npos) continue;
        const EnvUse* use = nullptr;
        if (auto it = uses_.find(location_of(e.value_span)); it != uses_.end()) use = &it->second;
        std::string key = e.key;
        auto kind = knowledge::credential_key_kind(key);
        if (!kind && use && !use->key.empty()) {
          key = use->key;
          kind = knowledge::credential_key_kind(key);
        }
        if (!kind) continue;
        // A single-quoted value is literal: a `$` in it is no reference.
        const auto why = knowledge::why_not_a_secret(e.value);
        if (why && !(raw.starts_with('\'') && *why == knowledge::NotASecret::kInterpolated)) continue;
        CredentialSetting c;
        c.where = Where::kEnvFile;
        c.key = std::move(key);
        c.kind = *kind;
        c.value = e.value;
        c.span = e.value_span;
        if (use) c.used_at = use->at;
        c.in_template = tmpl;
        out_.push_back(std::move(c));
      }
    }
  }

  // `value_literal`: the value is known to be literal although its node used a variable (a
  // list entry whose variables are in the name).
  void add_literal(Where where, const model::ContainerSpec& s, const std::string& key,
                   const std::string& value, const source::Span& span, const yaml::Node* node,
                   bool value_literal = false) {
    const auto kind = knowledge::credential_key_kind(key);
    if (!kind || !span.valid() || !(value_literal || literal(node))) return;
    // A `$` that interpolation left in a YAML value was written `$$`: a literal dollar.
    if (!secret_value(node && node->interpolation ? interpolated_literal(value) : value)) return;
    CredentialSetting c;
    c.where = where;
    c.key = key;
    c.kind = *kind;
    c.value = value;
    c.span = value_part(span, key);
    c.service = &s;
    out_.push_back(std::move(c));
  }

  void compose_literals() {
    for (const model::ContainerSpec& s : project_.services) {
      for (const model::EnvVar& e : s.environment)
        if (e.value)
          add_literal(Where::kComposeLiteral, s, e.name, *e.value, e.value_span, e.value_node,
                      e.literal_value_of_list_entry);
      for (const auto& [name, text] : s.build.args)
        if (text.present && !text.unknown())
          add_literal(Where::kBuildArg, s, name, text.value, text.span, text.node);
    }
  }

  void defaults() {
    each_interpolated_node([&](const yaml::Node& node, const compose::Interpolation& info) {
      const std::string_view raw = node.span.text();
      for (const compose::VariableUse& use : info.uses) {
        if (use.required || use.default_text.empty()) continue;
        const auto range = default_range(raw, use.name);
        if (!range) continue;  // an alternative (`:+`), not a default
        std::string key = use.name;
        auto kind = knowledge::credential_key_kind(key);
        if (!kind) {
          auto it = key_of_.find(&node);
          if (it == key_of_.end()) continue;
          key = it->second;
          kind = knowledge::credential_key_kind(key);
        }
        if (!kind || !secret_value(use.default_text)) continue;
        CredentialSetting c;
        c.where = Where::kDefault;
        c.key = use.name;  // messages name the variable whose default it is
        c.kind = *kind;
        c.value = use.default_text;
        c.span = node.span.file->span(node.span.begin + static_cast<uint32_t>(range->first),
                                      node.span.begin + static_cast<uint32_t>(range->second));
        add_for_holders(std::move(c));
      }
    });
  }

  // A default written in a service belongs to it (and to each service an anchor or `extends`
  // merged it into); one written outside services (an `x-` block) to none.
  void add_for_holders(CredentialSetting c) {
    const std::vector<model::ServiceValue> holders = model::services_at(project_, c.span);
    if (holders.empty()) {
      out_.push_back(std::move(c));
      return;
    }
    for (const model::ServiceValue& h : holders) {
      out_.push_back(c);
      out_.back().service = h.service;
    }
  }

  void dockerfiles() {
    for (const model::DockerfileSource& d : project_.dockerfiles) {
      if (!d.syntax) continue;
      dockerfile::ExpandOptions options;
      options.escape = d.syntax->escape;
      std::unordered_set<std::string> declared;  // names an earlier ARG or ENV may set
      for (const dockerfile::Instruction& outer : d.syntax->instructions) {
        // `ONBUILD ENV` sets it in every image built FROM this one: as stored as a plain ENV.
        const bool onbuild = outer.is(dockerfile::Keyword::kOnbuild) && outer.trigger;
        const dockerfile::Instruction& ins = onbuild ? *outer.trigger : outer;
        if (!ins.is(dockerfile::Keyword::kEnv) && !ins.is(dockerfile::Keyword::kArg)) continue;
        for (const dockerfile::KeyValue& kv : ins.pairs) {
          const std::string key(kv.key.value);
          // Every entry is checked before any is declared: `ENV A=${A:-x}` reads an A set before.
          const bool literal_value = kv.has_value && kv.value.span.valid() && dockerfile_literal(kv, declared, options);
          const auto kind = knowledge::credential_key_kind(key);
          if (!kind || !literal_value) continue;
          const dockerfile::Expansion x = dockerfile::expand(kv.value.value, {}, options);
          // The value is literal: a `$` that quotes or an escape kept in it is no reference to
          // a build variable, but a value that is one reference and nothing else
          // (`'${DB_PASSWORD}'`) is a placeholder the application fills in at run time.
          const auto why = knowledge::why_not_a_secret(x.value);
          if (why && (*why != knowledge::NotASecret::kInterpolated || only_a_reference(x.value))) continue;
          CredentialSetting c;
          c.where = Where::kDockerfile;
          c.key = key;
          c.kind = *kind;
          c.value = x.value;
          c.span = kv.value.span;
          c.instruction = ins.is(dockerfile::Keyword::kEnv) ? "ENV" : "ARG";
          c.onbuild = onbuild;
          out_.push_back(std::move(c));
        }
        for (const dockerfile::KeyValue& kv : ins.pairs) declared.emplace(kv.key.value);
      }
    }
  }

  const model::Project& project_;
  std::unordered_map<const yaml::Node*, std::string> key_of_;
  std::map<Location, EnvUse> uses_;
  std::vector<CredentialSetting> out_;
};

}  // namespace

const std::vector<CredentialSetting>& credential_settings(const model::Project& project) {
  struct Settings {
    std::vector<CredentialSetting> all;
  };
  return project.derived.get<Settings>([&] { return Settings{Collector(project).run()}; }).all;
}

std::string_view where_name(CredentialSetting::Where where) {
  switch (where) {
    case Where::kEnvFile: return "the env file";
    case Where::kComposeLiteral: return "the compose file";
    case Where::kBuildArg: return "the build arguments";
    case Where::kDefault: return "an interpolation default";
    case Where::kDockerfile: return "the Dockerfile";
  }
  return "the file";
}

const knowledge::PasswordPolicy& password_policy(const model::Project& project) {
  static const knowledge::PasswordPolicy kDefaults;
  return project.password_policy ? *project.password_policy : kDefaults;
}

source::Span value_part(const source::Span& span, std::string_view key) {
  if (!span.valid()) return span;
  const std::string_view raw = span.text();
  size_t begin = 0;
  size_t end = raw.size();
  if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
    ++begin;
    if (end > begin && raw[end - 1] == raw.front()) --end;
  }
  const size_t i = begin + key.size();
  if (key.empty() || i >= end || raw.substr(begin, key.size()) != key || raw[i] != '=') return span;
  return span.file->span(span.begin + static_cast<uint32_t>(i + 1), span.begin + static_cast<uint32_t>(end));
}

std::string code(std::string_view name) { return "`" + std::string(name) + "`"; }

}  // namespace clearance::rules::secrets
