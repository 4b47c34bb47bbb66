// Path arithmetic on strings (source/paths.h): the same answers std::filesystem gives, without it;
// and the character-set search (source/chars.h) that replaces find_first_of on hot paths.
#include <gtest/gtest.h>

#include <filesystem>

#include "source/ascii.h"
#include "source/chars.h"
#include "source/paths.h"

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

}  // namespace
}  // namespace clearance::source
