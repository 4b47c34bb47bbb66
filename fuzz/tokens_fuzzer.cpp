// Fuzzes the token scanner (src/knowledge/tokens.h): any bytes scan into matches in order,
// without overlap, inside the buffer, each starting with its format's prefix.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "knowledge/tokens.h"

namespace {

bool has_prefix(clearance::knowledge::TokenKind kind, std::string_view text) {
  using clearance::knowledge::TokenKind;
  const auto starts = [&](std::string_view p) { return text.substr(0, p.size()) == p; };
  switch (kind) {
    case TokenKind::kPrivateKey:
      return starts("-----BEGIN ");
    case TokenKind::kAwsAccessKeyId:
      return starts("AKIA") || starts("ASIA") || starts("ABIA") || starts("ACCA");
    case TokenKind::kGitHubToken:
      return starts("gh") || starts("github_pat_");
    case TokenKind::kGitLabToken:
      return starts("gl");
    case TokenKind::kSlackToken:
      return starts("xox");
    case TokenKind::kStripeKey:
      return starts("sk_live_") || starts("rk_live_");
    case TokenKind::kGoogleApiKey:
      return starts("AIza");
    case TokenKind::kJwt:
      return starts("ey") || starts("ew");
    case TokenKind::kNpmToken:
      return starts("npm_");
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t last_end = 0;
  for (const auto& m : clearance::knowledge::find_tokens(text)) {
    if (m.begin < last_end || m.begin >= m.end || m.end > size) std::abort();
    if (!has_prefix(m.kind, m.text(text))) std::abort();
    last_end = m.end;
  }
  return 0;
}
