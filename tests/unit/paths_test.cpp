// Path arithmetic on strings (source/paths.h): the same answers std::filesystem gives, without it;
// and the character-set search (source/chars.h) that replaces find_first_of on hot paths.
#include <gtest/gtest.h>

#include <filesystem>

#include "source/ascii.h"
#include "source/chars.h"
#include "source/paths.h"
#include "source/source_file.h"

namespace clearance::source {
namespace {

TEST(Paths, NormaliseFoldsDotsAndSlashes) {
  EXPECT_EQ(normalise_path("/a//b/./c/../d"), "/a/b/d");
  EXPECT_EQ(normalise_path("a/../../b"), "../b");
  EXPECT_EQ(normalise_path("/../x"), "/x");
  EXPECT_EQ(normalise_path("./"), ".");
  EXPECT_EQ(normalise_path(""), ".");
  // Already normal: given back as it is.
  EXPECT_EQ(normalise_path("/"), "/");
  EXPECT_EQ(normalise_path("a/b.c/.d/..e"), "a/b.c/.d/..e");
  EXPECT_EQ(normalise_path("/a"), "/a");
  // Almost normal: a trailing slash, a doubled one, a "." or ".." at either end.
  EXPECT_EQ(normalise_path("a/b/"), "a/b");
  EXPECT_EQ(normalise_path("//a"), "/a");
  EXPECT_EQ(normalise_path("a/."), "a");
  EXPECT_EQ(normalise_path("../a"), "../a");
  EXPECT_EQ(normalise_path("a/.."), ".");
}

TEST(Paths, JoinKeepsAbsolutePaths) {
  EXPECT_EQ(join_path("/srv/app", "compose.yaml"), "/srv/app/compose.yaml");
  EXPECT_EQ(join_path("/srv/app", "../other/.env"), "/srv/other/.env");
  EXPECT_EQ(join_path("/srv/app", "/etc/hosts"), "/etc/hosts");
}

TEST(Paths, ParentDirectoryOfFilesAndFolders) {
  EXPECT_EQ(parent_directory("/a/b/Dockerfile"), "/a/b");
  EXPECT_EQ(parent_directory("/Dockerfile"), "/");
  EXPECT_EQ(parent_directory("Dockerfile"), ".");
  EXPECT_EQ(parent_directory("sub/Dockerfile"), "sub");
}

TEST(Paths, AbsolutePathIsTheWorkingDirectoryJoinedAndNormalised) {
  const std::string cwd = std::filesystem::current_path().string();
  EXPECT_EQ(absolute_path("x/../y"), normalise_path(cwd + "/y"));
  EXPECT_EQ(absolute_path("/a/./b/../c"), "/a/c");
}

}  // namespace
}  // namespace clearance::source

namespace clearance::source {
namespace {

TEST(Chars, FindAnyMatchesFindFirstOf) {
  const CharSet set("?#/\xE9");
  for (std::string_view text : {"", "abc", "a?b#c", "/x", "x/", "\xC3\xA9t\xE9", "##"}) {
    EXPECT_EQ(find_any(text, set), text.find_first_of("?#/\xE9")) << text;
    EXPECT_EQ(find_any(text, set, 1), text.find_first_of("?#/\xE9", 1)) << text;
  }
  EXPECT_TRUE(contains_any("a b", CharSet(" \t")));
  EXPECT_FALSE(contains_any("ab", CharSet(" \t")));
}

// ASCII case only: A-Z folded, every other byte (digits, punctuation, UTF-8) kept as it is, as
// the C locale's tolower does; comparisons of different lengths are unequal.
TEST(Chars, AsciiCaseFoldsOnlyLetters) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const char want = b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : c;
    EXPECT_EQ(ascii_lower(c), want) << b;
  }
  EXPECT_EQ(ascii_lower(std::string_view("FROM Node:22-ALPINE \xC3\x89t\xC3\xA9")), "from node:22-alpine \xC3\x89t\xC3\xA9");
  EXPECT_TRUE(ascii_iequals("ContainerAdministrator", "containeradministrator"));
  EXPECT_TRUE(ascii_iequals("", ""));
  EXPECT_FALSE(ascii_iequals("as", "AS "));
  EXPECT_FALSE(ascii_iequals("\xC3\x89", "\xC3\xA9"));  // not Unicode case
}

// Line starts as libyaml counts them (LF, CRLF, a lone CR) and whether a file is all ASCII,
// against a byte-by-byte reference: CR and non-ASCII bytes at every offset around the
// sixteen-byte blocks of the fast scan, and files of every length up to three blocks.
TEST(LineIndexScan, MatchesByteByByteReading) {
  const auto reference = [](std::string_view b) {
    std::vector<uint32_t> starts{0};
    for (uint32_t i = 0; i < b.size(); ++i)
      if (b[i] == '\n' || (b[i] == '\r' && (i + 1 == b.size() || b[i + 1] != '\n'))) starts.push_back(i + 1);
    return starts;
  };
  const auto check = [&](const std::string& text) {
    const LineIndex index(text);
    const std::vector<uint32_t> want = reference(text);
    ASSERT_EQ(index.line_count(), want.size()) << text;
    for (uint32_t line = 1; line <= want.size(); ++line) EXPECT_EQ(index.line_start(line), want[line - 1]) << text;
    EXPECT_EQ(index.ascii(), is_ascii(text)) << text;
  };
  const std::string base = "FROM a\nRUN b \\\n  c\n\nUSER x\nCMD [\"y\"]\n";  // 40 bytes
  for (size_t n = 0; n <= base.size(); ++n) check(base.substr(0, n));
  for (size_t at = 0; at < base.size(); ++at) {
    for (const char* insert : {"\r", "\r\n", "\xC3\xA9", "\n"}) {
      std::string text = base;
      text.insert(at, insert);
      check(text);
    }
  }
}

// Span positions are worked out when asked: against a character-by-character reference (LF,
// CRLF and a lone CR end lines; columns count code points, after a BOM on the first line), at
// every offset of a file with multi-byte characters, and on a line of several KiB of them,
// where columns come from the 1 KiB checkpoints.
TEST(SpanPositions, MatchCountingFromTheStart) {
  const auto reference = [](std::string_view b, uint32_t offset) {
    Position p{1, 1};
    uint32_t i = b.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    for (; i < offset; ++i) {
      const bool breaks = b[i] == '\n' || (b[i] == '\r' && (i + 1 == b.size() || b[i + 1] != '\n'));
      if (breaks) p = {p.line + 1, 1};
      else if ((static_cast<unsigned char>(b[i]) & 0xC0) != 0x80) ++p.column;
    }
    return p;
  };
  std::string long_line;
  for (int i = 0; i < 900; ++i) long_line += i % 3 ? "ab" : "\xC3\xA9\xE2\x82\xAC";  // é€
  for (const std::string& text : std::vector<std::string>{std::string("\xEF\xBB\xBFservices:\r\n  \xC3\xA9: x\r  y: \xF0\x9F\x90\xB3\n"), "a\nb", std::string(),
        "x: " + long_line + "\ny: " + long_line, long_line + "\r\n" + long_line.substr(0, 1024)}) {
    const SourceFile file("f", "/f", text);
    for (uint32_t offset = 0; offset <= text.size(); ++offset) {
      if (file.has_bom() && offset > 0 && offset < 3) continue;  // inside the BOM: no span starts there
      const Span span = file.span(offset, static_cast<uint32_t>(text.size()));
      const Position want = reference(text, offset);
      ASSERT_EQ(span.start().line, want.line) << "offset " << offset;
      ASSERT_EQ(span.start().column, want.column) << "offset " << offset;
    }
    const Position end = reference(text, static_cast<uint32_t>(text.size()));
    EXPECT_EQ(file.span(0, static_cast<uint32_t>(text.size())).stop().line, end.line);
    EXPECT_EQ(file.span(0, static_cast<uint32_t>(text.size())).stop().column, end.column);
  }
  EXPECT_EQ(Span{}.start().line, 0u);
  EXPECT_EQ(Span{}.stop().column, 0u);
}

}  // namespace
}  // namespace clearance::source
