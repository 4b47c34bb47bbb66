#include "dockerfile/word_errors.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/expand.h"

namespace clearance::dockerfile {
namespace {

// The words BuildKit expands of an instruction in shell form.
std::vector<const Word*> expanded_words(const Instruction& in) {
  std::vector<const Word*> out;
  if (in.form == Form::kExec) return out;
  switch (in.keyword) {
    case Keyword::kFrom:
      if (!in.words.empty()) out.push_back(&in.words[0]);
      break;
    case Keyword::kArg:
    case Keyword::kEnv:
    case Keyword::kLabel:
      for (const KeyValue& kv : in.pairs)
        if (kv.has_value) out.push_back(&kv.value);
      break;
    case Keyword::kAdd:
    case Keyword::kCopy:
      if (!in.heredocs.empty()) break;  // a heredoc's marker is no path
      [[fallthrough]];
    case Keyword::kExpose:
    case Keyword::kStopsignal:
    case Keyword::kUser:
    case Keyword::kVolume:
    case Keyword::kWorkdir:
      for (const Word& w : in.words) out.push_back(&w);
      break;
    default:
      break;
  }
  return out;
}

// A quote or a `${` left open: a slip of the hand. The other errors BuildKit reports (a
// modifier it does not know, `${templateOption:imageVariant}`) are mostly another tool's
// template syntax in a file that tool fills in before anyone builds it: not judged here.
bool left_open(std::string_view error) {
  return error.starts_with("unexpected end of statement while looking for matching") ||
         error == "syntax error: missing '}'";
}

}  // namespace

bool surely_closed(std::string_view word, char escape) {
  if (word.find(escape) != std::string_view::npos) return false;
  enum class State : uint8_t { kPlain, kSingle, kDouble } state = State::kPlain;
  int braces = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    switch (state) {
      case State::kPlain:
        if (c == '\'') state = State::kSingle;
        else if (c == '"') state = State::kDouble;
        else if (c == '$' && i + 1 < word.size() && word[i + 1] == '{') ++braces, ++i;
        else if (c == '}' && braces > 0) --braces;
        if (braces > 0 && state != State::kPlain) return false;  // a quote inside ${...}
        break;
      case State::kSingle:
        if (c == '\'') state = State::kPlain;
        break;
      case State::kDouble:
        if (c == '"') state = State::kPlain;
        else if (c == '$' && i + 1 < word.size() && word[i + 1] == '{') return false;  // ${...} in quotes
        break;
    }
  }
  return state == State::kPlain && braces == 0;
}

void add_expansion_problems(const Instruction& in, char escape, std::vector<Problem>& out) {
  ExpandOptions options;
  options.escape = escape;
  for (const Word* w : expanded_words(in)) {
    if (surely_closed(w->value, escape)) continue;  // most words: no need to expand them
    const Expansion x = expand(w->value, {}, options);
    if (x.limited || !left_open(x.error)) continue;
    // The word is not quoted in the message: it may be a credential (`ENV DB_PASSWORD="...`).
    out.push_back({ProblemKind::kError, w->span, in.name + " cannot be expanded: " + x.error});
  }
}

}  // namespace clearance::dockerfile
