#include "compose/interpolation.h"

#include <algorithm>
#include <cctype>

#include "source/quote.h"

namespace clearance::compose {

void Environment::add_if_absent(std::string name, Variable v) {
  vars_.try_emplace(std::move(name), std::move(v));
}

void Environment::set(std::string name, Variable v) {
  vars_.insert_or_assign(std::move(name), std::move(v));
}

const Variable* Environment::find(std::string_view name) const {
  if (overrides_)
    if (const Variable* v = overrides_->find(name)) return v;
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : &it->second;
}

namespace {

// Defaults nest by recursion; a hostile `${A:-${A:-${A:-...` must not exhaust the stack.
constexpr int kMaxDepth = 16;
// Hostile input must not turn into gigabytes of diagnostics or provenance.
constexpr size_t kMaxErrors = 16;
constexpr size_t kMaxUses = 4096;
constexpr size_t kMaxQuoted = 120;

// compose-go's names: `[_a-z][_a-z0-9]*`, case-insensitive, ASCII only.
bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

size_t scan_name(std::string_view text, size_t begin) {
  size_t i = begin;
  if (i >= text.size() || !is_name_start(text[i])) return begin;
  while (i < text.size() && is_name_char(text[i])) ++i;
  return i;
}


enum class Op {
  kNone,
  kDefaultIfEmpty,
  kDefaultIfUnset,
  kAltIfNonEmpty,
  kAltIfSet,
  kRequireNonEmpty,
  kRequireSet
};

// Reads `:-`, `-`, `:+`, `+`, `:?` or `?` at `pos`; returns the operator and its length.
std::pair<Op, size_t> read_op(std::string_view text, size_t pos) {
  const bool colon = pos < text.size() && text[pos] == ':';
  const size_t p = pos + (colon ? 1 : 0);
  if (p >= text.size()) return {Op::kNone, 0};
  const size_t len = colon ? 2 : 1;
  switch (text[p]) {
    case '-':
      return {colon ? Op::kDefaultIfEmpty : Op::kDefaultIfUnset, len};
    case '+':
      return {colon ? Op::kAltIfNonEmpty : Op::kAltIfSet, len};
    case '?':
      return {colon ? Op::kRequireNonEmpty : Op::kRequireSet, len};
    default:
      return {Op::kNone, 0};
  }
}

// Where a `${NAME<op>...}` expression ends, as compose-go decides it. Its pattern takes the
// operand greedily up to the last `}` on the line (`.` stops at '\n'), then cuts that match at
// the first balanced brace, counting every `{` as an opener and skipping the byte after it.
struct BracedEnd {
  size_t close = std::string_view::npos;     // index of the closing '}'; npos: no '}' on the line
  size_t line_end = std::string_view::npos;  // where the scan stopped ('\n' or end of text)
};

BracedEnd find_braced_end(std::string_view text, size_t dollar) {
  BracedEnd r;
  size_t last_brace = std::string_view::npos;
  int open = 0;
  size_t i = dollar;
  for (; i < text.size() && text[i] != '\n'; ++i) {
    if (text[i] == '}') {
      last_brace = i;
      if (--open == 0) {
        r.close = i;
        r.line_end = i;
        return r;
      }
    }
    if (text[i] == '{') {
      ++open;
      ++i;  // compose-go skips the byte after an opener (even a '}')
      if (i >= text.size() || text[i] == '\n') break;
      if (text[i] == '}') last_brace = i;
    }
  }
  r.close = last_brace;
  r.line_end = i;
  return r;
}

template <class Resolve>
class Engine {
 public:
  Engine(const Resolve& resolve, Interpolation& info) : resolve_(resolve), info_(info) {}

  // Appends the interpolation of `text` to `out`. False after an error: the caller drops what
  // the failed expression produced, as compose-go substitutes "" for it.
  bool run(std::string_view text, std::string& out, int depth) {
    if (depth > kMaxDepth)
      return fail("interpolation nested more than " + std::to_string(kMaxDepth) + " levels deep");
    bool ok = true;
    // Past a failed search for '}', the rest of that line holds none: remember it so a hostile
    // line of `${A:-` repeated costs linear time, not quadratic.
    size_t no_brace_from = std::string_view::npos, no_brace_to = 0;
    size_t i = 0;
    while (i < text.size()) {
      const size_t dollar = text.find('$', i);
      if (dollar == std::string_view::npos) {
        out.append(text.substr(i));
        break;
      }
      out.append(text.substr(i, dollar - i));
      i = dollar + 1;
      if (i == text.size()) {  // a trailing '$' is not a template: kept as is
        out += '$';
        break;
      }
      const char c = text[i];
      if (c == '$') {  // `$$` escapes a dollar
        out += '$';
        ++i;
      } else if (is_name_start(c)) {
        const size_t end = scan_name(text, i);
        plain(text.substr(i, end - i), out);
        i = end;
      } else if (c == '{') {
        i = braced(text, dollar, out, depth, ok, no_brace_from, no_brace_to);
      } else {  // `$ `, `$1`, `$}`...: compose-go's pattern does not match, the text stays
        out += '$';
      }
    }
    return ok;
  }

 private:
  bool fail(std::string message) {
    info_.unknown = true;
    if (info_.errors.size() >= kMaxErrors) return false;
    for (const std::string& e : info_.errors)
      if (e == message) return false;
    info_.errors.push_back(std::move(message));
    return false;
  }

  bool invalid(std::string_view text) {
    // Every refused `${` of one text yields the same message: build it once.
    if (text.data() == last_invalid_.data() && text.size() == last_invalid_.size()) {
      info_.unknown = true;
      return false;
    }
    last_invalid_ = text;
    return fail("invalid interpolation format: " + source::quote_excerpt(offending_reference(text), kMaxQuoted) +
                "; you may need to escape any $ with another $");
  }

  // The refused `${...}` rather than the whole value (Compose quotes the whole template): the
  // rest of a value is often a password, and messages are printed unmasked.
  static std::string_view offending_reference(std::string_view text) {
    const size_t at = text.find("${");
    if (at == std::string_view::npos) return text.substr(0, std::min<size_t>(text.size(), 2));
    size_t end = at + 2;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    const size_t close = text.find('}', at);
    if (close != std::string_view::npos && close <= end + 1) return text.substr(at, close + 1 - at);
    return text.substr(at, std::min(end + 2, text.size()) - at);
  }

  // Starts a record of a use; returns its index, or npos once the cap is reached.
  size_t record(std::string_view name, const Variable* v) {
    if (info_.uses.size() >= kMaxUses) return std::string_view::npos;
    VariableUse use;
    use.name.assign(name);
    use.variable = v;
    info_.uses.push_back(std::move(use));
    return info_.uses.size() - 1;
  }

  void plain(std::string_view name, std::string& out) {
    const Variable* v = resolve_(name);
    record(name, v);
    if (v) {
      out += v->value;
    } else {
      info_.unknown = true;  // Compose warns and substitutes ""
    }
  }

  // Handles `${...}` starting at `dollar`; returns where scanning resumes.
  size_t braced(std::string_view text, size_t dollar, std::string& out, int depth, bool& ok,
                size_t& no_brace_from, size_t& no_brace_to) {
    const size_t name_begin = dollar + 2;
    const size_t name_end = scan_name(text, name_begin);
    if (name_end == name_begin) {  // `${`, `${}`, `${ x}`, `${1}`
      ok = invalid(text) && ok;
      return name_begin;
    }
    const std::string_view name = text.substr(name_begin, name_end - name_begin);
    if (name_end < text.size() && text[name_end] == '}') {
      plain(name, out);
      return name_end + 1;
    }
    const auto [op, op_len] = read_op(text, name_end);
    if (op == Op::kNone) {  // `${foo }`, `${foo!}`, `${foo.bar}`
      ok = invalid(text) && ok;
      return name_begin;
    }
    if (dollar >= no_brace_from && dollar < no_brace_to) {
      ok = invalid(text) && ok;
      return name_begin;
    }
    const BracedEnd end = find_braced_end(text, dollar);
    if (end.close == std::string_view::npos) {  // no `}` left on this line
      no_brace_from = dollar;
      no_brace_to = end.line_end;
      ok = invalid(text) && ok;
      return name_begin;
    }
    const size_t operand_begin = name_end + op_len;
    const std::string_view operand = text.substr(operand_begin, end.close - operand_begin);
    const size_t mark = out.size();
    if (!apply(name, op, operand, out, depth)) {
      out.resize(mark);
      ok = false;
    }
    return end.close + 1;
  }

  bool apply(std::string_view name, Op op, std::string_view operand, std::string& out, int depth) {
    const Variable* v = resolve_(name);
    const size_t idx = record(name, v);
    const bool set = v != nullptr;
    const bool non_empty = set && !v->value.empty();
    switch (op) {
      case Op::kDefaultIfEmpty:
      case Op::kDefaultIfUnset:
      case Op::kAltIfNonEmpty:
      case Op::kAltIfSet: {
        if (idx != std::string_view::npos) info_.uses[idx].default_text.assign(operand);
        const bool take = op == Op::kDefaultIfEmpty   ? !non_empty
                          : op == Op::kDefaultIfUnset ? !set
                          : op == Op::kAltIfNonEmpty  ? non_empty
                                                      : set;
        if (!take) {
          if (set) out += v->value;
          return true;
        }
        if (idx != std::string_view::npos) info_.uses[idx].used_default = true;
        return run(operand, out, depth + 1);
      }
      case Op::kRequireNonEmpty:
      case Op::kRequireSet: {
        if (idx != std::string_view::npos) {
          info_.uses[idx].required = true;
          info_.uses[idx].required_message.assign(operand);
        }
        const bool satisfied = op == Op::kRequireNonEmpty ? non_empty : set;
        if (satisfied) {
          out += v->value;
          return true;
        }
        std::string message;
        if (!run(operand, message, depth + 1)) return false;
        std::string error = "required variable " + std::string(name) + " is missing a value";
        if (!message.empty()) error += ": " + message;
        return fail(std::move(error));
      }
      case Op::kNone:
        break;
    }
    return true;
  }

  const Resolve& resolve_;
  Interpolation& info_;
  std::string_view last_invalid_;
};

template <class Resolve>
std::optional<InterpolationResult> interpolate_with(std::string_view raw, const Resolve& resolve) {
  if (raw.find('$') == std::string_view::npos) return std::nullopt;
  InterpolationResult result;
  result.info.raw.assign(raw);
  result.value.reserve(raw.size());
  Engine<Resolve> engine(resolve, result.info);
  engine.run(raw, result.value, 0);
  return result;
}

}  // namespace

std::optional<InterpolationResult> interpolate(std::string_view raw, const Environment& env) {
  const auto resolve = [&env](std::string_view name) { return env.find(name); };
  return interpolate_with(raw, resolve);
}

std::optional<InterpolationResult> interpolate(std::string_view raw, const Resolver& resolve) {
  if (!resolve) return interpolate(raw, Environment{});
  return interpolate_with(raw, resolve);
}

}  // namespace clearance::compose
