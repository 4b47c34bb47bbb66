// Token formats for CLR508. The tokens are assembled at run time from a seeded generator, so
// this file holds no token-shaped literal for a scanner (ours included) to trip over.
#include "knowledge/tokens.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace clearance::knowledge {
namespace {

constexpr std::string_view kBase62 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Random-looking characters from a fixed seed (no sequences, no words, many distinct).
std::string random_chars(std::string_view alphabet, size_t n, uint64_t seed) {
  std::string out;
  uint64_t x = seed * 6364136223846793005ull + 1442695040888963407ull;
  for (size_t i = 0; i < n; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    out += alphabet[(x >> 33) % alphabet.size()];
  }
  return out;
}

std::string base64url(std::string_view raw) {
  static constexpr std::string_view kUrl =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : raw) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kUrl[(bits >> count) & 63];
    }
  }
  if (count > 0) out += kUrl[(bits << (6 - count)) & 63];
  return out;
}

std::string jwt(std::string_view header_json, std::string_view payload_json,
                std::string signature) {
  return base64url(header_json) + "." + base64url(payload_json) + "." + signature;
}

std::string signature(uint64_t seed) {
  return random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43, seed);
}

std::string pem_block(std::string_view label, std::string body) {
  return "-----BEGIN " + std::string(label) + "-----\n" + body + "\n-----END " +
         std::string(label) + "-----";
}

std::string key_body(uint64_t seed) {
  std::string body;
  for (int line = 0; line < 8; ++line) body += random_chars(kBase64, 64, seed + line) + "\n";
  return body + random_chars(kBase64, 20, seed + 99) + "==";
}

struct Found {
  TokenKind kind;
  std::string text;
  bool placeholder;
};

std::vector<Found> scan(std::string_view text) {
  std::vector<Found> out;
  for (const TokenMatch& m : find_tokens(text))
    out.push_back({m.kind, std::string(m.text(text)), m.placeholder});
  return out;
}

// Scans `token` embedded in ordinary text and expects exactly it back.
void expect_token(const std::string& token, TokenKind kind, bool placeholder) {
  const std::string text = "config:\n  value: \"" + token + "\"  # set by ops\n";
  const std::vector<Found> found = scan(text);
  ASSERT_EQ(found.size(), 1u) << token;
  EXPECT_EQ(found[0].kind, kind) << token;
  EXPECT_EQ(found[0].text, token);
  EXPECT_EQ(found[0].placeholder, placeholder) << token;
  const TokenMatch m = find_tokens(text)[0];
  EXPECT_EQ(m.begin, text.find(token));
  EXPECT_EQ(m.end, text.find(token) + token.size());
}

TEST(Tokens, PrivateKeyBlocks) {
  for (std::string_view label :
       {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY", "PGP PRIVATE KEY BLOCK"})
    expect_token(pem_block(label, key_body(7)), TokenKind::kPrivateKey, false);
}

TEST(Tokens, PrivateKeyInAnEnvValueWithEscapedNewlines) {
  std::string body = random_chars(kBase64, 64, 3) + "\\n" + random_chars(kBase64, 64, 4);
  const std::string text =
      "KEY=\"-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----\"\n";
  const std::vector<Found> found = scan(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].placeholder);
  EXPECT_EQ(found[0].text.substr(0, 27), "-----BEGIN PRIVATE KEY-----");
  EXPECT_EQ(found[0].text.substr(found[0].text.size() - 25), "-----END PRIVATE KEY-----");
}

TEST(Tokens, PrivateKeyPlaceholders) {
  // A header in code, an elided body, a body too short to be a key, a header without a footer.
  const std::string header = "-----BEGIN RSA PRIVATE KEY-----";
  std::vector<Found> found = scan("if line.startswith(\"" + header + "\"):\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].placeholder);
  EXPECT_EQ(found[0].text, header);
  expect_token(pem_block("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA...\n...\n"), TokenKind::kPrivateKey,
               true);
  expect_token(pem_block("PRIVATE KEY", "abc"), TokenKind::kPrivateKey, true);
  // Public keys and certificates are no secret.
  EXPECT_TRUE(scan(pem_block("PUBLIC KEY", key_body(1))).empty());
  EXPECT_TRUE(scan(pem_block("CERTIFICATE", key_body(2))).empty());
}

TEST(Tokens, AwsAccessKeyIds) {
  for (std::string_view prefix : {"AKIA", "ASIA", "ABIA", "ACCA"})
    expect_token(std::string(prefix) + random_chars(kBase32, 16, 11), TokenKind::kAwsAccessKeyId,
                 false);
  // AWS's documentation key.
  expect_token(std::string("AKIA") + "IOSFODNN7" + "EXAMPLE", TokenKind::kAwsAccessKeyId, true);
  // Not base32 (a lower-case letter, an 8), too short, too long, inside a longer word.
  const std::string body = random_chars(kBase32, 16, 12);
  EXPECT_TRUE(scan("AKIA" + body.substr(0, 15) + "a").empty());
  EXPECT_TRUE(scan("AKIA" + body.substr(0, 15) + "8").empty());
  EXPECT_TRUE(scan("AKIA" + body.substr(0, 15)).empty());
  EXPECT_TRUE(scan("AKIA" + body + "Q").empty());
  EXPECT_TRUE(scan("XAKIA" + body).empty());
  EXPECT_TRUE(scan("abc+AKIA" + body).empty());  // inside a base64 blob
}

TEST(Tokens, GitHubTokens) {
  for (std::string_view prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
    expect_token(std::string(prefix) + random_chars(kBase62, 36, 21), TokenKind::kGitHubToken,
                 false);
  expect_token("github_pat_" + random_chars(kBase62, 22, 22) + "_" + random_chars(kBase62, 59, 23),
               TokenKind::kGitHubToken, false);
  expect_token(std::string("ghp_") + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
               TokenKind::kGitHubToken, true);
  expect_token(std::string("ghp_") + "1234567890abcdefghijklmnopqrstuvwxyz",
               TokenKind::kGitHubToken, true);
  EXPECT_TRUE(scan(std::string("ghx_") + random_chars(kBase62, 36, 24)).empty());
  EXPECT_TRUE(scan(std::string("ghp_") + random_chars(kBase62, 35, 25)).empty());
  EXPECT_TRUE(scan("github_pat_" + random_chars(kBase62, 40, 26)).empty());
}

TEST(Tokens, GitLabTokens) {
  for (std::string_view prefix : {"glpat-", "glptt-", "glrt-", "gldt-"})
    expect_token(std::string(prefix) + random_chars(kBase62, 20, 31), TokenKind::kGitLabToken,
                 false);
  expect_token(std::string("glpat-") + "your-token-goes-here-12", TokenKind::kGitLabToken, true);
  EXPECT_TRUE(scan(std::string("glpat-") + random_chars(kBase62, 19, 32)).empty());
}

TEST(Tokens, SlackTokens) {
  for (std::string_view prefix : {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"})
    expect_token(std::string(prefix) + "2047118911-" + random_chars(kBase62, 24, 41),
                 TokenKind::kSlackToken, false);
  EXPECT_TRUE(scan(std::string("xoxb-") + "your-bot-token").empty());  // no numeric part
  EXPECT_TRUE(scan(std::string("xoxz-") + "2047118911-" + random_chars(kBase62, 24, 42)).empty());
}

TEST(Tokens, StripeLiveKeys) {
  expect_token(std::string("sk_live_") + random_chars(kBase62, 24, 51), TokenKind::kStripeKey,
               false);
  expect_token(std::string("rk_live_") + random_chars(kBase62, 99, 52), TokenKind::kStripeKey,
               false);
  EXPECT_TRUE(scan(std::string("sk_test_") + random_chars(kBase62, 24, 53)).empty());
  EXPECT_TRUE(
      scan(std::string("pk_live_") + random_chars(kBase62, 24, 54)).empty());  // publishable
}

TEST(Tokens, GoogleApiKeys) {
  expect_token(std::string("AIza") + random_chars(kBase62, 35, 61), TokenKind::kGoogleApiKey,
               false);
  EXPECT_TRUE(scan(std::string("AIza") + random_chars(kBase62, 34, 62)).empty());
  EXPECT_TRUE(scan(std::string("AIza") + random_chars(kBase62, 36, 63)).empty());
}

TEST(Tokens, NpmTokens) {
  expect_token(std::string("npm_") + random_chars(kBase62, 36, 71), TokenKind::kNpmToken, false);
  EXPECT_TRUE(scan(std::string("npm_") + "install").empty());
}

TEST(Tokens, JsonWebTokens) {
  const std::string token =
      jwt(R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"42","iat":1700000000})", signature(81));
  expect_token(token, TokenKind::kJwt, false);
  // Header with a space after '{' (base64 "ew..."), unsecured JWT without a signature.
  expect_token(jwt("{\n \"alg\": \"RS256\"\n}", R"({"role":"service"})", signature(82)),
               TokenKind::kJwt, false);
  expect_token(jwt(R"({"alg":"none"})", R"({"role":"anon"})", ""), TokenKind::kJwt, false);
  // In an Authorization header.
  const std::string header = "Authorization: Bearer " + token + "\n";
  ASSERT_EQ(scan(header).size(), 1u);
  EXPECT_EQ(scan(header)[0].text, token);
}

TEST(Tokens, JwtPlaceholders) {
  // jwt.io's example and a demo project's key.
  expect_token(jwt(R"({"alg":"HS256","typ":"JWT"})",
                   R"({"sub":"1234567890","name":"John Doe","iat":1516239022})", signature(91)),
               TokenKind::kJwt, true);
  expect_token(jwt(R"({"alg":"HS256","typ":"JWT"})", R"({"iss":"supabase-demo","role":"anon"})",
                   signature(92)),
               TokenKind::kJwt, true);
}

TEST(Tokens, ThingsThatAreNotJwts) {
  // Dotted base64 whose header is no JSON, JSON without "alg", a payload that is no object.
  EXPECT_TRUE(
      scan(base64url("hello there, world") + "." + base64url(R"({"a":1})") + "." + signature(1))
          .empty());
  EXPECT_TRUE(scan(jwt(R"({"typ":"JWT","kid":"k1"})", R"({"sub":"1"})", signature(2))).empty());
  EXPECT_TRUE(scan(jwt(R"({"alg":"HS256"})", R"(["not","an","object"])", signature(3))).empty());
  EXPECT_TRUE(scan(jwt(R"({"alg":"HS256"})", R"({"sub":"1"})", signature(4)) + "+tail").empty());
  // Ordinary text with "ey" and dots.
  EXPECT_TRUE(scan("eyes.everywhere.everyone and key.eyJustKidding.x").empty());
  EXPECT_TRUE(scan("image: eyeo/eyeo-builder:2024.01.02").empty());
}

TEST(Tokens, SeveralTokensInOrderWithoutOverlap) {
  const std::string aws = "AKIA" + random_chars(kBase32, 16, 5);
  const std::string gh = "ghp_" + random_chars(kBase62, 36, 6);
  const std::string npm = "npm_" + random_chars(kBase62, 36, 8);
  const std::string text = "AWS_ACCESS_KEY_ID=" + aws + "\nGITHUB_TOKEN=" + gh +
                           "\n//registry.npmjs.org/:_authToken=" + npm + "\n" +
                           pem_block("EC PRIVATE KEY", key_body(9)) + "\n";
  const std::vector<Found> found = scan(text);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].kind, TokenKind::kAwsAccessKeyId);
  EXPECT_EQ(found[1].kind, TokenKind::kGitHubToken);
  EXPECT_EQ(found[2].kind, TokenKind::kNpmToken);
  EXPECT_EQ(found[3].kind, TokenKind::kPrivateKey);
  EXPECT_EQ(found[0].text, aws);
  EXPECT_EQ(found[1].text, gh);
}

// The scan tests sixteen positions at a time: a token is found wherever it starts in a block,
// and near-misses around it ("gh", "sk" in words) change nothing.
TEST(Tokens, FoundAtEveryOffset) {
  const std::string token = "ghp_" + random_chars(kBase62, 36, 9);
  for (size_t offset = 0; offset < 40; ++offset) {
    std::string filler;
    while (filler.size() < offset) filler += "ash sky key ";
    filler.resize(offset);
    if (!filler.empty()) filler.back() = ' ';
    const std::string text = filler + token + " and a bash ghost";
    const std::vector<TokenMatch> found = find_tokens(text);
    ASSERT_EQ(found.size(), 1u) << "offset " << offset;
    EXPECT_EQ(found[0].begin, offset);
  }
}

TEST(Tokens, EdgesOfTheBuffer) {
  EXPECT_TRUE(find_tokens("").empty());
  EXPECT_TRUE(find_tokens("A").empty());
  EXPECT_TRUE(find_tokens("--").empty());
  EXPECT_TRUE(find_tokens("-----BEGIN ").empty());
  EXPECT_TRUE(find_tokens("ey").empty());
  const std::string aws = "AKIA" + random_chars(kBase32, 16, 5);
  ASSERT_EQ(find_tokens(aws).size(), 1u);  // at both ends of the buffer
  std::string nul("\0AKIA", 5);
  EXPECT_TRUE(find_tokens(nul).empty());
}

TEST(Tokens, KindNames) {
  EXPECT_EQ(token_kind_name(TokenKind::kAwsAccessKeyId), "AWS access key ID");
  EXPECT_EQ(token_kind_name(TokenKind::kJwt), "JSON Web Token");
}

TEST(Tokens, ConcurrentScans) {
  const std::string text = "x " + jwt(R"({"alg":"HS256"})", R"({"sub":"1"})", signature(5)) + " y";
  std::vector<std::thread> threads;
  std::vector<size_t> counts(8);
  for (size_t t = 0; t < counts.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) counts[t] += find_tokens(text).size();
    });
  for (std::thread& t : threads) t.join();
  for (size_t c : counts) EXPECT_EQ(c, 200u);
}

TEST(Tokens, ManyHeadersWithoutFootersScanInLinearTime) {
  std::string text;
  while (text.size() < (8u << 20)) text += "-----BEGIN RSA PRIVATE KEY-----\n";
  const auto start = std::chrono::steady_clock::now();
  const std::vector<TokenMatch> found = find_tokens(text);
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(found.size(), text.size() / 32);
  EXPECT_TRUE(found.front().placeholder);
  EXPECT_LT(ms, 5000.0);
}

// Scanning every text file of a large project must stay cheap: 50 MB of YAML-like text with a
// token in it, well under 100 ms in an optimised build (timed only there).
TEST(Tokens, FiftyMegabytesScanQuickly) {
  std::string chunk =
      "services:\n  web:\n    image: nginx:1.27\n    environment:\n      - KEY=value # they asked "
      "for\n"
      "    build:\n      context: .\n      dockerfile: Dockerfile\n  db:\n    image: postgres:16 "
      "AS base\n"
      "    command: [\"--global\", \"--skip\"]\n---\n";
  std::string text;
  text.reserve(50u << 20);
  while (text.size() < (50u << 20)) text += chunk;
  text += "TOKEN=ghp_" + random_chars(kBase62, 36, 1) + "\n";
  const auto start = std::chrono::steady_clock::now();
  const std::vector<TokenMatch> found = find_tokens(text);
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(found.size(), 1u);
  RecordProperty("scan_ms", std::to_string(ms));
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
  // Measured 35-45 ms with -O2 on the shared 2-core machine; the bound leaves room for a busy
  // one and still catches a scan that stopped being linear or lost its prefilter.
  EXPECT_LT(ms, 500.0);
#endif
}

}  // namespace
}  // namespace clearance::knowledge
