// CLR504: a credential value that is a well-known default or placeholder (`postgres`,
// `changeme`, `minioadmin`, `<password>`, `your_secret_here` ...), judged where it is set: an
// env-file line, a compose literal, an interpolation default, a Dockerfile ENV/ARG.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"
#include "rules/secrets/credential_settings.h"
#include "source/ascii.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"OWASP Top 10 A07:2021 Identification and Authentication Failures (default credentials)",
     "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"CWE-1392: Use of Default Credentials", "https://cwe.mitre.org/data/definitions/1392.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR504",
    .slug = "default-credential",
    .title = "Default or placeholder credential",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a credential-shaped variable whose value is a well-known default or placeholder "
        "(`postgres`, `password`, `changeme`, `admin`, `root`, `minioadmin`, `secret`, "
        "`example`, `123456`, `<password>`, `your_password_here`, `redis_password` ...), "
        "wherever it is set: an env file (`.env`, `--env-file`, `env_file:` targets, a `.env.local` "
        "checked alone), a literal in `environment:` or `build.args`, an interpolation default, "
        "a Dockerfile `ENV` or `ARG`. A value in `.env` points at its line, with the compose "
        "line that uses it as a related location. Env templates (`.env.example`, `.env.sample`, "
        "...) are not judged: placeholders belong there. The value is never shown.",
    .rationale =
        "Default credentials are the first thing an attacker tries, and lists of them ship with "
        "every scanner. A database, object store or admin console left with `postgres`, "
        "`minioadmin` or `changeme` is open to anyone who can reach it, and placeholders copied "
        "from a template (`your_password_here`) are just as well known.",
    .example =
        "# .env\n"
        "POSTGRES_PASSWORD=changeme\n",
    .instead =
        "# .env (git-ignored)\n"
        "POSTGRES_PASSWORD=<output of: openssl rand -base64 24>\n"
        "\n"
        "Generate a random value for every credential (`openssl rand -base64 24`) and keep it "
        "out of version control.",
    .fix_safety = "No fix is offered: a new credential has to be generated, stored and rolled out by its owner.",
    .references = kRefs,
};

class DefaultCredential final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    for (const secrets::CredentialSetting& c : secrets::credential_settings(project)) {
      if (c.in_template) continue;
      const std::string user_key = c.kind == knowledge::CredentialKind::kPassword ? same_as_user(c) : "";
      if (user_key.empty() && !knowledge::is_default_credential(c.value)) continue;
      const std::string what = std::string(knowledge::credential_kind_name(c.kind));
      std::string message = c.where == secrets::CredentialSetting::Where::kDefault
                                ? "the default of " + secrets::code("${" + c.key + "}")
                                : secrets::code(c.key);
      if (user_key.empty())
        message += " is a well-known default or placeholder " + what + ": anyone can guess it";
      else
        message += " is the same as " + secrets::code(user_key) + ": anyone who knows the user name can guess it";
      Finding& f = c.service ? out.report(*c.service, c.span, std::move(message))
                             : out.report(c.span, std::move(message));
      if (c.used_at.valid()) f.related.push_back({c.used_at, "used here"});
      f.fingerprint_content = std::string(secrets::where_name(c.where)) + ":" + c.key;
    }
  }

 private:
  // The user-name variable of the same service whose value the password repeats
  // (`POSTGRES_USER: umami`, `POSTGRES_PASSWORD: umami`); empty when there is none.
  static std::string same_as_user(const secrets::CredentialSetting& c) {
    if (!c.service || c.value.empty()) return {};
    for (const model::EnvVar& e : c.service->environment) {
      if (!e.value || e.name == c.key) continue;
      const std::string name = source::ascii_lower(e.name);
      const bool user_name = name == "user" || name == "username" || name.ends_with("_user") ||
                             name.ends_with("_username") || name.ends_with("_user_name");
      if (user_name && source::ascii_iequals(*e.value, c.value)) return e.name;
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr504_default_credential() { return std::make_unique<DefaultCredential>(); }

}  // namespace clearance::rules
