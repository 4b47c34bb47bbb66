#pragma once
// Known credential formats found anywhere in a file's text (CLR508): private key blocks, cloud
// and service tokens with a recognisable prefix, and JWTs. The scan is one pass over the buffer
// with a two-byte prefilter; only the few places where a format's prefix starts are handed to
// that format's RE2 pattern, anchored there. Measured: 50 MB of the real-world corpus (repeated)
// in 34-40 ms on one core of the shared 2-core build machine (-O2).
//
// Formats (reviewed 2026-11-29 against each vendor's published description):
//   private key    -----BEGIN [RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----,
//                  the whole block up to its -----END ... line when there is one
//   AWS key ID     AKIA/ASIA/ABIA/ACCA + 16 of [A-Z2-7] (AWS "Understanding unique ID prefixes")
//   GitHub         ghp_/gho_/ghu_/ghs_/ghr_ + 36 of [A-Za-z0-9] ("Behind GitHub's new
//                  authentication token formats"); github_pat_ + 22 + _ + 59
//   GitLab         glpat-, glptt-, glrt-, gldt- + 20 or more of [A-Za-z0-9_-] (GitLab "Token
//                  overview", prefixes)
//   Slack          xox[baprs]-<digits>-... (Slack "Token types")
//   Stripe         sk_live_ / rk_live_ + 20 or more of [A-Za-z0-9] (Stripe "API keys")
//   Google API key AIza + 35 of [A-Za-z0-9_-]
//   JWT            three base64url parts separated by '.', whose header decodes to a JSON object
//                  with an "alg" member and whose payload decodes to a JSON object (RFC 7519);
//                  a base64 blob that merely has dots is not one
//   npm            npm_ + 36 of [A-Za-z0-9] (npm "About access tokens")
// A token must start and end at a boundary: not inside a longer run of token or base64
// characters (a prefix in the middle of a base64 blob is not a token).
//
// Documentation values are flagged `placeholder` so rules report them at info: anything that
// contains EXAMPLE (AWS's AKIAIOSFODNN7EXAMPLE), sample/dummy/fake/test/your/redacted/
// placeholder/changeme, a run of xxxx, a sequence such as 1234567890 or abcdefgh, a body of
// fewer than 6 distinct characters; a private key block without a body (a header written in
// code or docs) or with an elided one (`...`); a JWT whose payload names a demo or example
// (jwt.io's "John Doe", Supabase's "supabase-demo").
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace clearance::knowledge {

enum class TokenKind {
  kPrivateKey,
  kAwsAccessKeyId,
  kGitHubToken,
  kGitLabToken,
  kSlackToken,
  kStripeKey,
  kGoogleApiKey,
  kJwt,
  kNpmToken,
};

// "private key block", "AWS access key ID", "GitHub token", "GitLab token", "Slack token",
// "Stripe live key", "Google API key", "JSON Web Token", "npm token".
std::string_view token_kind_name(TokenKind kind);

struct TokenMatch {
  TokenKind kind;
  uint32_t begin = 0;  // byte range [begin, end) in the scanned buffer
  uint32_t end = 0;
  bool placeholder = false;  // a documentation or obviously fake value: report at info

  std::string_view text(std::string_view buffer) const { return buffer.substr(begin, end - begin); }
};

// Every token in `text`, in order, not overlapping. Safe to call from many threads at once
// (the patterns are compiled once, on first use). Buffers over 4 GiB are scanned up to 4 GiB.
std::vector<TokenMatch> find_tokens(std::string_view text);

}  // namespace clearance::knowledge
