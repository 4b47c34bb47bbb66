// CLR508: a credential of a known format (private key block, AWS access key ID, GitHub, GitLab,
// Slack, Stripe, Google, npm tokens, JWTs) anywhere in a file the project reads, comments
// included. Documentation values (AKIAIOSFODNN7EXAMPLE, jwt.io's sample) are reported at info.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "knowledge/tokens.h"
#include "model/project.h"
#include "rules/rule.h"
#include "rules/service_report.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 4.10: ensure secrets are not stored in Dockerfiles",
     "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Secrets Management Cheat Sheet: detection",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"GitHub docs: about secret scanning (supported patterns)",
     "https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns"},
    {"AWS docs: managing access keys (IAM unique ID prefixes)",
     "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids"},
};

constexpr RuleMeta kMeta{
    .id = "CLR508",
    .slug = "token-pattern",
    .title = "Known credential format in a file",
    .severity = Severity::kCritical,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a credential of a recognisable format anywhere in a file the project reads "
        "(compose files, Dockerfiles, env files, comments included): private key blocks, AWS "
        "access key IDs, GitHub, GitLab, Slack, Stripe live, Google API and npm tokens, and "
        "JSON Web Tokens. Documentation and obviously fake values (AWS's "
        "`AKIAIOSFODNN7EXAMPLE`, jwt.io's sample token, a key block with an elided body, "
        "`ghp_xxxx...`) are reported at info. Each file is scanned once; the value is never "
        "shown.",
    .rationale =
        "These formats are issued credentials, not settings: a match is almost always a live "
        "key or token, and automated scanners harvest public repositories for exactly these "
        "prefixes within minutes of a push. Removing it from the file is not enough: it stays "
        "in the git history and in every image built from it.",
    .example =
        "services:\n"
        "  backup:\n"
        "    image: ghcr.io/acme/backup:2.1\n"
        "    environment:\n"
        "      AWS_ACCESS_KEY_ID: AKIA2OGYBAH6STMMNXNN\n",
    .instead =
        "services:\n"
        "  backup:\n"
        "    image: ghcr.io/acme/backup:2.1\n"
        "    secrets: [aws_credentials]\n"
        "secrets:\n"
        "  aws_credentials:\n"
        "    file: ~/.aws/credentials\n"
        "\n"
        "Revoke the credential at its issuer first, then remove it from the file (and from the "
        "history, if the repository is shared) and load the new one from a secret or a "
        "git-ignored env file.",
    .fix_safety = "No fix is offered: the credential has to be revoked at its issuer, which no tool can do.",
    .references = kRefs,
};

class TokenPattern final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    std::set<const source::SourceFile*> seen;
    for (const source::SourceFilePtr& file : project.files) {
      if (!file || !seen.insert(file.get()).second) continue;
      std::map<knowledge::TokenKind, int> ordinal;  // per kind, for fingerprints that survive edits
      const std::string_view bytes = file->bytes();
      for (const knowledge::TokenMatch& m : knowledge::find_tokens(bytes)) {
        const std::string kind(knowledge::token_kind_name(m.kind));
        std::string message = m.placeholder
                                  ? "a " + kind + " that looks like a documentation or sample value"
                                  : "a " + kind + " is written in this file: revoke it and load its "
                                    "replacement from a secret";
        const std::string fingerprint = kind + "#" + std::to_string(ordinal[m.kind]++);
        // A token in a compose value belongs to the service that holds it.
        report_value(project, out, file->span(m.begin, m.end), message, [&](Finding& f) {
          if (m.placeholder) f.severity = Severity::kInfo;
          f.fingerprint_content = fingerprint;
        });
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr508_token_pattern() { return std::make_unique<TokenPattern>(); }

}  // namespace clearance::rules
