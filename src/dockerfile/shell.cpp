#include "dockerfile/shell.h"

#include <algorithm>
#include <cstring>

#include "dockerfile/runes.h"
#include "source/chars.h"

// A recursive-descent reader over the script text. Each character is read once per nesting
// level: $(...) is split by a nested reader that returns where its ')' was, `...` and `sh -c`
// arguments are split from their unquoted text, and constructs that are not split (${...},
// $((...)), anything past the nesting limit) are skipped by a quote-aware bracket count.
namespace clearance::dockerfile::shell {

bool stdin_runs_in_a_shell(const std::vector<Command>& commands, size_t i);  // defined below

namespace {

constexpr int kMaxNesting = 16;          // $( `...` <( within one another
constexpr size_t kMaxCommands = 100000;  // per script
constexpr size_t kMaxTokens = 200000;    // words, assignments and redirections per script

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_operator_char(char c) {
  return c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}
bool ends_word(char c) { return is_blank(c) || c == '\n' || is_operator_char(c); }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_special_parameter(char c) {
  return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' ||
         is_digit(c);
}

// Where `NAME=` (or NAME+=, NAME[...]=) ends in a word as written, or npos.
size_t assignment_equals(std::string_view raw) {
  if (raw.empty() || !is_name_start(raw[0])) return std::string_view::npos;
  size_t i = 1;
  while (i < raw.size() && is_name_char(raw[i])) ++i;
  if (i < raw.size() && raw[i] == '[') {
    const size_t close = raw.find(']', i);
    if (close == std::string_view::npos) return std::string_view::npos;
    i = close + 1;
  }
  if (i < raw.size() && raw[i] == '+') ++i;
  return i < raw.size() && raw[i] == '=' ? i : std::string_view::npos;
}

std::string_view basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Where a word's unquoted value goes: the string, and for `sh -c` arguments also a mapped text.
struct Sink {
  std::string* value = nullptr;
  JoinedText::Builder* builder = nullptr;
  const JoinedText* text = nullptr;

  void range(size_t b, size_t e) const {
    if (e <= b) return;
    value->append(text->str().substr(b, e - b));
    if (builder) builder->append(*text, b, e);
  }
  void decoded(std::string_view s, size_t b, size_t e) const {
    value->append(s);
    if (builder) builder->append_decoded(s, text->source_begin(b), text->source_end(e));
  }
};

enum class ContextKind : uint8_t { kSubshell, kBrace, kCase };
enum class CasePhase : uint8_t { kSubject, kIn, kPattern, kBody };

struct Context {
  ContextKind kind;
  CasePhase phase = CasePhase::kSubject;
};

struct PendingHeredoc {
  size_t command = 0;
  size_t redirection = 0;
  std::string delimiter;
  bool strip_tabs = false;
};

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Shared by the readers of one analysis.
struct Shared {
  SpanCursor& cursor;
  const Options& options;
  // Source offsets of substitutions already split by an outer script: a double-quoted `sh -c`
  // argument's $(...) is run by the outer shell, not by the inner one.
  std::vector<uint32_t> outer_substitutions;
};

class Reader {
 public:
  Reader(const JoinedText& text, size_t begin, size_t end, Script& out, Shared& shared, int depth,
         int shell_depth)
      : text_(text),
        s_(text.str()),
        i_(begin),
        end_(end),
        out_(out),
        shared_(shared),
        depth_(depth),
        shell_depth_(shell_depth) {}

  // Reads commands from the start position; stops at the end, or with stop_at_paren at an
  // unmatched ')' (consumed). Returns the position after what was read.
  size_t run(bool stop_at_paren) {
    while (i_ < end_) {
      if (out_.commands.size() >= kMaxCommands) {
        out_.truncated = true;
        i_ = stop_at_paren ? skip_parens(i_, 1) : end_;
        return i_;
      }
      const char c = s_[i_];
      if (is_blank(c)) {
        ++i_;
      } else if (c == '\\' && i_ + 1 < end_ && s_[i_ + 1] == '\n') {
        i_ += 2;
      } else if (c == '\n') {
        ++i_;
        operator_ends_command(Connector::kSequence);
        read_heredoc_bodies();
      } else if (c == '#') {
        while (i_ < end_ && s_[i_] != '\n') ++i_;
      } else if (in_case_header()) {
        case_header_token();
      } else if (in_double_bracket_ && c != ';') {
        word_token();
      } else if (c == ')') {
        if (close_paren(stop_at_paren)) return i_;
      } else if (c == '(') {
        open_paren();
      } else if ((c == '<' || c == '>') && i_ + 1 < end_ && s_[i_ + 1] == '(') {
        word_token();
      } else if (is_operator_char(c)) {
        operator_token();
      } else {
        word_token();
      }
    }
    finish_command();
    read_heredoc_bodies();
    if (stop_at_paren) problem(i_, i_, "unexpected EOF while looking for matching `)'");
    return i_;
  }

  // Reads the word at `begin` again, into a mapped text (for `sh -c` arguments).
  JoinedText unquoted_text(size_t begin, size_t end) {
    JoinedText::Builder builder(*text_.file());
    const size_t saved_i = i_, saved_end = end_;
    i_ = begin;
    end_ = end;
    split_nested_ = false;
    std::string value;
    Sink sink{&value, &builder, &text_};
    read_word_parts(sink, nullptr);
    i_ = saved_i;
    end_ = saved_end;
    split_nested_ = true;
    return std::move(builder).build();
  }

 private:
  uint32_t source_begin(size_t pos) { return text_.source_begin(pos, &shared_.cursor.piece_hint); }
  uint32_t source_end(size_t pos) { return text_.source_end(pos, &shared_.cursor.piece_hint); }
  // Where a token starts in the file, taken before the token is read (the cursor's piece hint
  // moves forward through the text, nested scripts included).
  struct Start {
    uint32_t source = 0;
  };
  Start start_at(size_t pos) { return {source_begin(pos)}; }
  // The span of text [b, e) that started at `start`; each offset is mapped once.
  Span make_span(const Start& start, size_t b, size_t e) {
    Span s{text_.file(), start.source, start.source};
    if (e > b) s.end = std::max(s.begin, source_end(e));
    return s;
  }
  Span span(size_t b, size_t e) { return text_.span_of(b, e, shared_.cursor); }

  void problem(size_t b, size_t e, std::string message) {
    if (!split_nested_) return;  // a word read again reports nothing twice
    out_.problems.push_back({ProblemKind::kError, span(b, e), std::move(message)});
  }

  bool command_empty() const {
    return cmd_.words.empty() && cmd_.assignments.empty() && cmd_.redirections.empty();
  }

  void touch(const Span& s) {
    if (!has_span_) {
      cmd_.span = s;
      has_span_ = true;
    } else {
      cmd_.span.end = s.end;
    }
  }

  // Ends the current command (if it has anything) and sets how the next one is joined.
  void operator_ends_command(Connector next) {
    finish_command();
    pending_ = next;
  }

  void finish_command() {
    if (discard_words_) {
      cmd_.words.clear();
      discard_words_ = false;
    }
    const bool keep = !command_empty() || !cmd_.nested.empty();
    if (keep) {
      cmd_.connector = pending_;
      cmd_.group_depth = static_cast<uint16_t>(group_depth_);
      cmd_.program = find_program_index(cmd_);
      out_.commands.push_back(std::move(cmd_));
      pending_ = Connector::kSequence;
      follow_shell_c(out_.commands.size() - 1);
    }
    cmd_ = Command();
    has_span_ = false;
    in_double_bracket_ = false;
    expect_function_name_ = false;
  }

  bool in_case_header() const {
    return !contexts_.empty() && contexts_.back().kind == ContextKind::kCase &&
           contexts_.back().phase != CasePhase::kBody;
  }

  // ')' closes a subshell, ends a $(...), or is an error.
  bool close_paren(bool stop_at_paren) {
    if (!contexts_.empty() && contexts_.back().kind == ContextKind::kSubshell) {
      ++i_;
      finish_command();
      contexts_.pop_back();
      --group_depth_;
      return false;
    }
    if (stop_at_paren) {
      ++i_;
      finish_command();
      return true;
    }
    problem(i_, i_ + 1, "syntax error near unexpected token `)'");
    ++i_;
    return false;
  }

  void open_paren() {
    if (array_assignment()) return;
    if (command_empty() && cmd_.nested.empty()) {
      if (i_ + 1 < end_ && s_[i_ + 1] == '(') {  // (( arithmetic ))
        i_ = skip_parens(i_ + 2, 2);
        return;
      }
      ++i_;
      contexts_.push_back({ContextKind::kSubshell});
      ++group_depth_;
      return;
    }
    // name() { ...; }: a function definition; its body follows as a compound command.
    size_t j = i_ + 1;
    while (j < end_ && is_blank(s_[j])) ++j;
    if (cmd_.words.size() == 1 && cmd_.assignments.empty() && j < end_ && s_[j] == ')') {
      i_ = j + 1;
      cmd_ = Command();
      has_span_ = false;
      return;
    }
    problem(i_, i_ + 1, "syntax error near unexpected token `('");
    ++i_;
  }

  // bash arrays: `NAME=(a b c)` right after the '=' is part of that word (an assignment, or an
  // argument of declare/local/export).
  bool array_assignment() {
    Word* w = nullptr;
    if (!cmd_.words.empty() && cmd_.words.back().end == i_) {
      w = &cmd_.words.back();
    } else if (cmd_.words.empty() && !cmd_.assignments.empty() &&
               cmd_.assignments.back().value.end == i_) {
      w = &cmd_.assignments.back().value;
    }
    if (!w || i_ == 0 || s_[i_ - 1] != '=') return false;
    const size_t open = i_;
    i_ = skip_parens(i_ + 1, 1);
    w->value.append(s_.substr(open, i_ - open));
    w->end = static_cast<uint32_t>(i_);
    w->raw = s_.substr(w->begin, w->end - w->begin);
    w->span = make_span(Start{w->span.begin}, w->begin, w->end);
    if (!cmd_.assignments.empty() && &cmd_.assignments.back().value == w) {
      Assignment& a = cmd_.assignments.back();
      a.span.end = w->span.end;
    }
    touch(w->span);
    return true;
  }

  // An operator at i_: && || ;; ;;& ;& ; |& | & or a redirection (&> < > ...).
  void operator_token() {
    const char c = s_[i_];
    const char c1 = i_ + 1 < end_ ? s_[i_ + 1] : '\0';
    const char c2 = i_ + 2 < end_ ? s_[i_ + 2] : '\0';
    switch (c) {
      case '&':
        if (c1 == '&') return op(2, Connector::kAnd);
        if (c1 == '>') return redirection(-1, i_);
        return op(1, Connector::kBackground);
      case '|':
        if (c1 == '|') return op(2, Connector::kOr);
        return op(c1 == '&' ? 2 : 1, Connector::kPipe);
      case ';':
        if (c1 == ';' || c1 == '&') {  // the end of a case item
          op(c1 == ';' && c2 == '&' ? 3 : 2, Connector::kSequence);
          if (!contexts_.empty() && contexts_.back().kind == ContextKind::kCase)
            contexts_.back().phase = CasePhase::kPattern;
          return;
        }
        return op(1, Connector::kSequence);
      default:
        return redirection(-1, i_);
    }
  }

  void op(size_t length, Connector next) {
    i_ += length;
    operator_ends_command(next);
  }

  static size_t redirection_length(std::string_view rest) {
    static constexpr std::string_view kOps[] = {"<<<", "<<-", "&>>", "<<", "<>", "<&",
                                                ">>",  ">&",  ">|",  "&>", "<",  ">"};
    for (std::string_view op : kOps)
      if (rest.substr(0, op.size()) == op) return op.size();
    return 0;
  }

  void redirection(int fd, size_t begin) {
    if (++tokens_ > kMaxTokens) {
      out_.truncated = true;
      i_ = end_;
      return;
    }
    const Start start = start_at(begin);
    const size_t length = redirection_length(s_.substr(i_, std::min<size_t>(3, end_ - i_)));
    Redirection r;
    r.op = s_.substr(i_, length);
    r.fd = fd;
    i_ += length;
    while (i_ < end_ &&
           (is_blank(s_[i_]) || (s_[i_] == '\\' && i_ + 1 < end_ && s_[i_ + 1] == '\n')))
      i_ += s_[i_] == '\\' ? 2 : 1;
    if (i_ >= end_ || s_[i_] == '\n' ||
        (is_operator_char(s_[i_]) && !process_substitution_at(i_))) {
      problem(begin, i_, "syntax error near unexpected token after `" + std::string(r.op) + "'");
    } else {
      r.target = read_word(&cmd_.nested);
    }
    r.span = make_span(start, begin, std::max(i_, begin + length));
    if (r.heredoc() && !shared_.options.heredocs_outside)
      heredocs_.push_back(
          {out_.commands.size(), cmd_.redirections.size(), r.target.value, r.op == "<<-"});
    touch(r.span);
    cmd_.redirections.push_back(std::move(r));
  }

  bool process_substitution_at(size_t at) const {
    return (s_[at] == '<' || s_[at] == '>') && at + 1 < end_ && s_[at + 1] == '(';
  }

  // Reads a word in command position or as an argument.
  void word_token() {
    if (++tokens_ > kMaxTokens) {  // a hostile script must not become millions of words
      out_.truncated = true;
      i_ = end_;
      return;
    }
    const size_t begin = i_;
    // Read in place, after the command's words, where most words stay; taken back out when it
    // is a descriptor, keyword or assignment.
    const bool first = cmd_.words.empty();
    if (first) cmd_.words.reserve(8);  // most commands have a few words: grow once, not four times
    Word& w = cmd_.words.emplace_back();
    read_word_into(w, &cmd_.nested);
    if (w.end == w.begin) {  // nothing readable: skip the character
      cmd_.words.pop_back();
      ++i_;
      return;
    }
    // An all-digit word right before a redirection operator is its descriptor.
    if (!w.quoted && i_ < end_ && (s_[i_] == '<' || s_[i_] == '>') && !w.raw.empty() &&
        w.raw.size() < 10 && std::all_of(w.raw.begin(), w.raw.end(), is_digit)) {
      const int fd = std::stoi(std::string(w.raw));
      cmd_.words.pop_back();
      redirection(fd, begin);
      return;
    }
    if (in_double_bracket_) {
      if (w.raw == "]]") in_double_bracket_ = false;
      touch(w.span);
      return;
    }
    if (expect_function_name_) {
      expect_function_name_ = false;
      cmd_.words.pop_back();
      return;
    }
    const bool command_starts = first && cmd_.assignments.empty() && cmd_.redirections.empty();
    if (command_starts && !w.quoted && reserved_word(w.raw)) {
      cmd_.words.pop_back();
      return;
    }
    if (first && !discard_words_) {
      const size_t eq = assignment_equals(w.raw);
      if (eq != std::string_view::npos) {
        Word taken = std::move(w);
        cmd_.words.pop_back();
        add_assignment(std::move(taken), eq);
        return;
      }
    }
    if (first && w.raw == "[[") in_double_bracket_ = true;
    touch(w.span);
  }

  void add_assignment(Word&& w, size_t eq) {
    Assignment a;
    size_t name_end = eq;
    if (name_end > 0 && w.raw[name_end - 1] == '+') --name_end;
    a.name = w.raw.substr(0, name_end);
    a.span = w.span;
    // The value is the rest of the word: read it again from after the '='.
    const size_t saved = i_;
    i_ = w.begin + eq + 1;
    split_nested_ = false;
    a.value = read_word(nullptr, w.end);
    split_nested_ = true;
    i_ = saved;
    touch(w.span);
    cmd_.assignments.push_back(std::move(a));
  }

  // Keywords of compound commands, at the start of a command. Returns true when consumed.
  bool reserved_word(std::string_view word) {
    // Asked of the first word of every command, nearly always a program name: most are told
    // apart by their first character before any comparison.
    static constexpr source::CharSet kFirst("itefdwu!{}cs");
    if (word.empty() || word.size() > 8 || !kFirst.contains(word[0])) return false;
    if (word == "if" || word == "then" || word == "else" || word == "elif" || word == "fi" ||
        word == "do" || word == "done" || word == "while" || word == "until" || word == "!") {
      return true;
    }
    if (word == "{") {
      contexts_.push_back({ContextKind::kBrace});
      ++group_depth_;
      return true;
    }
    if (word == "}") {
      if (!contexts_.empty() && contexts_.back().kind == ContextKind::kBrace) {
        contexts_.pop_back();
        --group_depth_;
      }
      return true;
    }
    if (word == "case") {
      contexts_.push_back({ContextKind::kCase, CasePhase::kSubject});
      return true;
    }
    if (word == "esac") {
      if (!contexts_.empty() && contexts_.back().kind == ContextKind::kCase) contexts_.pop_back();
      return true;
    }
    if (word == "for" || word == "select") {
      discard_words_ = true;  // `for NAME in WORDS;` is not a command
      return true;
    }
    if (word == "function") {
      expect_function_name_ = true;
      return true;
    }
    return false;
  }

  // `case WORD in`, and the patterns before each `)`.
  void case_header_token() {
    Context& c = contexts_.back();
    const char ch = s_[i_];
    if (c.phase == CasePhase::kPattern && (ch == '(' || ch == '|')) {
      ++i_;
      return;
    }
    if (c.phase == CasePhase::kPattern && ch == ')') {
      ++i_;
      finish_command();  // substitutions in the patterns
      c.phase = CasePhase::kBody;
      return;
    }
    if (is_operator_char(ch)) {  // out of place: leave it to the command reader
      c.phase = CasePhase::kBody;
      return;
    }
    Word w = read_word(&cmd_.nested);
    if (w.end == w.begin) {
      ++i_;
      return;
    }
    if (c.phase == CasePhase::kSubject) {
      c.phase = CasePhase::kIn;
    } else if (c.phase == CasePhase::kIn) {
      c.phase = CasePhase::kPattern;
    } else if (w.raw == "esac" && !w.quoted) {
      contexts_.pop_back();
    }
  }

  Word read_word(std::vector<Script>* nested, size_t end = std::string_view::npos) {
    Word w;
    read_word_into(w, nested, end);
    return w;
  }

  // Reads the word at the position into `w` (a fresh Word).
  void read_word_into(Word& w, std::vector<Script>* nested, size_t end = std::string_view::npos) {
    const size_t saved_end = end_;
    if (end != std::string_view::npos) end_ = end;
    w.begin = static_cast<uint32_t>(i_);
    const Start start = start_at(i_);
    Sink sink{&w.value, nullptr, &text_};
    const auto flags = read_word_parts(sink, nested);
    w.quoted = flags.quoted;
    w.expanded = flags.expanded;
    w.end = static_cast<uint32_t>(i_);
    w.raw = s_.substr(w.begin, w.end - w.begin);
    w.span = make_span(start, w.begin, w.end);
    end_ = saved_end;
  }

  struct WordFlags {
    bool quoted = false;
    bool expanded = false;
  };

  WordFlags read_word_parts(const Sink& sink, std::vector<Script>* nested) {
    WordFlags f;
    if (i_ < end_ && process_substitution_at(i_)) {
      const size_t begin = i_;
      ++i_;
      substitution(begin, i_ + 1, Origin::kProcessSubstitution, nested);
      sink.range(begin, i_);
      f.expanded = true;
    }
    while (i_ < end_) {
      const char c = s_[i_];
      if (word_ends_at(c)) break;
      switch (c) {
        case '\\':
          backslash(sink, f);
          break;
        case '\'':
          single_quote(sink);
          f.quoted = true;
          break;
        case '"':
          double_quote(sink, nested, f);
          f.quoted = true;
          break;
        case '$':
          dollar(sink, nested, f);
          break;
        case '`':
          backquote(sink, nested);
          f.expanded = true;
          break;
        default:
          plain_run(sink);
          break;
      }
    }
    return f;
  }

  // Inside [[ ]], < > ( ) && || are part of the test, not operators.
  bool word_ends_at(char c) const {
    if (in_double_bracket_) return is_blank(c) || c == '\n' || c == ';';
    return ends_word(c);
  }

  void plain_run(const Sink& sink) {
    // What ends a run of plain characters: a quote, an expansion, an escape, or the end of the
    // word (inside [[ ]] only blanks, newlines and ';' end it). Looked up in a bitmap: this
    // loop sees nearly every character of every RUN.
    static constexpr source::CharSet kStop("\\'\"$` \t\r\n;&|<>()");
    static constexpr source::CharSet kStopInTest("\\'\"$` \t\r\n;");
    const source::CharSet& stop = in_double_bracket_ ? kStopInTest : kStop;
    const size_t b = i_;
    while (i_ < end_ && !stop.contains(s_[i_])) ++i_;
    if (i_ == b) ++i_;
    sink.range(b, i_);
  }

  void backslash(const Sink& sink, WordFlags& f) {
    if (i_ + 1 >= end_) {
      sink.range(i_, i_ + 1);
      ++i_;
      return;
    }
    if (s_[i_ + 1] == '\n') {  // line continuation
      i_ += 2;
      return;
    }
    f.quoted = true;
    size_t len = 1;
    while (i_ + 1 + len < end_ && (static_cast<unsigned char>(s_[i_ + 1 + len]) & 0xC0) == 0x80)
      ++len;
    sink.range(i_ + 1, i_ + 1 + len);
    i_ += 1 + len;
  }

  void single_quote(const Sink& sink) {
    const size_t open = i_;
    const void* close = std::memchr(s_.data() + i_ + 1, '\'', end_ - i_ - 1);
    if (!close) {
      problem(open, end_, "unexpected EOF while looking for matching `''");
      sink.range(open + 1, end_);
      i_ = end_;
      return;
    }
    const auto q = static_cast<size_t>(static_cast<const char*>(close) - s_.data());
    sink.range(open + 1, q);
    i_ = q + 1;
  }

  void double_quote(const Sink& sink, std::vector<Script>* nested, WordFlags& f) {
    const size_t open = i_++;
    while (i_ < end_ && s_[i_] != '"') {
      const char c = s_[i_];
      if (c == '\\' && i_ + 1 < end_) {
        const char n = s_[i_ + 1];
        if (n == '\n') {
          i_ += 2;
        } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
          sink.range(i_ + 1, i_ + 2);
          i_ += 2;
        } else {
          sink.range(i_, i_ + 1);
          ++i_;
        }
      } else if (c == '$') {
        dollar(sink, nested, f);
      } else if (c == '`') {
        backquote(sink, nested);
        f.expanded = true;
      } else {
        static constexpr source::CharSet kStop("\"\\$`");
        const size_t b = i_;
        while (i_ < end_ && !kStop.contains(s_[i_])) ++i_;
        if (i_ == b) ++i_;
        sink.range(b, i_);
      }
    }
    if (i_ >= end_) {
      problem(open, end_, "unexpected EOF while looking for matching `\"'");
      return;
    }
    ++i_;
  }

  void dollar(const Sink& sink, std::vector<Script>* nested, WordFlags& f) {
    const size_t begin = i_;
    const char n = i_ + 1 < end_ ? s_[i_ + 1] : '\0';
    if (n == '\'') {
      ansi_c_quote(sink);
      f.quoted = true;
      return;
    }
    if (n == '"') {
      ++i_;
      double_quote(sink, nested, f);
      f.quoted = true;
      return;
    }
    if (n == '(' && i_ + 2 < end_ && s_[i_ + 2] == '(') {
      i_ = skip_parens(i_ + 3, 2);
    } else if (n == '(') {
      i_ += 2;
      substitution(begin, i_, Origin::kCommandSubstitution, nested);
    } else if (n == '{') {
      i_ = skip_braces(i_ + 2);
    } else if (is_name_start(n)) {
      i_ += 2;
      while (i_ < end_ && is_name_char(s_[i_])) ++i_;
    } else if (is_special_parameter(n)) {
      i_ += 2;
    } else {
      sink.range(i_, i_ + 1);  // a lone '$' is literal
      ++i_;
      return;
    }
    f.expanded = true;
    sink.range(begin, i_);
  }

  // $'...': ANSI-C quoting (bash, and POSIX since 2024).
  void ansi_c_quote(const Sink& sink) {
    const size_t open = i_;
    i_ += 2;
    while (i_ < end_ && s_[i_] != '\'') {
      if (s_[i_] != '\\' || i_ + 1 >= end_) {
        const size_t b = i_;
        while (i_ < end_ && s_[i_] != '\'' && s_[i_] != '\\') ++i_;
        if (i_ == b) ++i_;
        sink.range(b, i_);
        continue;
      }
      const size_t b = i_;
      std::string decoded;
      i_ = ansi_c_escape(i_ + 1, decoded);
      sink.decoded(decoded, b, i_);
    }
    if (i_ >= end_) {
      problem(open, end_, "unexpected EOF while looking for matching `''");
      return;
    }
    ++i_;
  }

  // One escape of $'...' after its backslash; returns where it ends.
  size_t ansi_c_escape(size_t j, std::string& out) {
    const char c = s_[j];
    switch (c) {
      case 'a':
        out = "\a";
        return j + 1;
      case 'b':
        out = "\b";
        return j + 1;
      case 'e':
      case 'E':
        out = "\x1b";
        return j + 1;
      case 'f':
        out = "\f";
        return j + 1;
      case 'n':
        out = "\n";
        return j + 1;
      case 'r':
        out = "\r";
        return j + 1;
      case 't':
        out = "\t";
        return j + 1;
      case 'v':
        out = "\v";
        return j + 1;
      case 'c':
        if (j + 1 < end_) {
          out = std::string(1, static_cast<char>(s_[j + 1] & 0x1F));
          return j + 2;
        }
        out = "\\c";
        return j + 1;
      case 'x':
      case 'u':
      case 'U': {
        const size_t max = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        size_t k = j + 1;
        uint32_t v = 0;
        while (k < end_ && k < j + 1 + max && hex_value(s_[k]) >= 0)
          v = v * 16 + hex_value(s_[k++]);
        if (k == j + 1) {
          out = std::string("\\") + c;
          return j + 1;
        }
        if (c == 'x')
          out = std::string(1, static_cast<char>(v));
        else if (v < 0x110000)
          append_utf8(out, v);
        return k;
      }
      default:
        if (c >= '0' && c <= '7') {
          size_t k = j;
          uint32_t v = 0;
          while (k < end_ && k < j + 3 && s_[k] >= '0' && s_[k] <= '7') v = v * 8 + (s_[k++] - '0');
          out = std::string(1, static_cast<char>(v & 0xFF));
          return k;
        }
        if (c == '\\' || c == '\'' || c == '"' || c == '?') {
          out = std::string(1, c);
          return j + 1;
        }
        out = std::string("\\") + c;
        return j + 1;
    }
  }

  // `...`: the text between the backquotes, with \$ \` \\ unescaped, is a script.
  void backquote(const Sink& sink, std::vector<Script>* nested) {
    const size_t open = i_;
    size_t j = i_ + 1;
    while (j < end_ && s_[j] != '`') j += (s_[j] == '\\' && j + 1 < end_) ? 2 : 1;
    const bool closed = j < end_;
    if (!closed) problem(open, end_, "unexpected EOF while looking for matching ``'");
    i_ = closed ? j + 1 : end_;
    sink.range(open, i_);
    if (!splits_here(open, nested)) return;
    JoinedText::Builder builder(*text_.file());
    for (size_t k = open + 1; k < std::min(j, end_);) {
      if (s_[k] == '\\' && k + 1 < j &&
          (s_[k + 1] == '$' || s_[k + 1] == '`' || s_[k + 1] == '\\')) {
        builder.append(text_, k + 1, k + 2);
        k += 2;
      } else {
        builder.append(text_, k, k + 1);
        ++k;
      }
    }
    Script child;
    child.origin = Origin::kBackquotes;
    child.text = std::move(builder).build();
    child.span = span(open, i_);
    Reader(child.text, 0, child.text.size(), child, shared_, depth_ + 1, shell_depth_).run(false);
    out_.truncated = out_.truncated || child.truncated;
    nested->push_back(std::move(child));
  }

  // Whether the substitution at `open` is split into a nested script.
  bool splits_here(size_t open, const std::vector<Script>* nested) {
    if (!nested || !split_nested_) return false;
    if (std::binary_search(shared_.outer_substitutions.begin(), shared_.outer_substitutions.end(),
                           text_.source_begin(open)))
      return false;
    if (depth_ + 1 > kMaxNesting) {
      out_.truncated = true;
      return false;
    }
    return true;
  }

  // $( ... ) or <( ... ): `open` is the '$' or '<', i_ is after the '('.
  void substitution(size_t open, size_t body, Origin origin, std::vector<Script>* nested) {
    if (!splits_here(open, nested)) {
      i_ = skip_parens(body, 1);
      return;
    }
    Script child;
    child.origin = origin;
    child.text = text_;
    i_ = Reader(text_, body, end_, child, shared_, depth_ + 1, shell_depth_).run(true);
    out_.truncated = out_.truncated || child.truncated;
    child.span = span(open, i_);
    nested->push_back(std::move(child));
  }

  // Skips to after the ')' that closes `depth` open parentheses, minding quotes.
  size_t skip_parens(size_t j, int depth) { return skip_balanced(j, '(', ')', depth); }
  size_t skip_braces(size_t j) { return skip_balanced(j, '{', '}', 1); }

  size_t skip_balanced(size_t j, char open, char close, int depth) {
    while (j < end_) {
      const char c = s_[j];
      if (c == '\\') {
        j += 2;
      } else if (c == '\'') {
        const void* q = std::memchr(s_.data() + j + 1, '\'', end_ - j - 1);
        j = q ? static_cast<size_t>(static_cast<const char*>(q) - s_.data()) + 1 : end_;
      } else if (c == '"' || c == '`') {
        ++j;
        while (j < end_ && s_[j] != c) j += (s_[j] == '\\') ? 2 : 1;
        ++j;
      } else if (c == open) {
        ++depth;
        ++j;
      } else if (c == close) {
        ++j;
        if (--depth == 0) return std::min(j, end_);
      } else {
        ++j;
      }
    }
    problem(std::min(j, end_), end_,
            std::string("unexpected EOF while looking for matching `") + close + "'");
    return end_;
  }

  // After a newline: the bodies of the heredocs opened on the line before.
  void read_heredoc_bodies() {
    std::vector<PendingHeredoc> pending = std::move(heredocs_);
    heredocs_.clear();
    for (PendingHeredoc& h : pending) {
      const size_t body_begin = i_;
      size_t body_end = end_;
      bool found = false;
      while (i_ < end_) {
        const size_t nl = s_.find('\n', i_);
        const size_t line_end = nl == std::string_view::npos || nl > end_ ? end_ : nl;
        size_t b = i_, e = line_end;
        if (h.strip_tabs)
          while (b < e && s_[b] == '\t') ++b;
        if (e > b && s_[e - 1] == '\r') --e;
        const size_t line_begin = i_;
        i_ = line_end < end_ ? line_end + 1 : end_;
        if (s_.substr(b, e - b) == h.delimiter) {
          body_end = line_begin;
          found = true;
          break;
        }
      }
      if (!found)
        problem(body_begin, end_,
                "here-document delimited by end-of-file (wanted `" + h.delimiter + "')");
      if (h.command < out_.commands.size() &&
          h.redirection < out_.commands[h.command].redirections.size()) {
        Command& c = out_.commands[h.command];
        Redirection& r = c.redirections[h.redirection];
        r.heredoc_body = span(body_begin, body_end);
        if (r.fd <= 0 && stdin_runs_in_a_shell(out_.commands, h.command) &&
            shell_depth_ < shared_.options.max_shell_depth)
          c.nested.push_back(split_in(text_.substr(body_begin, body_end), Origin::kHeredoc));
      }
    }
  }

  Script split_in(const JoinedText& text, Origin origin) {
    Script child;
    child.origin = origin;
    child.text = text;
    child.span = text.span_of(0, text.size(), shared_.cursor);
    Reader(child.text, 0, child.text.size(), child, shared_, 0, shell_depth_ + 1).run(false);
    out_.truncated = out_.truncated || child.truncated;
    return child;
  }

  // `sh -c SCRIPT`: the script is split as its own text, mapped to where it is written.
  void follow_shell_c(size_t index) {
    if (shell_depth_ >= shared_.options.max_shell_depth) return;
    Command& c = out_.commands[index];
    const InlineScript script = inline_script(c);
    if (!script.word || script.skip > script.word->end - script.word->begin) return;
    const JoinedText inner = unquoted_text(script.word->begin + script.skip, script.word->end);
    // The outer shell already ran the $(...) of a double-quoted argument.
    std::vector<uint32_t> saved = shared_.outer_substitutions;
    for (const Script& s : c.nested)
      if (s.origin == Origin::kCommandSubstitution || s.origin == Origin::kBackquotes)
        shared_.outer_substitutions.push_back(s.span.begin);
    std::sort(shared_.outer_substitutions.begin(), shared_.outer_substitutions.end());
    c.nested.push_back(split_in(inner, Origin::kShellC));
    shared_.outer_substitutions = std::move(saved);
  }

  const JoinedText& text_;
  std::string_view s_;
  size_t i_;
  size_t end_;
  Script& out_;
  Shared& shared_;
  int depth_;
  int shell_depth_;
  Command cmd_;
  bool has_span_ = false;
  Connector pending_ = Connector::kStart;
  int group_depth_ = 0;
  std::vector<Context> contexts_;
  std::vector<PendingHeredoc> heredocs_;
  bool discard_words_ = false;
  bool expect_function_name_ = false;
  bool in_double_bracket_ = false;
  bool split_nested_ = true;
  size_t tokens_ = 0;
};

struct ShellOptions {
  bool has_c = false;
  bool reads_stdin_flag = false;  // -s
  size_t operand = 0;             // index of the first operand (words.size() when none)
};

// The options of a shell command line, from the word after the program name.
ShellOptions shell_options(const Command& c, size_t program) {
  ShellOptions o;
  size_t j = program + 1;
  const size_t n = c.words.size();
  while (j < n) {
    const std::string& w = c.words[j].value;
    if (w == "--" || w == "-") {
      ++j;
      break;
    }
    if (w.size() < 2 || (w[0] != '-' && w[0] != '+')) break;
    if (w[0] == '-' && w[1] == '-') {
      j += (w == "--rcfile" || w == "--init-file") ? 2 : 1;
      continue;
    }
    bool takes_argument = false;
    for (size_t k = 1; k < w.size(); ++k) {
      if (w[k] == 'c' && w[0] == '-') o.has_c = true;
      if (w[k] == 's' && w[0] == '-') o.reads_stdin_flag = true;
      if (w[k] == 'o' || w[k] == 'O') takes_argument = true;
    }
    j += takes_argument ? 2 : 1;
  }
  o.operand = std::min(j, n);
  return o;
}

bool starts_with_dash(const std::string& s) { return !s.empty() && s[0] == '-'; }

// Options of wrapper programs that take an argument.
// A cluster of short options (`-iu`) leaves an argument to the next word when its first letter
// that takes one is its last (`-iu app`); `-uapp` holds its argument.
bool cluster_takes_next(std::string_view option, std::string_view letters_with_argument) {
  if (option.size() < 2 || option[0] != '-' || option[1] == '-') return false;
  for (size_t i = 1; i < option.size(); ++i)
    if (letters_with_argument.find(option[i]) != std::string_view::npos) return i + 1 == option.size();
  return false;
}

bool option_takes_argument(std::string_view wrapper, std::string_view option) {
  if (wrapper == "sudo") {
    static constexpr std::string_view kLong[] = {"--user", "--group", "--host",       "--prompt",     "--chdir",
                                                 "--role", "--type",  "--close-from", "--other-user", "--command-timeout"};
    if (option.starts_with("--")) return std::find(std::begin(kLong), std::end(kLong), option) != std::end(kLong);
    return cluster_takes_next(option, "ugChprtTUDR");
  }
  if (wrapper == "doas") return cluster_takes_next(option, "uC");
  if (wrapper == "env")
    return option == "-u" || option == "-C" || option == "--unset" || option == "--chdir";
  if (wrapper == "nice") return option == "-n";
  if (wrapper == "timeout") return option == "-s" || option == "-k";
  if (wrapper == "exec") return option == "-a";
  if (wrapper == "stdbuf") return option == "-i" || option == "-o" || option == "-e";
  if (wrapper == "runuser") return option == "-u" || option == "-g" || option == "-G" ||
                                   option == "--user" || option == "--group" || option == "--supp-group";
  if (wrapper == "chroot") return option == "--userspec" || option == "--groups";
  if (wrapper == "setpriv") {
    // Options written `--reuid 1000` (the `--reuid=1000` form is one word).
    static constexpr std::string_view kWithArgument[] = {
        "--ruid", "--euid", "--reuid", "--rgid", "--egid", "--regid", "--groups", "--inh-caps",
        "--ambient-caps", "--bounding-set", "--securebits", "--pdeathsig", "--selinux-label",
        "--apparmor-profile", "--landlock-access", "--landlock-rule", "--seccomp-filter"};
    return std::find(std::begin(kWithArgument), std::end(kWithArgument), option) != std::end(kWithArgument);
  }
  return false;
}

bool is_wrapper(std::string_view name) {
  return name == "exec" || name == "command" || name == "builtin" || name == "nohup" ||
         name == "time" || name == "nice" || name == "env" || name == "sudo" || name == "doas" ||
         name == "timeout" || name == "stdbuf" || name == "gosu" || name == "su-exec" ||
         name == "setpriv" || name == "chroot" || name == "runuser";
}

// Wrappers that take a word before the command they run: the user (gosu, su-exec) or the new
// root folder (chroot).
bool takes_operand(std::string_view wrapper) {
  return wrapper == "gosu" || wrapper == "su-exec" || wrapper == "chroot";
}

// `runuser -u USER [--] COMMAND` runs COMMAND itself; without -u it works as su (a `-c` script,
// run by su_script).
bool runuser_runs_command(const Command& c, size_t k) {
  for (size_t j = k + 1; j < c.words.size(); ++j) {
    const std::string& w = c.words[j].value;
    if (w == "--" || !starts_with_dash(w) || w == "-") return false;
    if (w == "--user" || w.starts_with("--user=") || (w.size() >= 2 && w[1] == 'u')) return true;
  }
  return false;
}

// The script su (or runuser without -u) hands to the user's shell: `su [-] USER -c SCRIPT`,
// `su -c SCRIPT USER`, `su --command SCRIPT`, `su --command=SCRIPT`. `skip` is how many
// characters of the word come before the script (`--command=`). Null when there is none.
struct SuScript {
  const Word* word = nullptr;
  uint32_t skip = 0;
};

SuScript su_script(const Command& c, size_t k) {
  static constexpr std::string_view kCommandEq = "--command=";
  for (size_t j = k + 1; j < c.words.size(); ++j) {
    const std::string& w = c.words[j].value;
    if (w == "--") break;  // the rest go to the shell as its arguments
    if (w.starts_with(kCommandEq) && !c.words[j].raw.empty() && c.words[j].raw.starts_with(kCommandEq))
      return {&c.words[j], static_cast<uint32_t>(kCommandEq.size())};
    const bool c_flag = w == "--command" || (cluster_takes_next(w, "csgGw") && w.back() == 'c');
    if (c_flag) return j + 1 < c.words.size() ? SuScript{&c.words[j + 1], 0} : SuScript{};
    // Other options with an argument: the shell, the groups, the kept variables.
    if (w == "--shell" || w == "--group" || w == "--supp-group" || w == "--whitelist-environment" ||
        cluster_takes_next(w, "sgGw"))
      ++j;
  }
  return {};
}

}  // namespace

InlineScript inline_script(const Command& c) {
  const size_t k = program_index(c);
  if (k >= c.words.size()) return {};
  const std::string_view name = basename(c.words[k].value);
  if (name == "su" || name == "runuser") {
    const SuScript su = su_script(c, k);
    return {su.word, su.skip};
  }
  if (const Word* script = shell_c_script(c)) return {script, 0};
  return {};
}

Script split(const JoinedText& text, const Options& options) {
  Script out;
  out.text = text;
  if (!text.file()) return out;
  SpanCursor cursor(*text.file());
  Shared shared{cursor, options, {}};
  out.span = text.span_of(0, text.size(), cursor);
  Reader(out.text, 0, out.text.size(), out, shared, 0, 0).run(false);
  return out;
}

size_t find_program_index(const Command& c) {
  const size_t n = c.words.size();
  size_t k = 0;
  while (k < n) {
    const std::string_view name = basename(c.words[k].value);
    if (name == "busybox" && k + 1 < n && is_shell(basename(c.words[k + 1].value))) {
      ++k;
      continue;
    }
    if (!is_wrapper(name)) break;
    if (name == "runuser" && !runuser_runs_command(c, k)) break;  // su-like: the program
    ++k;
    // `command -v NAME` and `command -V NAME` only print where NAME is.
    if (name == "command" && k < n && (c.words[k].value == "-v" || c.words[k].value == "-V"))
      return n;
    while (k < n) {
      const std::string& w = c.words[k].value;
      if (starts_with_dash(w) && w != "-") {
        k += option_takes_argument(name, w) ? 2 : 1;
      } else if ((name == "env" || name == "sudo") &&
                 assignment_equals(w) != std::string_view::npos) {
        ++k;
      } else {
        break;
      }
    }
    if (name == "timeout" && k < n) ++k;  // the duration
    if (takes_operand(name) && k < n) ++k;  // the user, or chroot's new root
  }
  return std::min(k, n);
}

bool is_shell(std::string_view name) {
  // Asked of the program of every command: most are told apart by their length and last letter.
  if (name.size() < 2 || name.size() > 4 || name.back() != 'h') return false;
  return name == "sh" || name == "bash" || name == "dash" || name == "ash" || name == "zsh" ||
         name == "ksh" || name == "mksh" || name == "yash" || name == "posh";
}

const Word* shell_c_script(const Command& c) {
  const size_t k = program_index(c);
  if (k >= c.words.size() || !is_shell(basename(c.words[k].value))) return nullptr;
  const ShellOptions o = shell_options(c, k);
  if (!o.has_c || o.operand >= c.words.size()) return nullptr;
  return &c.words[o.operand];
}

bool shell_reads_stdin(const Command& c) {
  const size_t k = program_index(c);
  if (k >= c.words.size() || !is_shell(basename(c.words[k].value))) return false;
  const ShellOptions o = shell_options(c, k);
  if (o.has_c) return false;
  return o.reads_stdin_flag || o.operand >= c.words.size();
}

// Whether the standard input of command i (a heredoc given to it) is a script a shell runs:
// the command is such a shell, or a bare `cat` piped into one (`cat <<EOF | bash`).
bool stdin_runs_in_a_shell(const std::vector<Command>& commands, size_t i) {
  const Command& c = commands[i];
  if (shell_reads_stdin(c)) return true;
  const size_t k = program_index(c);
  if (k >= c.words.size() || basename(c.words[k].value) != "cat") return false;
  for (size_t w = k + 1; w < c.words.size(); ++w)
    if (c.words[w].value != "-") return false;  // cat reads a file too: not the heredoc alone
  return i + 1 < commands.size() && commands[i + 1].connector == Connector::kPipe &&
         shell_reads_stdin(commands[i + 1]);
}

int piped_into(const Script& script, size_t i) {
  if (i + 1 < script.commands.size() && script.commands[i + 1].connector == Connector::kPipe)
    return static_cast<int>(i + 1);
  return -1;
}

void for_each_command(const Script& script,
                      const std::function<void(const Command&, const Script&)>& fn) {
  for (const Command& c : script.commands) {
    fn(c, script);
    for (const Script& n : c.nested) for_each_command(n, fn);
  }
}

namespace {

// The interpreter a heredoc script names on its `#!` line ("python3" for
// "#!/usr/bin/env python3"), or "" without one.
std::string_view shebang_program(std::string_view body) {
  if (body.substr(0, 2) != "#!") return {};
  const size_t eol = std::min(body.find('\n'), body.size());
  std::string_view line = body.substr(2, eol - 2);
  auto next_word = [&]() {
    while (!line.empty() && (line[0] == ' ' || line[0] == '\t')) line.remove_prefix(1);
    size_t e = 0;
    while (e < line.size() && line[e] != ' ' && line[e] != '\t' && line[e] != '\r') ++e;
    std::string_view w = line.substr(0, e);
    line.remove_prefix(e);
    return w;
  };
  std::string_view program = basename(next_word());
  if (program == "env") {
    std::string_view w = next_word();
    while (!w.empty() && w[0] == '-') w = next_word();
    program = basename(w);
  }
  return program;
}

// One command from exec-form words (skipping `first` words, HEALTHCHECK's type).
Script exec_script(const Instruction& ins, size_t first, const Options& options) {
  Script out;
  out.text = ins.args;
  out.span = ins.args.span();
  Command c;
  for (size_t i = first; i < ins.words.size(); ++i) {
    const dockerfile::Word& jw = ins.words[i];
    Word w;
    w.value = std::string(jw.value);
    w.raw = ins.text.str().substr(jw.begin, jw.end - jw.begin);
    w.span = jw.span;
    w.begin = jw.begin;
    w.end = jw.end;
    w.quoted = true;
    if (c.words.empty()) {
      c.span = w.span;
    } else {
      c.span.end = w.span.end;
    }
    c.words.push_back(std::move(w));
  }
  if (c.words.empty()) return out;
  // The words' offsets are in Instruction::text.
  out.text = ins.text;
  // `sh -c SCRIPT`, `su USER -c SCRIPT`: the script is split too (not `--command=SCRIPT`, whose
  // JSON string holds more than the script).
  if (const InlineScript script = inline_script(c); script.word && script.skip == 0) {
    const size_t index = static_cast<size_t>(script.word - c.words.data()) + first;
    Script inner = split(ins.word_text(index), options);
    inner.origin = Origin::kShellC;
    c.nested.push_back(std::move(inner));
  }
  c.program = find_program_index(c);
  out.commands.push_back(std::move(c));
  return out;
}

Script heredoc_script(const Heredoc& h, const Options& options) {
  const std::string_view program = shebang_program(h.body);
  if (!program.empty() && !is_shell(program)) {
    Script out;
    out.origin = Origin::kRunHeredoc;
    out.text = h.body_text();
    out.span = h.body_span;
    return out;
  }
  Options o = options;
  o.heredocs_outside = false;
  Script out = split(h.body_text(), o);
  out.origin = Origin::kRunHeredoc;
  return out;
}

// Binds the `<<` redirections of a RUN line to the instruction's heredocs, in order, and splits
// the bodies that a shell reads.
void bind_heredocs(Script& script, const Instruction& ins, const Options& options) {
  size_t next = 0;
  for (size_t i = 0; i < script.commands.size(); ++i) {
    Command& c = script.commands[i];
    for (Redirection& r : c.redirections) {
      if (!r.heredoc() || next >= ins.heredocs.size()) continue;
      r.dockerfile_heredoc = static_cast<int>(next);
      if (r.fd <= 0 && stdin_runs_in_a_shell(script.commands, i) && options.max_shell_depth > 0)
        c.nested.push_back(heredoc_script(ins.heredocs[next], options));
      ++next;
    }
  }
}

}  // namespace

Script analyse(const Instruction& instruction, const Options& options) {
  const Instruction& ins =
      instruction.is(Keyword::kOnbuild) && instruction.trigger ? *instruction.trigger : instruction;
  const bool runs_shell = ins.is(Keyword::kRun) || ins.is(Keyword::kCmd) ||
                          ins.is(Keyword::kEntrypoint) || ins.is(Keyword::kHealthcheck);
  if (!runs_shell) return Script{Origin::kText, ins.args, ins.args.span(), {}, {}, false};
  const size_t first = ins.is(Keyword::kHealthcheck) ? 1 : 0;
  if (ins.form == Form::kExec) return exec_script(ins, first, options);
  if (ins.command.empty()) return Script{Origin::kText, ins.args, ins.args.span(), {}, {}, false};
  if (ins.is(Keyword::kRun) && !ins.heredocs.empty()) {
    // `RUN <<EOF` alone: BuildKit runs the body as the script.
    if (parse_heredoc_marker(ins.command.str()))
      return heredoc_script(ins.heredocs.front(), options);
    Options o = options;
    o.heredocs_outside = true;
    Script out = split(ins.command, o);
    bind_heredocs(out, ins, options);
    return out;
  }
  Options o = options;
  o.heredocs_outside = true;  // a RUN line has no body lines after it
  return split(ins.command, o);
}

}  // namespace clearance::dockerfile::shell
