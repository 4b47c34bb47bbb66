#pragma once
// The YAML tree clearance works on: every node has the span where it was written, aliases are
// shared nodes (so an anchor's values keep the anchor's spans), merge keys are already applied.
#include <bit>
#include <cstdint>
#include <memory>
#include <optional>
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
  // A boolean field as Compose reads it: `true`/`false` in any case, and also `y`, `yes`, `on`
  // and `n`, `no`, `off` (compose-go's loader casts these strings, with a warning, for
  // `privileged`, `read_only`, `healthcheck.disable` and its other boolean fields); nullopt
  // for anything else, which Compose refuses.
  std::optional<bool> compose_boolean() const;

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

// The nodes of one document. They never move once made (trees, models and findings point at
// them), and they are allocated in chunks that double in size: a compose file has hundreds of
// small nodes, and a node at a time was one allocation each.
class NodeArena {
 public:
  NodeArena() = default;
  NodeArena(const NodeArena&) = delete;
  NodeArena& operator=(const NodeArena&) = delete;
  ~NodeArena();

  Node& make();
  Node& make(const Node& copy);
  size_t size() const { return size_; }
  Node& operator[](size_t i) { return chunks_[chunk_of(i)][i - chunk_start(chunk_of(i))]; }
  const Node& operator[](size_t i) const { return chunks_[chunk_of(i)][i - chunk_start(chunk_of(i))]; }
  // The position of a node of this arena; size() for a node that is not one of its own.
  size_t index_of(const Node* n) const;

  // Walks the nodes in the order they were made, a chunk at a time.
  template <typename Arena, typename Value>
  class Iterator {
   public:
    Iterator(Arena* arena, size_t i) : arena_(arena), i_(i) { enter_chunk(); }
    Value& operator*() const { return *at_; }
    Iterator& operator++() {
      ++i_;
      if (++at_ == chunk_end_) enter_chunk();
      return *this;
    }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }

   private:
    void enter_chunk() {
      if (i_ >= arena_->size_) return;
      const size_t k = chunk_of(i_);
      at_ = arena_->chunks_[k] + (i_ - chunk_start(k));
      chunk_end_ = arena_->chunks_[k] + (kFirstChunk << k);
    }
    Arena* arena_;
    size_t i_;
    Value* at_ = nullptr;
    Value* chunk_end_ = nullptr;
  };
  Iterator<NodeArena, Node> begin() { return {this, 0}; }
  Iterator<NodeArena, Node> end() { return {this, size_}; }
  Iterator<const NodeArena, const Node> begin() const { return {this, 0}; }
  Iterator<const NodeArena, const Node> end() const { return {this, size_}; }

 private:
  static constexpr size_t kFirstChunk = 16;  // chunk k holds kFirstChunk << k nodes
  // Chunk k starts at kFirstChunk * (2^k - 1).
  static size_t chunk_of(size_t i) { return static_cast<size_t>(std::bit_width(i / kFirstChunk + 1)) - 1; }
  static size_t chunk_start(size_t k) { return kFirstChunk * ((size_t{1} << k) - 1); }
  Node* next_slot();

  std::vector<Node*> chunks_;  // raw storage; the first size_ slots hold constructed nodes
  size_t size_ = 0;
};

// One parsed YAML file. Nodes live in the arena and are freed with it.
struct Document {
  Node* root = nullptr;  // first document; null for an empty file
  // The roots of the documents after the first (`---`): Compose merges each onto the ones
  // before it, as it merges the files of `-f a -f b`.
  std::vector<Node*> later_roots;
  size_t document_count = 0;
  bool has_merge_keys = false;  // some mapping merges another with `<<`
  std::vector<Comment> comments;
  std::vector<Problem> problems;  // a syntax error stops the parse: root may then be partial or null
  NodeArena arena;

  bool has_syntax_error() const;
  Node* make() { return &arena.make(); }
  // A deep copy whose nodes keep the same spans; shared (aliased) nodes stay shared. The
  // compose layer interpolates in place, so each project that reads a file works on a copy.
  std::unique_ptr<Document> clone() const;
};

std::unique_ptr<Document> parse(const source::SourceFile& file, const Limits& limits = {});

// Resolves an untagged plain scalar as go-yaml v3 does.
Type resolve_plain_scalar(std::string_view text);

}  // namespace clearance::yaml
