// CLR607: the repository's CI builds container images but no step scans them for known
// vulnerabilities; and `docker scan` (retired) anywhere in CI. Judged over every CI file of the
// scan together (GitHub Actions workflows, .gitlab-ci.yml: the kRepository project), since a
// scan often runs in a workflow of its own. Steps are read from the YAML: `uses:` values, and
// `run:` / `script:` / `before_script:` / `after_script:` text (comment lines skipped).
#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/project.h"
#include "rules/rule.h"
#include "source/ascii.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 4.4 (scan and rebuild images to include security patches)",
     "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 9 (integrate container scanning tools)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker Scout: GitHub Actions integration", "https://docs.docker.com/scout/integrations/ci/gha/"},
    {"aquasecurity/trivy-action", "https://github.com/aquasecurity/trivy-action"},
    {"GitLab docs: container scanning", "https://docs.gitlab.com/user/application_security/container_scanning/"},
    {"Docker docs: docker scan is retired (use Docker Scout)", "https://docs.docker.com/scout/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR607",
    .slug = "image-scan-missing",
    .title = "CI builds images without scanning them",
    .severity = Severity::kInfo,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kHygiene,
    .fix = Fixability::kNone,
    .summary =
        "Reports, once per CI file, the first step that builds a container image "
        "(`docker/build-push-action`, `docker/bake-action`, or `docker build`, `docker buildx "
        "build`, `docker compose build`, `/kaniko/executor`, `buildah bud`/`build`, `podman "
        "build` in a `run:` or `script:`) when no CI file of the repository scans images "
        "(`aquasecurity/trivy-action`, `trivy image`, `anchore/scan-action`, `grype`, "
        "`docker/scout-action`, `docker scout`, `snyk/actions/docker`, `snyk container`, "
        "GitLab's Container-Scanning template or a `container_scanning` job). Also reports "
        "every `docker scan` in CI: the command was retired in 2023 and no longer scans.",
    .rationale =
        "Base images and packages collect known vulnerabilities after they are built. A scan "
        "in the pipeline that builds the image is the cheapest place to notice a critical CVE "
        "before the image ships, and to rebuild when a fix is out. CI that only builds and "
        "pushes leaves that to chance. `docker scan` was removed from Docker and fails or does "
        "nothing, so a pipeline that relies on it scans nothing.",
    .example =
        "jobs:\n"
        "  image:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          tags: ghcr.io/acme/app:latest\n",
    .instead =
        "```yaml\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          load: true\n"
        "          tags: ghcr.io/acme/app:latest\n"
        "      - uses: aquasecurity/trivy-action@0.28.0\n"
        "        with:\n"
        "          image-ref: ghcr.io/acme/app:latest\n"
        "          exit-code: '1'\n"
        "          severity: CRITICAL,HIGH\n"
        "```\n"
        "\n"
        "Scan each image the pipeline builds (Trivy, Grype, Docker Scout or Snyk), and fail the "
        "job on the severities you do not accept.",
    .fix_safety = "No fix is offered: which scanner and which failure threshold is the team's choice.",
    .references = kRefs,
};

// Shell text without comment lines, lower-cased, runs of blanks made one space.
std::string normalise_shell(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    bool blank = false;
    for (char c : line.substr(first)) {
      if (c == ' ' || c == '\t' || c == '\\') {
        blank = true;
        continue;
      }
      if (blank && !out.empty()) out += ' ';
      blank = false;
      out += source::ascii_lower(c);
    }
    out += '\n';
  }
  return out;
}

bool contains_command(const std::string& shell, std::string_view command) {
  for (size_t at = shell.find(command); at != std::string::npos; at = shell.find(command, at + 1)) {
    const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(shell[at - 1]));
    const size_t after = at + command.size();
    const bool ends = after >= shell.size() || !std::isalnum(static_cast<unsigned char>(shell[after]));
    if (starts && ends) return true;
  }
  return false;
}

constexpr std::string_view kBuildActions[] = {"docker/build-push-action", "docker/bake-action",
                                              "redhat-actions/buildah-build"};
constexpr std::string_view kBuildCommands[] = {
    "docker build",        "docker buildx build", "docker image build", "docker compose build",
    "docker-compose build", "docker buildx bake",  "/kaniko/executor",  "buildah bud",
    "buildah build",       "podman build",
};
constexpr std::string_view kScanActions[] = {
    "aquasecurity/trivy-action", "anchore/scan-action", "docker/scout-action", "snyk/actions/docker",
    "crazy-max/ghaction-container-scan", "aquasecurity/setup-trivy",
};
constexpr std::string_view kScanCommands[] = {
    "trivy image", "trivy i", "grype", "docker scout", "snyk container", "anchore-cli",
};

struct Step {
  const yaml::Node* node = nullptr;
  std::string what;  // "docker/build-push-action", "`docker build`"
};

struct Seen {
  std::optional<Step> first_build;
  bool scans = false;
  std::vector<const yaml::Node*> docker_scan;
};

void look_at_shell(const yaml::Node* node, Seen& seen) {
  if (!node) return;
  if (node->is_sequence()) {
    for (const yaml::Node* item : node->items) look_at_shell(item, seen);
    return;
  }
  if (!node->is_scalar()) return;
  const std::string shell = normalise_shell(node->value);
  if (contains_command(shell, "docker scan")) seen.docker_scan.push_back(node);
  for (std::string_view c : kScanCommands)
    if (contains_command(shell, c)) seen.scans = true;
  if (seen.first_build) return;
  for (std::string_view c : kBuildCommands)
    if (contains_command(shell, c)) {
      seen.first_build = Step{node, "`" + std::string(c) + "`"};
      return;
    }
}

void walk(const yaml::Node* node, Seen& seen, int depth) {
  if (!node || depth > 64) return;
  if (node->is_sequence()) {
    for (const yaml::Node* item : node->items) walk(item, seen, depth + 1);
    return;
  }
  if (!node->is_mapping()) return;
  for (const yaml::Pair& pair : node->pairs) {
    if (!pair.key || !pair.value) continue;
    const std::string key = source::ascii_lower(pair.key->value);
    if (key == "uses" && pair.value->is_scalar()) {
      std::string action = source::ascii_lower(pair.value->value);
      if (const size_t at = action.find('@'); at != std::string::npos) action.resize(at);
      for (std::string_view a : kScanActions)
        if (action == a) seen.scans = true;
      for (std::string_view a : kBuildActions)
        if (action == a && !seen.first_build) seen.first_build = Step{pair.value, std::string(a)};
      continue;
    }
    if (key == "run" || key == "script" || key == "before_script" || key == "after_script") {
      look_at_shell(pair.value, seen);
      continue;
    }
    // GitLab: the Container-Scanning template, or a job of that name.
    if (key == "container_scanning") seen.scans = true;
    if (key == "include" || key == "template") {
      const std::string text = pair.value->is_scalar() ? source::ascii_lower(pair.value->value) : std::string();
      if (text.find("container-scanning") != std::string::npos) seen.scans = true;
    }
    walk(pair.value, seen, depth + 1);
  }
}

class ImageScanMissing final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    if (project.kind != model::ProjectKind::kRepository) return;
    std::vector<Seen> per_file(project.ci_configs.size());
    bool any_scan = false;
    for (size_t i = 0; i < project.ci_configs.size(); ++i) {
      const model::CiConfig& ci = project.ci_configs[i];
      if (ci.document) walk(ci.document->root, per_file[i], 0);
      any_scan |= per_file[i].scans;
    }
    for (const Seen& seen : per_file) {
      for (const yaml::Node* node : seen.docker_scan)
        out.report(node->span,
                   "`docker scan` was retired in 2023 and no longer scans anything: use `docker scout cves`, "
                   "`trivy image` or `grype` instead");
      if (any_scan || !seen.first_build) continue;
      out.report(seen.first_build->node->span,
                 "CI builds an image here (" + seen.first_build->what +
                     ") but no CI step scans images for known vulnerabilities: add Trivy, Grype, Docker Scout "
                     "or Snyk after the build");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr607_image_scan_missing() { return std::make_unique<ImageScanMissing>(); }

}  // namespace clearance::rules
