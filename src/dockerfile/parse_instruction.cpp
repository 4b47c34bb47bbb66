#include "dockerfile/parse_instruction.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "dockerfile/expand.h"
#include "dockerfile/json_array.h"
#include "dockerfile/runes.h"
#include "source/ascii.h"
#include "source/quote.h"

// One instruction's logical line, read as BuildKit reads it: splitCommand (keyword, then
// `--flags` with their own quoting), the per-keyword line parsers (whitespace lists, parseWords,
// JSON arrays, ENV's two forms, HEALTHCHECK's type), then the checks of the instructions
// package (argument counts, known flags, flag values), which become Problems.
namespace clearance::dockerfile::detail {

namespace {

// Real instructions have a handful of flags and at most a few hundred words; these bound what a
// hostile line can make (they are reported as limit problems).
constexpr size_t kMaxFlags = 1000;
constexpr size_t kMaxWords = 100000;
constexpr size_t kMaxProblems = 100;

enum class FlagType : uint8_t { kString, kStrings, kBool };

struct FlagSpec {
  std::string_view name;
  FlagType type;
};

// Flags each instruction declares in BuildKit's current Dockerfile frontend, labs channel
// included (a Dockerfile written for `docker/dockerfile:1-labs` is not wrong for using them).
constexpr FlagSpec kAddFlags[] = {
    {"chown", FlagType::kString},    {"chmod", FlagType::kString},
    {"link", FlagType::kBool},       {"keep-git-dir", FlagType::kBool},
    {"checksum", FlagType::kString}, {"exclude", FlagType::kStrings},
    {"unpack", FlagType::kBool}};
constexpr FlagSpec kCopyFlags[] = {{"chown", FlagType::kString}, {"from", FlagType::kString},
                                   {"chmod", FlagType::kString}, {"link", FlagType::kBool},
                                   {"parents", FlagType::kBool}, {"exclude", FlagType::kStrings}};
constexpr FlagSpec kFromFlags[] = {{"platform", FlagType::kString}};
constexpr FlagSpec kRunFlags[] = {{"mount", FlagType::kStrings},
                                  {"network", FlagType::kString},
                                  {"security", FlagType::kString},
                                  {"device", FlagType::kStrings}};
constexpr FlagSpec kHealthcheckFlags[] = {{"interval", FlagType::kString},
                                          {"timeout", FlagType::kString},
                                          {"start-period", FlagType::kString},
                                          {"start-interval", FlagType::kString},
                                          {"retries", FlagType::kString}};

std::span<const FlagSpec> flag_specs(Keyword k) {
  switch (k) {
    case Keyword::kAdd:
      return kAddFlags;
    case Keyword::kCopy:
      return kCopyFlags;
    case Keyword::kFrom:
      return kFromFlags;
    case Keyword::kRun:
      return kRunFlags;
    case Keyword::kHealthcheck:
      return kHealthcheckFlags;
    default:
      return {};
  }
}

struct KeywordName {
  std::string_view name;
  Keyword keyword;
};

constexpr KeywordName kKeywords[] = {
    {"ADD", Keyword::kAdd},
    {"ARG", Keyword::kArg},
    {"CMD", Keyword::kCmd},
    {"COPY", Keyword::kCopy},
    {"ENTRYPOINT", Keyword::kEntrypoint},
    {"ENV", Keyword::kEnv},
    {"EXPOSE", Keyword::kExpose},
    {"FROM", Keyword::kFrom},
    {"HEALTHCHECK", Keyword::kHealthcheck},
    {"LABEL", Keyword::kLabel},
    {"MAINTAINER", Keyword::kMaintainer},
    {"ONBUILD", Keyword::kOnbuild},
    {"RUN", Keyword::kRun},
    {"SHELL", Keyword::kShell},
    {"STOPSIGNAL", Keyword::kStopsignal},
    {"USER", Keyword::kUser},
    {"VOLUME", Keyword::kVolume},
    {"WORKDIR", Keyword::kWorkdir},
};

char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// `upper` is the word upper-cased.
Keyword keyword_from(std::string_view upper) {
  if (upper.size() < 3 || upper.size() > 11) return Keyword::kUnknown;
  for (const KeywordName& k : kKeywords)
    if (k.name.size() == upper.size() && k.name[0] == upper[0] && k.name == upper) return k.keyword;
  return Keyword::kUnknown;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Go's time.ParseDuration; returns nanoseconds or an error message.
std::optional<double> parse_go_duration(std::string_view s, std::string& error) {
  const std::string quoted = "\"" + std::string(s) + "\"";
  auto invalid = [&] {
    error = "time: invalid duration " + quoted;
    return std::nullopt;
  };
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0.0;
  if (s.empty()) return invalid();
  double total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) return invalid();
    size_t i = 0;
    double value = 0;
    while (i < s.size() && is_digit(s[i])) value = value * 10 + (s[i++] - '0');
    const bool integer = i > 0;
    bool fraction = false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      double scale = 0.1;
      while (i < s.size() && is_digit(s[i])) {
        value += (s[i++] - '0') * scale;
        scale /= 10;
        fraction = true;
      }
    }
    if (!integer && !fraction) return invalid();
    const size_t unit_begin = i;
    while (i < s.size() && s[i] != '.' && !is_digit(s[i])) ++i;
    const std::string_view unit = s.substr(unit_begin, i - unit_begin);
    if (unit.empty()) {
      error = "time: missing unit in duration " + quoted;
      return std::nullopt;
    }
    double scale = 0;
    if (unit == "ns")
      scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
      scale = 1e3;
    else if (unit == "ms")
      scale = 1e6;
    else if (unit == "s")
      scale = 1e9;
    else if (unit == "m")
      scale = 60e9;
    else if (unit == "h")
      scale = 3600e9;
    else {
      error = "time: unknown unit \"" + std::string(unit) + "\" in duration " + quoted;
      return std::nullopt;
    }
    total += value * scale;
    if (total > 9.223372036854775807e18) return invalid();
    s.remove_prefix(i);
  }
  return negative ? -total : total;
}

class InstructionParser {
 public:
  InstructionParser(Instruction& ins, const InstructionContext& context)
      : ins_(ins), context_(context), t_(ins.text.str()) {}

  Instruction* run() {
    const size_t a = skip_go_space(t_, 0, t_.size());
    const size_t b = trim_go_space_right(t_, a, t_.size());
    size_t k = a;
    while (k < b && !is_split_space(t_[k])) ++k;
    keyword(a, k);
    size_t args_begin = b;
    if (k < b) {
      size_t r = k;
      while (r < b && is_split_space(t_[r])) ++r;
      args_begin = flags(r, b);
    }
    // The flag reader already skipped whitespace byte by byte; what is left here is ASCII
    // whitespace after `--`. A Unicode space (U+00A0 ...) stays: BuildKit keeps it in the
    // arguments, and only the JSON reader skips it (parseJSON's strings.TrimLeftFunc).
    while (args_begin < b && static_cast<unsigned char>(t_[args_begin]) < 0x80 &&
           is_go_space(static_cast<unsigned char>(t_[args_begin])))
      ++args_begin;
    args_b_ = args_begin;
    args_e_ = std::max(args_begin, b);
    ins_.args = ins_.text.substr(args_b_, args_e_);
    if (ins_.args.empty()) ins_.args = ins_.text.substr(b, b);
    arguments();
    if (owned_) ins_.owned_strings = owned_;
    return heredoc_target_;
  }

 private:
  Span span(size_t b, size_t e) { return ins_.text.span_of(b, e, context_.cursor); }
  // The start of `a` to the end of `b`.
  static Span join(const Span& a, const Span& b) {
    Span s = a;
    s.end = std::max(a.end, b.end);
    return s;
  }

  void problem(ProblemKind kind, size_t b, size_t e, std::string message) {
    add_problem({kind, span(b, e), std::move(message)});
  }
  // Every problem goes through here: a hostile line must not become millions of them.
  void add_problem(Problem p) {
    if (ins_.problems.size() > kMaxProblems) return;
    if (ins_.problems.size() == kMaxProblems) {
      p.kind = ProblemKind::kLimit;
      p.message =
          "more than " + std::to_string(kMaxProblems) + " problems: the rest are not listed";
    }
    ins_.problems.push_back(std::move(p));
  }
  // Whether another word fits; a hostile line must not become millions of them.
  bool room_for_word(size_t at) {
    if (ins_.words.size() < kMaxWords) return true;
    if (!words_limited_) {
      words_limited_ = true;
      problem(ProblemKind::kLimit, at, at,
              "more than " + std::to_string(kMaxWords) + " arguments: the rest are not read");
    }
    return false;
  }
  void error(size_t b, size_t e, std::string message) {
    problem(ProblemKind::kError, b, e, std::move(message));
  }
  // An argument-count error: on the arguments, or on the keyword when there are none.
  void arity_error(std::string message) {
    if (args_e_ > args_b_) {
      error(args_b_, args_e_, std::move(message));
    } else {
      add_problem({ProblemKind::kError, ins_.keyword_span, std::move(message)});
    }
  }

  std::string_view own(std::string s) {
    if (!owned_) owned_ = std::make_shared<std::deque<std::string>>();
    owned_->push_back(std::move(s));
    return owned_->back();
  }

  Word word(size_t b, size_t e) {
    Word w;
    w.value = t_.substr(b, e - b);
    w.span = span(b, e);
    w.begin = static_cast<uint32_t>(b);
    w.end = static_cast<uint32_t>(e);
    return w;
  }

  void keyword(size_t a, size_t k) {
    const std::string_view kw = t_.substr(a, k - a);
    ins_.name.resize(kw.size());
    std::transform(kw.begin(), kw.end(), ins_.name.begin(), ascii_upper);
    ins_.keyword = keyword_from(ins_.name);
    ins_.keyword_span = span(a, k);
  }

  // BuildKit's extractBuilderFlags over [from, to): `--name[=value]` words with quotes and
  // backslash escapes, byte by byte; returns where the arguments start.
  size_t flags(size_t from, size_t to) {
    size_t pos = from;
    for (;;) {
      while (pos < to && is_go_space_byte(static_cast<unsigned char>(t_[pos]))) ++pos;
      if (pos >= to) return to;
      if (!(t_[pos] == '-' && pos + 1 < to && t_[pos + 1] == '-')) return pos;
      const size_t begin = pos;
      std::string decoded;
      size_t eq_raw = std::string::npos;
      size_t eq_decoded = std::string::npos;
      char quote = 0;
      while (pos < to) {
        char c = t_[pos];
        if (quote == 0 && is_go_space_byte(static_cast<unsigned char>(c))) break;
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
          ++pos;
          continue;
        }
        if (quote != 0 && c == quote) {
          quote = 0;
          ++pos;
          continue;
        }
        if (c == '\\') {
          if (pos + 1 == to) {  // a backslash at the very end is dropped
            quote = 0;
            ++pos;
            continue;
          }
          c = t_[++pos];
        } else if (c == '=' && eq_decoded == std::string::npos) {
          eq_raw = pos;
          eq_decoded = decoded.size();
        }
        decoded += c;
        ++pos;
      }
      if (decoded == "--") return pos;  // `--` ends the flags (and is not one)
      if (ins_.flags.size() >= kMaxFlags) {
        problem(
            ProblemKind::kLimit, begin, to,
            "more than " + std::to_string(kMaxFlags) + " flags: the rest of the line is not read");
        return to;
      }
      add_flag(begin, pos, decoded, eq_raw, eq_decoded);
    }
  }

  void add_flag(size_t begin, size_t end, const std::string& decoded, size_t eq_raw,
                size_t eq_decoded) {
    Flag f;
    const bool has_value = eq_decoded != std::string::npos;
    const size_t name_end_raw = has_value ? eq_raw : end;
    const std::string_view raw_name = t_.substr(begin + 2, name_end_raw - begin - 2);
    const std::string_view decoded_name =
        std::string_view(decoded).substr(2, (has_value ? eq_decoded : decoded.size()) - 2);
    f.name = raw_name == decoded_name ? raw_name : own(std::string(decoded_name));
    f.has_value = has_value;
    const Span dashes = span(begin, begin + 2);
    f.name_span = span(begin + 2, name_end_raw);
    if (has_value) {
      const std::string_view raw_value = t_.substr(eq_raw + 1, end - eq_raw - 1);
      const std::string_view decoded_value = std::string_view(decoded).substr(eq_decoded + 1);
      f.value_verbatim = raw_value == decoded_value;
      f.value = f.value_verbatim ? raw_value : own(std::string(decoded_value));
      f.value_begin = static_cast<uint32_t>(eq_raw + 1);
      f.value_span = span(eq_raw + 1, end);
    } else {
      f.value_begin = static_cast<uint32_t>(end);
      f.value_span = span(end, end);
    }
    f.span = join(dashes, f.value_span);
    ins_.flags.push_back(std::move(f));
  }

  // BuildKit's BFlags.Parse for the instruction's declared flags.
  void check_flags() {
    const std::span<const FlagSpec> specs = flag_specs(ins_.keyword);
    for (size_t i = 0; i < ins_.flags.size(); ++i) {
      Flag& f = ins_.flags[i];
      const auto spec = std::find_if(specs.begin(), specs.end(),
                                     [&](const FlagSpec& s) { return s.name == f.name; });
      if (spec == specs.end()) {
        f.known = false;
        add_problem({ProblemKind::kError, f.span, "unknown flag: " + std::string(f.name)});
        continue;
      }
      if (spec->type != FlagType::kStrings) {
        for (size_t j = 0; j < i; ++j) {
          if (ins_.flags[j].name == f.name) {
            add_problem(
                {ProblemKind::kError, f.span, "duplicate flag specified: " + std::string(f.name)});
            break;
          }
        }
      }
      check_flag_value(f, spec->type);
    }
  }

  void check_flag_value(const Flag& f, FlagType type) {
    const std::string name(f.name);
    if (type == FlagType::kBool) {
      if (f.has_value && f.value.empty()) {
        add_problem({ProblemKind::kError, f.span, "missing a value on flag: " + name});
        return;
      }
      const std::string v = source::ascii_lower(f.value);
      if (v != "true" && v != "false" && !v.empty())
        add_problem(
            {ProblemKind::kError, f.value_span,
             "expecting boolean value for flag " + name + ", not: " + std::string(f.value)});
      return;
    }
    if (!f.has_value)
      add_problem({ProblemKind::kError, f.span, "missing a value on flag: " + name});
  }

  // HEALTHCHECK's --interval, --timeout, --start-period, --start-interval and --retries.
  void check_healthcheck_values() {
    for (const Flag& f : ins_.flags) {
      if (!f.known || f.value.empty()) continue;
      if (f.name == "retries") {
        check_retries(f);
        continue;
      }
      std::string message;
      const std::optional<double> ns = parse_go_duration(f.value, message);
      if (!ns) {
        add_problem({ProblemKind::kError, f.value_span, message});
      } else if (*ns != 0 && *ns < 1e6) {
        add_problem({ProblemKind::kError, f.value_span,
                     "Interval \"" + std::string(f.name) + "\" cannot be less than 1ms"});
      }
    }
  }

  void check_retries(const Flag& f) {
    std::string_view v = f.value;
    const bool negative = !v.empty() && v[0] == '-';
    if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
    while (v.size() > 1 && v[0] == '0') v.remove_prefix(1);
    const bool digits = !v.empty() && std::all_of(v.begin(), v.end(), is_digit);
    const std::string quoted = "\"" + std::string(f.value) + "\"";
    if (!digits) {
      add_problem({ProblemKind::kError, f.value_span,
                   "strconv.ParseInt: parsing " + quoted + ": invalid syntax"});
    } else if (v.size() > 10 ||
               std::stoll(std::string(v)) > (negative ? 2147483648LL : 2147483647LL)) {
      add_problem({ProblemKind::kError, f.value_span,
                   "strconv.ParseInt: parsing " + quoted + ": value out of range"});
    } else if (negative && std::stoll(std::string(v)) != 0) {
      add_problem({ProblemKind::kError, f.value_span,
                   "--retries cannot be negative (" + std::string(f.value) + ")"});
    }
  }

  void arguments() {
    switch (ins_.keyword) {
      case Keyword::kFrom:
        whitespace_list();
        check_from();
        break;
      case Keyword::kExpose:
        whitespace_list();
        if (ins_.words.empty()) arity_error("EXPOSE requires at least one argument");
        break;
      case Keyword::kAdd:
      case Keyword::kCopy:
        maybe_json_list();
        check_sources_and_destination();
        heredoc_target_ = &ins_;
        break;
      case Keyword::kVolume:
        maybe_json_list();
        check_volume();
        break;
      case Keyword::kRun:
      case Keyword::kCmd:
      case Keyword::kEntrypoint:
        maybe_json(args_b_, args_e_);
        if (ins_.is(Keyword::kRun)) heredoc_target_ = &ins_;
        break;
      case Keyword::kShell:
        maybe_json(args_b_, args_e_);
        if (ins_.words.empty() && ins_.form != Form::kShell) {
          arity_error("SHELL requires at least one argument");
        } else if (ins_.form == Form::kShell) {
          arity_error("SHELL requires the arguments to be in JSON form");
        }
        break;
      case Keyword::kUser:
      case Keyword::kWorkdir:
      case Keyword::kMaintainer:
      case Keyword::kStopsignal:
        single_word();
        break;
      case Keyword::kArg:
        arg_pairs();
        break;
      case Keyword::kEnv:
      case Keyword::kLabel:
        name_value_pairs();
        break;
      case Keyword::kHealthcheck:
        healthcheck();
        break;
      case Keyword::kOnbuild:
        onbuild();
        break;
      case Keyword::kUnknown:
        error(keyword_begin(), keyword_end(),
              "unknown instruction: " + unknown_keyword_shown());
        break;
    }
    const bool flags_read = ins_.keyword != Keyword::kUnknown &&
                            ins_.keyword != Keyword::kStopsignal &&
                            !(ins_.is(Keyword::kHealthcheck) && healthcheck_none_);
    if (flags_read) check_flags();
    if (ins_.is(Keyword::kHealthcheck) && !healthcheck_none_) check_healthcheck_values();
  }

  size_t keyword_begin() const { return skip_go_space(t_, 0, t_.size()); }
  size_t keyword_end() const {
    size_t k = keyword_begin();
    while (k < t_.size() && !is_split_space(t_[k])) ++k;
    return k;
  }
  // An unknown word as a message shows it: up to a `=`, since a line that lost its
  // continuation backslash (`    DB_PASSWORD=...` after an ENV) carries the value after it.
  std::string unknown_keyword_shown() const {
    const std::string_view word = keyword_text();
    const size_t eq = word.find('=');
    return eq == std::string_view::npos ? std::string(word) : std::string(word.substr(0, eq)) + "=...";
  }
  std::string_view keyword_text() const {
    return t_.substr(keyword_begin(), keyword_end() - keyword_begin());
  }

  // parseStringsWhitespaceDelimited: split at runs of [\t\v\f\r ].
  void whitespace_list() { split_whitespace(args_b_, args_e_); }

  void split_whitespace(size_t b, size_t e) {
    ins_.form = b < e ? Form::kShell : Form::kNone;
    size_t count = b < e ? 1 : 0;
    for (size_t j = b + 1; j < e; ++j) count += is_split_space(t_[j]) && !is_split_space(t_[j - 1]);
    ins_.words.reserve(count);
    size_t i = b;
    while (i < e && room_for_word(i)) {
      size_t j = i;
      while (j < e && !is_split_space(t_[j])) ++j;
      ins_.words.push_back(word(i, j));
      while (j < e && is_split_space(t_[j])) ++j;
      i = j;
    }
  }

  void check_from() {
    const std::vector<Word>& w = ins_.words;
    if (w.size() == 3 && source::ascii_iequals(w[1].value, "as")) {
      const std::string name = source::ascii_lower(w[2].value);
      bool valid = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
      for (char c : name)
        valid =
            valid && ((c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' || c == '.');
      if (!valid)
        error(w[2].begin, w[2].end,
              "invalid name for build stage: " + source::quote_excerpt(w[2].value) +
                  ", name can't start with a number or contain symbols");
      return;
    }
    if (w.size() != 1) arity_error("FROM requires either one or three arguments");
  }

  // parseJSON: the arguments as a JSON array of strings, when they are one (Unicode spaces
  // before the '[' skipped, only JSON whitespace after the ']'). Returns false when the text is
  // not a JSON array (the caller falls back to the shell form).
  bool json(size_t b, size_t e) {
    std::vector<JsonString> strings;
    JsonArrayReader reader(t_);
    const JsonArrayReader::Result r = reader.read(skip_go_space(t_, b, e), e, strings);
    if (r == JsonArrayReader::Result::kNotJson) return false;
    ins_.form = Form::kExec;
    if (r == JsonArrayReader::Result::kNotStrings) {
      error(b, e, "when using JSON array syntax, arrays must be comprised of strings only");
      return true;
    }
    ins_.words.reserve(ins_.words.size() + strings.size());
    for (const JsonString& s : strings) {
      if (!room_for_word(s.begin)) break;
      Word w = word(s.begin, s.end);
      w.verbatim = s.verbatim;
      if (!s.verbatim) {
        std::string decoded;
        decode_json_content(t_, s.begin, s.end,
                            [&](std::string_view part, size_t, size_t) { decoded.append(part); });
        w.value = own(std::move(decoded));
      }
      ins_.words.push_back(w);
    }
    return true;
  }

  // parseMaybeJSON: a JSON array, or the whole text as one shell-form word.
  void maybe_json(size_t b, size_t e) {
    if (b >= e) return;
    if (json(b, e)) return;
    ins_.form = Form::kShell;
    ins_.words.push_back(word(b, e));
    ins_.command = ins_.text.substr(b, e);
  }

  // parseMaybeJSONToList: a JSON array, or whitespace-separated words.
  void maybe_json_list() {
    if (json(args_b_, args_e_)) return;
    whitespace_list();
  }

  void check_sources_and_destination() {
    const std::string command = ins_.name;
    if (ins_.words.size() < 2) {
      arity_error(command + " requires at least two arguments, but only one was provided. " +
                  "Destination could not be determined.");
      return;
    }
    const Word& dest = ins_.words.back();
    if (parse_heredoc_marker(dest.value))
      error(dest.begin, dest.end, command + " cannot accept a heredoc as a destination");
  }

  void check_volume() {
    if (ins_.words.empty()) {
      arity_error("VOLUME requires at least one argument");
      return;
    }
    for (const Word& w : ins_.words) {
      if (skip_go_space(w.value, 0, w.value.size()) == w.value.size())
        error(w.begin, w.end, "VOLUME specified can not be an empty string");
    }
  }

  // parseString: the whole argument text is the one argument.
  void single_word() {
    if (args_b_ < args_e_) {
      ins_.form = Form::kShell;
      ins_.words.push_back(word(args_b_, args_e_));
    } else {
      arity_error(ins_.name + " requires exactly one argument");
    }
  }

  // parseWords: words at unquoted whitespace; quotes and escapes stay in the words.
  const std::vector<std::pair<size_t, size_t>>& quoted_words(size_t b, size_t e) {
    std::vector<std::pair<size_t, size_t>>& out = context_.scratch ? *context_.scratch : scratch_;
    out.clear();
    const auto escape = static_cast<unsigned char>(context_.escape);
    size_t pos = b;
    auto next = [&](size_t at) -> Rune {
      const auto c = static_cast<unsigned char>(t_[at]);
      return c < 0x80 ? Rune{c, 1} : decode_rune(t_, at);
    };
    while (pos < e) {
      Rune r = next(pos);
      if (is_go_space(r.cp)) {
        pos += r.len;
        continue;
      }
      const size_t start = pos;
      size_t stop = pos;
      char32_t quote = 0;
      while (pos < e) {
        // Plain ASCII outside quotes: no decoding needed.
        if (quote == 0) {
          while (pos < e) {
            const auto c = static_cast<unsigned char>(t_[pos]);
            if (c <= ' ' || c >= 0x80 || c == '\'' || c == '"' || c == escape) break;
            ++pos;
          }
          stop = pos;
          if (pos >= e) break;
        }
        r = next(pos);
        if (quote == 0 && is_go_space(r.cp)) break;
        if (quote == 0 && (r.cp == '\'' || r.cp == '"')) {
          quote = r.cp;
        } else if (quote != 0 && r.cp == quote) {
          quote = 0;
        } else if (r.cp == escape && quote != '\'') {
          if (pos + r.len == e) {  // an escape at the very end is dropped
            pos += r.len;
            break;
          }
          pos += r.len;
          r = next(pos);
        }
        pos += r.len;
        stop = pos;
      }
      if (stop > start) out.emplace_back(start, stop);
      if (out.size() > kMaxWords) {
        words_limited_ = true;
        problem(ProblemKind::kLimit, pos, pos,
                "more than " + std::to_string(kMaxWords) + " arguments: the rest are not read");
        break;
      }
    }
    return out;
  }

  void arg_pairs() {
    const auto& words = quoted_words(args_b_, args_e_);
    ins_.form = words.empty() ? Form::kNone : Form::kShell;
    if (words.empty()) arity_error("ARG requires at least one argument");
    ins_.words.reserve(words.size());
    ins_.pairs.reserve(words.size());
    for (const auto& [b, e] : words) {
      const size_t eq = t_.substr(b, e - b).find('=');
      KeyValue kv;
      if (eq == std::string_view::npos) {
        kv.key = word(b, e);
        kv.value = word(e, e);
      } else {
        kv.key = word(b, b + eq);
        kv.value = word(b + eq + 1, e);
        kv.has_value = true;
        if (eq == 0) error(b, e, "ARG names can not be blank");
      }
      kv.span = join(kv.key.span, kv.value.span);
      ins_.words.push_back(whole_word(kv, b, e));
      ins_.pairs.push_back(kv);
    }
  }

  // The word of a `key=value` entry, from the entry's spans.
  Word whole_word(const KeyValue& kv, size_t b, size_t e) const {
    Word w;
    w.value = t_.substr(b, e - b);
    w.span = kv.span;
    w.begin = static_cast<uint32_t>(b);
    w.end = static_cast<uint32_t>(e);
    return w;
  }

  // parseNameVal: `KEY=value ...`, or the legacy `KEY value` when the first word has no "=".
  void name_value_pairs() {
    const auto& words = quoted_words(args_b_, args_e_);
    ins_.form = words.empty() ? Form::kNone : Form::kShell;
    if (words.empty()) {
      arity_error(ins_.name + " requires at least one argument");
      return;
    }
    ins_.words.reserve(words.size());
    ins_.pairs.reserve(words.size());
    const auto& [fb, fe] = words.front();
    if (t_.substr(fb, fe - fb).find('=') == std::string_view::npos) {
      legacy_pair();
      return;
    }
    for (const auto& [b, e] : words) {
      const size_t eq = t_.substr(b, e - b).find('=');
      if (eq == std::string_view::npos) {
        ins_.words.push_back(word(b, e));
        error(b, e,
              "Syntax error - can't find = in " + source::quote_excerpt(t_.substr(b, e - b)) +
                  ". Must be of the form: name=value");
        continue;
      }
      KeyValue kv;
      kv.key = word(b, b + eq);
      kv.value = word(b + eq + 1, e);
      kv.has_value = true;
      kv.span = join(kv.key.span, kv.value.span);
      if (eq == 0) error(b, e, ins_.name + " names can not be blank");
      ins_.words.push_back(whole_word(kv, b, e));
      ins_.pairs.push_back(kv);
    }
  }

  void legacy_pair() {
    size_t k = args_b_;
    while (k < args_e_ && !is_split_space(t_[k])) ++k;
    size_t v = k;
    while (v < args_e_ && is_split_space(t_[v])) ++v;
    if (k >= args_e_) {
      arity_error(ins_.name + " must have two arguments");
      return;
    }
    KeyValue kv;
    kv.key = word(args_b_, k);
    kv.value = word(v, args_e_);
    kv.has_value = true;
    kv.legacy = true;
    kv.span = join(kv.key.span, kv.value.span);
    ins_.words.push_back(kv.key);
    ins_.words.push_back(kv.value);
    ins_.pairs.push_back(kv);
  }

  // parseHealthConfig: the type word, then a command in either form.
  void healthcheck() {
    size_t sep = args_b_;
    while (sep < args_e_ && !is_go_space_byte(static_cast<unsigned char>(t_[sep]))) ++sep;
    size_t next = sep;
    while (next < args_e_ && is_go_space_byte(static_cast<unsigned char>(t_[next]))) ++next;
    if (sep == args_b_) {
      arity_error("HEALTHCHECK requires at least one argument");
      return;
    }
    ins_.words.push_back(word(args_b_, sep));
    ins_.form = Form::kShell;
    maybe_json(next, args_e_);
    const std::string type = std::string(t_.substr(args_b_, sep - args_b_));
    std::string upper = type;
    std::transform(upper.begin(), upper.end(), upper.begin(), ascii_upper);
    if (upper == "NONE") {
      healthcheck_none_ = true;
      if (ins_.words.size() > 1) error(next, args_e_, "HEALTHCHECK NONE takes no arguments");
      return;
    }
    if (upper != "CMD") {
      error(args_b_, sep, "Unknown type \"" + upper + "\" in HEALTHCHECK (try CMD)");
      return;
    }
    if (ins_.words.size() < 2) error(args_b_, args_e_, "Missing command after HEALTHCHECK CMD");
  }

  void onbuild() {
    if (args_b_ >= args_e_) {
      arity_error("ONBUILD requires at least one argument");
      return;
    }
    ins_.form = Form::kShell;
    ins_.words.push_back(word(args_b_, args_e_));
    if (context_.depth > 0) return;  // `ONBUILD ONBUILD ...`: refused below, not parsed deeper
    auto trigger = std::make_shared<Instruction>();
    trigger->text = ins_.text.substr(args_b_, args_e_);
    const InstructionContext inner{context_.cursor, context_.escape, context_.depth + 1,
                                   context_.scratch};
    heredoc_target_ = parse_instruction(*trigger, inner);
    defer_trigger_checks(*trigger);
    trigger->span = trigger->text.span_of(0, trigger->text.size(), context_.cursor);
    trigger->extent = trigger->span;
    const size_t trigger_end = keyword_end_of(args_b_);
    if (trigger->is(Keyword::kOnbuild)) {
      error(args_b_, trigger_end, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    } else if (trigger->is(Keyword::kFrom) || trigger->is(Keyword::kMaintainer)) {
      error(args_b_, trigger_end, trigger->name + " isn't allowed as an ONBUILD trigger");
    }
    ins_.trigger = std::move(trigger);
  }

  // BuildKit parses a trigger's line now (its line-parser errors fail this build) but checks it
  // as an instruction only when an image builds FROM this one: those problems are warnings here.
  static void defer_trigger_checks(Instruction& trigger) {
    for (Problem& p : trigger.problems) {
      if (p.kind != ProblemKind::kError || is_line_parser_error(p.message)) continue;
      p.kind = ProblemKind::kWarning;
      p.message = "ONBUILD trigger, refused when an image builds FROM this one: " + p.message;
    }
  }

  static bool is_line_parser_error(std::string_view message) {
    return message.starts_with("when using JSON array syntax") ||
           message.ends_with("must have two arguments") ||
           message.starts_with("Syntax error - can't find =");
  }

  size_t keyword_end_of(size_t b) const {
    while (b < args_e_ && !is_split_space(t_[b])) ++b;
    return b;
  }

  Instruction& ins_;
  const InstructionContext& context_;
  std::string_view t_;
  size_t args_b_ = 0;
  size_t args_e_ = 0;
  bool healthcheck_none_ = false;
  bool words_limited_ = false;
  std::vector<std::pair<size_t, size_t>> scratch_;
  Instruction* heredoc_target_ = nullptr;
  std::shared_ptr<std::deque<std::string>> owned_;
};

// BuildKit's reHeredoc `^(\d*)<<(-?)([^<]*)$`.
struct MarkerParts {
  uint32_t fd = 0;
  bool chomp = false;
  std::string_view rest;
};

std::optional<MarkerParts> match_marker(std::string_view word) {
  size_t i = 0;
  while (i < word.size() && is_digit(word[i])) ++i;
  if (word.substr(i, 2) != "<<") return std::nullopt;
  MarkerParts parts;
  uint64_t fd = 0;
  for (size_t k = 0; k < i; ++k) fd = std::min<uint64_t>(fd * 10 + (word[k] - '0'), UINT32_MAX);
  parts.fd = static_cast<uint32_t>(fd);
  i += 2;
  if (i < word.size() && word[i] == '-') {
    parts.chomp = true;
    ++i;
  }
  parts.rest = word.substr(i);
  if (parts.rest.find('<') != std::string_view::npos) return std::nullopt;
  return parts;
}

size_t count_quotes(std::string_view s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\'') +
                             std::count(s.begin(), s.end(), '"'));
}

}  // namespace

Instruction* parse_instruction(Instruction& ins, const InstructionContext& context) {
  return InstructionParser(ins, context).run();
}

std::vector<MarkerInLine> find_heredoc_markers(std::string_view line, std::string& error) {
  std::vector<MarkerInLine> out;
  ExpandOptions raw;
  raw.split_words = true;
  raw.raw_quotes = true;
  raw.raw_escapes = true;
  raw.skip_unset = true;
  const Expansion words = expand(line, {}, raw);
  for (const ExpandedWord& w : words.words) {
    std::string message;
    std::optional<HeredocMarker> marker = parse_heredoc_marker(w.text, &message);
    if (!message.empty() && error.empty()) error = message;
    if (marker) out.push_back({std::move(*marker), w.begin, w.end});
  }
  return out;
}

void decode_json_string_into(const JoinedText& text, size_t raw_begin, size_t raw_end,
                             JoinedText::Builder& builder) {
  decode_json_content(text.str(), raw_begin, raw_end,
                      [&](std::string_view part, size_t b, size_t e) {
                        if (part.size() == e - b && text.str().substr(b, e - b) == part) {
                          builder.append(text, b, e);
                        } else {
                          builder.append_decoded(part, text.source_begin(b), text.source_end(e));
                        }
                      });
}

}  // namespace clearance::dockerfile::detail

namespace clearance::dockerfile {

std::optional<HeredocMarker> parse_heredoc_marker(std::string_view word, std::string* error) {
  const std::optional<detail::MarkerParts> parts = detail::match_marker(word);
  if (!parts || parts->rest.empty()) return std::nullopt;
  // Lexed with and without quote removal: if quotes disappear, part of the delimiter was
  // quoted, and the body is not expanded.
  ExpandOptions plain;
  plain.split_words = true;
  plain.skip_unset = true;
  const Expansion words = expand(parts->rest, {}, plain);
  if (!words.error.empty()) {
    if (error) *error = words.error;
    return std::nullopt;
  }
  if (words.words.size() != 1) return std::nullopt;
  ExpandOptions quoted = plain;
  quoted.raw_quotes = true;
  const Expansion raw_words = expand(parts->rest, {}, quoted);
  if (!raw_words.error.empty() || raw_words.words.size() != 1) {
    if (error)
      *error =
          "internal lexing of heredoc produced inconsistent results: " + std::string(parts->rest);
    return std::nullopt;
  }
  HeredocMarker m;
  m.name = words.words[0].text;
  m.fd = parts->fd;
  m.chomp = parts->chomp;
  m.expand =
      detail::count_quotes(words.words[0].text) == detail::count_quotes(raw_words.words[0].text);
  return m;
}

std::string_view keyword_name(Keyword keyword) {
  for (const detail::KeywordName& k : detail::kKeywords)
    if (k.keyword == keyword) return k.name;
  return {};
}

}  // namespace clearance::dockerfile
