#pragma once
// What every rule is made of: its metadata (which also generates the docs) and a stateless check.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace clearance::model {
struct Project;
struct ContainerSpec;
struct DockerfileSource;
struct ImageBuild;
}  // namespace clearance::model

namespace clearance::rules {

using source::Span;

enum class Severity { kInfo = 0, kLow, kMedium, kHigh, kCritical };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view text);

enum class Area { kPrivileges, kNetwork, kRuntime, kImage, kSecrets, kHygiene, kDiagnostics };
std::string_view to_string(Area a);

enum class Fixability { kNone, kSafe, kUnsafe };
std::string_view to_string(Fixability f);

struct Reference {
  std::string_view label;  // "CIS Docker Benchmark 5.5"
  std::string_view url;
};

// Everything a user reads about a rule; `clearance rules`, `explain`, SARIF and docs/rules/ come from here.
struct RuleMeta {
  std::string_view id;     // CLR101
  std::string_view slug;   // privileged
  std::string_view title;  // one line, sentence case, no period
  Severity severity;
  std::optional<Severity> production_severity;  // stricter level under --production
  bool enabled_by_default;
  bool enabled_in_production;  // for rules that are off in development only
  Area area;
  Fixability fix;
  std::string_view summary;     // what it does, one or two sentences
  std::string_view rationale;   // why is this bad
  std::string_view example;     // YAML that fires
  std::string_view instead;     // YAML that does not, and the fix advice
  std::string_view fix_safety;  // why a fix is safe/unsafe, or why none is offered
  std::span<const Reference> references;
};

struct Related {
  Span span;
  std::string message;
};

// Why a finding is not counted: an inline comment, the configuration file or a baseline entry.
// Suppressed findings are kept so that reports which ask for them (JSON, SARIF) still have them.
enum class SuppressionKind : uint8_t { kInline, kConfig, kBaseline };
inline std::string_view to_string(SuppressionKind k) {
  switch (k) {
    case SuppressionKind::kInline: return "inline";
    case SuppressionKind::kConfig: return "config";
    case SuppressionKind::kBaseline: return "baseline";
  }
  return "inline";
}

struct Suppression {
  SuppressionKind kind = SuppressionKind::kInline;
  std::string reason;  // as written; may be empty when no reason is required
};

struct Finding {
  const RuleMeta* rule = nullptr;
  Severity severity = Severity::kInfo;
  std::string message;
  Span span;
  std::vector<Related> related;
  std::string service;                // empty for file-level findings
  std::vector<std::string> profiles;  // the service's Compose profiles
  // Content that identifies this finding independently of line numbers (masked, never a secret).
  std::string fingerprint_content;
  std::optional<Suppression> suppression;  // set by the engine, never by a rule
  // report::fingerprint_value, kept by the engine once it has worked it out for a baseline so
  // that the report does not hash the same content again; never set by a rule.
  std::optional<uint64_t> known_fingerprint;
};

// Handed to each rule: collects findings with the rule's effective severity.
class Reporter {
 public:
  Reporter(const RuleMeta& meta, bool production, std::vector<Finding>& out)
      : meta_(meta), production_(production), out_(out) {}

  bool production() const { return production_; }
  Severity default_severity() const {
    return production_ && meta_.production_severity ? *meta_.production_severity : meta_.severity;
  }
  // Records a finding at `at`; the returned reference may be refined (severity, related, service).
  Finding& report(const Span& at, std::string message);
  // Same, tagged with the service it concerns.
  Finding& report(const model::ContainerSpec& service, const Span& at, std::string message);

 private:
  const RuleMeta& meta_;
  bool production_;
  std::vector<Finding>& out_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  virtual void check(const model::Project& project, Reporter& out) const = 0;
};

// Most posture rules look at one container at a time.
class ServiceRule : public Rule {
 public:
  void check(const model::Project& project, Reporter& out) const final;
  virtual void check_service(const model::ContainerSpec& service, const model::Project& project,
                             Reporter& out) const = 0;
};

// Rules about what a Dockerfile says, whoever builds it: each of the project's Dockerfiles once
// (a compose project's built ones, or the one Dockerfile checked alone).
class DockerfileRule : public Rule {
 public:
  void check(const model::Project& project, Reporter& out) const final;
  virtual void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project& project,
                                Reporter& out) const = 0;
};

// Rules about the image a build produces, which depend on the build target and arguments (the
// stage that ships, FROM lines with ARGs substituted): each of the project's ImageBuilds once.
class BuildRule : public Rule {
 public:
  void check(const model::Project& project, Reporter& out) const final;
  virtual void check_build(const model::ImageBuild& build, const model::DockerfileSource& dockerfile,
                           const model::Project& project, Reporter& out) const = 0;
};

}  // namespace clearance::rules
