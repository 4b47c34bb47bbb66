// CLR606: an env template (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`, ...),
// which is meant to be committed, holding a value that looks like a real secret: a
// credential-shaped key whose value is no placeholder, default or empty value and is long and
// varied enough to be a real one, or a known token format anywhere in the file. Values are
// never printed (reports mask this rule's span).
#include <memory>
#include <string>
#include <vector>

#include "knowledge/secrets.h"
#include "knowledge/tokens.h"
#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"OWASP Docker Security Cheat Sheet, rule 12 (secrets)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"GitHub docs: removing sensitive data from a repository",
     "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository"},
};

constexpr RuleMeta kMeta{
    .id = "CLR606",
    .slug = "example-holds-secret",
    .title = "Env template holds a real-looking secret",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kHygiene,
    .fix = Fixability::kNone,
    .summary =
        "Reports a value in an env template (`.env.example`, `.env.sample`, `.env.template`, "
        "`.env.dist`, `.env.local.example`, ...) that looks like a real secret: a "
        "credential-shaped key (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, ...) whose "
        "value is not empty, a boolean, a reference, a placeholder or a well-known default "
        "(`changeme`, `your-api-key`, `<secret>`) and is strong enough to be a real one (at "
        "least 16 characters and 3 character classes, or 24 characters of at least 2 classes), or a known token "
        "format (private key block, AWS, GitHub, GitLab, Slack, Stripe, Google, npm, JWT) that "
        "is not a documented example. The value is never printed.",
    .rationale =
        "Templates are committed on purpose, so a real secret in one is published with the "
        "repository and its history. It also tends to be copied to `.env` unchanged on every "
        "checkout, so the same password ends up in every deployment that followed the README. "
        "Real-looking values in templates are usually a developer's own `.env` copied over.",
    .example =
        "```text\n"
        "# .env.example\n"
        "STRIPE_API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n"
        "JWT_SECRET=Xk29fQp7LmZ3vB8sRt6wN4yH\n"
        "```\n",
    .instead =
        "```text\n"
        "# .env.example\n"
        "STRIPE_API_KEY=\n"
        "JWT_SECRET=change-me-to-a-long-random-string\n"
        "```\n"
        "\n"
        "Leave secrets empty or use an obvious placeholder in templates; rotate any real value "
        "that was committed.",
    .fix_safety =
        "No fix is offered: the value must be rotated where it is used, which an edit of the "
        "template cannot do.",
    .references = kRefs,
};

class ExampleHoldsSecret final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    for (const model::EnvSource& e : project.env_sources) {
      if (!e.file || !e.parsed || !knowledge::is_env_example_name(e.absolute)) continue;
      const std::string name = e.file->path();
      std::vector<std::pair<uint32_t, uint32_t>> reported;  // value byte ranges
      for (const envfile::Entry& entry : e.parsed->entries) {
        if (!entry.has_value || !entry.value_span.valid()) continue;
        const std::optional<knowledge::CredentialKind> kind = knowledge::credential_key_kind(entry.key);
        if (!kind) continue;
        const std::string_view written = entry.value_span.text();
        if (knowledge::why_not_a_secret(written) || knowledge::why_not_a_secret(entry.value) ||
            knowledge::is_default_credential(entry.value))
          continue;
        const knowledge::Strength strength = knowledge::judge(entry.value);
        // One character class only (`reallysecurerootpassword`): in a template, a phrase of
        // letters is a placeholder far more often than a generated secret, which mixes classes.
        if (strength.weak || strength.classes < 2) continue;
        reported.emplace_back(entry.value_span.begin, entry.value_span.end);
        out.report(entry.value_span,
                   "`" + name + "` is a template meant to be committed, but `" + entry.key + "` holds a value that "
                   "looks like a real " + std::string(knowledge::credential_kind_name(*kind)) + " (" +
                   std::to_string(strength.length) + " characters, " + std::to_string(strength.classes) +
                   " kinds of character): replace it with a placeholder or leave it empty, and rotate it if it "
                   "was ever used");
      }
      const std::string_view bytes = e.file->bytes();
      for (const knowledge::TokenMatch& t : knowledge::find_tokens(bytes)) {
        if (t.placeholder) continue;
        bool inside = false;
        for (const auto& [b, en] : reported) inside |= t.begin >= b && t.end <= en;
        if (inside) continue;
        out.report(e.file->span(t.begin, t.end),
                   "`" + name + "` is a template meant to be committed, but it holds a " +
                       std::string(knowledge::token_kind_name(t.kind)) +
                       ": replace it with a placeholder, and revoke it if it is real");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr606_example_holds_secret() { return std::make_unique<ExampleHoldsSecret>(); }

}  // namespace clearance::rules
