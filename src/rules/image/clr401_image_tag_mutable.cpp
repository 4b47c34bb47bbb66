// CLR401: an image with no tag or a tag that moves (`latest`, `stable`, ...), so what runs
// changes whenever the image is pulled again: a compose `image:` that is pulled, a Dockerfile
// FROM (with ARGs and build arguments substituted, as the build sees them), and an image a
// stage copies from (`COPY --from=<image>`, `RUN --mount=from=<image>`).
#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "knowledge/images.h"
#include "model/project.h"
#include "model/stages.h"
#include "rules/image/service_image.h"
#include "rules/image/variable_origins.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #13",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker build best practices: pin base image versions",
     "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"},
    {"Compose file reference: image", "https://docs.docker.com/reference/compose-file/services/#image"},
    {"Dockerfile reference: FROM", "https://docs.docker.com/reference/dockerfile/#from"},
    {"Dockerfile reference: understand how ARG and FROM interact",
     "https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact"},
    {"CIS Docker Benchmark 4.2: ensure that containers use only trusted base images",
     "https://www.cisecurity.org/benchmark/docker"},
};

constexpr RuleMeta kMeta{
    .id = "CLR401",
    .slug = "image-tag-mutable",
    .title = "Image tag is missing or mutable",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary = "Reports a service `image:` or a Dockerfile `FROM` without a tag (which means "
               "`latest`) or with a tag that is moved from release to release (`latest`, `stable`, "
               "`edge`, `nightly`, `main`, `master` and the like, from clearance's reviewed list). "
               "An image pinned by digest (`@sha256:...`) is not reported, with or without a tag. "
               "The `image:` of a service that also has `build:` names the image Compose builds, not "
               "one it pulls, and is not reported; neither is an image that another service of the "
               "project builds. In a Dockerfile, FROM is read as the build reads it: ARG defaults "
               "and compose `build.args` substituted, `FROM <stage>` and `FROM scratch` are not "
               "images. A FROM that depends on a build argument nobody sets here is an info note "
               "that its image could not be checked (never a guess), unless it writes a default "
               "for it (`FROM redis:${TAG:-latest}`), which is what builds and is judged. "
               "Images copied from count too when their tag is mutable (`COPY --from=nginx:latest`); "
               "without a tag, `--from=name` may name a build context and is not reported.",
    .rationale = "A mutable tag points at whatever was pushed last. The same Compose file then runs "
                 "different software on different hosts and days: a new major version with breaking "
                 "changes, a release with a fresh vulnerability, or, if the publisher's account is "
                 "compromised, a malicious image, all pulled in without review. Rollbacks stop "
                 "working because the previous version has no name, and a scan of what you tested "
                 "says nothing about what you run. Where an interpolation default supplies the tag "
                 "(`${TAG:-latest}`), the default is what runs unless the variable is set, and it is "
                 "reported; a tag that depends on a variable set nowhere is not.",
    .example = "```yaml\nservices:\n  cache:\n    image: redis:latest\n  proxy:\n    image: traefik\n```\n"
               "\n```dockerfile\nARG NODE_TAG=lts\nFROM node:${NODE_TAG} AS build\n```\n",
    .instead = "```yaml\nservices:\n  cache:\n    image: redis:7.4.1-alpine\n  proxy:\n    image: traefik:v3.2.1\n```\n"
               "\n```dockerfile\nARG NODE_TAG=22.11-bookworm-slim\nFROM node:${NODE_TAG} AS build\n```\n"
               "\nPin a specific version (the most specific tag the publisher keeps stable), and "
               "update it deliberately, for example with Renovate or Dependabot. For full "
               "immutability add the digest: `redis:7.4.1-alpine@sha256:...` (see CLR402).",
    .fix_safety = "No fix is offered: choosing a version is a decision about what to run, and the "
                  "version behind `latest` today may not be the one that was tested.",
    .references = kRefs,
};

// The problem with a reference's tag, or "" when it is pinned.
std::string tag_problem(const model::ImageRef& ref, const std::string& shown) {
  if (!ref.digest.empty()) return "";
  if (ref.tag.empty()) return shown + " has no tag: it is whatever `latest` is when pulled";
  if (!knowledge::is_mutable_tag(ref.tag)) return "";
  return shown + " uses the mutable tag `" + ref.tag + "`: it changes whenever a new release is pushed";
}

// A FROM whose image depends on variables of unknown value: not a guess, and not a silent pass.
std::string unresolved_note(const model::BuildValue& text) {
  std::string names;
  bool platform = !text.unresolved.empty();
  for (const std::string& name : text.unresolved) {
    if (!names.empty()) names += ", ";
    names += name;
    platform = platform && model::is_platform_arg(name);
  }
  return "FROM " + text.value + " could not be checked: it depends on " + names +
         (platform ? ", which BuildKit sets for the platform being built"
                   : ", which only the build sets (--build-arg, compose `build.args`)") +
         "; the image's tag, end of life and default user are not judged";
}

class ImageTagMutable final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    for (const model::ContainerSpec& service : project.services) check_service(service, project, out);
    for (const model::ImageBuild& build : project.builds)
      if (build.stages) check_build(*build.stages, project, build, out);
  }

 private:
  static void check_service(const model::ContainerSpec& service, const model::Project& project, Reporter& out) {
    const std::optional<ServiceImage> image = pulled_image_without_digest(service, project);
    if (!image) return;
    const model::ImageRef& ref = image->ref;
    if (ref.tag.empty()) {
      out.report(service, service.image.span,
                 "image " + ref.short_name() + " has no tag: it runs whatever `latest` is when pulled");
      return;
    }
    if (!knowledge::is_mutable_tag(ref.tag)) return;
    out.report(service, service.image.span,
               "image " + ref.short_name() + ":" + ref.tag + " uses the mutable tag `" + ref.tag +
                   "`: it changes whenever a new release is pushed");
  }

  // An image another service of the project builds and names (`image: app-base` with `build:`):
  // a FROM of it takes the local build, never a pulled `latest` (a common way to share a base
  // between services, passed in as a build argument).
  // A build that names its own output after its base (`image: alpine`, `FROM alpine`) still
  // pulls that base the first time: only another build counts.
  static bool built_by_a_service(const model::ImageRef& ref, const model::Project& project,
                                 const model::ImageBuild& build) {
    for (size_t i = 0; i < project.services.size(); ++i) {
      const model::ContainerSpec& service = project.services[i];
      if (!service.build.present || !service.image.present || service.image.unknown()) continue;
      if (std::find(build.services.begin(), build.services.end(), i) != build.services.end()) continue;
      model::ImageRef built;
      if (model::parse_image_ref(service.image.value, built) && model::same_image(ref, built)) return true;
    }
    return false;
  }

  // Every stage's FROM (a stage that is not built for this target is built for another), and
  // every image a stage copies or mounts files from.
  static void check_build(const model::StageGraph& graph, const model::Project& project,
                          const model::ImageBuild& build, Reporter& out) {
    for (const model::Stage& stage : graph.stages()) {
      if (stage.base.kind == model::BaseKind::kUnresolved) {
        Finding& f = out.report(stage.base.span, unresolved_note(stage.base.text));
        f.severity = Severity::kInfo;
        add_variable_origins(stage.base.text.used, [&](std::string_view n) { return graph.global(n); }, project, build, f);
        f.fingerprint_content = "from-unresolved:" + stage.base.text.value;
      }
      if (stage.base.kind == model::BaseKind::kImage && !built_by_a_service(stage.base.image, project, build)) {
        const std::string problem = tag_problem(stage.base.image, "FROM " + stage.base.text.value);
        if (!problem.empty()) {
          Finding& f = out.report(stage.base.span, problem);
          add_variable_origins(stage.base.text.used, [&](std::string_view n) { return graph.global(n); }, project, build, f);
          f.fingerprint_content = "from:" + stage.base.text.value;
        }
      }
      for (const model::ImageSource& source : stage.image_sources) {
        // A name without tag in --from may be a named build context (`--build-context
        // templates=../templates`, compose `additional_contexts`) rather than an image: only
        // an explicit mutable tag is reported.
        if (source.image.tag.empty()) continue;
        const std::string problem = tag_problem(source.image, "--from=" + source.text);
        if (problem.empty()) continue;
        Finding& f = out.report(source.span, problem);
        f.fingerprint_content = "copy-from:" + source.text;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr401_image_tag_mutable() { return std::make_unique<ImageTagMutable>(); }

}  // namespace clearance::rules
