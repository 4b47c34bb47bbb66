// CLR605: a `${VAR}` that no environment sets and that has no default: Compose substitutes an
// empty string (and warns), or refuses the project for `${VAR:?message}`. One finding per
// variable and scalar, on the `${...}` itself. A variable declared in the project's env template
// (`.env.example`, ...) is only `info`: the usual workflow keeps `.env` out of git, so a fresh
// checkout has none, and the finding says to copy the template. The templates are the one thing
// this rule reads from disk itself (lazily, only for a project that uses an unset variable).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compose/interpolation.h"
#include "envfile/env_file.h"
#include "model/project.h"
#include "report/report.h"
#include "rules/rule.h"
#include "rules/service_report.h"
#include "source/quote.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Compose documentation: interpolation",
     "https://docs.docker.com/reference/compose-file/interpolation/"},
    {"Compose documentation: set environment variables",
     "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR605",
    .slug = "undefined-variable",
    .title = "Variable set nowhere and without default",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kHygiene,
    .fix = Fixability::kNone,
    .summary =
        "Reports a `${VAR}` or `$VAR` in a compose file that neither the shell environment nor "
        "the env files (`.env`, `--env-file`) set and that has no default, and one in a value of "
        "an env file Compose reads (`.env`, `--env-file`, `env_file:`) that neither the shell nor "
        "an earlier line sets. High for "
        "`${VAR:?message}` and `${VAR?message}`, which make Compose refuse the project. Info "
        "when the variable is declared (or documented in a comment, `# VAR=...`) in an env "
        "template of the project directory or of a parent folder within the scan "
        "(`.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `env.example`, "
        "`env-example`, `template.env`, ...): the template has not been copied to `.env`, "
        "which a fresh checkout lacks by design. Variables in an unused default and in "
        "`${VAR:+alternative}` are not reported.",
    .rationale =
        "Compose replaces an unset variable with an empty string and only warns. An empty "
        "value can change what a container runs with in ways nobody chose: `${BIND}:5432:5432` "
        "becomes `:5432:5432` and publishes on every interface, an empty `user:` falls back to "
        "the image's user (often root), an empty password may mean no password. clearance "
        "treats such a value as unknown and does not guess it, so the settings that use it are "
        "not fully audited either.",
    .example =
        "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"${DB_BIND}:5432:5432\"\n",
    .instead =
        "services:\n  db:\n    image: postgres:16\n    ports:\n      - "
        "\"${DB_BIND:-127.0.0.1}:5432:5432\"\n"
        "\nGive the variable a safe default (`${VAR:-value}`), require it explicitly "
        "(`${VAR:?set VAR in .env}`), or set it in `.env`; keep an `.env.example` that lists "
        "every variable.",
    .fix_safety = "No fix is offered: only the author knows the right value or default.",
    .references = kRefs,
};

// The env templates projects commonly ship instead of a `.env`, in order of preference.
constexpr std::string_view kTemplates[] = {
    ".env.example", ".env.sample",  ".env.template", ".env.dist",  "env.example",  "env-example",
    "env.sample",   "env.template", "example.env",   "sample.env", "template.env",
};
constexpr size_t kMaxTemplateBytes = 1024 * 1024;

struct Template {
  std::string name;  // as shown in messages: the file name, with its folder when not the project's
  std::set<std::string, std::less<>> keys;
};

// `NAME=...` and documented-but-commented `# NAME=...` lines both declare NAME.
void commented_keys(std::string_view bytes, std::set<std::string, std::less<>>& keys) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() != '#') continue;
    line.remove_prefix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.starts_with("export ")) line.remove_prefix(7);
    size_t n = 0;
    while (n < line.size() && (std::isalnum(static_cast<unsigned char>(line[n])) || line[n] == '_'))
      ++n;
    if (n == 0 || n >= line.size() || line[n] != '=' ||
        std::isdigit(static_cast<unsigned char>(line[0])))
      continue;
    keys.emplace(line.substr(0, n));
  }
}

// The env templates of the project directory and of its parents up to the scan root (a compose
// file that another one includes is also checked on its own, from its own folder), with the
// variables they declare. Read only when a project uses an unset variable, which keeps the
// common case free of I/O.
std::vector<Template> read_templates(const model::Project& project) {
  std::vector<Template> out;
  if (project.directory.empty()) return out;
  namespace fs = std::filesystem;
  const fs::path project_dir = fs::path(project.directory).lexically_normal();
  // The scan root: a compose file's absolute path without its path as displayed.
  fs::path root = project_dir;
  if (!project.compose_files.empty() && project.compose_files.front().file) {
    const source::SourceFile& f = *project.compose_files.front().file;
    const std::string& abs = f.absolute_path();
    const std::string& shown = f.path();
    if (!shown.empty() && shown.front() != '/' && abs.size() > shown.size() &&
        abs.ends_with("/" + shown))
      root = fs::path(abs.substr(0, abs.size() - shown.size() - 1)).lexically_normal();
  }
  const std::string root_text = root.string();
  for (fs::path dir = project_dir;; dir = dir.parent_path()) {
    const auto names = project.workspace ? project.workspace->file_names(dir.string()) : nullptr;
    for (std::string_view name : kTemplates) {
      if (names && !std::binary_search(names->begin(), names->end(), name)) continue;
      const fs::path path = dir / name;
      std::error_code ec;
      const auto size = fs::file_size(path, ec);
      if (ec || size > kMaxTemplateBytes) continue;
      std::ifstream in(path, std::ios::binary);
      if (!in) continue;
      std::ostringstream bytes;
      bytes << in.rdbuf();
      const source::SourceFile file(std::string(name), path.string(), bytes.str());
      Template t;
      t.name = dir == project_dir ? std::string(name)
                                  : (dir / name).lexically_relative(project_dir).generic_string();
      for (const envfile::Entry& e : envfile::parse(file).entries) t.keys.insert(e.key);
      commented_keys(file.bytes(), t.keys);
      if (!t.keys.empty()) out.push_back(std::move(t));
    }
    const std::string here = dir.string();
    if (here.size() <= root_text.size() || !here.starts_with(root_text) || dir == dir.parent_path())
      break;
  }
  return out;
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The `${NAME...}` or `$NAME` of `name` inside the scalar as written, or the whole scalar.
source::Span use_span(const source::Span& scalar, std::string_view name) {
  const std::string_view raw = scalar.text();
  if (!scalar.valid() || raw.empty()) return scalar;
  for (size_t at = raw.find('$'); at != std::string_view::npos; at = raw.find('$', at + 1)) {
    if (at > 0 && raw[at - 1] == '$') continue;  // `$$` is a literal dollar
    if (raw.substr(at + 1, 1) == "$") {
      ++at;
      continue;
    }
    size_t end = std::string_view::npos;
    if (raw.substr(at + 1, 1) == "{") {
      const size_t after = at + 2 + name.size();
      if (raw.substr(at + 2, name.size()) != name || after >= raw.size() || name_char(raw[after]))
        continue;
      int depth = 1;
      for (size_t i = after; i < raw.size(); ++i) {
        if (raw[i] == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
          ++depth;
          ++i;
        } else if (raw[i] == '}' && --depth == 0) {
          end = i + 1;
          break;
        }
      }
    } else {
      const size_t after = at + 1 + name.size();
      if (raw.substr(at + 1, name.size()) != name || (after < raw.size() && name_char(raw[after])))
        continue;
      end = after;
    }
    if (end == std::string_view::npos) return scalar;
    return scalar.file->span(scalar.begin + static_cast<uint32_t>(at),
                             scalar.begin + static_cast<uint32_t>(end));
  }
  return scalar;
}

// Where `$NAME` or `${NAME...}` is written inside `span` (an env file's finding points at the
// whole value): [begin, end) in the file and whether it is braced; the span itself when absent.
struct Reference {
  size_t begin = 0, end = 0;
  bool braced = false;
};

Reference reference_in(const source::Span& span, std::string_view name) {
  const std::string_view text = span.text();
  for (size_t at = text.find('$'); at != std::string_view::npos; at = text.find('$', at + 1)) {
    const bool braced = at + 1 < text.size() && text[at + 1] == '{';
    const size_t name_at = at + (braced ? 2 : 1);
    if (text.substr(name_at, name.size()) != name) continue;
    size_t end = name_at + name.size();
    if (braced) {
      const size_t close = text.find('}', end);
      end = close == std::string_view::npos ? text.size() : close + 1;
    }
    return {span.begin + at, span.begin + end, braced};
  }
  return {span.begin, span.end, false};
}

// The variable as a message names it. A `$` inside a password (`Tr0ub4dor$Horse9`) reads as a
// variable to Compose, and its "name" is the rest of the password: when an unbraced reference
// is glued to the text before it inside what looks like a secret on its line, the name is
// masked as the value would be. (`DB_PASSWORD=${DB_PASSWORD}`, `postgres://u:$PW@db` and
// `pre${SUFFIX}` name variables: they are shown.)
std::string shown_name(const source::Span& span, std::string_view name) {
  const std::string quoted = source::quote_excerpt(name);
  if (!span.valid()) return quoted;
  const std::string_view line = span.file->line_text(span.start().line);
  const auto line_begin = static_cast<size_t>(line.data() - span.file->bytes().data());
  const Reference ref = reference_in(span, name);
  if (ref.braced || ref.begin <= line_begin || ref.begin - line_begin > line.size()) return quoted;
  const size_t begin = ref.begin - line_begin;
  const char before = line[begin - 1];
  if (std::string_view(" \t\"'=:{}[](),/-+?").find(before) != std::string_view::npos) return quoted;
  for (const report::SecretRange& r : report::secret_ranges(line))
    if (r.begin < begin && begin < r.end)
      return "\"" + report::mask_secret(name) + "\" (inside a secret value, masked)";
  return quoted;
}

bool refused(const compose::Interpolation& info, std::string_view name) {
  const std::string prefix = "required variable " + std::string(name) + " is missing a value";
  return std::any_of(info.errors.begin(), info.errors.end(),
                     [&](const std::string& e) { return e.rfind(prefix, 0) == 0; });
}

class UndefinedVariable final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    bool templates_read = false;
    std::vector<Template> templates;
    std::vector<std::string_view> seen;  // names already reported for the current scalar
    for (const model::ComposeFile& cf : project.compose_files) {
      if (!cf.document) continue;
      // Every node of the file once (aliases are shared nodes), in the order it was written.
      for (const yaml::Node& node : cf.document->arena) {
        const compose::Interpolation* info = node.interpolation;
        if (!info || !node.span.valid()) continue;
        seen.clear();
        for (const compose::VariableUse& use : info->uses) {
          const bool required = use.required && refused(*info, use.name);
          if (!required) {
            // Set, defaulted, or an alternative (`${VAR:+x}`) that is meant to be optional.
            if (use.variable || use.used_default || use.required || !use.default_text.empty())
              continue;
          }
          if (std::find(seen.begin(), seen.end(), use.name) != seen.end()) continue;
          seen.push_back(use.name);
          if (!templates_read) {
            templates = read_templates(project);
            templates_read = true;
          }
          report(project, out, node, use, required, templates);
        }
      }
    }
    // Values of the env files Compose reads (the project's .env, --env-file, a service's
    // env_file) that use a variable nothing sets before them.
    for (const model::EnvSource& source : project.env_sources) {
      if (source.role == model::EnvSource::Role::kStandalone || !source.parsed) continue;
      for (const envfile::UnsetVariable& unset : source.parsed->unset_variables) {
        if (!templates_read) {
          templates = read_templates(project);
          templates_read = true;
        }
        report_in_env_file(out, unset, templates);
      }
    }
  }

 private:
  static void report_in_env_file(Reporter& out, const envfile::UnsetVariable& unset,
                                 const std::vector<Template>& templates) {
    const Template* declared = nullptr;
    for (const Template& t : templates)
      if (t.keys.count(unset.name)) declared = &t;
    const std::string quoted = shown_name(unset.span, unset.name);
    Finding& f = out.report(unset.span, unset.required
                                            ? "required variable " + quoted + " is not set: Compose refuses to start the project"
                                            : "variable " + quoted + " is not set before this line and has no default: "
                                              "Compose substitutes an empty string");
    f.fingerprint_content = unset.name;
    if (declared)
      f.severity = Severity::kInfo;
    else if (unset.required)
      f.severity = Severity::kHigh;
  }

  static void report(const model::Project& project, Reporter& out, const yaml::Node& node, const compose::VariableUse& use,
                     bool required, const std::vector<Template>& templates) {
    const source::Span at = use_span(node.span, use.name);
    const std::string quoted = shown_name(at, use.name);
    const Template* declared = nullptr;
    for (const Template& t : templates)
      if (t.keys.count(use.name)) {
        declared = &t;
        break;
      }
    std::string message;
    if (required) {
      // `${VAR:?}` refuses an empty value as well as an unset one.
      message = "required variable " + quoted + (use.variable ? " is empty" : " is not set") +
                ": Compose refuses to start the project";
      if (!use.required_message.empty())
        message += " (" + source::quote_excerpt(use.required_message) + ")";
    } else {
      message = "variable " + quoted +
                " is not set and has no default: Compose substitutes an empty string";
    }
    if (declared)
      message += "; " + declared->name + " declares it: copy " + declared->name +
                 " to .env and fill it in";
    report_value(project, out, at, message, [&](Finding& f) {
      f.fingerprint_content = use.name;
      if (declared)
        f.severity = Severity::kInfo;
      else if (required)
        f.severity = Severity::kHigh;
    });
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr605_undefined_variable() {
  return std::make_unique<UndefinedVariable>();
}

}  // namespace clearance::rules
