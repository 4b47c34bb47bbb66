// The report for people: each finding with its source line underlined, its related locations
// and the rule's advice, then one summary line.
#include <algorithm>
#include <array>
#include <sstream>
#include <string>
#include <string_view>

#include "report/report.h"

namespace clearance::report {
namespace {

using rules::Finding;
using rules::Severity;

constexpr std::array<Severity, 5> kMostSevereFirst = {
    Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow, Severity::kInfo};

// ANSI styling; every helper returns "" when colour is off so call sites stay linear.
class Style {
 public:
  explicit Style(bool on) : on_(on) {}
  std::string_view reset() const { return on_ ? "\x1b[0m" : ""; }
  std::string_view bold() const { return on_ ? "\x1b[1m" : ""; }
  std::string_view gutter() const { return on_ ? "\x1b[34m" : ""; }
  std::string_view help() const { return on_ ? "\x1b[1;36m" : ""; }
  std::string_view severity(Severity s) const {
    if (!on_) return "";
    switch (s) {
      case Severity::kCritical: return "\x1b[1;35m";
      case Severity::kHigh: return "\x1b[1;31m";
      case Severity::kMedium: return "\x1b[33m";
      case Severity::kLow: return "\x1b[36m";
      case Severity::kInfo: return "\x1b[94m";
    }
    return "";
  }

 private:
  bool on_;
};

// Scanned files are untrusted: a control character copied to a terminal could rewrite the
// screen. C0 controls (except tab), DEL and the UTF-8 forms of C1 controls become '?', one
// code point for one, so columns still line up.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      out += '?';
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += '?';
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// Byte offset of 1-based code-point column `column` in `line` (its end when past it).
size_t byte_of_column(std::string_view line, uint32_t column) {
  uint32_t seen = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (!starts_code_point(line[i])) continue;
    if (++seen == column) return i;
  }
  return line.size();
}

std::string location(const source::Span& span) {
  const source::Position start = span.start();
  return printable(span.file->path()) + ":" + std::to_string(start.line) + ":" + std::to_string(start.column);
}

// The source line of the finding, and the code-point columns [first, last) to underline.
struct Excerpt {
  std::string line;
  uint32_t first = 0;  // 0-based
  uint32_t last = 0;
};

// The first `limit` code points of `text`, and the last: each walks only what it keeps.
std::string_view keep_front(std::string_view text, uint32_t limit) {
  return text.substr(0, byte_of_column(text, limit + 1));
}
std::string_view keep_back(std::string_view text, uint32_t limit) {
  size_t i = text.size();
  for (uint32_t kept = 0; i > 0 && kept < limit; ++kept) {
    --i;
    while (i > 0 && !starts_code_point(text[i])) --i;
  }
  return text.substr(i);
}

// A line longer than this many code points is shown as a window around the span (a minified
// file, a flow mapping of every service on one line: each finding would repeat all of it).
// Nothing here walks the whole line: a line of a megabyte may carry thousands of findings.
constexpr uint32_t kLongestExcerpt = 160;
constexpr uint32_t kContextBefore = 40;  // of the window, before the span
constexpr uint32_t kLongestMark = 100;   // of the window, the span itself

bool longer_than(std::string_view line, uint32_t limit) {
  return line.size() > limit && byte_of_column(line, limit + 1) < line.size();
}

Excerpt excerpt_of(const Finding& f, const source::Position& start) {
  const std::string_view line = f.span.file->line_text(start.line);
  // The span's bytes within the line (a span that goes on past it is underlined to its end).
  const auto line_offset = static_cast<uint32_t>(line.data() - f.span.file->bytes().data());
  const auto within = [&](uint32_t offset) {
    return offset <= line_offset ? size_t{0} : std::min<size_t>(offset - line_offset, line.size());
  };
  const size_t begin = within(f.span.begin);
  const size_t end = std::max(begin, within(f.span.end));
  // Other secrets on the line are masked too (two passwords in one flow list, a trailing
  // suppression comment after a password): only the part of a long line that can be shown is
  // looked at, from a little before it so that a key just outside still marks its value.
  const bool long_line = longer_than(line, kLongestExcerpt);
  const size_t scan_from = long_line ? begin - std::min(begin, size_t{4} * kContextBefore + 256) : 0;
  const size_t scan_to = long_line ? std::min(line.size(), end + size_t{4} * kLongestExcerpt + 4) : line.size();
  std::vector<SecretRange> secrets = secret_ranges(line.substr(scan_from, scan_to - scan_from));
  for (SecretRange& r : secrets) r = {r.begin + scan_from, r.end + scan_from};
  std::string marked = f.rule && span_may_hold_secret(*f.rule) && end > begin
                           ? mask_secret(line.substr(begin, end - begin))
                           : mask_ranges(line, begin, end, secrets);
  const std::string before_masked = mask_ranges(line, scan_from, begin, secrets);
  const std::string after_masked = mask_ranges(line, end, scan_to, secrets);
  const std::string_view before = before_masked, after = after_masked;

  Excerpt e;
  if (long_line) {
    const std::string_view kept_mark = keep_front(marked, kLongestMark);
    const bool mark_cut = kept_mark.size() < marked.size();
    const std::string_view kept_before = keep_back(before, kContextBefore);
    const uint32_t room = kLongestExcerpt - kContextBefore - source::count_code_points(kept_mark);
    const std::string_view kept_after = mark_cut ? std::string_view() : keep_front(after, room);
    const std::string lead = kept_before.size() < before.size() ? "..." : "";
    const std::string tail = mark_cut || kept_after.size() < after.size() ? "..." : "";
    e.line = printable(lead + std::string(kept_before) + std::string(kept_mark) + std::string(kept_after) + tail);
    e.first = static_cast<uint32_t>(lead.size()) + source::count_code_points(kept_before);
    e.last = e.first + source::count_code_points(kept_mark);
    return e;
  }
  e.line = printable(std::string(before) + marked + std::string(after));
  e.first = source::count_code_points(before);
  e.last = e.first + source::count_code_points(marked);
  return e;
}

// Spaces under the text before the span, keeping its tabs so the caret lands under the span
// whatever the tab width; then ^ for the first code point and ~ for the rest.
std::string underline(const Excerpt& e) {
  std::string out;
  uint32_t column = 0;
  for (size_t i = 0; i < e.line.size() && column < e.first; ++i) {
    if (!starts_code_point(e.line[i])) continue;
    out += e.line[i] == '\t' ? '\t' : ' ';
    ++column;
  }
  out.append(e.first - column, ' ');  // a span just past the end of the line
  out += '^';
  if (e.last > e.first + 1) out.append(e.last - e.first - 1, '~');
  return out;
}

void write_excerpt(const Finding& f, const Style& style, std::ostream& out) {
  const source::Position start = f.span.start();
  if (!f.span.valid() || start.line == 0) return;
  const Excerpt e = excerpt_of(f, start);
  const std::string number = std::to_string(start.line);
  const std::string pad(number.size(), ' ');
  out << "  " << style.gutter() << number << " |" << style.reset() << ' ' << e.line << '\n';
  out << "  " << style.gutter() << pad << " |" << style.reset() << ' ' << style.severity(f.severity)
      << underline(e) << style.reset() << '\n';
}

void write_finding(const Finding& f, const Style& style, std::ostream& out) {
  const std::string_view id = f.rule ? f.rule->id : "?";
  const std::string_view title = f.rule ? f.rule->title : "";

  out << style.bold() << (f.span.valid() ? location(f.span) + ": " : std::string()) << style.reset()
      << style.severity(f.severity) << rules::to_string(f.severity) << style.reset() << ' '
      << style.bold() << id << style.reset() << ' ' << printable(title) << '\n';
  out << "  " << printable(f.message) << '\n';
  if (f.suppression)
    out << "  suppressed (" << rules::to_string(f.suppression->kind) << ")"
        << (f.suppression->reason.empty() ? std::string() : ": " + printable(f.suppression->reason)) << '\n';
  write_excerpt(f, style, out);
  for (const rules::Related& r : f.related) {
    out << "  related: ";
    if (r.span.valid()) out << location(r.span) << ": ";
    out << printable(r.message) << '\n';
  }
  if (f.rule) {
    const std::string advice = rule_advice(*f.rule);
    if (!advice.empty())
      out << "  " << style.help() << "help:" << style.reset() << ' ' << printable(advice) << '\n';
  }
}

}  // namespace

std::string summary_line(const SeverityCounts& counts) {
  const std::string suppressed =
      counts.suppressed ? " (" + std::to_string(counts.suppressed) + " suppressed)" : std::string();
  if (counts.total == 0) return "No findings" + suppressed + ".";
  std::string line = std::to_string(counts.total) + (counts.total == 1 ? " finding: " : " findings: ");
  bool first = true;
  for (Severity s : kMostSevereFirst) {
    const size_t n = counts.by_severity[static_cast<size_t>(s)];
    if (n == 0) continue;
    if (!first) line += ", ";
    line += std::to_string(n) + " " + std::string(rules::to_string(s));
    first = false;
  }
  return line + suppressed;
}

std::string summary_line(std::span<const Finding> findings) {
  SeverityCounts counts;
  for (const Finding& f : findings) counts.add(f);
  return summary_line(counts);
}

namespace {

class TextWriter final : public FindingWriter {
 public:
  TextWriter(const RunInfo& run, std::ostream& out)
      : style_(run.color), out_(out), show_suppressed_(run.show_suppressed) {}
  void format(const Finding& f, std::string& out) const override {
    if (f.suppression && !show_suppressed_) return;  // counted in the summary only
    std::ostringstream text;
    write_finding(f, style_, text);
    text << '\n';
    out = text.str();
  }
  void write(const Finding& f, std::string_view formatted) override {
    counts_.add(f);
    out_ << formatted;
  }
  void end() override { out_ << style_.bold() << summary_line(counts_) << style_.reset() << '\n'; }

 private:
  Style style_;
  std::ostream& out_;
  bool show_suppressed_;
  SeverityCounts counts_;
};

}  // namespace

std::unique_ptr<FindingWriter> make_text_writer(const RunInfo& run, std::ostream& out) {
  return std::make_unique<TextWriter>(run, out);
}

void write_text(std::span<const Finding> findings, const RunInfo& run, std::ostream& out) {
  auto w = make_text_writer(run, out);
  for (const Finding& f : findings) w->add(f);
  w->end();
}

}  // namespace clearance::report
