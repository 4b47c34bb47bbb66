// CLR501: a credential-shaped key with a literal value where it ends up in version control and
// in images: a compose service's `environment:` or `build.args`, a Dockerfile's ENV or ARG
// default. Values taken from `${VAR}` are judged where VAR is set (CLR503-CLR505).
#include <memory>

#include "model/project.h"
#include "rules/rule.h"
#include "rules/secrets/credential_settings.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 4.10: ensure secrets are not stored in Dockerfiles",
     "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"OWASP Docker Security Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: manage secrets securely in Docker Compose",
     "https://docs.docker.com/compose/how-tos/use-secrets/"},
    {"Docker docs: build secrets", "https://docs.docker.com/build/building/secrets/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR501",
    .slug = "hardcoded-secret",
    .title = "Credential written as a literal value",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a credential-shaped variable (`*PASSWORD*`, `*PASSWD*`, `*_PASS`, `*_PWD`, "
        "`*SECRET*`, `*TOKEN*`, `*API_KEY*`, `*PRIVATE_KEY*`, `*ACCESS_KEY*`, `*CREDENTIAL*` and "
        "kin) set to a literal value in a compose service's `environment:` (map or list form) or "
        "`build.args`, or in a Dockerfile's `ENV` or `ARG` default (ONBUILD ones included). "
        "`*_FILE` keys, booleans, empty values, paths to secret files and values taken from "
        "`${VAR}` are not reported: an interpolated value is judged where it is set (CLR503, "
        "CLR504, CLR505). In a Dockerfile, `${VAR:-default}` of a variable that no earlier ARG "
        "or ENV declares is always the default, so that literal is reported. The value is never "
        "shown.",
    .rationale =
        "A compose file and a Dockerfile are committed, reviewed, copied into issues and pushed "
        "to forks: a password written in them is known to everyone who can read the repository "
        "or its history, and changing it means rewriting history. In a Dockerfile it is worse: "
        "`ENV` values are stored in the image configuration and `ARG` values in its build "
        "history, so everyone who can pull the image can read them with `docker inspect` or "
        "`docker history`, long after the Dockerfile was fixed.",
    .example =
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n",
    .instead =
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n"
        "    secrets: [db_password]\n"
        "secrets:\n"
        "  db_password:\n"
        "    file: ./secrets/db_password.txt  # git-ignored\n"
        "\n"
        "Read the credential from a Docker secret (or at least from a git-ignored `.env`, as "
        "`${POSTGRES_PASSWORD:?}`), and rotate the one that was committed. In a Dockerfile, pass "
        "build-time credentials with `RUN --mount=type=secret` instead of `ARG` or `ENV`.",
    .fix_safety =
        "No fix is offered: moving a credential out of the file needs a place to put it (a "
        "secret file, an env file) and a rotation, both the owner's decisions.",
    .references = kRefs,
};

class HardcodedSecret final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    using Where = secrets::CredentialSetting::Where;
    for (const secrets::CredentialSetting& c : secrets::credential_settings(project)) {
      std::string message = secrets::code(c.key) + " holds a literal " +
                            std::string(knowledge::credential_kind_name(c.kind));
      switch (c.where) {
        case Where::kComposeLiteral:
          message += " in the compose file: everyone who can read the file or its git history has it";
          break;
        case Where::kBuildArg:
          message += " in the build arguments: it is kept in the image's build history (`docker history`)";
          break;
        case Where::kDockerfile:
          if (c.onbuild)
            message += c.instruction == "ENV"
                           ? " in a Dockerfile ONBUILD ENV: it is stored in every image built FROM this one, "
                             "readable with `docker inspect`"
                           : " as a Dockerfile ONBUILD ARG default: it is kept in the build history of every "
                             "image built FROM this one";
          else
            message += c.instruction == "ENV"
                           ? " in a Dockerfile ENV: it is stored in the image, readable with `docker inspect`"
                           : " as a Dockerfile ARG default: it is kept in the image's build history (`docker history`)";
          break;
        default:
          continue;
      }
      Finding& f = c.service ? out.report(*c.service, c.span, std::move(message))
                             : out.report(c.span, std::move(message));
      f.fingerprint_content = std::string(secrets::where_name(c.where)) + ":" + c.key;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr501_hardcoded_secret() { return std::make_unique<HardcodedSecret>(); }

}  // namespace clearance::rules
