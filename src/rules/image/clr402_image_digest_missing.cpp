// CLR402: an image pinned by tag but not by digest. Tags can be re-pushed; a digest cannot.
#include <memory>
#include <optional>

#include "knowledge/images.h"
#include "model/project.h"
#include "rules/image/service_image.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #13",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"docker image pull: pull an image by digest",
     "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier"},
    {"Docker build best practices: pin base image versions",
     "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"},
    {"Compose file reference: image", "https://docs.docker.com/reference/compose-file/services/#image"},
};

constexpr RuleMeta kMeta{
    .id = "CLR402",
    .slug = "image-digest-missing",
    .title = "Image not pinned by digest",
    .severity = Severity::kLow,
    .production_severity = Severity::kLow,
    .enabled_by_default = false,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary = "Reports a service `image:` pinned by a version tag but not by an `@sha256:` digest. "
               "Off by default; on with `--production`. Images without a tag or with a mutable tag "
               "are CLR401's; images this project builds are not reported.",
    .rationale = "A version tag is a convention, not a guarantee: publishers re-push tags such as "
                 "`7.4` or `1.27-alpine` with every patch release and rebuild, and a compromised "
                 "registry account can re-push any tag. A digest names the exact image content, so "
                 "what runs is what was reviewed and scanned, on every host, until the digest is "
                 "changed on purpose.",
    .example = "services:\n  cache:\n    image: redis:7.4.1-alpine\n",
    .instead = "services:\n  cache:\n    image: redis:7.4.1-alpine@sha256:<digest>\n"
               "\nAppend the digest of the image you tested (`docker buildx imagetools inspect "
               "redis:7.4.1-alpine` prints it) and keep the tag for readers; let Renovate or "
               "Dependabot update both together.",
    .fix_safety = "No fix is offered: the digest must be the one of the image that was tested, which "
                  "a registry lookup at fix time cannot know.",
    .references = kRefs,
};

class ImageDigestMissing final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
    const std::optional<ServiceImage> image = pulled_image_without_digest(service, project);
    if (!image) return;
    // No tag or a mutable one: CLR401 reports it, and a digest alone would not be the first fix.
    if (image->ref.tag.empty() || knowledge::is_mutable_tag(image->ref.tag)) return;
    out.report(service, service.image.span, "no digest: tag " + image->ref.tag + " can be moved to another image");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr402_image_digest_missing() { return std::make_unique<ImageDigestMissing>(); }

}  // namespace clearance::rules
