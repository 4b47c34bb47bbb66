// CLR105: no `user:` and an image that runs as root. Known images come from the reviewed table
// in knowledge/images; images that start as root and switch to an unprivileged user themselves
// (postgres, redis, ...) are info. Images built here (`build:`) and unknown images are left to
// the Dockerfile linkage, which reads the shipped stage's last USER.
#include <memory>

#include "knowledge/images.h"
#include "model/image_ref.h"
#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 4.1", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 2",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose file reference: user", "https://docs.docker.com/reference/compose-file/services/#user"},
    {"Docker docs: Dockerfile best practices, USER",
     "https://docs.docker.com/build/building/best-practices/#user"},
};

constexpr RuleMeta kMeta{
    .id = "CLR105",
    .slug = "root-by-default",
    .title = "Service runs as root because its image does",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary =
        "Reports a service without `user:` whose image runs as root: a well-known image that "
        "sets no non-root USER (medium), or one that starts as root and switches to an "
        "unprivileged user in its entrypoint, such as postgres or redis (info). Images that "
        "this project builds, and images clearance has no reviewed facts about, are not "
        "reported.",
    .rationale =
        "Most images run their process as root unless told otherwise, and Compose does not change "
        "that. Root in the container is root on the host for every file the container can reach "
        "through mounts, keeps Docker's default capabilities, and turns any container escape into "
        "a host compromise. Images that drop privileges themselves are safer, but their entrypoint "
        "still runs as root, and a `command:` that bypasses it keeps root for the whole process.",
    .example =
        "services:\n"
        "  worker:\n"
        "    image: python:3.12-slim\n"
        "    command: python -m worker\n",
    .instead =
        "services:\n"
        "  worker:\n"
        "    image: python:3.12-slim\n"
        "    command: python -m worker\n"
        "    user: \"10001:10001\"\n"
        "\n"
        "Set `user:` to an unprivileged uid and gid (make sure the files and volumes it writes "
        "are owned by it), or build an image whose last stage sets a non-root USER. For an "
        "image that drops privileges itself, `user:` with the uid its "
        "Dockerfile creates skips the root entrypoint entirely; the uid differs between "
        "variants (postgres is 999 on Debian tags and 70 on Alpine tags; redis is 999:999 on "
        "Debian and 999:1000 on Alpine), so read it from the image (`id postgres` inside it).",
    .fix_safety =
        "No fix is offered: the uid a service can run as depends on the ownership of its "
        "files and volumes.",
    .references = kRefs,
};

class RootByDefault final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (!service.complete || service.build.present) return;
    if (service.user.present && (service.user.unknown() || !service.user.value.empty())) return;
    const model::Text& image = service.image;
    if (!image.present || image.unknown()) return;
    model::ImageRef ref;
    if (!model::parse_image_ref(image.value, ref)) return;
    const knowledge::ImageFacts* facts = knowledge::find_image(ref);
    if (!facts) return;
    const std::string label = privileges::service_label(service);
    if (facts->user == knowledge::DefaultUser::kRoot) {
      Finding& f = out.report(service, image.span,
                              label + " runs as root: the " + std::string(facts->product) + " image " +
                                  image.value + " runs as root by default and the service does not set user");
      f.fingerprint_content = "root-image:" + ref.short_name();
    } else if (facts->user == knowledge::DefaultUser::kDropsPrivileges) {
      Finding& f =
          out.report(service, image.span,
                     label + " starts as root: the " + std::string(facts->product) + " image " + image.value +
                         " switches to an unprivileged user in its entrypoint, which itself runs as root");
      f.severity = Severity::kInfo;
      f.fingerprint_content = "drops-privileges-image:" + ref.short_name();
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr105_root_by_default() { return std::make_unique<RootByDefault>(); }

}  // namespace clearance::rules
