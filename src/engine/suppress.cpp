#include "engine/suppress.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "yaml/node.h"

#include "model/project.h"
#include "report/report.h"
#include "rules/registry.h"
#include "source/ascii.h"

namespace clearance::engine {
namespace {

using rules::Finding;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view kind_name(Directive::Kind k) {
  switch (k) {
    case Directive::Kind::kIgnore: return "ignore";
    case Directive::Kind::kDisable: return "disable";
    case Directive::Kind::kEnable: return "enable";
    case Directive::Kind::kFileIgnore: return "file-ignore";
  }
  return "ignore";
}

// One rule id of one valid directive, and the lines it covers in its file.
struct Entry {
  std::string_view id;
  const std::string* reason;
  source::Span comment;
  std::string_view form;  // "ignore", "disable", "file-ignore"
  uint32_t from = 0;      // lines [from, to]; 0: covers nothing (an ignore with no line after it)
  uint32_t to = 0;
  bool used = false;
};

struct FileIndex {
  std::unordered_multimap<uint32_t, size_t> by_line;  // ignore: its one line
  std::vector<size_t> ranges;                         // disable blocks and file-ignore
};

bool comment_only_or_blank(std::string_view line) {
  line = trim(line);
  return line.empty() || line.front() == '#';
}

// The line an own-line ignore applies to: the next one that is neither blank nor a comment.
uint32_t next_code_line(const source::SourceFile& file, uint32_t line) {
  const uint32_t last = file.lines().line_count();
  for (uint32_t l = line + 1; l <= last; ++l)
    if (!comment_only_or_blank(file.line_text(l))) return l;
  return 0;
}

// A comment that may hold a `clearance:` directive, from any file format clearance reads.
struct SuppressionComment {
  source::Span span;  // from '#' to the end of the line
  bool own_line = false;
  uint32_t next_instruction_end = 0;  // Dockerfiles: last line of the instruction after it
};

bool mentions_clearance(const source::Span& span) { return span.text().find("clearance:") != std::string_view::npos; }

// Env files: `# ...` lines, and a comment after an unquoted or quoted value (` # ...`).
void env_comments(const model::EnvSource& env, std::vector<SuppressionComment>& out) {
  const source::SourceFile& file = *env.file;
  const std::string_view bytes = file.bytes();
  if (bytes.find("clearance:") == std::string_view::npos) return;
  const uint32_t lines = file.lines().line_count();
  std::vector<uint32_t> value_end(lines + 2, 0);  // per line: where its value ends
  if (env.parsed)
    for (const envfile::Entry& e : env.parsed->entries) {
      if (!e.value_span.valid()) continue;
      const uint32_t line = e.value_span.stop().line;
      if (line <= lines) value_end[line] = e.value_span.end;
    }
  for (uint32_t line = 1; line <= lines; ++line) {
    const uint32_t begin = file.lines().line_start(line);
    const std::string_view text = file.line_text(line);
    const size_t first = text.find_first_not_of(" \t");
    if (first != std::string_view::npos && text[first] == '#') {
      out.push_back({file.span(begin + static_cast<uint32_t>(first), begin + static_cast<uint32_t>(text.size())), true, 0});
      continue;
    }
    if (!value_end[line] || value_end[line] < begin) continue;
    const size_t after = value_end[line] - begin;
    const size_t hash = text.find('#', after);
    if (hash == std::string_view::npos || text.substr(after, hash - after).find_first_not_of(" \t") != std::string_view::npos)
      continue;
    out.push_back({file.span(begin + static_cast<uint32_t>(hash), begin + static_cast<uint32_t>(text.size())), false, 0});
  }
}

// Dockerfiles: comment lines (a Dockerfile has no trailing comments); an ignore before a
// continued instruction covers every line of it, heredoc bodies too.
void dockerfile_comments(const dockerfile::Dockerfile& df, std::vector<SuppressionComment>& out) {
  for (const source::Span& c : df.comments) {
    if (!mentions_clearance(c)) continue;
    SuppressionComment comment{c, true, 0};
    const uint32_t comment_line = c.start().line;
    for (const dockerfile::Instruction& in : df.instructions) {
      if (in.span.start().line <= comment_line) continue;
      comment.next_instruction_end = in.extent.stop().line;  // heredoc bodies included
      break;
    }
    out.push_back(comment);
  }
}

// Every comment of the project's files that mentions "clearance:", file by file, in order.
std::vector<SuppressionComment> suppression_comments(const model::Project& project) {
  std::vector<SuppressionComment> out;
  for (const model::ComposeFile& cf : project.compose_files) {
    if (!cf.document) continue;
    for (const yaml::Comment& comment : cf.document->comments)
      if (mentions_clearance(comment.span)) out.push_back({comment.span, comment.own_line, 0});
  }
  for (const model::DockerfileSource& d : project.dockerfiles)
    if (d.syntax) dockerfile_comments(*d.syntax, out);
  for (const model::EnvSource& e : project.env_sources)
    if (e.file) env_comments(e, out);
  return out;
}

}  // namespace

std::optional<Directive> parse_directive(std::string_view c, bool require_reason) {
  while (!c.empty() && c.front() == '#') c.remove_prefix(1);
  c = trim(c);
  constexpr std::string_view kPrefix = "clearance:";
  if (!c.starts_with(kPrefix)) return std::nullopt;
  c = trim(c.substr(kPrefix.size()));
  Directive d;
  size_t w = 0;
  while (w < c.size() && (std::isalpha(static_cast<unsigned char>(c[w])) || c[w] == '-')) ++w;
  const std::string word = source::ascii_lower(c.substr(0, w));
  if (word == "ignore") d.kind = Directive::Kind::kIgnore;
  else if (word == "disable") d.kind = Directive::Kind::kDisable;
  else if (word == "enable") d.kind = Directive::Kind::kEnable;
  else if (word == "file-ignore") d.kind = Directive::Kind::kFileIgnore;
  else {
    d.problems.push_back("unknown suppression '" + word +
                         "': expected ignore[...], disable[...], enable[...] or file-ignore[...]");
    return d;
  }
  c = trim(c.substr(w));
  if (!c.starts_with("[")) {
    d.problems.push_back("expected the rule ids in brackets after '" + word + "', as " + word + "[CLR101]");
    return d;
  }
  const size_t close = c.find(']');
  if (close == std::string_view::npos) {
    d.problems.push_back("missing ']' after the rule ids");
    return d;
  }
  std::string_view list = c.substr(1, close - 1);
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string id(trim(list.substr(0, comma)));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    for (char& ch : id) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (id.empty()) continue;
    if (!rules::find_rule(id)) d.problems.push_back("unknown rule id '" + id + "' (see `clearance rules`)");
    else if (std::find(d.ids.begin(), d.ids.end(), id) == d.ids.end()) d.ids.push_back(id);
  }
  if (d.ids.empty() && d.problems.empty()) d.problems.push_back("no rule id in " + word + "[...]");
  std::string_view rest = c.substr(close + 1);
  if (const size_t next_comment = rest.find(" # "); next_comment != std::string_view::npos)
    rest = rest.substr(0, next_comment);
  rest = trim(rest);
  if (rest.starts_with("- ") || rest.starts_with(": ")) rest = trim(rest.substr(2));
  d.reason = std::string(rest);
  if (require_reason && d.reason.empty() && d.kind != Directive::Kind::kEnable)
    d.problems.push_back("a reason is required after " + word +
                         "[...] (the configuration sets inline_ignores.require_reason)");
  return d;
}

Suppressor::Suppressor(SuppressOptions options) : options_(std::move(options)) {
  for (const rules::RuleMeta* m : options_.rules_run) run_ids_.insert(m->id);
  clr904_ = selected("CLR904");
  clr905_ = selected("CLR905");
  const Config& c = *options_.config;
  severity_overrides_ = std::any_of(c.rules.begin(), c.rules.end(), [](const RuleSetting& s) { return s.severity; });
  active_ = options_.inline_ignores || severity_overrides_ || !c.excludes.empty() || options_.baseline;
  exclude_used_ = std::make_unique<std::atomic<bool>[]>(c.excludes.size());
}

const rules::RuleMeta* Suppressor::selected(std::string_view id) const {
  for (const rules::RuleMeta* m : options_.rules_run)
    if (m->id == id) return m;
  return nullptr;
}

void Suppressor::apply_inline(const model::Project& project, std::vector<Finding>& findings) const {
  if (options_.inline_ignores) {
    // Directives are rare: only comments that mention "clearance:" are parsed at all.
    std::vector<Directive> directives;  // storage: entries point at reasons in here
    std::vector<SuppressionComment> comments = suppression_comments(project);
    std::vector<const SuppressionComment*> directive_comments;
    for (const SuppressionComment& comment : comments) {
      std::optional<Directive> d = parse_directive(comment.span.text(), options_.config->require_reason);
      if (!d) continue;
      directives.push_back(std::move(*d));
      directive_comments.push_back(&comment);
    }
    if (!directives.empty()) {
      std::vector<Entry> entries;
      std::unordered_map<const source::SourceFile*, FileIndex> index;
      std::vector<std::pair<source::Span, std::string>> invalid;  // CLR905
      // Open disable blocks of the current file: id -> entry.
      std::unordered_map<std::string_view, size_t> open;
      const source::SourceFile* current = nullptr;
      auto close_file = [&] {
        for (const auto& [id, at] : open)
          invalid.emplace_back(entries[at].comment, "disable[" + std::string(id) + "] has no matching enable[" +
                                                        std::string(id) + "] later in the file; it suppresses nothing");
        // An unpaired disable covers nothing.
        for (const auto& [id, at] : open) entries[at].from = entries[at].to = 0, entries[at].used = true;
        open.clear();
      };
      for (size_t k = 0; k < directives.size(); ++k) {
        const Directive& d = directives[k];
        const source::Span& span = directive_comments[k]->span;
        if (span.file != current) {
          close_file();
          current = span.file;
        }
        if (!d.problems.empty()) {
          for (const std::string& p : d.problems) invalid.emplace_back(span, p);
          continue;
        }
        FileIndex& fi = index[span.file];
        const uint32_t line = span.start().line;
        for (const std::string& id : d.ids) {
          Entry e{id, &d.reason, span, kind_name(d.kind), 0, 0, false};
          switch (d.kind) {
            case Directive::Kind::kIgnore: {
              e.from = e.to = directive_comments[k]->own_line ? next_code_line(*span.file, line) : line;
              if (e.from && directive_comments[k]->next_instruction_end > e.from) {
                // A Dockerfile instruction continued over several lines: the whole instruction.
                e.to = directive_comments[k]->next_instruction_end;
                fi.ranges.push_back(entries.size());
              } else if (e.from) {
                fi.by_line.emplace(e.from, entries.size());
              }
              entries.push_back(e);
              break;
            }
            case Directive::Kind::kFileIgnore:
              e.from = 1;
              e.to = UINT32_MAX;
              fi.ranges.push_back(entries.size());
              entries.push_back(e);
              break;
            case Directive::Kind::kDisable:
              if (auto it = open.find(id); it != open.end()) {
                invalid.emplace_back(span, "disable[" + id + "] while " + id + " is already disabled since line " +
                                               std::to_string(entries[it->second].comment.start().line));
                break;
              }
              e.from = line;
              open.emplace(e.id, entries.size());
              fi.ranges.push_back(entries.size());
              entries.push_back(e);
              break;
            case Directive::Kind::kEnable:
              if (auto it = open.find(id); it != open.end()) {
                entries[it->second].to = line;
                open.erase(it);
              } else {
                invalid.emplace_back(span, "enable[" + id + "] without a disable[" + id + "] before it");
              }
              break;
          }
        }
      }
      close_file();

      if (!entries.empty()) {
        for (Finding& f : findings) {
          if (f.suppression || !f.span.valid()) continue;
          auto fi = index.find(f.span.file);
          if (fi == index.end()) continue;
          const uint32_t line = f.span.start().line;
          Entry* hit = nullptr;
          for (auto [it, end] = fi->second.by_line.equal_range(line); it != end && !hit; ++it)
            if (entries[it->second].id == f.rule->id) hit = &entries[it->second];
          for (size_t i = 0; i < fi->second.ranges.size() && !hit; ++i) {
            Entry& e = entries[fi->second.ranges[i]];
            if (e.id == f.rule->id && e.from && e.from <= line && line <= e.to) hit = &e;
          }
          if (!hit) continue;
          hit->used = true;
          f.suppression = rules::Suppression{rules::SuppressionKind::kInline, *hit->reason};
        }
      }

      if (clr905_) {
        rules::Reporter out(*clr905_, options_.production, findings);
        for (auto& [span, message] : invalid) out.report(span, message);
      }
      if (clr904_) {
        rules::Reporter out(*clr904_, options_.production, findings);
        for (const Entry& e : entries) {
          // A rule that did not run cannot have been matched.
          if (e.used || !run_ids_.contains(e.id)) continue;
          out.report(e.comment, std::string(e.form) + "[" + std::string(e.id) + "] suppresses no finding")
              .fingerprint_content = std::string(e.comment.text()) + "\n" + std::string(e.id);
        }
      }
    }
  }

  if (severity_overrides_)
    for (Finding& f : findings)
      if (auto s = options_.config->severity(f.rule->id)) f.severity = *s;
}

void Suppressor::apply_config_and_baseline(std::vector<Finding>& findings) const {
  const Config& c = *options_.config;
  std::vector<const Exclude*> excludes;
  std::vector<size_t> exclude_index;  // into c.excludes, for exclude_used_
  for (size_t i = 0; i < c.excludes.size(); ++i)
    if (!c.excludes[i].expired) {
      excludes.push_back(&c.excludes[i]);
      exclude_index.push_back(i);
    }
  if (excludes.empty() && !options_.baseline) return;

  // Findings come sorted by file: path globs are matched once per file.
  const source::SourceFile* cached_file = nullptr;
  std::vector<char> path_ok(excludes.size(), 0);
  bool first = true;
  std::unordered_map<uint64_t, uint32_t> baseline_used;
  const std::string baseline_reason = options_.baseline ? "in the baseline " + options_.baseline->path() : "";
  for (Finding& f : findings) {
    if (!excludes.empty()) {
      if (first || f.span.file != cached_file) {
        first = false;
        cached_file = f.span.file;
        const std::string_view path = cached_file ? std::string_view(cached_file->path()) : std::string_view();
        for (size_t i = 0; i < excludes.size(); ++i) path_ok[i] = excludes[i]->matches_path(path);
      }
      // An exclude that matches a finding an inline comment already suppressed is used all
      // the same: it is not stale, only redundant there.
      for (size_t i = 0; i < excludes.size(); ++i) {
        const Exclude& x = *excludes[i];
        if (!path_ok[i] || !x.matches_rule(f.rule->id) || (!x.services.empty() && !x.matches_service(f.service)))
          continue;
        std::atomic<bool>& used = exclude_used_[exclude_index[i]];
        if (!used.load(std::memory_order_relaxed)) used.store(true, std::memory_order_relaxed);
        if (!f.suppression) f.suppression = rules::Suppression{rules::SuppressionKind::kConfig, x.reason};
        break;
      }
    }
    if (f.suppression) continue;
    if (options_.baseline) {
      const uint64_t fp = report::fingerprint_value(f);
      f.known_fingerprint = fp;  // the report prints it
      const uint32_t allowed = options_.baseline->count(fp);
      if (allowed == 0) continue;
      uint32_t& used = baseline_used[fp];
      if (used >= allowed) continue;  // more findings like this one than the baseline recorded
      ++used;
      f.suppression = rules::Suppression{rules::SuppressionKind::kBaseline, baseline_reason};
    }
  }
}

void Suppressor::report_expired(std::vector<Finding>& out) const {
  if (!clr904_) return;
  rules::Reporter reporter(*clr904_, options_.production, out);
  for (const Exclude& x : options_.config->excludes) {
    if (!x.expired) continue;
    Finding& f = reporter.report(x.expires_span, "exclude expired on " + x.expires->str() +
                                                     " and no longer applies (reason: " + x.reason + ")");
    f.fingerprint_content = "expired:" + x.reason;
    if (auto s = options_.config->severity(f.rule->id)) f.severity = *s;
  }
}

void Suppressor::report_unused_excludes(std::vector<Finding>& out) const {
  if (!clr904_) return;
  rules::Reporter reporter(*clr904_, options_.production, out);
  const std::vector<Exclude>& excludes = options_.config->excludes;
  for (size_t i = 0; i < excludes.size(); ++i) {
    const Exclude& x = excludes[i];
    if (x.expired || exclude_used_[i].load(std::memory_order_relaxed)) continue;
    // An exclude for rules that did not run (--select, --ignore) had nothing to match.
    if (!std::any_of(options_.rules_run.begin(), options_.rules_run.end(),
                     [&](const rules::RuleMeta* m) { return x.matches_rule(m->id); }))
      continue;
    Finding& f = reporter.report(x.span, "exclude matched no finding: remove it, or fix what it names (reason: " +
                                             x.reason + ")");
    f.fingerprint_content = "unused-exclude:" + x.reason;
    if (auto s = options_.config->severity(f.rule->id)) f.severity = *s;
  }
}

}  // namespace clearance::engine
