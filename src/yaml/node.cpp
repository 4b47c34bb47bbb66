#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <new>

#include "source/ascii.h"
#include "yaml/node.h"

namespace clearance::yaml {

// Raw storage from the plain operator new, whose alignment suits a Node.
static_assert(alignof(Node) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);

NodeArena::~NodeArena() {
  for (size_t i = 0; i < size_; ++i) (*this)[i].~Node();
  for (Node* chunk : chunks_) ::operator delete(chunk);
}

Node* NodeArena::next_slot() {
  const size_t k = chunk_of(size_);
  if (k == chunks_.size())
    chunks_.push_back(static_cast<Node*>(::operator new((kFirstChunk << k) * sizeof(Node))));
  return chunks_[k] + (size_ - chunk_start(k));
}

Node& NodeArena::make() {
  Node* n = new (next_slot()) Node();
  ++size_;
  return *n;
}

Node& NodeArena::make(const Node& copy) {
  Node* n = new (next_slot()) Node(copy);
  ++size_;
  return *n;
}

size_t NodeArena::index_of(const Node* n) const {
  for (size_t k = 0; k < chunks_.size(); ++k) {
    const Node* first = chunks_[k];
    // Ordered comparison of pointers into different allocations goes through std::less.
    if (!std::less<const Node*>()(n, first) && std::less<const Node*>()(n, first + (kFirstChunk << k))) {
      const size_t i = chunk_start(k) + static_cast<size_t>(n - first);
      return i < size_ ? i : size_;
    }
  }
  return size_;
}

namespace {
bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  bool prev_underscore = true;  // no leading underscore
  for (char c : s) {
    if (c == '_') {
      if (prev_underscore) return false;
      prev_underscore = true;
      continue;
    }
    prev_underscore = false;
    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                  : std::isalpha(static_cast<unsigned char>(c))
                      ? source::ascii_lower(c) - 'a' + 10
                      : 99;
    if (v >= base) return false;
  }
  return !prev_underscore;
}

bool looks_like_int(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.size() > 2 && s[0] == '0') {
    const char p = source::ascii_lower(s[1]);
    if (p == 'x') return all_digits(s.substr(2), 16);
    if (p == 'o') return all_digits(s.substr(2), 8);
    if (p == 'b') return all_digits(s.substr(2), 2);
  }
  return all_digits(s, 10);
}

// go-yaml v3: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool looks_like_float(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool looks_like_timestamp(std::string_view s) {
  // The date forms go-yaml accepts all start with YYYY-M-D.
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() < 8 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3]) ||
      s[4] != '-')
    return false;
  size_t i = 5;
  size_t n = 0;
  while (i < s.size() && is_digit(s[i]) && n < 2) ++i, ++n;
  if (n == 0 || i >= s.size() || s[i] != '-') return false;
  ++i;
  n = 0;
  while (i < s.size() && is_digit(s[i]) && n < 2) ++i, ++n;
  if (n == 0) return false;
  return i == s.size() || s[i] == 'T' || s[i] == 't' || s[i] == ' ' || s[i] == '\t';
}
}  // namespace

Type resolve_plain_scalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Type::kNull;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
    return Type::kBool;
  const char c = s[0];
  const bool numeric_start = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
  if (!numeric_start) return Type::kString;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF" ||
      s == "-.inf" || s == "-.Inf" || s == "-.INF" || s == ".nan" || s == ".NaN" || s == ".NAN")
    return Type::kFloat;
  if (looks_like_int(s)) return Type::kInt;
  if (looks_like_float(s)) return Type::kFloat;
  if (looks_like_timestamp(s)) return Type::kTimestamp;
  return Type::kString;
}

bool Node::is_true() const {
  if (kind != Kind::kScalar) return false;
  return source::ascii_iequals(value, "true") && (type == Type::kBool || type == Type::kString);
}

bool Node::is_false() const {
  if (kind != Kind::kScalar) return false;
  return source::ascii_iequals(value, "false") && (type == Type::kBool || type == Type::kString);
}

std::optional<bool> Node::compose_boolean() const {
  if (kind != Kind::kScalar || (type != Type::kBool && type != Type::kString)) return std::nullopt;
  for (std::string_view yes : {"true", "y", "yes", "on"})
    if (source::ascii_iequals(value, yes)) return true;
  for (std::string_view no : {"false", "n", "no", "off"})
    if (source::ascii_iequals(value, no)) return false;
  return std::nullopt;
}

const Pair* Node::find(std::string_view key) const {
  for (const Pair& p : pairs)
    if (p.key && p.key->is_scalar() && p.key->value == key) return &p;
  return nullptr;
}

bool Document::has_syntax_error() const {
  return std::any_of(problems.begin(), problems.end(),
                     [](const Problem& p) { return p.kind == ProblemKind::kSyntax; });
}

}  // namespace clearance::yaml
