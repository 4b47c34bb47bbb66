#include "engine/baseline.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "engine/file_output.h"
#include "report/report.h"
#include "source/read_file.h"

namespace clearance::engine {
namespace {

// A baseline of every finding of a very large tree stays far below this; what is larger is no
// baseline clearance wrote, and reading it would take the memory of the run.
constexpr uint64_t kMaxBaselineSize = 256ull << 20;

using nlohmann::ordered_json;

// A fingerprint's 16 hex digits as the number they spell; nullopt for anything else. By hand
// rather than with std::from_chars, which is four times slower: a large baseline holds a
// hundred thousand of them.
std::optional<uint64_t> hex_fingerprint(std::string_view s) {
  if (s.size() != 16) return std::nullopt;
  uint64_t v = 0;
  for (const char c : s) {
    unsigned digit;
    if (c >= '0' && c <= '9')
      digit = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      digit = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')  // as written by hand
      digit = static_cast<unsigned>(c - 'A' + 10);
    else
      return std::nullopt;
    v = v << 4 | digit;
  }
  return v;
}

}  // namespace

std::optional<Baseline> Baseline::load(const std::string& path, std::vector<std::string>& errors) {
  // As any input: a folder, a FIFO (opened without blocking) or an oversized file is refused
  // with its reason before anything is read.
  const source::ReadResult read = source::read_source_file(path, path, kMaxBaselineSize);
  if (!read.file || read.too_large) {
    errors.push_back(path + ": cannot read the baseline: " + read.error);
    return std::nullopt;
  }
  const std::string_view text = read.file->bytes();
  return parse(text, path, errors);
}

namespace {

// Reads only what a run needs (version, fingerprints, counts) with nlohmann's SAX interface: a
// baseline of a large tree holds a hundred thousand entries, and building the whole document
// first would cost more than checking the tree.
class BaselineSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::optional<int64_t> version;
  bool findings_seen = false;
  std::string problem;
  // Where the problem is: a byte offset for invalid JSON; for an invalid entry, its number
  // (from 1), whose offset is found afterwards (SAX events carry no position).
  std::optional<size_t> error_offset;
  size_t bad_entry = 0;
  std::unordered_map<uint64_t, uint32_t>* counts = nullptr;

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t v) override { return integer(v); }
  bool number_unsigned(number_unsigned_t v) override { return integer(static_cast<int64_t>(std::min<uint64_t>(v, INT64_MAX))); }
  bool number_float(number_float_t, const string_t&) override {
    // A count is a whole number of findings (1.5 and 1e30 are none).
    if (in_entry() && key_ == "count") count_ = 0;
    return scalar();
  }
  bool string(string_t& v) override {
    if (in_entry() && key_ == "fingerprint") fingerprint_ = std::move(v);
    return scalar();
  }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override {
    if (in_findings_array()) {
      fingerprint_.clear();
      count_ = 1;
      ++entry_;
    }
    push(true);
    return true;
  }
  bool end_object() override {
    pop();
    if (in_findings_array()) {
      const std::optional<uint64_t> fp = hex_fingerprint(fingerprint_);
      if (!fp) return fail_entry("has no valid \"fingerprint\"");
      if (count_ == 0) return fail_entry("has an invalid \"count\"");
      (*counts)[*fp] += count_;
    }
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && key_ == "findings") findings_seen = true;
    push(false);
    return true;
  }
  bool end_array() override {
    pop();
    return true;
  }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    if (problem.empty()) {
      problem = "invalid JSON";
      // nlohmann counts the bytes read, the offending one included.
      error_offset = position > 0 ? position - 1 : 0;
    }
    return false;
  }

 private:
  bool fail(std::string why) {
    problem = std::move(why);
    return false;
  }
  bool fail_entry(const std::string& why) {
    bad_entry = entry_;
    return fail("entry " + std::to_string(entry_) + " " + why);
  }
  bool scalar() { return true; }
  bool integer(int64_t v) {
    if (depth_ == 1 && key_ == "clearance_baseline") version = v;
    if (in_entry() && key_ == "count") count_ = v > 0 && v <= UINT32_MAX ? static_cast<uint32_t>(v) : 0;
    return true;
  }
  void push(bool object) {
    stack_.push_back(object ? (depth_ == 1 && key_ == "findings" ? 'F' : 'o') : (depth_ == 1 && key_ == "findings" ? 'A' : 'a'));
    ++depth_;
  }
  void pop() {
    if (!stack_.empty()) stack_.pop_back();
    --depth_;
  }
  // Directly inside the top-level "findings" array.
  bool in_findings_array() const { return depth_ == 2 && stack_.size() == 2 && stack_[1] == 'A'; }
  // Directly inside one entry of it.
  bool in_entry() const { return depth_ == 3 && stack_.size() == 3 && stack_[1] == 'A' && stack_[2] == 'o'; }

  std::string stack_;
  int depth_ = 0;
  std::string key_;
  std::string fingerprint_;
  uint32_t count_ = 1;
  size_t entry_ = 0;
};

// "line:column" (from 1, the column in bytes) of a byte offset, as compilers and the other
// messages of clearance give positions.
std::string line_column(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t line_start = before.rfind('\n');
  const size_t column = offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  return std::to_string(line) + ":" + std::to_string(column);
}

// The offset of the `{` of the n-th entry (from 1) of the top-level "findings" array, found
// by following strings and nesting; the end of the text when there is no such entry. Only
// asked for a baseline that failed, which the SAX parser has already read as valid JSON up to
// that entry.
size_t entry_offset(std::string_view json, size_t n) {
  int depth = 0;
  bool in_string = false;
  size_t string_start = 0;
  std::string_view last_key;  // the last string closed at depth 1
  int findings_depth = -1;    // the depth inside the findings array, once entered
  size_t seen = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') {
        in_string = false;
        if (depth == 1) last_key = json.substr(string_start, i - string_start);
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == '{' || c == '[') {
      if (c == '{' && depth == findings_depth && ++seen == n) return i;
      if (c == '[' && depth == 1 && findings_depth < 0 && last_key == "findings") findings_depth = depth + 1;
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return json.size();
}

// The layout BaselineWriter::json() writes, one entry per line, read without a JSON parser (ten
// times faster on a large baseline). Any other layout, such as a hand-reformatted file, returns
// false and goes through the SAX parser.
bool parse_written_layout(std::string_view json, std::unordered_map<uint64_t, uint32_t>& counts) {
  constexpr std::string_view kHead = "{\n  \"clearance_baseline\": 1,\n  \"findings\": [";
  constexpr std::string_view kEntry = "    {\"fingerprint\":\"";
  constexpr std::string_view kCount = ",\"count\":";
  if (!json.starts_with(kHead)) return false;
  json.remove_prefix(kHead.size());
  if (json == "]\n}\n") return true;
  if (!json.starts_with("\n")) return false;
  json.remove_prefix(1);
  counts.reserve(json.size() / 128);  // entries run to about 200 bytes
  for (;;) {
    const size_t eol = json.find('\n');
    if (eol == std::string_view::npos) return false;
    std::string_view line = json.substr(0, eol);
    json.remove_prefix(eol + 1);
    if (line == "  ]") return json == "}\n" && !counts.empty();
    if (line.ends_with(",")) line.remove_suffix(1);
    if (!line.starts_with(kEntry) || !line.ends_with("}") || line.size() < kEntry.size() + 17) return false;
    const std::optional<uint64_t> fingerprint = hex_fingerprint(line.substr(kEntry.size(), 16));
    if (!fingerprint || line[kEntry.size() + 16] != '"') return false;
    // The count is the last key: digits between `,"count":` and the closing brace. The
    // excerpt before it is escaped JSON, so that key cannot be forged by the text.
    line.remove_suffix(1);
    size_t digits_at = line.size();
    while (digits_at > 0 && line[digits_at - 1] >= '0' && line[digits_at - 1] <= '9') --digits_at;
    if (!line.substr(0, digits_at).ends_with(kCount)) return false;
    const std::string_view digits = line.substr(digits_at);
    uint32_t count = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (ec != std::errc() || end != digits.data() + digits.size() || count == 0) return false;
    counts[*fingerprint] += count;
  }
}

}  // namespace

std::optional<Baseline> Baseline::parse(std::string_view json, const std::string& path, std::vector<std::string>& errors) {
  const auto bad = [&](const std::string& why, std::optional<size_t> at = std::nullopt) {
    errors.push_back(path + (at ? ":" + line_column(json, *at) : "") + ": not a clearance baseline: " + why);
    return std::nullopt;
  };
  Baseline b;
  b.path_ = path;
  if (parse_written_layout(json, b.counts_)) return b;
  b.counts_.clear();
  BaselineSax sax;
  sax.counts = &b.counts_;
  if (!nlohmann::json::sax_parse(json, &sax)) {
    std::optional<size_t> at = sax.error_offset;
    if (sax.bad_entry) at = entry_offset(json, sax.bad_entry);
    return bad(sax.problem.empty() ? "invalid JSON" : sax.problem, at);
  }
  if (!sax.version) return bad("no \"clearance_baseline\" version");
  if (*sax.version != kBaselineVersion)
    return bad("version " + std::to_string(*sax.version) + " (this clearance reads version " +
               std::to_string(kBaselineVersion) + ")");
  if (!sax.findings_seen) return bad("no \"findings\" list");
  return b;
}

uint32_t Baseline::count(std::string_view fingerprint_hex) const {
  const std::optional<uint64_t> v = hex_fingerprint(fingerprint_hex);
  return v ? count(*v) : 0;
}

void BaselineWriter::add(const rules::Finding& f) {
  std::string fp = report::fingerprint(f);
  auto [it, inserted] = by_fingerprint_.try_emplace(fp);
  if (!inserted) {
    ++it->second.count;
    return;
  }
  BaselineEntry& e = it->second;
  e.fingerprint = std::move(fp);
  e.rule_id = f.rule ? std::string(f.rule->id) : "";
  e.file = f.span.file ? f.span.file->path() : "";
  e.service = f.service;
  e.excerpt = report::fingerprint_excerpt(f);
}

std::vector<BaselineEntry> BaselineWriter::entries() const {
  std::vector<BaselineEntry> out;
  out.reserve(by_fingerprint_.size());
  for (const auto& [fp, e] : by_fingerprint_) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.file, a.rule_id, a.service, a.fingerprint) < std::tie(b.file, b.rule_id, b.service, b.fingerprint);
  });
  return out;
}

std::string BaselineWriter::json() const {
  // One entry per line, keys in a fixed order, so that a baseline diffs well in review.
  std::string out = "{\n  \"clearance_baseline\": " + std::to_string(kBaselineVersion) + ",\n  \"findings\": [";
  const std::vector<BaselineEntry> list = entries();
  for (size_t i = 0; i < list.size(); ++i) {
    const BaselineEntry& e = list[i];
    ordered_json j = {{"fingerprint", e.fingerprint}, {"rule_id", e.rule_id}, {"file", e.file},
                      {"service", e.service.empty() ? ordered_json(nullptr) : ordered_json(e.service)},
                      {"excerpt", e.excerpt}, {"count", e.count}};
    out += (i ? ",\n    " : "\n    ") + j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  }
  out += list.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

bool BaselineWriter::write(const std::string& path, std::string& error) const {
  FileOutput out(path);
  if (out.ok()) out.stream() << json();
  if (!out.ok() || !out.commit()) {
    error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace clearance::engine
