#include "dockerfile/word_errors.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/expand.h"
#include "source/ascii.h"

namespace clearance::dockerfile {
namespace {

// Stage names are compared as BuildKit compares them: case-insensitively.
struct StageIndex {
  std::vector<size_t> stage_of;          // per instruction: its stage, or kGlobal before any FROM
  std::vector<std::string> names;        // per stage: `AS name`, lower-cased; "" when unnamed
  std::vector<std::vector<size_t>> uses; // per stage: the stages it is built from
  static constexpr size_t kGlobal = static_cast<size_t>(-1);
};

// The stage a reference names (a name, or a number for COPY --from), or kGlobal.
size_t stage_named(const StageIndex& index, size_t before, std::string_view reference, bool numbers) {
  if (reference.empty() || reference.find('$') != std::string_view::npos) return StageIndex::kGlobal;
  const std::string name = source::ascii_lower(reference);
  for (size_t s = 0; s < before && s < index.names.size(); ++s)
    if (index.names[s] == name) return s;
  if (numbers && name.find_first_not_of("0123456789") == std::string::npos && name.size() < 6) {
    const size_t n = std::stoul(name);
    if (n < before) return n;
  }
  return StageIndex::kGlobal;
}

// `from=` of a --mount value ("type=cache,from=builder,target=/x").
std::string_view mount_from(std::string_view value) {
  for (size_t at = 0; at <= value.size();) {
    const size_t comma = std::min(value.find(',', at), value.size());
    const std::string_view field = value.substr(at, comma - at);
    if (field.starts_with("from=")) return field.substr(5);
    at = comma + 1;
  }
  return {};
}

StageIndex index_stages(const Dockerfile& dockerfile) {
  StageIndex index;
  size_t stage = StageIndex::kGlobal;
  for (const Instruction& in : dockerfile.instructions) {
    if (in.is(Keyword::kFrom)) {
      stage = index.names.size();
      const bool named = in.words.size() >= 3 && source::ascii_lower(in.words[1].value) == "as";
      index.names.push_back(named ? source::ascii_lower(in.words[2].value) : std::string());
      index.uses.emplace_back();
      if (!in.words.empty())
        if (const size_t base = stage_named(index, stage, in.words[0].value, false); base != StageIndex::kGlobal)
          index.uses[stage].push_back(base);
    } else if (stage != StageIndex::kGlobal) {
      for (const Flag& f : in.flags) {
        size_t used = StageIndex::kGlobal;
        if (f.name == "from" && (in.is(Keyword::kCopy) || in.is(Keyword::kAdd))) used = stage_named(index, stage, f.value, true);
        if (f.name == "mount" && in.is(Keyword::kRun)) used = stage_named(index, stage, mount_from(f.value), false);
        if (used != StageIndex::kGlobal) index.uses[stage].push_back(used);
      }
    }
    index.stage_of.push_back(stage);
  }
  return index;
}

// The stage `target` names ("" : the last), and every stage it is built from; empty when no
// stage has that name.
std::vector<bool> built_stages(const StageIndex& index, std::string_view target) {
  std::vector<bool> built(index.names.size(), false);
  if (index.names.empty()) return built;
  size_t start = index.names.size() - 1;
  if (!target.empty()) {
    const std::string name = source::ascii_lower(target);
    auto it = std::find(index.names.begin(), index.names.end(), name);
    if (it == index.names.end()) return built;
    start = static_cast<size_t>(it - index.names.begin());
  }
  std::vector<size_t> pending{start};
  while (!pending.empty()) {
    const size_t s = pending.back();
    pending.pop_back();
    if (built[s]) continue;
    built[s] = true;
    for (size_t used : index.uses[s]) pending.push_back(used);
  }
  return built;
}

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

void check_words(const Instruction& in, char escape, std::vector<Problem>& out) {
  ExpandOptions options;
  options.escape = escape;
  for (const Word* w : expanded_words(in)) {
    const Expansion x = expand(w->value, {}, options);
    if (x.limited || !left_open(x.error)) continue;
    // The word is not quoted in the message: it may be a credential (`ENV DB_PASSWORD="...`).
    out.push_back({ProblemKind::kError, w->span, in.name + " cannot be expanded: " + x.error});
  }
}

}  // namespace

std::vector<Problem> expansion_problems(const Dockerfile& dockerfile, std::string_view target) {
  std::vector<Problem> out;
  const StageIndex index = index_stages(dockerfile);
  const std::vector<bool> built = built_stages(index, target);
  if (std::find(built.begin(), built.end(), true) == built.end()) return out;
  for (size_t i = 0; i < dockerfile.instructions.size(); ++i) {
    const Instruction& in = dockerfile.instructions[i];
    const size_t stage = index.stage_of[i];
    const bool before_any_stage = stage == StageIndex::kGlobal || in.is(Keyword::kFrom);
    if (before_any_stage || built[stage]) check_words(in, dockerfile.escape, out);
  }
  return out;
}

}  // namespace clearance::dockerfile
