#include "knowledge/tokens.h"

#include <re2/re2.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace clearance::knowledge {
namespace {

// ---------------------------------------------------------------------------------------------
// Characters

bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A byte that continues a token or a base64 blob: a token must not start or end next to one.
bool is_token_char(unsigned char c) {
  return is_alnum(c) || c == '_' || c == '-' || c == '+' || c == '/';
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool contains_ci(std::string_view haystack, std::string_view lower_needle) {
  if (lower_needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    size_t k = 0;
    while (k < lower_needle.size() && lower(haystack[i + k]) == lower_needle[k]) ++k;
    if (k == lower_needle.size()) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Placeholders

// Words documentation puts in fake tokens.
constexpr std::string_view kFakeWords[] = {"example",  "sample", "dummy",       "fake",
                                           "test",     "your",   "placeholder", "redacted",
                                           "changeme", "insert", "xxxx"};

// "1234567890", "abcdefgh": 8 consecutive characters, each one more than the last.
bool has_sequence(std::string_view s) {
  constexpr size_t kRun = 8;
  size_t run = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    run = (is_alnum(static_cast<unsigned char>(s[i])) && lower(s[i]) - lower(s[i - 1]) == 1)
              ? run + 1
              : 1;
    if (run >= kRun) return true;
  }
  return false;
}

size_t distinct_chars(std::string_view s) {
  std::array<bool, 256> seen{};
  size_t n = 0;
  for (unsigned char c : s) n += !std::exchange(seen[c], true);
  return n;
}

// A token body (what follows the prefix) that documentation made up.
bool looks_fake(std::string_view body) {
  constexpr size_t kMinDistinct = 6;
  for (std::string_view word : kFakeWords)
    if (contains_ci(body, word)) return true;
  return has_sequence(body) || distinct_chars(body) < kMinDistinct;
}

// ---------------------------------------------------------------------------------------------
// Patterns

// RE2 refuses counted repetitions over 1000, so open-ended runs are written `{n,}`; the scan
// window bounds them.
struct Patterns {
  RE2 pem_header{
      R"(-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----)"};
  RE2 aws{R"((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})"};
  RE2 github{R"(gh[pousr]_[A-Za-z0-9]{36,})"};
  RE2 github_pat{R"(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})"};
  RE2 gitlab{R"((?:glpat|glptt|glrt|gldt)-[A-Za-z0-9_\-]{20,})"};
  RE2 slack{R"(xox[baprs]-[0-9]+-[A-Za-z0-9\-]{8,})"};
  RE2 stripe{R"([sr]k_live_[A-Za-z0-9]{20,})"};
  RE2 google{R"(AIza[A-Za-z0-9_\-]{35})"};
  RE2 jwt{R"((e[wy][A-Za-z0-9_\-]{8,})\.(e[wy][A-Za-z0-9_\-]{2,})\.([A-Za-z0-9_\-]*))"};
  RE2 npm{R"(npm_[A-Za-z0-9]{36})"};
};

const Patterns& patterns() {
  static const Patterns p;  // compiled once; RE2 matching is thread-safe on a const object
  return p;
}

// Two-byte prefixes that can start a token. A private key block is found by its "-B" (of
// "-----BEGIN"): "--" alone is everywhere (command-line options, YAML document markers).
constexpr std::string_view kPrefixes[] = {"-B", "AK", "AS", "AB", "AC", "AI", "gh", "gi",
                                          "gl", "xo", "sk", "rk", "ey", "ew", "np"};
// A 64 KiB table indexed by the bytes at i and i+1: whether a prefix starts at i.
struct PrefixTable {
  std::array<uint8_t, 65536> starts{};
  PrefixTable() {
    for (std::string_view p : kPrefixes) starts[index(p[0], p[1])] = 1;
  }
  static size_t index(char a, char b) {
    return static_cast<unsigned char>(a) |
           (static_cast<size_t>(static_cast<unsigned char>(b)) << 8);
  }
};

const PrefixTable& prefix_table() {
  static const PrefixTable table;
  return table;
}

// Matches `re` anchored at `at`, looking no further than `window` bytes; returns the match end.
std::optional<size_t> match_at(const RE2& re, std::string_view text, size_t at, size_t window,
                               re2::StringPiece* groups = nullptr, int ngroups = 0) {
  const size_t end = std::min(text.size(), at + window);
  std::array<re2::StringPiece, 4> submatch;
  if (!re.Match(re2::StringPiece(text.data(), text.size()), at, end, RE2::ANCHOR_START,
                submatch.data(), 1 + ngroups))
    return std::nullopt;
  for (int g = 0; g < ngroups; ++g) groups[g] = submatch[static_cast<size_t>(g) + 1];
  return at + submatch[0].size();
}

bool ends_at_boundary(std::string_view text, size_t end) {
  return end >= text.size() || !is_token_char(static_cast<unsigned char>(text[end]));
}

// ---------------------------------------------------------------------------------------------
// Base64url and JWTs

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Decodes unpadded base64url; nullopt on a character outside the alphabet or a bad length.
std::optional<std::string> decode_base64url(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    const int v = base64url_value(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

std::optional<nlohmann::json> decode_json_object(std::string_view part) {
  std::optional<std::string> raw = decode_base64url(part);
  if (!raw) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(*raw, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// Payload claims that documentation uses.
constexpr std::string_view kDemoClaims[] = {"example", "demo",     "sample",     "dummy",
                                            "fake",    "john doe", "placeholder"};

bool demo_payload(const nlohmann::json& payload) {
  const std::string text = payload.dump();
  return std::any_of(std::begin(kDemoClaims), std::end(kDemoClaims),
                     [&](std::string_view w) { return contains_ci(text, w); });
}

// ---------------------------------------------------------------------------------------------
// Scanner

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text), p_(patterns()) {}

  std::vector<TokenMatch> run() {
    size_t i = 0;
    while ((i = next_candidate(text_, i)) < text_.size()) {
      const std::optional<TokenMatch> m = at(i);
      if (!m) {
        ++i;
        continue;
      }
      out_.push_back(*m);
      i = resume_ = m->end;
    }
    return std::move(out_);
  }

 private:
  // The first position at or after `i` where a token prefix may start, or text.size(). A free
  // loop over local data: it is where the time goes, and the compiler keeps it in registers.
  static size_t next_candidate(std::string_view text, size_t i) {
    const uint8_t* table = prefix_table().starts.data();
    const auto* b = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    const auto hit = [&](size_t k) { return table[b[k] | (static_cast<size_t>(b[k + 1]) << 8)]; };
#if defined(__SSE2__)
    // Sixteen positions at a time; the table confirms what the prefilter finds.
    for (; i + 17 <= n; i += 16) {
      for (unsigned m = prefilter_mask(b + i); m != 0; m &= m - 1) {
        const size_t k = i + static_cast<size_t>(std::countr_zero(m));
        if (hit(k)) return k;
      }
    }
#endif
    constexpr size_t kStride = 8;  // test 8 positions per step: hits are rare (about 1%)
    while (i + kStride < n) {
      uint8_t any = 0;
      for (size_t k = 0; k < kStride; ++k) any |= hit(i + k);
      if (any) break;
      i += kStride;
    }
    for (; i + 1 < n; ++i)
      if (hit(i)) return i;
    return n;
  }

#if defined(__SSE2__)
  // Bit k: a prefix starts at p[k] (reads p[0..16]). Exact, so that ordinary text (where
  // "sh", "el" or "ey" are everywhere) rarely reaches the table.
  static unsigned prefilter_mask(const unsigned char* p) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    __m128i any = _mm_setzero_si128();
#pragma GCC unroll 16
    for (std::string_view prefix : kPrefixes)
      any = _mm_or_si128(any, _mm_and_si128(_mm_cmpeq_epi8(here, _mm_set1_epi8(prefix[0])),
                                            _mm_cmpeq_epi8(next, _mm_set1_epi8(prefix[1]))));
    return static_cast<unsigned>(_mm_movemask_epi8(any));
  }
#endif

  // Cheap literal checks first: most two-byte hits ("AS builder", "key", "global") are no
  // token, and an RE2 call costs more than these comparisons.
  std::optional<TokenMatch> at(size_t i) const {
    constexpr size_t kDashes = 4;  // "-B" is the fifth dash of "-----BEGIN"
    if (text_[i] == '-') {
      if (i < kDashes || i - kDashes < resume_) return std::nullopt;
      const size_t begin = i - kDashes;
      return starts_with(text_.substr(begin, 11), "-----BEGIN ") ? private_key(begin)
                                                                 : std::nullopt;
    }
    const std::string_view rest = text_.substr(i, 16);
    if (i > 0 && is_token_char(static_cast<unsigned char>(text_[i - 1]))) return std::nullopt;
    const auto one_of = [&](std::initializer_list<std::string_view> prefixes) {
      return std::any_of(prefixes.begin(), prefixes.end(),
                         [&](std::string_view p) { return starts_with(rest, p); });
    };
    if (starts_with(rest, "AIza")) return fixed(p_.google, TokenKind::kGoogleApiKey, i, 4);
    if (one_of({"AKIA", "ASIA", "ABIA", "ACCA"}))
      return fixed(p_.aws, TokenKind::kAwsAccessKeyId, i, 4);
    if (starts_with(rest, "github_pat_"))
      return fixed(p_.github_pat, TokenKind::kGitHubToken, i, 11);
    if (one_of({"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}))
      return fixed(p_.github, TokenKind::kGitHubToken, i, 4);
    if (one_of({"glpat-", "glptt-", "glrt-", "gldt-"}))
      return fixed(p_.gitlab, TokenKind::kGitLabToken, i, rest.find('-') + 1);
    if (one_of({"xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"}))
      return fixed(p_.slack, TokenKind::kSlackToken, i, 5);
    if (one_of({"sk_live_", "rk_live_"})) return fixed(p_.stripe, TokenKind::kStripeKey, i, 8);
    if (starts_with(rest, "npm_")) return fixed(p_.npm, TokenKind::kNpmToken, i, 4);
    if (rest[0] == 'e' && rest.size() == 16 &&
        std::all_of(rest.begin() + 2, rest.end(), [](char c) { return base64url_value(c) >= 0; }))
      return jwt(i);
    return std::nullopt;
  }

  // A prefixed token: the pattern must match at `i` and end at a boundary. `prefix_len` bytes
  // are the prefix; the rest is judged for placeholders.
  std::optional<TokenMatch> fixed(const RE2& re, TokenKind kind, size_t i,
                                  size_t prefix_len) const {
    constexpr size_t kWindow = 512;
    const std::optional<size_t> end = match_at(re, text_, i, kWindow);
    if (!end || !ends_at_boundary(text_, *end)) return std::nullopt;
    const std::string_view body =
        text_.substr(i + prefix_len, *end - i - std::min(prefix_len, *end - i));
    return make(kind, i, *end, looks_fake(body));
  }

  std::optional<TokenMatch> private_key(size_t i) const {
    constexpr size_t kHeaderWindow = 96;
    constexpr size_t kBlockWindow = 64 * 1024;  // an 8192-bit RSA key is about 6.5 KB
    if (i > 0 && text_[i - 1] == '-') return std::nullopt;
    re2::StringPiece label;
    const std::optional<size_t> header_end =
        match_at(p_.pem_header, text_, i, kHeaderWindow, &label, 1);
    if (!header_end) return std::nullopt;
    const std::string footer = "-----END " + std::string(label.data(), label.size()) + "-----";
    const size_t footer_at = next_footer(footer, *header_end);
    if (footer_at == std::string_view::npos || footer_at - *header_end > kBlockWindow)
      return make(TokenKind::kPrivateKey, i, *header_end, true);
    const std::string_view body = text_.substr(*header_end, footer_at - *header_end);
    return make(TokenKind::kPrivateKey, i, footer_at + footer.size(), fake_key_body(body));
  }

  // The next `footer` at or after `from`. Remembered per footer, so that a file of headers
  // without footers is searched once, not once per header.
  size_t next_footer(const std::string& footer, size_t from) const {
    auto it = next_footer_.find(footer);
    if (it == next_footer_.end() || (it->second != std::string_view::npos && it->second < from))
      it = next_footer_.insert_or_assign(footer, text_.find(footer, from)).first;
    return it->second;
  }

  // A key body without enough base64 to hold a key, or an elided one.
  static bool fake_key_body(std::string_view body) {
    constexpr size_t kMinBase64 = 64;
    size_t base64 = 0;
    for (unsigned char c : body) base64 += is_alnum(c) || c == '+' || c == '/' || c == '=';
    if (base64 < kMinBase64 || body.find("...") != std::string_view::npos) return true;
    return contains_ci(body, "example") || contains_ci(body, "xxxx") ||
           contains_ci(body, "redacted");
  }

  std::optional<TokenMatch> jwt(size_t i) const {
    constexpr size_t kWindow = 96 * 1024;
    std::array<re2::StringPiece, 3> parts;
    const std::optional<size_t> end = match_at(p_.jwt, text_, i, kWindow, parts.data(), 3);
    if (!end || !ends_at_boundary(text_, *end)) return std::nullopt;
    const std::string_view header(parts[0].data(), parts[0].size());
    const std::string_view payload(parts[1].data(), parts[1].size());
    const std::optional<nlohmann::json> h = decode_json_object(header);
    if (!h || !h->contains("alg")) return std::nullopt;
    const std::optional<nlohmann::json> claims = decode_json_object(payload);
    if (!claims) return std::nullopt;
    const std::string_view signature(parts[2].data(), parts[2].size());
    const bool fake = demo_payload(*claims) || (!signature.empty() && looks_fake(signature));
    return make(TokenKind::kJwt, i, *end, fake);
  }

  static TokenMatch make(TokenKind kind, size_t begin, size_t end, bool placeholder) {
    return TokenMatch{kind, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), placeholder};
  }

  std::string_view text_;
  const Patterns& p_;
  mutable std::map<std::string, size_t, std::less<>> next_footer_;
  std::vector<TokenMatch> out_;
  size_t resume_ = 0;  // end of the last match: a match never starts before it
};

}  // namespace

std::string_view token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::kPrivateKey:
      return "private key block";
    case TokenKind::kAwsAccessKeyId:
      return "AWS access key ID";
    case TokenKind::kGitHubToken:
      return "GitHub token";
    case TokenKind::kGitLabToken:
      return "GitLab token";
    case TokenKind::kSlackToken:
      return "Slack token";
    case TokenKind::kStripeKey:
      return "Stripe live key";
    case TokenKind::kGoogleApiKey:
      return "Google API key";
    case TokenKind::kJwt:
      return "JSON Web Token";
    case TokenKind::kNpmToken:
      return "npm token";
  }
  return "token";
}

std::vector<TokenMatch> find_tokens(std::string_view text) {
  constexpr size_t kMaxScanned = std::numeric_limits<uint32_t>::max();
  if (text.size() > kMaxScanned) text = text.substr(0, kMaxScanned);
  return Scanner(text).run();
}

}  // namespace clearance::knowledge
