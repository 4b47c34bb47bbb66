// CLR509: a COPY or ADD that puts a secret-bearing file into an image by name (`COPY .env .`,
// `ADD id_rsa /root/.ssh/`) or by a glob that only secret files match (`COPY *.pem /certs/`).
// Anyone who can pull the image, or any later stage, reads it: layers keep every file, even
// one a later RUN deletes. `COPY .` of a context holding such files is CLR603's business.
#include <algorithm>
#include <filesystem>
#include <cctype>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "knowledge/secrets.h"
#include "model/project.h"
#include "rules/hygiene/copy_sources.h"
#include "rules/rule.h"
#include "source/ascii.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule 12 (secrets)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"Docker docs: build secrets", "https://docs.docker.com/build/building/secrets/"},
    {"Dockerfile reference: RUN --mount=type=secret",
     "https://docs.docker.com/reference/dockerfile/#run---mounttypesecret"},
    {"CIS Docker Benchmark 4.10 (do not store secrets in Dockerfiles)",
     "https://www.cisecurity.org/benchmark/docker"},
};

constexpr RuleMeta kMeta{
    .id = "CLR509",
    .slug = "secret-copied-into-image",
    .title = "Secret file copied into an image",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a `COPY` or `ADD` source that names a secret-bearing file: an env file (`.env`, "
        "`.env.local`, `prod.env`; not `.env.example` and other templates), a private key "
        "(`*.pem`, `*.key`, `id_rsa`, `id_ed25519`), a keystore (`*.p12`, `*.jks`), package "
        "registry credentials (`.npmrc`, `.pypirc`), cloud or git credentials (`credentials*`, "
        "`.git-credentials`), `.netrc`, `.htpasswd` or a Docker `config.json`; or a glob that "
        "only such files match (`.env*`, `*.pem`). When the build context is known, a glob is "
        "reported with the secret files it matches there, and not at all when it matches only "
        "templates there (`COPY .env* ./` beside a lone `.env.example`). Sources copied from "
        "another stage or image (`--from`) are not reported: the file reached that stage "
        "through an instruction this rule already reports. `COPY .` and broad globs (`*`) are "
        "CLR603's.",
    .rationale =
        "An image is a set of tar layers that anyone who can pull it can unpack: a file copied "
        "in stays readable in its layer even when a later `RUN rm` deletes it, and `docker "
        "history` or a registry's layer view shows where. Images travel further than "
        "repositories (registries, caches, CI runners, customers), so a copied `.env`, deploy "
        "key or `.npmrc` token leaks to everyone who ever pulls the image, for as long as the "
        "image exists. A secret needed to build belongs in a build secret, which is mounted for "
        "one `RUN` and never written to a layer; a secret needed to run belongs in the runtime "
        "environment or a Docker secret.",
    .example =
        "FROM node:22-alpine\n"
        "WORKDIR /app\n"
        "COPY .npmrc package.json package-lock.json ./\n"
        "RUN npm ci\n"
        "COPY .env ./\n",
    .instead =
        "```dockerfile\n"
        "# syntax=docker/dockerfile:1\n"
        "FROM node:22-alpine\n"
        "WORKDIR /app\n"
        "COPY package.json package-lock.json ./\n"
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"
        "```\n"
        "\n"
        "Mount build-time secrets for one `RUN` with `--mount=type=secret` (build with `docker "
        "build --secret id=npmrc,src=$HOME/.npmrc .`; Compose: `build.secrets`) and give the "
        "container its configuration at run time (`env_file:`, Docker secrets), never in the "
        "image. Rotate any secret that was already pushed in an image.",
    .fix_safety =
        "No fix is offered: moving a secret to a build secret or to the runtime changes how "
        "the build and the application read it.",
    .references = kRefs,
};

std::string in_context(const model::BuildContext* context, const std::string& relative) {
  return context ? (std::filesystem::path(context->directory) / relative).lexically_normal().string() : std::string();
}

class SecretCopiedIntoImage final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    std::set<std::pair<const dockerfile::Instruction*, size_t>> reported;
    for (const copies::DockerfileBuild& db : copies::builds_by_context(project)) {
      const model::DockerfileSource& source = project.dockerfiles[db.dockerfile];
      if (!source.syntax) continue;
      const model::BuildContext* context =
          db.build && db.build->context && !db.build->context->truncated ? &*db.build->context : nullptr;
      const ignorefile::Dockerignore* ignore = nullptr;
      if (context && context->dockerignore && *context->dockerignore < project.dockerignores.size())
        ignore = project.dockerignores[*context->dockerignore].parsed.get();
      for (const copies::ContextSource& s : copies::context_sources_of(project, *source.syntax)) {
        if (s.path.empty() || reported.count({s.instruction, s.word})) continue;
        const std::string verb = s.instruction->name;
        const dockerfile::Word& word = s.instruction->words[s.word];
        if (!s.glob) {
          const std::optional<knowledge::SecretFileKind> kind = knowledge::secret_file_kind(s.path);
          if (!kind || !copies::holds_secret(project.workspace, in_context(context, s.path), *kind)) continue;
          reported.insert({s.instruction, s.word});
          out.report(word.span, verb + " puts `" + s.path + "` (" +
                                    std::string(knowledge::secret_file_kind_name(*kind)) +
                                    ") into the image, where anyone who can pull it can read it; use "
                                    "`RUN --mount=type=secret` to build with it, or give it to the "
                                    "container at run time");
          continue;
        }
        if (s.broad) continue;  // CLR603 judges what it takes
        const std::optional<std::string> example = copies::glob_secret_example(s.path);
        if (!example) continue;
        std::string what = "files such as `" + *example + "`";
        if (context) {
          const copies::Glob glob(s.path);
          std::vector<std::string> secrets;
          for (const std::string& p : *context->paths) {
            if (!glob.matches(p) || (ignore && ignore->excludes(p))) continue;
            const std::optional<knowledge::SecretFileKind> kind = knowledge::secret_file_kind(p);
            if (kind && copies::holds_secret(project.workspace, in_context(context, p), *kind)) secrets.push_back(p);
          }
          // It matches only templates here (`.env*` beside `.env.example`): it copies those. It
          // matches nothing: BuildKit would refuse the COPY, so this is a partial copy of the
          // project (an export, a subset) whose files cannot be judged.
          if (secrets.empty()) continue;
          if (!secrets.empty()) {
            what = "`" + secrets.front() + "`";
            if (secrets.size() > 1) what += " and " + std::to_string(secrets.size() - 1) + " more secret file" + (secrets.size() > 2 ? "s" : "");
          }
        }
        reported.insert({s.instruction, s.word});
        out.report(word.span, verb + " `" + s.path + "` puts " + what +
                                  " into the image, where anyone who can pull it can read it; use "
                                  "`RUN --mount=type=secret` to build with a secret, or give it to the "
                                  "container at run time");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr509_secret_copied_into_image() { return std::make_unique<SecretCopiedIntoImage>(); }

}  // namespace clearance::rules
