#pragma once
// The YAML tree clearance works on: every node has the span where it was written, aliases are
// shared nodes (so an anchor's values keep the anchor's spans), merge keys are already applied.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace clearance::compose {
struct Interpolation;  // how a scalar's value was produced from ${VAR}s; owned by the compose layer
}

namespace clearance::yaml {

using source::Span;

enum class Kind : uint8_t { kScalar, kSequence, kMapping };
enum class Style : uint8_t { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral, kFolded, kBlock, kFlow };
// Scalar types as Compose's YAML reader (go-yaml v3) resolves untagged plain scalars.
enum class Type : uint8_t { kNull, kBool, kInt, kFloat, kString, kTimestamp, kCollection };

struct Node;

struct Pair {
  Node* key = nullptr;
  Node* value = nullptr;
  Span merged_at;  // the `<<` key this pair was merged through; invalid for a local pair
  bool merged() const { return merged_at.valid(); }
};

struct Node {
  Kind kind = Kind::kScalar;
  Style style = Style::kPlain;
  Type type = Type::kNull;
  Span span;
  std::string tag;     // explicit tag as written ("!reset", "!!str"), empty when none
  std::string anchor;  // "&name" defined on this node, without '&'
  std::string value;   // scalar text after YAML unescaping (and after interpolation, once done)
  std::vector<Node*> items;  // sequence entries
  std::vector<Pair> pairs;   // mapping entries in source order, merged entries after local ones
  const compose::Interpolation* interpolation = nullptr;
  // Filled while parsing, to bound alias expansion: the node's height and its size once every
  // alias below it is expanded.
  uint32_t height = 1;
  uint64_t expanded_size = 1;

  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }
  bool is_null() const { return kind == Kind::kScalar && type == Type::kNull; }
  bool is_string() const { return kind == Kind::kScalar && type == Type::kString; }
  // True for `true` and for the string "true" (any case), as Compose's loader converts both.
  bool is_true() const;
  bool is_false() const;

  const Pair* find(std::string_view key) const;
  const Node* get(std::string_view key) const {
    const Pair* p = find(key);
    return p ? p->value : nullptr;
  }
};

struct Comment {
  Span span;              // from '#' to the end of the line
  bool own_line = false;  // nothing but whitespace before it on its line
  std::string_view text() const { return span.text(); }
};

enum class ProblemKind : uint8_t { kSyntax, kLimit };

struct Problem {
  ProblemKind kind = ProblemKind::kSyntax;
  Span span;
  std::string message;
};

struct Limits {
  uint32_t max_depth = 256;                  // nesting of mappings and sequences
  uint64_t max_expanded_nodes = 1'000'000;   // nodes after expanding every alias
};

// One parsed YAML file. Nodes live in the arena and are freed with it.
struct Document {
  Node* root = nullptr;  // first document; null for an empty file
  size_t document_count = 0;
  std::vector<Comment> comments;
  std::vector<Problem> problems;  // a syntax error stops the parse: root may then be partial or null
  std::deque<Node> arena;

  bool has_syntax_error() const;
  Node* make() { return &arena.emplace_back(); }
  // A deep copy whose nodes keep the same spans; shared (aliased) nodes stay shared. The
  // compose layer interpolates in place, so each project that reads a file works on a copy.
  std::unique_ptr<Document> clone() const;
};

std::unique_ptr<Document> parse(const source::SourceFile& file, const Limits& limits = {});

// Resolves an untagged plain scalar as go-yaml v3 does.
Type resolve_plain_scalar(std::string_view text);

}  // namespace clearance::yaml
