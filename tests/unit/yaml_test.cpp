// The YAML adapter: spans, anchors and merge keys, go-yaml v3 scalar typing, bad input.
#include <gtest/gtest.h>

#include <chrono>

#include "yaml/node.h"

namespace clearance::yaml {
namespace {

using source::SourceFile;

struct Parsed {
  std::shared_ptr<SourceFile> file;
  std::unique_ptr<Document> doc;
};

Parsed parse_text(std::string text, Limits limits = {}) {
  Parsed p;
  p.file = std::make_shared<SourceFile>("t.yaml", "/t.yaml", std::move(text));
  p.doc = parse(*p.file, limits);
  return p;
}

const Node* path(const Node* n, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    if (!n) return nullptr;
    n = n->get(k);
  }
  return n;
}

TEST(YamlSpans, ScalarSpanIsTheValueAsWritten) {
  auto p = parse_text("services:\n  web:\n    image: \"nginx:1.27\"\n    privileged: true\n");
  const Node* image = path(p.doc->root, {"services", "web", "image"});
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->value, "nginx:1.27");
  EXPECT_EQ(image->span.text(), "\"nginx:1.27\"");
  EXPECT_EQ(image->span.start().line, 3u);
  EXPECT_EQ(image->span.start().column, 12u);
  EXPECT_EQ(image->span.stop().column, 24u);
  const Node* priv = path(p.doc->root, {"services", "web", "privileged"});
  EXPECT_EQ(priv->span.text(), "true");
  EXPECT_EQ(priv->type, Type::kBool);
}

TEST(YamlSpans, MultiByteCharactersAreBytesInOffsetsAndCodePointsInColumns) {
  // libyaml counts characters; spans must still land on the right bytes.
  auto p = parse_text("k: \"h\xC3\xA9llo w\xC3\xB6rld \xF0\x9F\x90\xB3\"  # \xC3\xBC\nx: y\n");
  const Node* x = p.doc->root->get("x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->span.text(), "y");
  EXPECT_EQ(x->span.start().line, 2u);
  EXPECT_EQ(x->span.start().column, 4u);
  const Node* k = p.doc->root->get("k");
  EXPECT_EQ(k->span.stop().column, 19u);  // "k: " + 2 quotes + 13 code points, then one past
}

TEST(YamlSpans, ByteOrderMarkAndCrlf) {
  auto p = parse_text("\xEF\xBB\xBFservices:\r\n  web:\r\n    image: nginx\r\n");
  ASSERT_TRUE(p.doc->problems.empty());
  const Node* image = path(p.doc->root, {"services", "web", "image"});
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->span.text(), "nginx");
  EXPECT_EQ(image->span.start().line, 3u);
  EXPECT_EQ(image->span.start().column, 12u);
  const Node* services_key = p.doc->root->pairs[0].key;
  EXPECT_EQ(services_key->span.begin, 3u);  // after the BOM
  EXPECT_EQ(services_key->span.start().column, 1u);
}

// Every service in one flow mapping on one line of non-ASCII text: each mark's byte offset is
// found from the one before (walking the line from its start for every mark was quadratic:
// two minutes for 20,000 services); and an error's context mark, which lies before the
// problem, is found going back.
TEST(YamlSpans, LongNonAsciiLineMapsEveryMark) {
  std::string text = "{";
  for (int i = 0; i < 3000; ++i) text += (i ? ", k" : "k") + std::to_string(i) + ": \"\xC3\xA9" + std::to_string(i) + "\"";
  text += "}\n";
  auto p = parse_text(text);
  ASSERT_TRUE(p.doc->problems.empty());
  ASSERT_EQ(p.doc->root->pairs.size(), 3000u);
  uint32_t column = 2;  // after "{"
  for (int i = 0; i < 3000; ++i) {
    const std::string key = "k" + std::to_string(i);
    const Node* value = p.doc->root->get(key);
    ASSERT_NE(value, nullptr) << key;
    EXPECT_EQ(value->span.text(), "\"\xC3\xA9" + std::to_string(i) + "\"") << key;
    const uint32_t value_column = column + static_cast<uint32_t>(key.size()) + 2;
    EXPECT_EQ(value->span.start().column, value_column) << key;
    column = value_column + static_cast<uint32_t>(std::to_string(i).size()) + 3 + 2;  // "é" + digits + quotes, ", "
  }
  auto bad = parse_text("a: {b: \"\xC3\xA9\xC3\xA9\", c: [1, 2\n");
  ASSERT_FALSE(bad.doc->problems.empty());
  EXPECT_NE(bad.doc->problems[0].message.find("at line 1, column 17"), std::string::npos) << bad.doc->problems[0].message;
}

TEST(YamlMerge, AMergeOfAScalarIsReportedWhereItIsAskedFor) {
  // The anchor is fine where it is defined; the `<<: *img` that merges it is the error.
  auto p = parse_text("x-image: &img nginx:1.29\nservices:\n  api: {<<: *img}\n");
  ASSERT_FALSE(p.doc->problems.empty());
  EXPECT_EQ(p.doc->problems[0].message, "map merge requires map or sequence of maps as the value");
  EXPECT_EQ(p.doc->problems[0].span.start().line, 3u);
  EXPECT_EQ(p.doc->problems[0].span.text(), "*img");
  auto listed = parse_text("x-image: &img nginx:1.29\nservices:\n  api:\n    <<: [*img]\n");
  ASSERT_FALSE(listed.doc->problems.empty());
  EXPECT_EQ(listed.doc->problems[0].span.start().line, 4u);
}

TEST(YamlDocuments, LaterDocumentsAreKept) {
  auto p = parse_text("a: &x 1\nb: *x\n---\nc: &x 2\nd: *x\n");
  ASSERT_NE(p.doc->root, nullptr);
  EXPECT_EQ(p.doc->document_count, 2u);
  EXPECT_EQ(p.doc->root->get("b")->value, "1");
  ASSERT_EQ(p.doc->later_roots.size(), 1u);
  EXPECT_EQ(p.doc->later_roots[0]->get("c")->span.start().line, 4u);
  EXPECT_EQ(p.doc->later_roots[0]->get("d")->value, "2");  // its own anchor x
  const auto copy = p.doc->clone();
  ASSERT_EQ(copy->later_roots.size(), 1u);
  EXPECT_NE(copy->later_roots[0], p.doc->later_roots[0]);
  EXPECT_EQ(copy->later_roots[0]->get("c")->value, "2");
}

TEST(YamlDocuments, AnAnchorBelongsToItsOwnDocument) {
  // go-yaml v3 reads every document alone: an alias of an earlier document's anchor is unknown.
  auto p = parse_text("a: &x 1\n---\nb: *x\n");
  ASSERT_FALSE(p.doc->problems.empty());
  EXPECT_NE(p.doc->problems[0].message.find("unknown anchor 'x'"), std::string::npos);
  EXPECT_EQ(p.doc->problems[0].span.start().line, 3u);
}

TEST(YamlMerge, LocalKeysWinAndMergedValuesKeepTheirSpans) {
  auto p = parse_text(
      "x-base: &base\n"
      "  restart: always\n"
      "  user: \"1000\"\n"
      "services:\n"
      "  web:\n"
      "    <<: *base\n"
      "    user: root\n");
  const Node* web = path(p.doc->root, {"services", "web"});
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->get("user")->value, "root");
  const Pair* restart = web->find("restart");
  ASSERT_NE(restart, nullptr);
  EXPECT_TRUE(restart->merged());
  EXPECT_EQ(restart->value->span.start().line, 2u);  // where it was written
  EXPECT_EQ(restart->merged_at.start().line, 6u);    // where it was merged
  EXPECT_FALSE(web->find("user")->merged());
}

TEST(YamlMerge, EarlierMappingInAListWins) {
  auto p = parse_text(
      "a: &a {k: from_a, only_a: 1}\n"
      "b: &b {k: from_b, only_b: 2}\n"
      "c:\n"
      "  <<: [*a, *b]\n");
  const Node* c = p.doc->root->get("c");
  EXPECT_EQ(c->get("k")->value, "from_a");
  EXPECT_NE(c->get("only_a"), nullptr);
  EXPECT_NE(c->get("only_b"), nullptr);
}

TEST(YamlMerge, ChainedMergesKeepTheOriginalMergeSite) {
  auto p = parse_text(
      "a: &a {cap: x}\n"
      "b: &b\n"
      "  <<: *a\n"
      "c:\n"
      "  <<: *b\n");
  const Pair* cap = p.doc->root->get("c")->find("cap");
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->merged_at.start().line, 3u);
}

TEST(YamlMerge, MergeOfAScalarIsAnError) {
  auto p = parse_text("a: &a x\nb:\n  <<: *a\n");
  ASSERT_EQ(p.doc->problems.size(), 1u);
  EXPECT_NE(p.doc->problems[0].message.find("map merge"), std::string::npos);
}

TEST(YamlAliases, AliasSharesTheAnchorNode) {
  auto p = parse_text("a: &img nginx:1.27\nb: *img\n");
  EXPECT_EQ(p.doc->root->get("a"), p.doc->root->get("b"));
  EXPECT_EQ(p.doc->root->get("b")->span.start().line, 1u);
}

TEST(YamlAliases, UnknownAnchorIsAProblemAtTheAlias) {
  auto p = parse_text("a: 1\nb: *nope\n");
  ASSERT_EQ(p.doc->problems.size(), 1u);
  EXPECT_EQ(p.doc->problems[0].span.start().line, 2u);
  EXPECT_NE(p.doc->problems[0].message.find("nope"), std::string::npos);
}

TEST(YamlAliases, SelfReferenceIsRejectedNotCyclic) {
  auto p = parse_text("a: &a [*a]\n");
  ASSERT_EQ(p.doc->problems.size(), 1u);
  EXPECT_NE(p.doc->problems[0].message.find("contains itself"), std::string::npos);
}

TEST(YamlTypes, ResolvesPlainScalarsAsGoYamlV3) {
  EXPECT_EQ(resolve_plain_scalar("yes"), Type::kString);
  EXPECT_EQ(resolve_plain_scalar("on"), Type::kString);
  EXPECT_EQ(resolve_plain_scalar("off"), Type::kString);
  EXPECT_EQ(resolve_plain_scalar("y"), Type::kString);
  EXPECT_EQ(resolve_plain_scalar("true"), Type::kBool);
  EXPECT_EQ(resolve_plain_scalar("FALSE"), Type::kBool);
  EXPECT_EQ(resolve_plain_scalar("~"), Type::kNull);
  EXPECT_EQ(resolve_plain_scalar(""), Type::kNull);
  EXPECT_EQ(resolve_plain_scalar("0777"), Type::kInt);
  EXPECT_EQ(resolve_plain_scalar("1_000"), Type::kInt);
  EXPECT_EQ(resolve_plain_scalar("0o777"), Type::kInt);
  EXPECT_EQ(resolve_plain_scalar("0x1F"), Type::kInt);
  EXPECT_EQ(resolve_plain_scalar("1e3"), Type::kFloat);
  EXPECT_EQ(resolve_plain_scalar(".inf"), Type::kFloat);
  EXPECT_EQ(resolve_plain_scalar("2024-01-16"), Type::kTimestamp);
  EXPECT_EQ(resolve_plain_scalar("12:30"), Type::kString);
  EXPECT_EQ(resolve_plain_scalar("8080:80"), Type::kString);
  EXPECT_EQ(resolve_plain_scalar("1.2.3"), Type::kString);
}

TEST(YamlTypes, QuotedScalarsAreStrings) {
  auto p = parse_text("a: \"true\"\nb: 'yes'\nc: !!str 5\nd: 5\n");
  EXPECT_EQ(p.doc->root->get("a")->type, Type::kString);
  EXPECT_EQ(p.doc->root->get("b")->type, Type::kString);
  EXPECT_EQ(p.doc->root->get("c")->type, Type::kString);
  EXPECT_EQ(p.doc->root->get("d")->type, Type::kInt);
}

TEST(YamlErrors, DuplicateKeyPointsAtTheSecondKey) {
  auto p = parse_text("a: 1\nb: 2\na: 3\n");
  ASSERT_EQ(p.doc->problems.size(), 1u);
  EXPECT_EQ(p.doc->problems[0].span.start().line, 3u);
  EXPECT_NE(p.doc->problems[0].message.find("already defined at line 1"), std::string::npos);
}

TEST(YamlErrors, DuplicateKeyInALargeMapping) {
  // Past a few keys they are looked up in an index: a repeat is found at any distance, in
  // block and flow mappings, and each key once.
  for (const bool flow : {false, true}) {
    std::string text = flow ? "{" : "";
    for (int i = 0; i < 40; ++i) text += (flow ? (i ? ", k" : "k") : "k") + std::to_string(i) + ": " + std::to_string(i) + (flow ? "" : "\n");
    text += flow ? ", k3: again}\n" : "k3: again\n";
    auto p = parse_text(text);
    ASSERT_EQ(p.doc->problems.size(), 1u) << text;
    EXPECT_NE(p.doc->problems[0].message.find("mapping key \"k3\" already defined at line " + std::string(flow ? "1" : "4")),
              std::string::npos) << p.doc->problems[0].message;
  }
  std::string many;
  for (int i = 0; i < 25000; ++i) many += "k" + std::to_string(i) + ": v\n";
  EXPECT_TRUE(parse_text(many).doc->problems.empty());
}

TEST(YamlErrors, TabIndentationNamesTheTab) {
  auto p = parse_text("services:\n\tweb: {}\n");
  ASSERT_EQ(p.doc->problems.size(), 1u);
  EXPECT_EQ(p.doc->problems[0].span.start().line, 2u);
  EXPECT_NE(p.doc->problems[0].message.find("tab"), std::string::npos);
}

TEST(YamlErrors, BadIndentationAndUnclosedBrackets) {
  auto bad = parse_text("services:\n  web:\n    image: a\n   user: b\n");
  ASSERT_FALSE(bad.doc->problems.empty());
  EXPECT_EQ(bad.doc->problems[0].kind, ProblemKind::kSyntax);
  auto unclosed = parse_text("ports: [1, 2\nx: 1\n");
  ASSERT_FALSE(unclosed.doc->problems.empty());
  EXPECT_EQ(unclosed.doc->root, nullptr);
}

TEST(YamlErrors, InvalidUtf8IsASyntaxProblem) {
  auto p = parse_text("a: \"\xFF\xFE\"\n");
  ASSERT_FALSE(p.doc->problems.empty());
  EXPECT_EQ(p.doc->problems[0].kind, ProblemKind::kSyntax);
}

TEST(YamlErrors, BinaryInputIsRejectedQuickly) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 131) % 256));
  auto p = parse_text(junk);
  EXPECT_FALSE(p.doc->problems.empty());
}

TEST(YamlLimits, AliasBombStopsWithALimitProblem) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? ", " : "") + "*" + prev;
    bomb += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  auto p = parse_text(bomb);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_EQ(p.doc->problems.size(), 1u);
  EXPECT_EQ(p.doc->problems[0].kind, ProblemKind::kLimit);
  EXPECT_EQ(p.doc->root, nullptr);
}

TEST(YamlLimits, DeepFlowNestingStopsEarly) {
  const std::string deep(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  auto p = parse_text(deep);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_EQ(p.doc->problems.size(), 1u);
  EXPECT_EQ(p.doc->problems[0].kind, ProblemKind::kLimit);
}

TEST(YamlComments, CapturedWithPositionsOutsideScalars) {
  auto p = parse_text(
      "# top\n"
      "a: \"x # not a comment\"  # trailing\n"
      "b: |\n"
      "  # inside a literal\n"
      "c: d#not\n"
      "e: [1, 2] # after flow\n");
  ASSERT_EQ(p.doc->comments.size(), 3u);
  EXPECT_EQ(p.doc->comments[0].text(), "# top");
  EXPECT_TRUE(p.doc->comments[0].own_line);
  EXPECT_EQ(p.doc->comments[1].text(), "# trailing");
  EXPECT_FALSE(p.doc->comments[1].own_line);
  EXPECT_EQ(p.doc->comments[1].span.start().line, 2u);
  EXPECT_EQ(p.doc->comments[1].span.start().column, 25u);
  EXPECT_EQ(p.doc->comments[2].text(), "# after flow");
}

TEST(YamlDocuments, EmptyFileHasNoRootAndNoProblem) {
  auto p = parse_text("");
  EXPECT_EQ(p.doc->root, nullptr);
  EXPECT_TRUE(p.doc->problems.empty());
}

}  // namespace
}  // namespace clearance::yaml

namespace clearance::yaml {
namespace {

// ASCII text takes libyaml's character index as the byte offset: CRLF counts two.
TEST(YamlSpans, AsciiCrlfOffsetsAreBytes) {
  auto p = parse_text("services:\r\n  web:\r\n    image: nginx\r\n    user: \"1000\"\r\n");
  ASSERT_TRUE(p.doc->problems.empty());
  const Node* image = path(p.doc->root, {"services", "web", "image"});
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->span.text(), "nginx");
  EXPECT_EQ(image->span.begin, 30u);  // 11 + 8 + 11 bytes
  const Node* user = path(p.doc->root, {"services", "web", "user"});
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->span.text(), "\"1000\"");
  EXPECT_EQ(user->span.start().line, 4u);
  EXPECT_EQ(user->span.start().column, 11u);
}

TEST(YamlSpans, LoneCarriageReturnsEndLinesAsInLibyaml) {
  auto p = parse_text("a: 1\rb: two\rc: 3\r");
  const Node* b = p.doc->root->get("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->span.text(), "two");
  EXPECT_EQ(b->span.start().line, 2u);
  EXPECT_EQ(b->span.start().column, 4u);
}

}  // namespace
}  // namespace clearance::yaml
