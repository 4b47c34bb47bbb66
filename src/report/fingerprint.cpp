// Finding fingerprints: what code-scanning services and baselines use to recognise the same
// finding after unrelated edits. Line numbers are deliberately left out so that inserting a
// line above a finding does not make it look new.
#include <cstdint>
#include <string>
#include <string_view>

#include "report/report.h"

namespace clearance::report {
namespace {

// FNV-1a, 64-bit. Not cryptographic: the input is already free of secrets (masked below), and
// the hash only has to be stable and well spread.
class Fnv1a64 {
 public:
  // Each field is followed by a separator so that ("ab","c") and ("a","bc") differ.
  void field(std::string_view text) {
    for (unsigned char c : text) byte(c);
    byte(0);
  }
  uint64_t value() const { return hash_; }

 private:
  void byte(unsigned char c) {
    hash_ ^= c;
    hash_ *= 0x100000001b3ULL;
  }
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The 16 hex digits of `value`, appended.
void append_hex(std::string& out, uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char digits[16];
  for (int i = 15; i >= 0; --i, value >>= 4) digits[i] = kDigits[value & 0xF];
  out.append(digits, sizeof digits);
}

// The content that identifies the finding: the rule's own choice, else the text pointed at,
// masked (into `masked`) when it may be a credential (a hash of a short password is easily
// reversed). A view, so that the common case copies nothing: this runs for every finding.
std::string_view identifying_content(const rules::Finding& f, std::string& masked) {
  if (!f.fingerprint_content.empty()) return f.fingerprint_content;
  const std::string_view text = f.span.text();
  if (!f.rule || !span_may_hold_secret(*f.rule)) return text;
  masked = mask_secret(text);
  return masked;
}

}  // namespace

uint64_t fingerprint_value(const rules::Finding& f) {
  if (f.known_fingerprint) return *f.known_fingerprint;
  Fnv1a64 h;
  h.field(f.rule ? f.rule->id : std::string_view{});
  h.field(f.span.file ? std::string_view(f.span.file->path()) : std::string_view{});
  h.field(f.service);
  std::string masked;
  h.field(identifying_content(f, masked));
  return h.value();
}

void append_fingerprint(std::string& out, const rules::Finding& f) { append_hex(out, fingerprint_value(f)); }

std::string fingerprint(const rules::Finding& f) {
  std::string out;
  append_fingerprint(out, f);
  return out;
}

std::string fingerprint_excerpt(const rules::Finding& f) {
  constexpr size_t kMaxCodePoints = 80;
  std::string masked;
  std::string text(identifying_content(f, masked));
  const size_t eol = text.find_first_of("\r\n");
  bool cut = eol != std::string::npos;
  if (cut) text.resize(eol);
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == kMaxCodePoints) {
      text.resize(i);
      cut = true;
      break;
    }
  }
  // Other secrets in the content (a service rule pointing at a one-line service) are masked
  // as the text report masks them.
  if (!(f.rule && span_may_hold_secret(*f.rule))) text = mask_ranges(text, 0, text.size(), secret_ranges(text));
  return cut ? text + "..." : text;
}

}  // namespace clearance::report
