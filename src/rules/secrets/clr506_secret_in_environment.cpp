// CLR506: a password handed to an image as an environment variable when the image can read it
// from a Docker secret instead (`POSTGRES_PASSWORD` -> `POSTGRES_PASSWORD_FILE`).
#include <memory>
#include <optional>
#include <string>

#include "envfile/env_file.h"
#include "knowledge/secrets.h"
#include "model/image_ref.h"
#include "model/project.h"
#include "rules/rule.h"
#include "rules/secrets/credential_settings.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Docker docs: manage secrets securely in Docker Compose",
     "https://docs.docker.com/compose/how-tos/use-secrets/"},
    {"Compose file reference: secrets", "https://docs.docker.com/reference/compose-file/secrets/"},
    {"OWASP Docker Security Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"postgres image documentation: Docker secrets", "https://hub.docker.com/_/postgres"},
};

constexpr RuleMeta kMeta{
    .id = "CLR506",
    .slug = "secret-in-environment",
    .title = "Password passed as an environment variable to an image that reads secrets",
    .severity = Severity::kLow,
    .production_severity = Severity::kMedium,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a credential variable set in `environment:` (with a literal, a `${VAR}` or from "
        "the shell) or in an `env_file:` for an image known to read the same variable from a file, such as "
        "`POSTGRES_PASSWORD` for `postgres` (`POSTGRES_PASSWORD_FILE`), `MYSQL_ROOT_PASSWORD` "
        "for `mysql` and `mariadb`, `MINIO_ROOT_PASSWORD` for `minio/minio`, "
        "`GF_SECURITY_ADMIN_PASSWORD` for Grafana (`__FILE`). Medium with `--production`. Not "
        "reported when the service also sets the `_FILE` variant.",
    .rationale =
        "Environment variables are visible to every process of the container and to anyone who "
        "can run `docker inspect`; they are inherited by child processes, dumped by crash "
        "reporters and debug pages, and often logged. A Docker secret is a file mounted under "
        "/run/secrets only in the services that list it, and never appears in the container's "
        "configuration. When the image already supports it, using it costs one line.",
    .example =
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n",
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
        "Put the value in a git-ignored file, declare it as a secret, list it in the service and "
        "set the image's `_FILE` variable to its path under /run/secrets/.",
    .fix_safety =
        "No fix is offered: the secret file has to be created (and git-ignored) first, and the "
        "value moved into it.",
    .references = kRefs,
};

class SecretInEnvironment final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    if (!service.image.present || service.image.unknown()) return;
    model::ImageRef image;
    if (!model::parse_image_ref(service.image.value, image) || !knowledge::image_reads_secret_files(image)) return;
    for (const model::EnvVar& e : service.environment) {
      if (!knowledge::is_credential_key(e.name)) continue;
      // A value interpolated from the environment (`${POSTGRES_PASSWORD:?}`) is passed all the
      // same, whatever it is where clearance runs (empty, here).
      const bool interpolated = e.value_node && e.value_node->interpolation;
      if (e.value && !interpolated && knowledge::why_not_a_secret(*e.value)) continue;
      const std::optional<std::string> file_key = knowledge::file_variant_key(image, e.name);
      if (!file_key || service.env(*file_key)) continue;
      const source::Span at = e.value ? secrets::value_part(e.value_span, e.name) : e.span;
      Finding& f = out.report(service, at.valid() ? at : e.span,
                              secrets::code(e.name) + " is passed as an environment variable, visible to "
                              "`docker inspect` and every process; " + image.short_name() + " reads " +
                              secrets::code(*file_key) + " from a Docker secret instead");
      f.fingerprint_content = e.name;
    }
    // An `env_file:` entry reaches the container's environment the same way; `environment:`
    // wins over it for a name both set (judged above).
    const auto set_in_env_files = [&](std::string_view name) {
      for (const model::EnvFileRef& ref : service.env_files)
        if (ref.parsed)
          for (const envfile::Entry& entry : ref.parsed->entries)
            if (entry.key == name) return true;
      return false;
    };
    for (const model::EnvFileRef& ref : service.env_files) {
      if (!ref.parsed) continue;
      for (const envfile::Entry& entry : ref.parsed->entries) {
        if (!entry.has_value || service.env(entry.key) || !knowledge::is_credential_key(entry.key)) continue;
        if (knowledge::why_not_a_secret(entry.value)) continue;
        const std::optional<std::string> file_key = knowledge::file_variant_key(image, entry.key);
        if (!file_key || service.env(*file_key) || set_in_env_files(*file_key)) continue;
        Finding& f = out.report(service, entry.value_span.valid() ? entry.value_span : entry.key_span,
                                secrets::code(entry.key) + " is passed as an environment variable by env_file " +
                                    ref.path.value + ", visible to `docker inspect` and every process; " +
                                    image.short_name() + " reads " + secrets::code(*file_key) +
                                    " from a Docker secret instead");
        f.related.push_back({ref.path.span, "the service reads the env file here"});
        f.fingerprint_content = entry.key;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr506_secret_in_environment() { return std::make_unique<SecretInEnvironment>(); }

}  // namespace clearance::rules
