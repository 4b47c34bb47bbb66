// CLR503: `${POSTGRES_PASSWORD:-postgres}`: an interpolation default that holds a credential.
// The default is committed with the compose file, and it is used silently whenever the variable
// is unset (a fresh checkout, a forgotten .env), so the "secret" is public and often in use.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"
#include "rules/secrets/credential_settings.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"Compose documentation: interpolation (required values)",
     "https://docs.docker.com/reference/compose-file/interpolation/"},
    {"Docker docs: manage secrets securely in Docker Compose",
     "https://docs.docker.com/compose/how-tos/use-secrets/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR503",
    .slug = "secret-in-default",
    .title = "Credential in an interpolation default",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports the default of `${VAR:-default}` or `${VAR-default}` in a compose file when it "
        "holds a credential: the variable is credential-shaped (`${DB_PASSWORD:-...}`) or the "
        "value is assigned to a credential-shaped key (`POSTGRES_PASSWORD: ${PG_PW:-...}`). "
        "Reported whether or not the default is taken in this run. Empty defaults, references "
        "(`${A:-$B}`) and alternatives (`${VAR:+x}`) are not reported. The value is never shown.",
    .rationale =
        "A default is written in the compose file, so it is as public as the repository. It is "
        "also used without a word whenever the variable is unset: on a fresh checkout, on a "
        "server where `.env` was not copied, in CI. The deployment then runs with a password "
        "that anyone who has read the compose file knows, and nothing tells the operator.",
    .example =
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}\n",
    .instead =
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}\n"
        "\n"
        "Require the variable with `${VAR:?message}` so that Compose refuses to start without "
        "it, and set it in a git-ignored `.env` (or use a Docker secret).",
    .fix_safety =
        "No fix is offered: replacing the default with `:?` makes Compose refuse projects that "
        "relied on it, which the owner has to plan for.",
    .references = kRefs,
};

class SecretInDefault final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    for (const secrets::CredentialSetting& c : secrets::credential_settings(project)) {
      if (c.where != secrets::CredentialSetting::Where::kDefault) continue;
      std::string message = "the default of " + secrets::code("${" + c.key + "}") + " is a literal " +
                            std::string(knowledge::credential_kind_name(c.kind)) +
                            ": it is public with the compose file and used silently when " +
                            secrets::code(c.key) + " is unset";
      Finding& f = c.service ? out.report(*c.service, c.span, std::move(message))
                             : out.report(c.span, std::move(message));
      f.fingerprint_content = "default:" + c.key;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr503_secret_in_default() { return std::make_unique<SecretInDefault>(); }

}  // namespace clearance::rules
