// The one place that includes libyaml. Events in, a Node tree with byte-exact spans out.
#include <yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "yaml/node.h"

namespace clearance::yaml {
namespace {

using source::SourceFile;

// libyaml marks count characters; our spans are bytes. A mark's index is its character's
// number in the stream (a BOM and each byte of a CRLF count as one), so its byte offset is
// found by walking characters from the previous mark: marks come in stream order, and a long
// line of non-ASCII text (a flow mapping of a thousand services on one line) must not be
// walked from its start for every mark.
class MarkConverter {
 public:
  explicit MarkConverter(const SourceFile& file) : file_(file), bytes_(file.bytes()), ascii_(file.is_ascii()) {}

  uint32_t offset(const yaml_mark_t& mark) {
    const auto size = static_cast<uint32_t>(bytes_.size());
    // In ASCII text a character is a byte: the mark's index is the offset.
    if (ascii_) return static_cast<uint32_t>(std::min<size_t>(mark.index, size));
    if (mark.index < index_) {  // back (an error's context): from the start when it is far
      if (index_ - mark.index > kLongestStepBack) index_ = byte_ = 0;
      while (index_ > mark.index) {
        --index_;
        do --byte_;
        while (byte_ > 0 && continuation(bytes_[byte_]));
      }
    }
    while (index_ < mark.index && byte_ < size) {
      ++index_;
      do ++byte_;
      while (byte_ < size && continuation(bytes_[byte_]));
    }
    return byte_;
  }

  Span span(const yaml_mark_t& start, const yaml_mark_t& end) {
    const uint32_t begin = offset(start);
    return Span{&file_, begin, offset(end)};
  }

 private:
  static constexpr size_t kLongestStepBack = 4096;
  static bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

  const SourceFile& file_;
  std::string_view bytes_;
  bool ascii_;
  size_t index_ = 0;  // the last mark's character number, and its byte offset
  uint32_t byte_ = 0;
};

struct Frame {
  Node* node = nullptr;
  Node* pending_key = nullptr;
  struct Merge {
    Node* source;
    Span site;
  };
  std::vector<Merge> merges;
  // The scalar keys of a large mapping, so that a repeated key is found without scanning every
  // earlier one (a mapping of 25,000 keys was quadratic). Made once the mapping has
  // kIndexedKeys pairs; small mappings, nearly all of them, are scanned.
  std::unique_ptr<std::unordered_map<std::string_view, const Node*>> keys;
};

constexpr size_t kIndexedKeys = 16;

class Builder {
 public:
  Builder(const SourceFile& file, const Limits& limits, Document& doc)
      : file_(file), limits_(limits), doc_(doc), marks_(file) {}

  void run() {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
      fail(ProblemKind::kSyntax, file_.span(0, 0), "out of memory initialising the YAML parser");
      return;
    }
    const auto bytes = file_.bytes();
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(bytes.data()),
                                 bytes.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    bool done = false;
    while (!done && !stopped_) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        syntax_error(parser);
        break;
      }
      done = event.type == YAML_STREAM_END_EVENT;
      handle(event);
      yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    if (stopped_) doc_.root = nullptr;
    scan_comments();
  }

 private:
  void handle(const yaml_event_t& e) {
    const Span span = marks_.span(e.start_mark, e.end_mark);
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        ++doc_.document_count;
        anchors_.clear();  // an anchor names a node of its own document only
        break;
      case YAML_ALIAS_EVENT: {
        const std::string name = reinterpret_cast<const char*>(e.data.alias.anchor);
        scalar_spans_.push_back(span);
        auto it = anchors_.find(name);
        if (it == anchors_.end()) {
          const bool self = open_anchors_.count(name) > 0;
          fail(ProblemKind::kSyntax, span,
               self ? "anchor '" + name + "' value contains itself"
                    : "unknown anchor '" + name + "' referenced");
          return;
        }
        attach(it->second, span);
        break;
      }
      case YAML_SCALAR_EVENT: {
        Node* n = doc_.make();
        n->kind = Kind::kScalar;
        n->span = span;
        scalar_spans_.push_back(span);
        n->value.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        if (e.data.scalar.tag) n->tag = reinterpret_cast<const char*>(e.data.scalar.tag);
        n->style = scalar_style(e.data.scalar.style);
        n->type = scalar_type(*n);
        if (e.data.scalar.anchor) anchors_[reinterpret_cast<const char*>(e.data.scalar.anchor)] = n;
        attach(n, span);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        Node* n = doc_.make();
        n->kind = seq ? Kind::kSequence : Kind::kMapping;
        n->type = Type::kCollection;
        n->span = span;
        const auto* tag = seq ? e.data.sequence_start.tag : e.data.mapping_start.tag;
        const auto* anchor = seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
        const bool flow = seq ? e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                              : e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
        n->style = flow ? Style::kFlow : Style::kBlock;
        if (tag) n->tag = reinterpret_cast<const char*>(tag);
        if (anchor) {
          n->anchor = reinterpret_cast<const char*>(anchor);
          open_anchors_.insert(n->anchor);
        }
        if (stack_.size() >= limits_.max_depth) {
          fail(ProblemKind::kLimit, span,
               "nesting deeper than " + std::to_string(limits_.max_depth) +
                   " levels; the file is not checked further");
          return;
        }
        stack_.push_back(Frame{n, nullptr, {}, nullptr});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        if (stack_.empty()) return;
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        Node* n = frame.node;
        n->span.end = span.end;
        if (n->is_mapping() && !frame.merges.empty()) {
          apply_merges(*n, frame.merges);
          doc_.has_merge_keys = true;
        }
        if (!measure(*n)) return;
        if (!n->anchor.empty()) {
          open_anchors_.erase(n->anchor);
          anchors_[n->anchor] = n;
        }
        attach(n, n->span);
        break;
      }
      default:
        break;
    }
  }

  static Style scalar_style(yaml_scalar_style_t s) {
    switch (s) {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: return Style::kSingleQuoted;
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return Style::kDoubleQuoted;
      case YAML_LITERAL_SCALAR_STYLE: return Style::kLiteral;
      case YAML_FOLDED_SCALAR_STYLE: return Style::kFolded;
      default: return Style::kPlain;
    }
  }

  static Type scalar_type(const Node& n) {
    if (!n.tag.empty()) {
      if (n.tag == "tag:yaml.org,2002:str" || n.tag == "tag:yaml.org,2002:binary") return Type::kString;
      if (n.tag == "tag:yaml.org,2002:int") return Type::kInt;
      if (n.tag == "tag:yaml.org,2002:float") return Type::kFloat;
      if (n.tag == "tag:yaml.org,2002:bool") return Type::kBool;
      if (n.tag == "tag:yaml.org,2002:null") return Type::kNull;
      if (n.tag == "tag:yaml.org,2002:timestamp") return Type::kTimestamp;
      if (n.tag != "!") return n.style == Style::kPlain ? resolve_plain_scalar(n.value) : Type::kString;
      return Type::kString;  // the non-specific "!" tag forces a string
    }
    return n.style == Style::kPlain ? resolve_plain_scalar(n.value) : Type::kString;
  }

  // Children are complete before their parent ends, so height and expanded size are computed
  // bottom-up without recursion; a shared (aliased) child counts once per use, as if expanded.
  bool measure(Node& n) {
    uint64_t size = 1;
    uint32_t height = 0;
    auto add = [&](const Node* child) {
      size += child->expanded_size;
      height = std::max(height, child->height);
    };
    for (const Node* c : n.items) add(c);
    for (const Pair& p : n.pairs) {
      add(p.key);
      add(p.value);
    }
    n.height = height + 1;
    n.expanded_size = size;
    if (n.height > limits_.max_depth) {
      fail(ProblemKind::kLimit, n.span,
           "nesting deeper than " + std::to_string(limits_.max_depth) +
               " levels once aliases are expanded; the file is not checked further");
      return false;
    }
    if (size > limits_.max_expanded_nodes) {
      fail(ProblemKind::kLimit, n.span,
           "aliases expand to more than " + std::to_string(limits_.max_expanded_nodes) +
               " nodes (an alias bomb?); the file is not checked further");
      return false;
    }
    return true;
  }

  void attach(Node* n, const Span& at) {
    if (stopped_) return;
    if (stack_.empty()) {
      if (doc_.document_count <= 1 && !doc_.root) doc_.root = n;
      else if (doc_.document_count > 1) doc_.later_roots.push_back(n);
      return;
    }
    Frame& top = stack_.back();
    Node* parent = top.node;
    if (parent->is_sequence()) {
      parent->items.push_back(n);
      return;
    }
    if (!top.pending_key) {
      top.pending_key = n;
      return;
    }
    Node* key = top.pending_key;
    top.pending_key = nullptr;
    if (is_merge_key(*key)) {
      add_merge(top, key, n, at);
      return;
    }
    if (key->is_scalar()) {
      if (const Node* earlier = earlier_key(top, key->value)) {
        fail(ProblemKind::kSyntax, key->span,
             "mapping key \"" + key->value + "\" already defined at line " +
                 std::to_string(earlier->span.start().line));
        return;
      }
    }
    parent->pairs.push_back(Pair{key, n, {}});
    if (top.keys && key->is_scalar()) top.keys->emplace(key->value, key);
  }

  // The key of `frame`'s mapping already written as `value`, or null.
  static const Node* earlier_key(Frame& frame, std::string_view value) {
    const std::vector<Pair>& pairs = frame.node->pairs;
    if (!frame.keys && pairs.size() >= kIndexedKeys) {
      frame.keys = std::make_unique<std::unordered_map<std::string_view, const Node*>>();
      for (const Pair& p : pairs)
        if (p.key->is_scalar()) frame.keys->emplace(p.key->value, p.key);
    }
    if (frame.keys) {
      const auto it = frame.keys->find(value);
      return it == frame.keys->end() ? nullptr : it->second;
    }
    for (const Pair& p : pairs)
      if (p.key->is_scalar() && p.key->value == value) return p.key;
    return nullptr;
  }

  static bool is_merge_key(const Node& key) {
    return key.is_scalar() && key.style == Style::kPlain && key.value == "<<" &&
           (key.tag.empty() || key.tag == "tag:yaml.org,2002:merge");
  }

  // `written`: where the value is written after `<<:` (an alias's own span, not its anchor's):
  // a wrong value is reported there, where the merge is asked for.
  void add_merge(Frame& frame, Node* key, Node* value, const Span& written) {
    if (value->is_mapping()) {
      frame.merges.push_back({value, key->span});
      return;
    }
    if (value->is_sequence()) {
      for (Node* item : value->items) {
        if (!item->is_mapping()) {
          const bool inside = item->span.begin >= written.begin && item->span.end <= written.end;
          fail(ProblemKind::kSyntax, inside ? item->span : written,
               "map merge requires map or sequence of maps as the value");
          return;
        }
        frame.merges.push_back({item, key->span});
      }
      return;
    }
    fail(ProblemKind::kSyntax, written, "map merge requires map or sequence of maps as the value");
  }

  // Local keys win over merged ones; among merged mappings, the earlier one wins.
  static void apply_merges(Node& map, const std::vector<Frame::Merge>& merges) {
    if (merges.empty()) return;
    auto present = [&](const Node* key) {
      if (!key->is_scalar()) return false;
      for (const Pair& p : map.pairs)
        if (p.key->is_scalar() && p.key->value == key->value) return true;
      return false;
    };
    for (const auto& merge : merges) {
      for (const Pair& p : merge.source->pairs) {
        if (present(p.key)) continue;
        map.pairs.push_back(Pair{p.key, p.value, p.merged() ? p.merged_at : merge.site});
      }
    }
  }

  void syntax_error(const yaml_parser_t& parser) {
    // Reader errors (bad encoding, control characters) carry a byte offset, not a mark.
    const uint32_t at = parser.error == YAML_READER_ERROR
                            ? static_cast<uint32_t>(std::min<size_t>(parser.problem_offset, file_.bytes().size()))
                            : marks_.offset(parser.problem_mark);
    const auto bytes = file_.bytes();
    std::string message = parser.problem ? parser.problem : "invalid YAML";
    if (at < bytes.size() && bytes[at] == '\t')
      message = "found a tab character where YAML allows only spaces (indentation must use spaces)";
    if (parser.context) {
      const auto ctx = file_.span(marks_.offset(parser.context_mark), 0);
      message += " (" + std::string(parser.context) + " at line " + std::to_string(ctx.start().line) +
                 ", column " + std::to_string(ctx.start().column) + ")";
    }
    uint32_t end = at;
    if (end < bytes.size() && bytes[end] != '\n' && bytes[end] != '\r') ++end;
    fail(ProblemKind::kSyntax, file_.span(at, end), message);
  }

  void fail(ProblemKind kind, const Span& span, std::string message) {
    if (stopped_) return;
    doc_.problems.push_back(Problem{kind, span, std::move(message)});
    stopped_ = true;
  }

  // A '#' outside every scalar, at line start or after whitespace, starts a comment.
  void scan_comments() {
    const auto bytes = file_.bytes();
    size_t next_scalar = 0;
    bool line_blank = true;
    for (uint32_t i = file_.content_start(); i < bytes.size(); ++i) {
      while (next_scalar < scalar_spans_.size() && scalar_spans_[next_scalar].end <= i) ++next_scalar;
      if (next_scalar < scalar_spans_.size() && scalar_spans_[next_scalar].begin <= i &&
          i < scalar_spans_[next_scalar].end) {
        i = scalar_spans_[next_scalar].end - 1;
        line_blank = false;
        continue;
      }
      const char c = bytes[i];
      if (c == '\n') {
        line_blank = true;
        continue;
      }
      if (c == '#' && (i == 0 || bytes[i - 1] == ' ' || bytes[i - 1] == '\t' || bytes[i - 1] == '\n' ||
                       i == file_.content_start())) {
        uint32_t end = i;
        while (end < bytes.size() && bytes[end] != '\n') ++end;
        const uint32_t text_end = end > i && bytes[end - 1] == '\r' ? end - 1 : end;
        doc_.comments.push_back(Comment{file_.span(i, text_end), line_blank});
        i = end - 1;
        continue;
      }
      if (c != ' ' && c != '\t' && c != '\r') line_blank = false;
    }
  }

  const SourceFile& file_;
  const Limits& limits_;
  Document& doc_;
  MarkConverter marks_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Node*> anchors_;
  std::unordered_set<std::string> open_anchors_;
  std::vector<Span> scalar_spans_;
  bool stopped_ = false;
};

}  // namespace

std::unique_ptr<Document> Document::clone() const {
  auto copy = std::make_unique<Document>();
  copy->document_count = document_count;
  copy->has_merge_keys = has_merge_keys;
  copy->comments = comments;
  copy->problems = problems;
  for (const Node& n : arena) copy->arena.make(n);
  // The copy's node i is this document's node i; a node from elsewhere stays as it is.
  auto to_copy = [&](Node* n) -> Node* {
    if (!n) return nullptr;
    const size_t i = arena.index_of(n);
    return i < arena.size() ? &copy->arena[i] : n;
  };
  for (Node& n : copy->arena) {
    for (Node*& item : n.items) item = to_copy(item);
    for (Pair& p : n.pairs) {
      p.key = to_copy(p.key);
      p.value = to_copy(p.value);
    }
  }
  copy->root = to_copy(root);
  for (Node* n : later_roots) copy->later_roots.push_back(to_copy(n));
  return copy;
}

std::unique_ptr<Document> parse(const SourceFile& file, const Limits& limits) {
  auto doc = std::make_unique<Document>();
  Builder(file, limits, *doc).run();
  return doc;
}

}  // namespace clearance::yaml
