// The quick scan that spares most Dockerfile words a full expansion when CLR901 looks for a
// quote or `${` left open: it may say "not sure", never "closed" for a word BuildKit's lexer
// finds open.
#include <gtest/gtest.h>


#include <string>
#include <string_view>

#include "dockerfile/expand.h"
#include "dockerfile/word_errors.h"

namespace clearance::dockerfile {
namespace {

bool left_open(std::string_view word, char escape) {
  ExpandOptions options;
  options.escape = escape;
  const std::string error = expand(word, {}, options).error;
  return error.starts_with("unexpected end of statement while looking for matching") ||
         error == "syntax error: missing '}'";
}

TEST(WordErrors, CommonWordsAreSurelyClosed) {
  for (const char* word : {"plain", "\"a b\"", "'a b'", "\"$HOME/x\"", "${X}", "${X:-${Y}}/z", "}", "a}b",
                           "\"'\"", "'\"'", "${PATH}:/usr/local/bin"})
    EXPECT_TRUE(surely_closed(word, '\\')) << word;
}

TEST(WordErrors, OpenOrUnsureWordsAreLeftToTheExpansion) {
  for (const char* word : {"\"abc", "abc'", "$'", "${X", "${X:-${Y}", "a\\\"b", "\"${X}\"", "${X:-\"}\"}", "${X:-'a'}"})
    EXPECT_FALSE(surely_closed(word, '\\')) << word;
  EXPECT_FALSE(surely_closed("a`\"b", '`'));  // the escape character the file chose
  EXPECT_TRUE(surely_closed("C:\\dir", '`'));  // a backslash is no escape there
}

// Every word of up to six characters from the characters that matter: a word the scan calls
// closed is never one the lexer finds open.
TEST(WordErrors, NeverClosedWhenTheLexerFindsItOpen) {
  constexpr std::string_view kChars = "a\"'${}\\ ";
  std::string word;
  size_t checked = 0;
  const auto visit = [&](auto&& self, size_t length) -> void {
    if (surely_closed(word, '\\')) {
      ++checked;
      ASSERT_FALSE(left_open(word, '\\')) << "[" << word << "]";
    }
    if (length == 6) return;
    for (const char c : kChars) {
      word.push_back(c);
      self(self, length + 1);
      word.pop_back();
    }
  };
  visit(visit, 0);
  EXPECT_GT(checked, 1000u);
}

}  // namespace
}  // namespace clearance::dockerfile
