#pragma once
// Dockerfiles read the way BuildKit's Dockerfile frontend reads them (parser, directives,
// heredocs, flags, per-instruction argument splitting), with a span for every part.
//
// The reading never fails: what BuildKit would refuse becomes a Problem on the instruction (or
// on the file), and the rest of the file is still read. Nothing is expanded here: values are
// as written (quotes and escapes kept where BuildKit keeps them until expansion); expand.h
// removes quotes and substitutes variables, shell.h splits RUN commands.
//
// Everything points into the SourceFile, which the Dockerfile keeps alive: keep the Dockerfile
// while using string views, spans or texts taken from it.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/text.h"
#include "source/source_file.h"

namespace clearance::dockerfile {

enum class ProblemKind : uint8_t {
  kError,    // BuildKit refuses the Dockerfile with this message
  kWarning,  // BuildKit accepts it, but warns or reads it differently from how it looks
  kLimit,    // a clearance safety limit stopped the reading
};

struct Problem {
  ProblemKind kind = ProblemKind::kError;
  Span span;
  std::string message;
};

enum class DirectiveKind : uint8_t { kSyntax, kEscape, kCheck };

// A parser directive that BuildKit honours: `# escape=` where the parser reads it (the first
// lines, before any instruction, blank line or other comment), `# syntax=` and `# check=`
// where the frontend looks for them (the same lines, not indented, after an optional `#!` line).
struct Directive {
  DirectiveKind kind = DirectiveKind::kSyntax;
  std::string_view name;   // as written ("Escape"); directive names are case-insensitive
  std::string_view value;  // trimmed ("docker/dockerfile:1.7", "`", "skip=all;error=true")
  Span span;               // the whole comment line, without its line break
  Span name_span;
  Span value_span;
};

enum class Keyword : uint8_t {
  kUnknown,
  kAdd,
  kArg,
  kCmd,
  kCopy,
  kEntrypoint,
  kEnv,
  kExpose,
  kFrom,
  kHealthcheck,
  kLabel,
  kMaintainer,
  kOnbuild,
  kRun,
  kShell,
  kStopsignal,
  kUser,
  kVolume,
  kWorkdir,
};

enum class Form : uint8_t {
  kNone,   // nothing after the keyword and flags
  kShell,  // plain text: the shell form of RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK CMD, and the
           // only form of every other instruction (also ADD/COPY/VOLUME when not JSON)
  kExec,   // a JSON array of strings (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD, ADD, COPY,
           // VOLUME); BuildKit falls back to kShell when the JSON does not parse or text
           // other than whitespace follows the ']'
};

// One argument as BuildKit's parser holds it.
struct Word {
  std::string_view value;  // exec form: the decoded JSON string; otherwise the text as written
                           // (quotes and escapes kept: expand.h removes them as BuildKit does)
  Span span;               // where it is written; a JSON string's span excludes its quotes
  uint32_t begin = 0;      // [begin, end): where it is written in Instruction::text
  uint32_t end = 0;
  bool verbatim = true;  // value is exactly Instruction::text [begin, end) (false for a JSON
                         // string with escape sequences or invalid UTF-8)
};

// `--name=value` or `--name` before the arguments.
struct Flag {
  std::string_view name;     // between "--" and the first "=" ("mount")
  std::string_view value;    // after the first "=", quotes and backslash escapes removed as
                             // BuildKit removes them; empty when there is no "="
  bool has_value = false;    // an "=" was written
  bool known = true;         // the instruction declares this flag (see Problems for the rest)
  Span span;                 // the whole flag ("--mount=type=cache,target=/root/.cache")
  Span name_span;            // "mount"
  Span value_span;           // "type=cache,target=/root/.cache"; empty, after the name, when no "="
  uint32_t value_begin = 0;  // where the value starts in Instruction::text
  bool value_verbatim = true;  // value is exactly the text at value_span (no quote or
                               // backslash in it), so offsets inside it map to the file
};

// ENV, LABEL and ARG entries.
struct KeyValue {
  Word key;                // as written, quotes kept (`"my key"`)
  Word value;              // as written, quotes kept (`"a b"`); empty when !has_value
  bool has_value = false;  // "=" present, or the legacy form; false for `ARG NAME`
  bool legacy = false;     // `ENV key value`: the value is the rest of the line, spaces included
  Span span;               // the whole entry ("FOO=bar")
};

// A here-document of RUN, COPY or ADD (for `ONBUILD RUN <<EOF`, on the trigger).
struct Heredoc {
  std::string name;         // the delimiter after quote removal ("EOF" for <<-"EOF")
  Span marker;              // the word that opened it ("<<-'EOF'", "3<<EOF")
  uint32_t fd = 0;          // digits written before "<<" (0 when none)
  bool chomp = false;       // "<<-": leading tabs are removed from every body line
  bool expand = true;       // no part of the delimiter was quoted: BuildKit expands variables in
                            // the body (COPY/ADD; for RUN the shell does)
  bool terminated = false;  // false when the file ended before the delimiter line
  std::string_view body;    // the body as in the file, line breaks included, tabs not removed
  Span body_span;
  Span terminator;  // the delimiter line, without its line break; invalid if unterminated

  // The body as BuildKit uses it: leading tabs removed from each line when chomp.
  std::string content() const;
  // A body line: text without its line break (and without the leading tabs chomp removes).
  struct Line {
    std::string_view text;
    Span span;
  };
  std::vector<Line> lines() const;
  // The body as text mapped to the file (tabs not removed; for a shell, leading tabs are blanks).
  JoinedText body_text() const;
};

struct Instruction {
  Keyword keyword = Keyword::kUnknown;
  std::string name;         // the keyword upper-cased ("RUN"; "FOOBAR" for an unknown one)
  Span keyword_span;        // the keyword as written
  Span span;                // from the keyword to the end of its last line (continuation lines
                            // included; heredoc bodies not)
  Span extent;              // span, plus the heredoc bodies and their delimiter lines
  JoinedText text;          // BuildKit's logical line: continuation characters removed, comment
                            // and blank lines inside continuations dropped, from the keyword on
  std::vector<Flag> flags;  // in the order written
  JoinedText args;          // the text after the keyword and flags, trimmed
  Form form = Form::kNone;
  // BuildKit's argument list:
  //   FROM, EXPOSE, and ADD/COPY/VOLUME in shell form: split at runs of space, tab, \v, \f, \r
  //     (quotes do not group words here, exactly as BuildKit splits them);
  //   ADD/COPY/VOLUME/RUN/CMD/ENTRYPOINT/SHELL in exec form: the JSON strings;
  //   RUN/CMD/ENTRYPOINT/SHELL in shell form: one word, the whole command;
  //   USER, WORKDIR, MAINTAINER, STOPSIGNAL: one word, the whole argument text;
  //   ARG, and ENV/LABEL `k=v` form: words split at unquoted whitespace, quotes kept;
  //   ENV/LABEL legacy `k v` form: the key, then the rest of the line;
  //   HEALTHCHECK: the type (NONE/CMD), then the command's words (exec or one shell word);
  //   ONBUILD: one word, the trigger instruction's text (parsed into `trigger`);
  //   unknown instructions: none.
  std::vector<Word> words;
  std::vector<KeyValue> pairs;  // ENV, LABEL, ARG
  JoinedText command;  // shell-form RUN/CMD/ENTRYPOINT, HEALTHCHECK CMD: the text the shell runs
  std::vector<Heredoc> heredocs;               // in the order their markers appear
  std::shared_ptr<const Instruction> trigger;  // ONBUILD: the instruction it registers (its
                                               // instruction checks are warnings: BuildKit runs
                                               // them when an image builds FROM this one)
  std::vector<Problem> problems;

  bool is(Keyword k) const { return keyword == k; }
  // The last flag with that name (BuildKit keeps the last value), or null.
  const Flag* flag(std::string_view flag_name) const;
  // words[i] as text mapped to the file: exact for decoded JSON strings too.
  JoinedText word_text(size_t i) const;
  // Where [begin, end) of a flag's value is written; the whole value when it is not verbatim.
  Span flag_value_span(const Flag& f, size_t begin, size_t end) const;

  // Keeps decoded values (JSON escapes, unquoted flags) alive; shared by copies.
  std::shared_ptr<const std::deque<std::string>> owned_strings;
};

namespace shell {
struct Script;
}

struct Dockerfile {
  source::SourceFilePtr file;
  std::vector<Directive> directives;  // honoured ones, in file order
  char escape = '\\';                 // the escape and line-continuation character: \ or `
  std::vector<Instruction> instructions;
  std::vector<Span> comments;     // every comment line outside heredoc bodies, from '#' to the end
                                  // of the line (directive lines and comments inside continuations
                                  // included)
  std::vector<Problem> problems;  // not tied to one instruction: directives, an empty file,
                                  // line endings, limits
  // shell::analyse of each instruction, by index (empty for instructions that run no shell),
  // split once by parse(): the stage model and every RUN rule read the same scripts.
  std::shared_ptr<const std::vector<shell::Script>> scripts;

  const Directive* directive(DirectiveKind kind) const;
  // The shell's view of one of this file's instructions or ONBUILD triggers (an ONBUILD and its
  // trigger run the same script); an empty script for an instruction of another file.
  const shell::Script& script(const Instruction& instruction) const;
  // Problems of the file and of every instruction (and ONBUILD trigger), in file order.
  std::vector<const Problem*> all_problems() const;
};

// Reads a Dockerfile. Never throws; linear in the size of the file.
Dockerfile parse(source::SourceFilePtr file);

// The keyword's canonical upper-case name ("RUN"), or "" for kUnknown.
std::string_view keyword_name(Keyword keyword);

// What one heredoc marker word says (BuildKit's ParseHeredoc).
struct HeredocMarker {
  std::string name;  // the delimiter after quote removal
  uint32_t fd = 0;
  bool chomp = false;
  bool expand = true;
};

// Reads `word` ("<<EOF", "<<-'EOF'", "2<<EOF") as BuildKit's ParseHeredoc does: nothing when
// the word is not a marker; `error` is set (and nothing returned) for a malformed one
// ("<<'EOF").
std::optional<HeredocMarker> parse_heredoc_marker(std::string_view word,
                                                  std::string* error = nullptr);

// A `--mount` value split as BuildKit splits it: CSV fields (encoding/csv: "" escapes a quote
// inside a quoted field), each `key=value` or a bare `key`.
struct MountField {
  std::string key;    // lower-cased, as BuildKit compares keys ("type", "target", "ro")
  std::string value;  // after the first "=", CSV-unquoted
  bool has_value = false;
  uint32_t begin = 0;  // [begin, end): the field in the flag value, quotes included
  uint32_t end = 0;
};

struct MountFields {
  std::vector<MountField> fields;
  std::string error;  // the CSV does not parse (BuildKit refuses the flag)

  const MountField* find(std::string_view key) const;  // the last field with that key
};

MountFields split_mount(std::string_view value);

}  // namespace clearance::dockerfile
