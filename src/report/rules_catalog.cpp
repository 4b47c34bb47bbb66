// The rule catalog in every form a reader meets it: `clearance rules`, `clearance explain`, the
// generated docs/rules/ pages (which also become SARIF help), and rules as JSON for tooling.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"
#include "source/ascii.h"

namespace clearance::report {
namespace {

using nlohmann::ordered_json;
using rules::RuleMeta;

constexpr std::string_view kDocsBase =
    "https://github.com/getclearance/clearance/blob/main/docs/rules/";

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Without leading and trailing blank lines (indentation of the first line is kept).
std::string_view trim_lines(std::string_view s) {
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_fence(std::string_view line) { return trim(line).starts_with("```"); }

bool is_instruction(std::string_view line) {
  static constexpr std::string_view kInstructions[] = {
      "FROM", "RUN",    "COPY",    "ADD",         "USER", "ENV",
      "ARG",  "EXPOSE", "WORKDIR", "HEALTHCHECK", "CMD",  "ENTRYPOINT"};
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) return false;
  return std::find(std::begin(kInstructions), std::end(kInstructions), line.substr(0, space)) !=
         std::end(kInstructions);
}

// "Safe: the fix adds ..." is a sentence with a label, not a YAML mapping: a capitalised word
// followed by more text. (YAML keys in examples are lower case or upper snake case.)
bool is_prose_label(std::string_view token, std::string_view rest) {
  if (token.size() < 2 || !std::isupper(static_cast<unsigned char>(token.front()))) return false;
  for (char c : token.substr(1))
    if (!std::islower(static_cast<unsigned char>(c))) return false;
  return !trim(rest).empty();
}

// Rule docs mix prose and code (YAML, Dockerfile, .env) without always fencing the code. A line
// is code when it is indented, a list item, a comment, a `key:` / `KEY=value` token, or starts
// with a Dockerfile instruction.
bool looks_like_code(std::string_view line) {
  if (line.empty()) return false;
  if (line.front() == ' ' || line.front() == '\t' || line.front() == '#') return true;
  if (line.starts_with("- ") || line == "-") return true;
  size_t i = 0;
  while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' ||
                             line[i] == '.' || line[i] == '-'))
    ++i;
  if (i > 0 && i < line.size() && line[i] == ':' && (i + 1 == line.size() || line[i + 1] == ' '))
    return !is_prose_label(line.substr(0, i), line.substr(i + 1));
  if (i > 0 && i < line.size() && line[i] == '=') return true;
  return is_instruction(line);
}

// The language tag for a fenced block of code lines.
std::string_view code_language(const std::vector<std::string_view>& lines) {
  bool all_assignments = true;
  for (std::string_view l : lines) {
    if (is_instruction(l)) return "dockerfile";
    if (l.empty() || l.front() == '#') continue;
    const size_t eq = l.find('=');
    if (eq == std::string_view::npos ||
        l.substr(0, eq).find_first_of(" :") != std::string_view::npos)
      all_assignments = false;
  }
  return all_assignments ? "dotenv" : "yaml";
}

std::string fenced(const std::vector<std::string_view>& code) {
  std::string out = "```" + std::string(code_language(code)) + "\n";
  for (std::string_view l : code) out += std::string(l) + "\n";
  return out + "```\n";
}

// Markdown for a field that is code (`example`): fenced unless already fenced.
std::string code_markdown(std::string_view text) {
  const std::string_view body = trim_lines(text);
  const std::vector<std::string_view> lines = split_lines(body);
  if (std::any_of(lines.begin(), lines.end(), is_fence)) return std::string(body) + "\n";
  return fenced(lines);
}

// Markdown for a field that mixes code and advice (`instead`): already-fenced text is kept as
// written; otherwise runs of code lines are fenced and prose is left as paragraphs.
std::string mixed_markdown(std::string_view text) {
  const std::string_view body = trim_lines(text);
  const std::vector<std::string_view> lines = split_lines(body);
  if (std::any_of(lines.begin(), lines.end(), is_fence)) return std::string(body) + "\n";
  std::string out;
  std::vector<std::string_view> code;
  // Paragraphs and fences are separated by one blank line whichever way round they meet.
  auto separate = [&] {
    if (!out.empty() && !out.ends_with("\n\n")) out += "\n";
  };
  auto flush_code = [&] {
    while (!code.empty() && trim(code.back()).empty()) code.pop_back();
    if (code.empty()) return;
    separate();
    out += fenced(code);
    code.clear();
  };
  for (std::string_view line : lines) {
    // Inside code, a blank line does not end the block (YAML examples have them).
    if (looks_like_code(line) || (!code.empty() && trim(line).empty())) {
      code.push_back(line);
      continue;
    }
    flush_code();
    if (out.ends_with("```\n")) separate();
    out += std::string(line) + "\n";
  }
  flush_code();
  return out;
}

// Markdown for a prose field: written as Markdown already.
std::string prose_markdown(std::string_view text) { return std::string(trim_lines(text)) + "\n"; }

std::string severity_text(const RuleMeta& rule) {
  std::string s(rules::to_string(rule.severity));
  if (rule.production_severity && *rule.production_severity != rule.severity)
    s += " (production: " + std::string(rules::to_string(*rule.production_severity)) + ")";
  return s;
}

std::string enabled_text(const RuleMeta& rule) {
  if (rule.enabled_by_default) return "yes";
  return rule.enabled_in_production ? "in production only" : "no (opt-in)";
}

// Table cells cannot hold '|' or line breaks.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

void write_section(const std::string& heading, const std::string& markdown, std::ostream& out) {
  if (trim_lines(markdown).empty()) return;
  out << "\n" << heading << "\n\n" << markdown;
}

// One rule's Markdown; `level` is the heading depth of its title (1 for its own page).
void write_rule_markdown_at(const RuleMeta& rule, int level, std::ostream& out) {
  const std::string h(level, '#');
  const std::string sub(level + 1, '#');
  out << h << ' ' << rule.id << ": " << rule.title << "\n\n";
  out << "| Slug | Severity | Area | Enabled | Fix |\n|---|---|---|---|---|\n";
  out << "| `" << rule.slug << "` | " << severity_text(rule) << " | " << rules::to_string(rule.area)
      << " | " << enabled_text(rule) << " | " << rules::to_string(rule.fix) << " |\n";
  write_section(sub + " What it does", prose_markdown(rule.summary), out);
  write_section(sub + " Why is this bad", prose_markdown(rule.rationale), out);
  if (!trim_lines(rule.example).empty())
    write_section(sub + " Example", code_markdown(rule.example), out);
  write_section(sub + " Use instead", mixed_markdown(rule.instead), out);
  write_section(sub + " Fix safety", prose_markdown(rule.fix_safety), out);
  if (!rule.references.empty()) {
    out << "\n" << sub << " References\n\n";
    for (const rules::Reference& r : rule.references) {
      if (r.url.empty())
        out << "- " << r.label << "\n";
      else
        out << "- [" << r.label << "](" << r.url << ")\n";
    }
  }
}

// Plain text for a terminal: every line of a field indented under its heading.
void write_text_section(std::string_view heading, std::string_view body, std::ostream& out) {
  if (trim(body).empty()) return;
  out << "\n" << heading << "\n";
  for (std::string_view line : split_lines(trim(body))) {
    if (is_fence(line)) continue;  // fences are Markdown noise on a terminal
    out << (line.empty() ? "" : "  ") << line << "\n";
  }
}

ordered_json rule_to_json(const RuleMeta& rule) {
  ordered_json refs = ordered_json::array();
  for (const rules::Reference& r : rule.references)
    refs.push_back({{"label", r.label}, {"url", r.url}});
  return {
      {"id", rule.id},
      {"slug", rule.slug},
      {"title", rule.title},
      {"severity", rules::to_string(rule.severity)},
      {"production_severity", rule.production_severity
                                  ? ordered_json(rules::to_string(*rule.production_severity))
                                  : ordered_json(nullptr)},
      {"enabled_by_default", rule.enabled_by_default},
      {"enabled_in_production", rule.enabled_in_production},
      {"area", rules::to_string(rule.area)},
      {"fix", rules::to_string(rule.fix)},
      {"summary", rule.summary},
      {"rationale", rule.rationale},
      {"example", rule.example},
      {"instead", rule.instead},
      {"fix_safety", rule.fix_safety},
      {"references", std::move(refs)},
      {"help_uri", rule_help_uri(rule)},
  };
}

}  // namespace

std::string rule_help_uri(const RuleMeta& rule) {
  return std::string(kDocsBase) + std::string(rule.id) + ".md";
}

std::string rule_advice(const RuleMeta& rule) {
  bool in_fence = false;
  for (std::string_view line : split_lines(rule.instead)) {
    if (is_fence(line)) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence || looks_like_code(line) || trim(line).empty()) continue;
    return std::string(trim(line));
  }
  const std::vector<std::string_view> summary = split_lines(trim(rule.summary));
  return summary.empty() ? std::string() : std::string(trim(summary.front()));
}

void write_rules_text(std::span<const RuleMeta* const> rules, std::ostream& out) {
  out << "ID      SEVERITY  TITLE\n";
  for (const RuleMeta* rule : rules) {
    std::string severity(rules::to_string(rule->severity));
    severity.resize(std::max<size_t>(severity.size(), 8), ' ');
    out << rule->id << "  " << severity << "  " << rule->title;
    if (!rule->enabled_by_default)
      out << (rule->enabled_in_production ? " (production only)" : " (off by default)");
    out << '\n';
  }
}

void write_rules_json(std::span<const RuleMeta* const> rules, std::ostream& out) {
  ordered_json list = ordered_json::array();
  for (const RuleMeta* rule : rules) list.push_back(rule_to_json(*rule));
  const ordered_json doc = {{"schema_version", 1}, {"rules", std::move(list)}};
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

void write_rules_markdown(std::span<const RuleMeta* const> rules, std::ostream& out) {
  out << "# Rules\n\n";
  out << "| Rule | Slug | Severity | Area | Fix | Title |\n|---|---|---|---|---|---|\n";
  for (const RuleMeta* rule : rules) {
    out << "| [" << rule->id << "](#" << source::ascii_lower(rule->id) << ") | `" << rule->slug << "` | "
        << cell(severity_text(*rule)) << (rule->enabled_by_default ? "" : ", off by default")
        << " | " << rules::to_string(rule->area) << " | " << rules::to_string(rule->fix) << " | "
        << cell(rule->title) << " |\n";
  }
  for (const RuleMeta* rule : rules) {
    // An explicit anchor: GitHub's heading slugs depend on the title, which may change.
    out << "\n<a id=\"" << source::ascii_lower(rule->id) << "\"></a>\n\n";
    write_rule_markdown_at(*rule, 2, out);
  }
}

void write_rule_markdown(const RuleMeta& rule, std::ostream& out) {
  write_rule_markdown_at(rule, 1, out);
}

void write_rule_explanation(const RuleMeta& rule, std::ostream& out) {
  out << rule.id << " " << rule.slug << ": " << rule.title << "\n";
  out << "severity: " << severity_text(rule) << "   area: " << rules::to_string(rule.area)
      << "   enabled: " << enabled_text(rule) << "   fix: " << rules::to_string(rule.fix) << "\n";
  write_text_section("What it does", rule.summary, out);
  write_text_section("Why is this bad", rule.rationale, out);
  write_text_section("Example", rule.example, out);
  write_text_section("Use instead", rule.instead, out);
  write_text_section("Fix safety", rule.fix_safety, out);
  if (!rule.references.empty()) {
    out << "\nReferences\n";
    for (const rules::Reference& r : rule.references) {
      out << "  - " << r.label;
      if (!r.url.empty()) out << ": " << r.url;
      out << "\n";
    }
  }
  out << "\nDocumentation: " << rule_help_uri(rule) << "\n";
}

}  // namespace clearance::report
