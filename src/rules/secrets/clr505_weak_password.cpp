// CLR505: a password or secret that fails the strength policy (by default at least 16
// characters and 3 character classes, waived for values of 24 characters or more), judged where
// it is set. Not reported when CLR504 already calls it a well-known default.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"
#include "rules/secrets/credential_settings.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"NIST SP 800-63B, section 5.1.1 (memorized secrets)", "https://pages.nist.gov/800-63-3/sp800-63b.html"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"OWASP Authentication Cheat Sheet: password complexity",
     "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR505",
    .slug = "weak-password",
    .title = "Weak password",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a password or secret (a `*PASSWORD*`, `*_PASS`, `*_PWD`, `*SECRET*` or "
        "signing-key variable) whose value is shorter than 16 characters, has fewer than 3 "
        "character classes (lowercase, uppercase, digits, others; waived from 24 characters on, "
        "so long random hex keys and passphrases pass) or fewer than 5 distinct characters. "
        "Judged wherever the value is set, like CLR504, which takes precedence: a well-known "
        "default is not also reported as weak. Tokens and API keys are issued by someone else "
        "and are not judged. Env templates (`.env.example`, ...) are not judged. The policy is "
        "set in `.clearance.yaml`: `secrets: {min_length: 16, min_classes: 3}`. The value is "
        "never shown; the message says why it is weak.",
    .rationale =
        "Services in a compose project are often reachable from more places than intended (a "
        "published port, a shared network), and a short or simple password falls to an online "
        "guessing attack or to cracking a leaked hash. A value that nobody types should be long "
        "and random: generating one costs nothing.",
    .example =
        "services:\n"
        "  cache:\n"
        "    image: redis:7\n"
        "    command: [\"redis-server\", \"--requirepass\", \"${REDIS_PASSWORD}\"]\n"
        "# .env\n"
        "REDIS_PASSWORD=redis2024\n",
    .instead =
        "# .env (git-ignored)\n"
        "REDIS_PASSWORD=Vx9q3JtQ0m7KpL2wZs8rB4nY\n"
        "\n"
        "Generate the value (`openssl rand -base64 24`). To change the policy, set "
        "`secrets: {min_length: 20, min_classes: 3}` in `.clearance.yaml`.",
    .fix_safety = "No fix is offered: a new credential has to be generated, stored and rolled out by its owner.",
    .references = kRefs,
};

class WeakPassword final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    const knowledge::PasswordPolicy& policy = secrets::password_policy(project);
    for (const secrets::CredentialSetting& c : secrets::credential_settings(project)) {
      if (c.in_template) continue;
      if (c.kind != knowledge::CredentialKind::kPassword && c.kind != knowledge::CredentialKind::kSecret) continue;
      if (knowledge::is_default_credential(c.value)) continue;  // CLR504's
      const knowledge::Strength s = knowledge::judge(c.value, policy);
      if (!s.weak) continue;
      std::string message = c.where == secrets::CredentialSetting::Where::kDefault
                                ? "the default of " + secrets::code("${" + c.key + "}")
                                : secrets::code(c.key);
      message += " is a weak " + std::string(knowledge::credential_kind_name(c.kind)) + ": " + s.reason;
      Finding& f = c.service ? out.report(*c.service, c.span, std::move(message))
                             : out.report(c.span, std::move(message));
      if (c.used_at.valid()) f.related.push_back({c.used_at, "used here"});
      f.fingerprint_content = std::string(secrets::where_name(c.where)) + ":" + c.key;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr505_weak_password() { return std::make_unique<WeakPassword>(); }

}  // namespace clearance::rules
