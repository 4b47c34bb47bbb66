#pragma once
// Internal to src/dockerfile: reading one instruction's logical line (what BuildKit's
// newNodeFromLine and the instructions package do with it). syntax.cpp reads the file's lines.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/syntax.h"
#include "dockerfile/text.h"

namespace clearance::dockerfile::detail {

struct InstructionContext {
  SpanCursor& cursor;
  char escape = '\\';
  int depth = 0;  // 1 inside ONBUILD: a trigger's own trigger is not parsed
  // Reused between instructions, so that splitting words allocates nothing.
  std::vector<std::pair<size_t, size_t>>* scratch = nullptr;
};

// Fills `ins` from `ins.text` (keyword, flags, arguments, problems; not the spans of the whole
// instruction, nor heredoc bodies). Returns the instruction that heredoc bodies belong to: `ins`
// itself, or the trigger of an ONBUILD; null when the instruction cannot have heredocs.
Instruction* parse_instruction(Instruction& ins, const InstructionContext& context);

// A heredoc marker found in an instruction's line: [begin, end) in that line's text.
struct MarkerInLine {
  HeredocMarker marker;
  uint32_t begin = 0;
  uint32_t end = 0;
};

// BuildKit's heredocsFromLine: the words of the line that open heredocs, in order. `error` is
// set when BuildKit would refuse a marker.
std::vector<MarkerInLine> find_heredoc_markers(std::string_view line, std::string& error);

// Decodes the JSON string literal content `raw` (between the quotes) into `builder`, mapping
// escape sequences to their source bytes; `raw_begin` is where `raw` starts in `text`.
void decode_json_string_into(const JoinedText& text, size_t raw_begin, size_t raw_end,
                             JoinedText::Builder& builder);

}  // namespace clearance::dockerfile::detail
