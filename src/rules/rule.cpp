#include "rules/rule.h"

#include "model/project.h"

namespace clearance::rules {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "info";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string_view to_string(Area a) {
  switch (a) {
    case Area::kPrivileges: return "privileges";
    case Area::kNetwork: return "network";
    case Area::kRuntime: return "runtime";
    case Area::kImage: return "image";
    case Area::kSecrets: return "secrets";
    case Area::kHygiene: return "hygiene";
    case Area::kDiagnostics: return "diagnostics";
  }
  return "diagnostics";
}

std::string_view to_string(Fixability f) {
  switch (f) {
    case Fixability::kNone: return "none";
    case Fixability::kSafe: return "safe";
    case Fixability::kUnsafe: return "unsafe";
  }
  return "none";
}

Finding& Reporter::report(const Span& at, std::string message) {
  Finding& f = out_.emplace_back();
  f.rule = &meta_;
  f.severity = default_severity();
  f.message = std::move(message);
  f.span = at;
  return f;
}

Finding& Reporter::report(const model::ContainerSpec& service, const Span& at, std::string message) {
  Finding& f = report(at, std::move(message));
  f.service = service.name;
  f.profiles = service.profiles;
  return f;
}

void ServiceRule::check(const model::Project& project, Reporter& out) const {
  for (const model::ContainerSpec& service : project.services) check_service(service, project, out);
}

void DockerfileRule::check(const model::Project& project, Reporter& out) const {
  for (const model::DockerfileSource& dockerfile : project.dockerfiles)
    if (dockerfile.syntax) check_dockerfile(dockerfile, project, out);
}

void BuildRule::check(const model::Project& project, Reporter& out) const {
  for (const model::ImageBuild& build : project.builds) {
    const model::DockerfileSource& dockerfile = project.dockerfiles[build.dockerfile];
    if (dockerfile.syntax) check_build(build, dockerfile, project, out);
  }
}

}  // namespace clearance::rules
