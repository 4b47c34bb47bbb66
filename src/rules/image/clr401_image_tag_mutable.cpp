// CLR401: a compose `image:` with no tag or a tag that moves (`latest`, `stable`, ...), so what
// runs changes whenever the image is pulled again.
#include <memory>
#include <optional>
#include <string>

#include "knowledge/images.h"
#include "model/project.h"
#include "rules/image/service_image.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #13",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker build best practices: pin base image versions",
     "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"},
    {"Compose file reference: image", "https://docs.docker.com/reference/compose-file/services/#image"},
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
    .summary = "Reports a service `image:` without a tag (which means `latest`) or with a tag that "
               "is moved from release to release (`latest`, `stable`, `edge`, `nightly`, `main`, "
               "`master` and the like, from clearance's reviewed list). An image pinned by digest "
               "(`@sha256:...`) is not reported, with or without a tag. The `image:` of a service "
               "that also has `build:` names the image Compose builds, not one it pulls, and is "
               "not reported; neither is an image that another service of the project builds.",
    .rationale = "A mutable tag points at whatever was pushed last. The same Compose file then runs "
                 "different software on different hosts and days: a new major version with breaking "
                 "changes, a release with a fresh vulnerability, or, if the publisher's account is "
                 "compromised, a malicious image, all pulled in without review. Rollbacks stop "
                 "working because the previous version has no name, and a scan of what you tested "
                 "says nothing about what you run. Where an interpolation default supplies the tag "
                 "(`${TAG:-latest}`), the default is what runs unless the variable is set, and it is "
                 "reported; a tag that depends on a variable set nowhere is not.",
    .example = "services:\n  cache:\n    image: redis:latest\n  proxy:\n    image: traefik\n",
    .instead = "services:\n  cache:\n    image: redis:7.4.1-alpine\n  proxy:\n    image: traefik:v3.2.1\n"
               "\nPin a specific version (the most specific tag the publisher keeps stable), and "
               "update it deliberately, for example with Renovate or Dependabot. For full "
               "immutability add the digest: `redis:7.4.1-alpine@sha256:...` (see CLR402).",
    .fix_safety = "No fix is offered: choosing a version is a decision about what to run, and the "
                  "version behind `latest` today may not be the one that was tested.",
    .references = kRefs,
};

class ImageTagMutable final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
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
};

}  // namespace

std::unique_ptr<Rule> make_clr401_image_tag_mutable() { return std::make_unique<ImageTagMutable>(); }

}  // namespace clearance::rules
