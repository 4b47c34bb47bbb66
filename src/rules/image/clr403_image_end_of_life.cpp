// CLR403: an image whose release line is past its end of life, from the reviewed table in
// knowledge/eol: a pulled compose `image:`, and every stage's FROM. The date is the run's
// (`--eol-date`, else today in UTC), so a check can be repeated as of a given day.
//
// Which FROM lines, and how severe: the stages that ship (the shipped stage and the stages it is
// built FROM) at medium, since the unpatched software is in the image that runs; other stages
// at low: a builder stage's toolchain runs only while building, but it runs the project's code
// and dependencies' install scripts, and what it compiles or copies into the final image (a
// statically linked binary, a runtime's standard library) carries its unfixed bugs.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "knowledge/eol.h"
#include "model/project.h"
#include "model/stages.h"
#include "rules/image/service_image.h"
#include "rules/image/variable_origins.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #0: keep host and Docker up to date",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"CIS Docker Benchmark 4.3/4.7: keep images updated, rebuild with security patches",
     "https://www.cisecurity.org/benchmark/docker"},
    {"Docker build best practices: rebuild your images often",
     "https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often"},
    {"endoflife.date: release lines and their end-of-life dates", "https://endoflife.date/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR403",
    .slug = "image-end-of-life",
    .title = "Image past its end of life",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports an image whose release line no longer gets security fixes: the version its tag "
        "names (`python:3.8`, `node:16-alpine`, `postgres:11`) or the distribution release the "
        "tag names as its base (`-buster`, `-alpine3.16`, or `-alpine-3.16` as Adoptium writes it), "
        "judged against a reviewed table of "
        "published end-of-life dates shipped in clearance (official images only; a tag that names "
        "no line, such as `python:3` or `node:lts`, gets no verdict; a major whose lines have all "
        "ended, such as `python:2` or `php:7`, is judged by the line supported last). Compose "
        "`image:` and the "
        "FROM of the stages that ship are medium; the FROM of other stages (builders, other "
        "targets) is low. The date is "
        "today's (UTC), or the one given with `--eol-date YYYY-MM-DD`.",
    .rationale =
        "Once a release line reaches its end of life its maintainers stop fixing it: every "
        "vulnerability found afterwards stays open, and image scanners report a growing list "
        "that no rebuild will clear. Official images also stop being rebuilt for it, so even the "
        "distribution packages underneath stop getting updates. A builder stage matters too: its "
        "compiler and standard library end up in what it builds.",
    .example =
        "```yaml\n"
        "services:\n"
        "  api:\n"
        "    image: python:3.8-slim\n"
        "```\n"
        "\n"
        "```dockerfile\n"
        "FROM node:16-alpine AS build\n"
        "```\n",
    .instead =
        "```yaml\n"
        "services:\n"
        "  api:\n"
        "    image: python:3.13-slim\n"
        "```\n"
        "\n"
        "```dockerfile\n"
        "FROM node:22-alpine AS build\n"
        "```\n"
        "\n"
        "Move to a supported release line (test the upgrade: end-of-life lines are usually one or "
        "more major versions behind), and keep it current with Renovate or Dependabot. Pass "
        "`--eol-date` to see what will be reported on a future day.",
    .fix_safety = "No fix is offered: a new major version can break the application.",
    .references = kRefs,
};

// "python 3.8 reached its end of life on 2024-10-07 (https://...)" for each past verdict.
std::string past_lines(const knowledge::EolVerdicts& verdicts, knowledge::Date today) {
  std::string out;
  for (const std::optional<knowledge::EolVerdict>* v : {&verdicts.release, &verdicts.base}) {
    if (!*v || !(*v)->past(today)) continue;
    const knowledge::EolEntry& e = (*v)->entry;
    if (!out.empty()) out += ", and ";
    out += std::string((*v)->base ? "its base " : "") + std::string(e.image) + " " +
           std::string(e.cycle) + " reached its end of life on " + e.eol.str() + " (" +
           std::string(e.source) + ")";
  }
  return out;
}

class ImageEndOfLife final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    for (const model::ContainerSpec& service : project.services)
      check_service(service, project, out);
    for (const model::ImageBuild& build : project.builds)
      if (build.stages)
        check_build(build, project, shipping_stages(project, build.dockerfile), out);
  }

 private:
  static void check_service(const model::ContainerSpec& service, const model::Project& project,
                            Reporter& out) {
    if (!service.image.present || image_built_in_project(service, project)) return;
    const std::optional<ServiceImage> image = service_image(service, project);
    if (!image || !image->name_known) return;
    const std::string past = past_lines(knowledge::end_of_life(image->ref), project.today);
    if (past.empty()) return;
    Finding& f = out.report(service, service.image.span,
                            "image " + service.image.value + " is past its end of life: " + past);
    f.fingerprint_content = "eol:" + image->ref.short_name() + ":" + image->ref.tag;
  }

  // The stages of a Dockerfile that ship in some build of it (a Dockerfile that compose builds
  // for two targets ships both).
  static std::vector<bool> shipping_stages(const model::Project& project, size_t dockerfile) {
    std::vector<bool> out;
    for (const model::ImageBuild& build : project.builds) {
      if (build.dockerfile != dockerfile || !build.stages) continue;
      const model::StageGraph& graph = *build.stages;
      out.resize(graph.stages().size());
      const model::Stage* shipped = graph.shipped_stage();
      if (!shipped) {  // the target is unknown: any stage may ship
        out.assign(out.size(), true);
        continue;
      }
      for (const model::Stage* s : graph.chain(*shipped)) out[s->index] = true;
    }
    return out;
  }

  static void check_build(const model::ImageBuild& build, const model::Project& project,
                          const std::vector<bool>& shipping, Reporter& out) {
    const model::StageGraph& graph = *build.stages;
    const knowledge::Date today = project.today;
    for (const model::Stage& stage : graph.stages()) {
      if (stage.base.kind != model::BaseKind::kImage) continue;
      const std::string past = past_lines(knowledge::end_of_life(stage.base.image), today);
      if (past.empty()) continue;
      const bool ships = stage.index < shipping.size() && shipping[stage.index];
      Finding& f = out.report(
          stage.base.span, "FROM " + stage.base.text.value + " is past its end of life" +
                               (ships ? "" : " (in " + stage.label() + ", which does not ship)") +
                               ": " + past);
      if (!ships) f.severity = Severity::kLow;
      f.fingerprint_content = "eol-from:" + stage.base.text.value;
      add_variable_origins(stage.base.text.used, [&](std::string_view n) { return graph.global(n); }, project, build, f);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr403_image_end_of_life() { return std::make_unique<ImageEndOfLife>(); }

}  // namespace clearance::rules
