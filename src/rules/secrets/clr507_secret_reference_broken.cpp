// CLR507: a Docker secret wired up wrong: a `*_FILE=/run/secrets/x` variable whose service does
// not list secret x (the file will not exist and the image fails, or falls back to a default),
// and a top-level secret whose `file:` lies outside the project directory or is not git-ignored.
// A secret file that does not exist is reported here (the secret wiring it breaks) and by CLR903
// (the unresolved path).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "knowledge/secrets.h"
#include "model/project.h"
#include "rules/rule.h"
#include "rules/secrets/credential_settings.h"
#include "source/quote.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Compose file reference: secrets (top-level)", "https://docs.docker.com/reference/compose-file/secrets/"},
    {"Compose file reference: services.secrets",
     "https://docs.docker.com/reference/compose-file/services/#secrets"},
    {"Docker docs: manage secrets securely in Docker Compose",
     "https://docs.docker.com/compose/how-tos/use-secrets/"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR507",
    .slug = "secret-reference-broken",
    .title = "Docker secret wired up wrong",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a `*_FILE` (or `*__FILE`) variable that points under /run/secrets/ at a secret "
        "the service does not list in its `secrets:`, and a top-level secret whose `file:` is "
        "missing (CLR903 reports the unresolved path as well), outside the project directory or "
        "not ignored by git (judged by git in a repository, or from the .gitignore files alone "
        "outside one, which the message says).",
    .rationale =
        "A service only gets the secrets it lists: a `POSTGRES_PASSWORD_FILE` pointing at an "
        "unlisted secret names a file that does not exist, so the container fails at start, or "
        "worse, the image falls back to a default or empty password. A secret file that git "
        "does not ignore is one `git add .` away from being committed, which defeats the point "
        "of using a secret; one outside the project is easy to lose track of and is read from "
        "wherever the project happens to be deployed.",
    .example =
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n"
        "secrets:\n"
        "  db_password:\n"
        "    file: ./db_password.txt  # not in .gitignore\n",
    .instead =
        "services:\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n"
        "    secrets: [db_password]\n"
        "secrets:\n"
        "  db_password:\n"
        "    file: ./secrets/db_password.txt  # and `secrets/` in .gitignore\n"
        "\n"
        "List every secret a `_FILE` variable reads in the service's `secrets:`, keep secret "
        "files inside the project and add them to `.gitignore`.",
    .fix_safety = "No fix is offered: which secret a service should get is for its owner to say.",
    .references = kRefs,
};

// The name a secret is mounted under in the service: its target (a name, or a path under
// /run/secrets/), or its source.
std::optional<std::string> mounted_name(const model::SecretRef& ref) {
  if (ref.target.present && !ref.target.value.empty()) {
    if (ref.target.value.front() != '/') return ref.target.value;
    if (auto n = knowledge::docker_secret_name(ref.target.value)) return std::string(*n);
    return std::nullopt;
  }
  if (ref.source.present) return ref.source.value;
  return std::nullopt;
}

bool file_key(std::string_view name) { return name.ends_with("_FILE") || name.ends_with("_file"); }

class SecretReferenceBroken final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    for (const model::ContainerSpec& s : project.services) check_service(s, out);
    check_declarations(project, out);
  }

 private:
  static void check_service(const model::ContainerSpec& service, Reporter& out) {
    for (const model::EnvVar& e : service.environment) {
      if (!file_key(e.name) || !e.value) continue;
      const auto name = knowledge::docker_secret_name(*e.value);
      if (!name) continue;
      bool listed = false;
      for (const model::SecretRef& ref : service.secrets) {
        if (ref.source.unknown() || ref.target.unknown()) listed = true;  // cannot tell
        if (auto m = mounted_name(ref); m && *m == *name) listed = true;
      }
      if (listed) continue;
      // The secret may be listed, but mounted at another path (`target:`).
      const model::SecretRef* elsewhere = nullptr;
      for (const model::SecretRef& ref : service.secrets)
        if (ref.source.present && ref.source.value == *name && ref.target.present) elsewhere = &ref;
      const std::string why =
          elsewhere ? ", which the service mounts at " +
                          source::quote_excerpt(elsewhere->target.value.starts_with('/')
                                                    ? elsewhere->target.value
                                                    : "/run/secrets/" + elsewhere->target.value) +
                          " (its `target:`): " + source::quote_excerpt(std::string(*e.value)) +
                          " will not exist in the container"
                    : ", which the service does not list under `secrets:`: the file will not exist in the container";
      const source::Span at = secrets::value_part(e.value_span, e.name);
      Finding& f = out.report(service, at.valid() ? at : e.span,
                              secrets::code(e.name) + " reads secret " + source::quote_excerpt(*name) + why);
      if (elsewhere && elsewhere->target.span.valid()) f.related.push_back({elsewhere->target.span, "mounted here"});
      f.fingerprint_content = e.name + ":" + std::string(*name);
    }
  }

  static void check_declarations(const model::Project& project, Reporter& out) {
    namespace fs = std::filesystem;
    if (project.directory.empty()) return;
    std::vector<const yaml::Node*> roots;
    if (project.root) {
      roots.push_back(project.root);
    } else {
      for (const model::ComposeFile& cf : project.compose_files)
        if (cf.document && cf.document->root && !cf.referenced) roots.push_back(cf.document->root);
    }
    std::optional<fs::path> project_dir;  // made when a secret names a file (few projects do)
    for (const yaml::Node* root : roots) {
      if (!root->is_mapping()) continue;
      const yaml::Node* secrets = root->get("secrets");
      if (!secrets || !secrets->is_mapping()) continue;
      for (const yaml::Pair& p : secrets->pairs) {
        const yaml::Node* file = p.value && p.value->is_mapping() ? p.value->get("file") : nullptr;
        if (!file || !file->is_scalar() || file->is_null() || file->value.empty()) continue;
        if (file->interpolation && file->interpolation->unknown) continue;
        if (!project_dir) project_dir = fs::path(project.directory).lexically_normal();
        const fs::path& dir = *project_dir;
        const fs::path path = (fs::path(file->value).is_absolute() ? fs::path(file->value) : dir / file->value)
                                  .lexically_normal();
        const std::string shown = source::quote_excerpt(file->value);
        const fs::path rel = path.lexically_relative(dir);
        if (rel.empty() || *rel.begin() == "..") {
          Finding& f = out.report(file->span, "the file of secret " + source::quote_excerpt(p.key->value) + ", " +
                                                  shown + ", is outside the project directory");
          f.fingerprint_content = "outside:" + p.key->value;
          continue;
        }
        std::error_code ec;
        if (!fs::exists(path, ec)) {
          // CLR903 reports the unresolved path too; this names what it breaks: the secret.
          Finding& f = out.report(file->span, "the file of secret " + source::quote_excerpt(p.key->value) + ", " + shown +
                                                  ", does not exist: `docker compose up` fails, and the services that "
                                                  "list the secret get nothing at /run/secrets/");
          f.fingerprint_content = "missing:" + p.key->value;
          continue;
        }
        if (!project.workspace) continue;
        const model::GitAnswer git = project.workspace->git(path.string());
        if (git.ignored && !git.tracked) continue;
        std::string message = "the file of secret " + source::quote_excerpt(p.key->value) + ", " + shown;
        if (git.tracked)
          message += ", is tracked by git: the secret is in the repository";
        else
          message += ", is not ignored by git: one `git add` commits it";
        if (!git.in_repository) message += " (judged from the .gitignore files alone)";
        Finding& f = out.report(file->span, std::move(message));
        f.fingerprint_content = "not-ignored:" + p.key->value;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr507_secret_reference_broken() { return std::make_unique<SecretReferenceBroken>(); }

}  // namespace clearance::rules
