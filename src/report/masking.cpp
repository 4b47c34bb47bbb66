// Secret masking for reports: findings about credentials point at the credential itself, and a
// report (often uploaded to CI or code-scanning services) must not carry it.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/secrets.h"
#include "knowledge/tokens.h"
#include "report/report.h"

namespace clearance::report {
namespace {

// Rules outside the secrets area whose span is a secret-looking value (CLR601/CLR602 point at
// the first assignment of an env file, value included).
constexpr std::string_view kSecretBearingRules[] = {"CLR601", "CLR602", "CLR606"};

// Below this many code points a two-character prefix gives away too much of the value.
constexpr size_t kShortValue = 8;
constexpr size_t kKeptPrefix = 2;
constexpr std::string_view kMaskTail = "******";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Byte length of the first `n` code points of `value` (all of it when shorter).
size_t prefix_bytes(std::string_view value, size_t n) {
  size_t seen = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(value[i]))) continue;
    if (seen == n) return i;
    ++seen;
  }
  return value.size();
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// `${NAME}`, `${NAME:?message}` (a required variable: the message is no value), or `$NAME` in
// the upper case variables are written in (a password such as `$ecret9` is not taken for one).
bool names_a_variable(std::string_view v) {
  const bool braced = v.starts_with("${") && v.ends_with("}");
  if (!braced && !v.starts_with("$")) return false;
  v = braced ? v.substr(2, v.size() - 3) : v.substr(1);
  if (braced) v = v.substr(0, std::min(v.find(":?"), v.find('?')));
  if (v.empty() || (v[0] >= '0' && v[0] <= '9')) return false;
  return std::all_of(v.begin(), v.end(), [&](char c) {
    const bool upper_or_digit = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return upper_or_digit || (braced && c >= 'a' && c <= 'z');
  });
}

bool shown_harmlessly(std::string_view value) {
  const std::optional<knowledge::NotASecret> why = knowledge::why_not_a_secret(value);
  if (!why) return false;
  // A reference shows nothing; one with a default (`${VAR:-hunter2}`) shows the default.
  return *why != knowledge::NotASecret::kInterpolated || names_a_variable(value);
}

// Where the value after `at` (just past a `=` or `:` separator) ends: a quoted value at its
// closing quote (the end of the line when there is none: an env file's unterminated quote);
// a plain one at a comment, and inside a flow collection (`in_flow`) also at a comma or a
// closing bracket. Plain values may hold blanks (`KEY=two words`, `key: two words`).
std::pair<size_t, size_t> value_after(std::string_view line, size_t at, bool in_flow, bool blank_ends = false) {
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  if (at < line.size() && (line[at] == '"' || line[at] == '\'')) {
    const char quote = line[at];
    size_t end = at + 1;
    while (end < line.size() && line[end] != quote) end += line[end] == '\\' && quote == '"' ? 2 : 1;
    if (end >= line.size()) return {at + 1, line.size()};
    // Text glued to the closing quote (`"pa"ss"word`, a quote inside the value) is part of it.
    size_t glued = end + 1;
    while (glued < line.size() && line[glued] != ' ' && line[glued] != '\t' && line[glued] != ',' &&
           line[glued] != ']' && line[glued] != '}' && line[glued] != '#')
      ++glued;
    return {at + 1, glued > end + 1 ? glued : end};
  }
  size_t end = at;
  while (end < line.size()) {
    const char c = line[end];
    if (c == '#' && end > at && (line[end - 1] == ' ' || line[end - 1] == '\t')) break;
    if (in_flow && (c == ',' || c == ']' || c == '}')) break;
    if (blank_ends && (c == ' ' || c == '\t')) break;
    ++end;
  }
  while (end > at && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) --end;
  // A Dockerfile line continued with ` \`: the escape is no part of the value.
  if (end > at + 1 && line[end - 1] == '\\' && (line[end - 2] == ' ' || line[end - 2] == '\t')) {
    --end;
    while (end > at && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  }
  return {at, end};
}

// Whether only blanks, or `export ` (an env file), or `ENV ` (a Dockerfile's `ENV KEY value`
// form, any case) come before `at`.
bool starts_line(std::string_view line, size_t at) {
  std::string_view lead = line.substr(0, at);
  while (!lead.empty() && (lead.back() == ' ' || lead.back() == '\t')) lead.remove_suffix(1);
  if (lead.ends_with("export")) {
    lead.remove_suffix(6);
  } else if (lead.size() >= 3 && lead.size() < at) {
    const std::string_view word = lead.substr(lead.size() - 3);
    const auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); };
    if (lower(word[0]) == 'e' && lower(word[1]) == 'n' && lower(word[2]) == 'v') lead.remove_suffix(3);
  }
  return lead.find_first_not_of(" \t") == std::string_view::npos;
}

// A Dockerfile `ENV`, `ARG` or `LABEL` line (any case): its `KEY=value` pairs are separated
// by blanks, so a plain value ends at one (`ENV A_TOKEN=x B_TOKEN=y`).
bool blank_separated_pairs(std::string_view line) {
  const size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos || line.size() < start + 4) return false;
  std::string word(line.substr(start, 3));
  for (char& c : word) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
  const bool keyword = word == "ENV" || word == "ARG" || (word == "LAB" && line.size() >= start + 6 &&
                                                          (line.substr(start + 3, 2) == "EL" || line.substr(start + 3, 2) == "el"));
  const size_t after = start + (word == "LAB" ? 5 : 3);
  return keyword && after < line.size() && (line[after] == ' ' || line[after] == '\t');
}

// `KEY=value`, `KEY: value`, `"KEY": "value"` with a credential name.
void credential_assignments(std::string_view line, std::vector<SecretRange>& out) {
  const bool blank_ends = blank_separated_pairs(line);
  for (size_t i = 0; i < line.size();) {
    if (!is_key_char(line[i]) || (i > 0 && is_key_char(line[i - 1]))) {
      ++i;
      continue;
    }
    size_t key_end = i;
    while (key_end < line.size() && is_key_char(line[key_end])) ++key_end;
    const std::string_view key = line.substr(i, key_end - i);
    size_t sep = key_end;
    if (sep < line.size() && (line[sep] == '"' || line[sep] == '\'')) ++sep;
    // A broken env line (`DB_PASSWORD?=...`, `KEY!=...`) still assigns what follows the `=`.
    for (size_t junk = 0; junk < 2 && sep < line.size() && std::string_view("?!+*").find(line[sep]) != std::string_view::npos; ++junk)
      if (sep + 1 < line.size() && line[sep + 1] == '=') ++sep;
    while (sep < line.size() && line[sep] == ' ') ++sep;
    const bool assigns = sep < line.size() && (line[sep] == '=' || (line[sep] == ':' && (sep + 1 == line.size() || line[sep + 1] == ' ')));
    // An env file's broken `DB_PASSWORD hunter2` line: a credential name first on the line,
    // then a blank and more text.
    const bool spaced_value = !assigns && key_end < line.size() && (line[key_end] == ' ' || line[key_end] == '\t') &&
                              starts_line(line, i);
    if (spaced_value && knowledge::is_credential_key(key)) {
      const auto [begin, end] = value_after(line, key_end, false);
      if (end > begin) out.push_back({begin, end});
      i = end;
      continue;
    }
    if (assigns && knowledge::is_credential_key(key)) {
      const bool in_flow = line.substr(0, i).find_first_of("[{") != std::string_view::npos;
      const auto [begin, end] = value_after(line, sep + 1, in_flow, blank_ends);
      if (end > begin && !shown_harmlessly(line.substr(begin, end - begin))) out.push_back({begin, end});
      i = std::max(end, key_end);
      continue;
    }
    i = key_end;
  }
}

// `${PREFIX}_PASSWORD=value`, `${KEY}=value`: Compose interpolates a list entry whole, so a
// name built from variables may be a credential's; its value is masked as one.
void interpolated_name_assignments(std::string_view line, std::vector<SecretRange>& out) {
  for (size_t eq = line.find('='); eq != std::string_view::npos; eq = line.find('=', eq + 1)) {
    size_t begin = eq;
    while (begin > 0 && (is_key_char(line[begin - 1]) || line[begin - 1] == '$' || line[begin - 1] == '{' ||
                         line[begin - 1] == '}'))
      --begin;
    const std::string_view name = line.substr(begin, eq - begin);
    if (name.find("${") == std::string_view::npos || name.back() == '{') continue;
    const bool in_flow = line.substr(0, begin).find_first_of("[{") != std::string_view::npos;
    const auto [value_begin, value_end] = value_after(line, eq + 1, in_flow);
    if (value_end > value_begin && !shown_harmlessly(line.substr(value_begin, value_end - value_begin)))
      out.push_back({value_begin, value_end});
  }
}

// `curl -u user:password`, `--user user:password`, `--user=user:password`, `wget
// --password=...` on a command line: the password.
void command_line_passwords(std::string_view line, std::vector<SecretRange>& out) {
  constexpr std::string_view kUserOptions[] = {" -u ", " --user ", " --user=", " -u\t", " --proxy-user ",
                                               " --proxy-user="};
  for (const std::string_view option : kUserOptions) {
    for (size_t at = line.find(option); at != std::string_view::npos; at = line.find(option, at + 1)) {
      size_t begin = at + option.size();
      while (begin < line.size() && (line[begin] == ' ' || line[begin] == '\t')) ++begin;
      if (begin < line.size() && (line[begin] == '"' || line[begin] == '\'')) ++begin;
      size_t end = begin;
      while (end < line.size() && line[end] != ' ' && line[end] != '\t' && line[end] != '"' && line[end] != '\'') ++end;
      const size_t colon = line.find(':', begin);
      if (colon == std::string_view::npos || colon + 1 >= end) continue;
      const std::string_view password = line.substr(colon + 1, end - colon - 1);
      if (!shown_harmlessly(password)) out.push_back({colon + 1, end});
    }
  }
  for (const std::string_view option : {std::string_view("--password="), std::string_view("--passwd=")}) {
    for (size_t at = line.find(option); at != std::string_view::npos; at = line.find(option, at + 1)) {
      const auto [begin, end] = value_after(line, at + option.size(), false, true);
      if (end > begin && !shown_harmlessly(line.substr(begin, end - begin))) out.push_back({begin, end});
    }
  }
}

}  // namespace

std::vector<SecretRange> secret_ranges(std::string_view line) {
  std::vector<SecretRange> out;
  credential_assignments(line, out);
  if (line.find(" -u") != std::string_view::npos || line.find("--user") != std::string_view::npos ||
      line.find("--pass") != std::string_view::npos || line.find("--proxy-user") != std::string_view::npos)
    command_line_passwords(line, out);
  if (line.find("}=") != std::string_view::npos || line.find("${") != std::string_view::npos)
    interpolated_name_assignments(line, out);
  for (const knowledge::UrlCredential& u : knowledge::find_url_credentials(line))
    if (!shown_harmlessly(u.password(line))) out.push_back({u.password_begin, u.password_end});
  for (const knowledge::TokenMatch& t : knowledge::find_tokens(line)) out.push_back({t.begin, t.end});
  std::sort(out.begin(), out.end(), [](const SecretRange& a, const SecretRange& b) { return a.begin < b.begin; });
  return out;
}

std::string mask_ranges(std::string_view line, size_t from, size_t to, const std::vector<SecretRange>& ranges) {
  std::string out;
  size_t at = from;
  for (const SecretRange& r : ranges) {
    const size_t b = std::max(r.begin, at), e = std::min(r.end, to);
    if (b >= e) continue;
    out.append(line.substr(at, b - at));
    // The start of a secret keeps its short prefix; a piece of one cut by the excerpt's
    // segments shows nothing of it.
    out += b == r.begin ? mask_secret(line.substr(r.begin, r.end - r.begin)) : std::string(kMaskTail);
    at = e;
  }
  if (at < to) out.append(line.substr(at, to - at));
  return out;
}

// Rules of the secrets area whose span is a file name, never a value.
constexpr std::string_view kPathRules[] = {"CLR509"};

bool span_may_hold_secret(const rules::RuleMeta& rule) {
  for (std::string_view id : kPathRules)
    if (rule.id == id) return false;
  if (rule.area == rules::Area::kSecrets) return true;
  for (std::string_view id : kSecretBearingRules)
    if (rule.id == id) return true;
  return false;
}

std::string mask_secret(std::string_view value) {
  // `${DB_PASSWORD}` names a variable, not a value: shown as written, so the reader sees which.
  if (names_a_variable(value)) return std::string(value);
  const size_t code_points = source::count_code_points(value);
  const size_t kept = code_points >= kShortValue ? kKeptPrefix : 0;
  std::string out(value.substr(0, prefix_bytes(value, kept)));
  out += kMaskTail;
  return out;
}

}  // namespace clearance::report
