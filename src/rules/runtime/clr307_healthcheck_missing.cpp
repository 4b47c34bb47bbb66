// CLR307: a container that runs without a health check: neither the service nor its image
// defines one. Fires only when the image is known to lack one: a pulled image from the reviewed
// table or the official library, or an image built here whose Dockerfile's shipped stage has
// no HEALTHCHECK (or HEALTHCHECK NONE) on a base image known to have none.
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "model/project.h"
#include "model/stages.h"
#include "rules/image/service_image.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.27", "https://www.cisecurity.org/benchmark/docker"},
    {"Compose file reference: healthcheck", "https://docs.docker.com/reference/compose-file/services/#healthcheck"},
    {"Dockerfile reference: HEALTHCHECK", "https://docs.docker.com/reference/dockerfile/#healthcheck"},
};

constexpr RuleMeta kMeta{
    .id = "CLR307",
    .slug = "healthcheck-missing",
    .title = "No health check",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports a service without a `healthcheck:` whose image is known to define no "
               "`HEALTHCHECK` either: official Docker Hub images (which by policy ship none) and the "
               "images in clearance's reviewed table. A service that builds its image is judged by "
               "its Dockerfile's shipped stage (the `build.target`, else the last stage, with "
               "HEALTHCHECK inherited through `FROM <stage>`): reported when that stage has no "
               "HEALTHCHECK, or `HEALTHCHECK NONE`, and its base image has none either. Images "
               "clearance knows nothing about, Dockerfiles it cannot read and unresolved FROM "
               "lines are not reported. A `healthcheck:` block without `test` only tunes the "
               "image's own check, so it counts as none when the image has none; a one-shot job "
               "that another service waits for with `condition: service_completed_successfully` "
               "has no health to check and is not reported.",
    .rationale = "Without a health check Docker knows only whether the main process is running, "
                 "not whether it works: a database that stopped accepting connections or a web "
                 "server stuck in a deadlock look healthy. `depends_on: condition: service_healthy` "
                 "cannot wait for such a service, orchestrators cannot replace it, and monitoring "
                 "sees nothing wrong. A health check also makes a compromised or wedged container "
                 "visible sooner.",
    .example = "services:\n  db:\n    image: postgres:16.4\n",
    .instead = "services:\n  db:\n    image: postgres:16.4\n    healthcheck:\n"
               "      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n      interval: 10s\n"
               "      timeout: 5s\n      retries: 5\n"
               "\nAdd a `healthcheck:` that exercises the service the way its clients do (a query, "
               "an HTTP request to a health endpoint), or pick an image that defines a "
               "`HEALTHCHECK`.",
    .fix_safety = "No fix is offered: a useful test depends on the service.",
    .references = kRefs,
};

class HealthcheckMissing final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
    if (!service.complete) return;
    if (healthcheck_state(service, project) != HealthcheckState::kAbsent) return;
    if (runs_to_completion(service, project)) return;
    if (const BuiltImage built = built_image(service, project)) {
      report_built(service, built, out);
      return;
    }
    const std::optional<ServiceImage> image = service_image(service, project);
    const std::string name = image ? image->ref.short_name() : service.image.value;
    out.report(service, service.name_span, "no health check: " + name + " defines none");
  }

 private:
  // A one-shot job (a migration, an init step) that another service waits for with
  // `condition: service_completed_successfully`: it exits when done, so there is nothing to
  // check the health of.
  static bool runs_to_completion(const model::ContainerSpec& service, const model::Project& project) {
    return project.derived.get<AwaitedJobs>([&] { return awaited_jobs(project); }).names.contains(service.name);
  }

  // The services some service waits for to complete, found once per project (asked of each
  // service, a search of every other service's depends_on grew with the square of their number).
  struct AwaitedJobs {
    std::unordered_set<std::string> names;
  };
  static AwaitedJobs awaited_jobs(const model::Project& project) {
    AwaitedJobs out;
    for (const model::ContainerSpec& other : project.services) {
      const yaml::Node* depends = other.node && other.node->is_mapping() ? other.node->get("depends_on") : nullptr;
      if (!depends || !depends->is_mapping()) continue;
      for (const yaml::Pair& p : depends->pairs) {
        const yaml::Node* condition = p.value && p.value->is_mapping() ? p.value->get("condition") : nullptr;
        if (p.key && p.key->is_scalar() && condition && condition->is_scalar() &&
            condition->value == "service_completed_successfully")
          out.names.insert(p.key->value);
      }
    }
    return out;
  }

  static void report_built(const model::ContainerSpec& service, const BuiltImage& built, Reporter& out) {
    const model::StageGraph& graph = *built.stages;
    const model::Stage& shipped = *built.shipped;
    const model::StageHealthcheck& hc = graph.healthcheck(shipped);
    const std::string dockerfile(graph.dockerfile().file->path());
    if (hc.instruction) {  // HEALTHCHECK NONE
      Finding& f = out.report(service, service.name_span,
                              "no health check: the image it builds turns its health check off (HEALTHCHECK NONE in " +
                                  dockerfile + ")");
      f.related.push_back({hc.instruction->span, "the image's health check is disabled here"});
      return;
    }
    const model::StageBase& base = graph.root_base(shipped);
    const std::string from =
        base.kind == model::BaseKind::kScratch ? "scratch" : "the base image " + base.text.value;
    Finding& f = out.report(service, service.name_span,
                            "no health check: the image it builds defines none (no HEALTHCHECK in " + describe_stage(built) + ", nor in " + from + ")");
    f.related.push_back({shipped.from->span, "the image's shipped stage, without HEALTHCHECK"});
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr307_healthcheck_missing() { return std::make_unique<HealthcheckMissing>(); }

}  // namespace clearance::rules
