// CLR105: no `user:` and an image that runs as root. Known images come from the reviewed table
// in knowledge/images; images that start as root and switch to an unprivileged user themselves
// (postgres, redis, ...) are info. An image built here is judged by its Dockerfile's shipped
// stage (model/stages): its last USER, or, without one, its base image as above; when the
// Dockerfile was not read (remote context, inline) or its FROM is unresolved, nothing is said.
#include <memory>

#include "knowledge/images.h"
#include "model/image_ref.h"
#include "model/project.h"
#include "model/stages.h"
#include "rules/image/service_image.h"
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
        "unprivileged user in its entrypoint, such as postgres or redis (info; medium when the "
        "service's `entrypoint:` replaces that entrypoint with one that runs no entrypoint "
        "script, `[]` included). An image that "
        "this project builds is judged by its Dockerfile's shipped stage (the `build.target`, "
        "else the last stage): a last USER of root, or no USER on scratch or on an image known "
        "to run as root. Images clearance has no reviewed facts about, Dockerfiles it cannot "
        "read (remote contexts, `dockerfile_inline`) and unresolved FROM lines are not "
        "reported; CLR412 reports the Dockerfile itself.",
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

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
    if (!service.complete) return;
    if (service.user.present && (service.user.unknown() || !service.user.value.empty())) return;
    if (service.image_built_here) {
      check_built(service, project, out);
      return;
    }
    const model::Text& image = service.image;
    if (!image.present || image.unknown()) return;
    model::ImageRef ref;
    if (!model::parse_image_ref(image.value, ref)) return;
    const knowledge::ImageFacts* facts = knowledge::find_image(ref);
    if (!facts) {
      // Base images known to set no USER (php, ruby, eclipse-temurin, ...), outside the table.
      if (knowledge::default_user(ref) != knowledge::DefaultUser::kRoot) return;
      Finding& f = out.report(service, image.span,
                              privileges::service_label(service) + " runs as root: the " + ref.short_name() +
                                  " image " + image.value + " runs as root by default and the service does not set user");
      f.fingerprint_content = "root-image:" + ref.short_name();
      return;
    }
    const std::string label = privileges::service_label(service);
    if (facts->user == knowledge::DefaultUser::kRoot) {
      Finding& f = out.report(service, image.span,
                              label + " runs as root: the " + std::string(facts->product) + " image " +
                                  image.value + " runs as root by default and the service does not set user");
      f.fingerprint_content = "root-image:" + ref.short_name();
    } else if (facts->user == knowledge::DefaultUser::kDropsPrivileges) {
      if (const yaml::Node* replaced = replaced_entrypoint(service)) {
        Finding& f = out.report(service, image.span,
                                label + " runs as root: the " + std::string(facts->product) + " image " +
                                    image.value + " switches to an unprivileged user in its entrypoint, and the "
                                    "service's `entrypoint:` replaces that entrypoint");
        f.related.push_back({replaced->span, "the entrypoint that runs instead"});
        f.fingerprint_content = "root-entrypoint-replaced:" + ref.short_name();
        return;
      }
      Finding& f =
          out.report(service, image.span,
                     label + " starts as root: the " + std::string(facts->product) + " image " + image.value +
                         " switches to an unprivileged user in its entrypoint, which itself runs as root");
      f.severity = Severity::kInfo;
      f.fingerprint_content = "drops-privileges-image:" + ref.short_name();
    }
  }

 private:
  // The service's `entrypoint:` when it replaces the image's entrypoint with one that runs no
  // entrypoint script (`["redis-server", "--appendonly", "yes"]`, `["tini", "--", "redis-server"]`,
  // `[]`):
  // the script that switches to an unprivileged user then never runs. One that names a script or
  // gosu/su-exec (`["docker-entrypoint.sh", "redis-server"]`) keeps it.
  static const yaml::Node* replaced_entrypoint(const model::ContainerSpec& service) {
    const yaml::Node* entrypoint = service.node && service.node->is_mapping() ? service.node->get("entrypoint") : nullptr;
    if (!entrypoint || entrypoint->is_null() || entrypoint->is_mapping()) return nullptr;
    std::vector<std::string_view> words;
    if (entrypoint->is_sequence()) {
      for (const yaml::Node* item : entrypoint->items)
        if (item->is_scalar()) words.push_back(item->value);
    } else {
      std::string_view text = entrypoint->value;
      while (!text.empty()) {
        const size_t start = text.find_first_not_of(" \t");
        if (start == std::string_view::npos) break;
        const size_t stop = text.find_first_of(" \t", start);
        words.push_back(text.substr(start, stop - start));
        text = stop == std::string_view::npos ? std::string_view() : text.substr(stop);
      }
    }
    // `entrypoint: []` (or "") clears the image's entrypoint: the command runs without it.
    for (const std::string_view w : words) {
      if (w.find('$') != std::string_view::npos) return nullptr;  // not known
      const std::string_view name = w.substr(w.rfind('/') + 1);
      if (name.find("entrypoint") != std::string_view::npos || name == "gosu" || name == "su-exec") return nullptr;
    }
    return entrypoint;
  }

  // A service whose image this project builds: the shipped stage of the Dockerfile decides.
  static void check_built(const model::ContainerSpec& service, const model::Project& project, Reporter& out) {
    const BuiltImage built = built_image(service, project);
    if (!built) return;
    const model::StageGraph& graph = *built.stages;
    const model::Stage& shipped = *built.shipped;
    const model::StageUser& user = graph.effective_user(shipped);
    const model::StageBase& base = graph.root_base(shipped);
    const std::string label = privileges::service_label(service);
    const Span at = service.build.present ? service.build.span : service.image.span;
    const std::string dockerfile(graph.dockerfile().file->path());
    const std::string fingerprint = dockerfile + ":" + shipped.name;
    switch (user.verdict) {
      case model::UserVerdict::kRoot: {
        std::string why;
        Span where;
        if (user.instruction) {
          why = describe_stage(built) + " ends with USER " + user.value.value;
          // An empty USER is root: say what it was written as.
          if (user.value.value.empty() && !user.instruction->words.empty())
            why += std::string(user.instruction->words[0].value) + ", which expands to empty";
          where = user.instruction->words.empty() ? user.instruction->span : user.instruction->words[0].span;
        } else {
          why = describe_stage(built) + " sets no USER and " +
                (base.kind == model::BaseKind::kScratch ? "is built FROM scratch"
                                                        : "its base image " + base.text.value + " runs as root");
          where = shipped.from->span;
        }
        Finding& f = out.report(service, at, label + " runs as root: it sets no user and " + why);
        f.related.push_back({where, "the image it runs ends as root here"});
        f.fingerprint_content = "root-built:" + fingerprint;
        return;
      }
      case model::UserVerdict::kDropsPrivileges: {
        if (const yaml::Node* replaced = replaced_entrypoint(service)) {
          Finding& f = out.report(service, at,
                                  label + " runs as root: " + describe_stage(built) +
                                      " sets no USER and relies on its entrypoint to switch to an unprivileged "
                                      "user, and the service's `entrypoint:` replaces that entrypoint");
          f.related.push_back({replaced->span, "the entrypoint that runs instead"});
          f.related.push_back({shipped.from->span, "the image it runs is built FROM here"});
          f.fingerprint_content = "root-built-entrypoint-replaced:" + fingerprint;
          return;
        }
        const std::string how = user.privilege_drop
                                    ? " sets no USER and sets up gosu or su-exec for its entrypoint to switch to an "
                                      "unprivileged user; the entrypoint itself runs as root"
                                    : " sets no USER and its base image " + base.text.value +
                                          " switches to an unprivileged user in its entrypoint, which itself runs as root";
        Finding& f = out.report(service, at, label + " starts as root: " + describe_stage(built) + how);
        f.severity = Severity::kInfo;
        f.related.push_back({shipped.from->span, "the image it runs is built FROM here"});
        f.fingerprint_content = "drops-privileges-built:" + fingerprint;
        return;
      }
      case model::UserVerdict::kNonRoot:
      case model::UserVerdict::kBaseImageDefault:
      case model::UserVerdict::kUnknown: return;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr105_root_by_default() { return std::make_unique<RootByDefault>(); }

}  // namespace clearance::rules
