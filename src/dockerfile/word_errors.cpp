#include "dockerfile/word_errors.h"

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

void add_expansion_problems(const Instruction& in, char escape, std::vector<Problem>& out) {
  ExpandOptions options;
  options.escape = escape;
  for (const Word* w : expanded_words(in)) {
    // Only a quote or a `${` can be left open: most words have neither, and are not expanded.
    if (w->value.find_first_of("\"'") == std::string::npos && w->value.find("${") == std::string::npos) continue;
    const Expansion x = expand(w->value, {}, options);
    if (x.limited || !left_open(x.error)) continue;
    // The word is not quoted in the message: it may be a credential (`ENV DB_PASSWORD="...`).
    out.push_back({ProblemKind::kError, w->span, in.name + " cannot be expanded: " + x.error});
  }
}

}  // namespace clearance::dockerfile
