#include "engine/check.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "compose/loader.h"
#include "discover/discover.h"
#include "model/project.h"
#include "rules/registry.h"

extern char** environ;

namespace clearance::engine {

namespace {

bool matches(const std::string& pattern, std::string_view id) {
  return !pattern.empty() && id.substr(0, pattern.size()) == pattern;
}

bool finding_less(const rules::Finding& a, const rules::Finding& b) {
  const std::string_view fa = a.span.file ? std::string_view(a.span.file->path()) : "";
  const std::string_view fb = b.span.file ? std::string_view(b.span.file->path()) : "";
  if (fa != fb) return fa < fb;
  if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
  if (a.rule->id != b.rule->id) return a.rule->id < b.rule->id;
  if (a.service != b.service) return a.service < b.service;
  return a.message < b.message;
}

bool same_finding(const rules::Finding& a, const rules::Finding& b) {
  const bool same_file = a.span.file == b.span.file ||
                         (a.span.file && b.span.file && a.span.file->path() == b.span.file->path());
  return a.rule == b.rule && same_file && a.span.begin == b.span.begin &&
         a.span.end == b.span.end && a.message == b.message && a.service == b.service;
}

struct ProjectOutcome {
  std::vector<rules::Finding> findings;
  std::vector<source::SourceFilePtr> files;
  bool internal_error = false;
};

ProjectOutcome check_project(const discover::ProjectTarget& target, const std::string& root,
                             const CheckOptions& options, const std::vector<const rules::Rule*>& rules) {
  ProjectOutcome out;
  compose::LoadOptions load;
  load.project_dir = target.directory;
  load.compose_files = target.compose_files;
  for (const std::string& f : options.env_files)
    load.env_files.push_back(std::filesystem::absolute(f).lexically_normal().string());
  load.shell_env = &options.shell_env;
  load.display_root = root;
  std::unique_ptr<model::Project> project = compose::load_project(load);
  for (const rules::Rule* rule : rules) {
    try {
      rules::Reporter reporter(rule->meta(), options.production, out.findings);
      rule->check(*project, reporter);
    } catch (const std::exception& e) {
      // A rule must not fail; if one does, the rest of the project is still checked.
      out.internal_error = true;
      const rules::Rule* internal = rules::find_rule("CLR900");
      if (internal && !project->files.empty()) {
        rules::Reporter reporter(internal->meta(), options.production, out.findings);
        reporter.report(project->files.front()->span(0, 0),
                        std::string(rule->meta().id) + " failed: " + e.what());
      }
    }
  }
  // Spans point into the project's files: keep those alive, let the trees go.
  out.files = std::move(project->files);
  return out;
}

}  // namespace

std::vector<const rules::Rule*> select_rules(const CheckOptions& options, std::vector<std::string>& unknown_ids) {
  const auto& all = rules::all_rules();
  auto known = [&](const std::string& pattern) {
    return std::any_of(all.begin(), all.end(), [&](const auto& r) { return matches(pattern, r->meta().id); });
  };
  for (const auto* list : {&options.select, &options.ignore})
    for (const std::string& id : *list)
      if (!known(id)) unknown_ids.push_back(id);
  std::vector<const rules::Rule*> out;
  for (const auto& rule : all) {
    const rules::RuleMeta& m = rule->meta();
    bool on = m.enabled_by_default || (options.production && m.enabled_in_production);
    if (!options.select.empty())
      on = std::any_of(options.select.begin(), options.select.end(), [&](const std::string& s) { return matches(s, m.id); });
    if (std::any_of(options.ignore.begin(), options.ignore.end(), [&](const std::string& s) { return matches(s, m.id); }))
      on = false;
    if (on) out.push_back(rule.get());
  }
  return out;
}

CheckResult run_check(const CheckOptions& options) {
  CheckResult result;
  std::vector<std::string> unknown;
  const std::vector<const rules::Rule*> rules = select_rules(options, unknown);
  for (const std::string& id : unknown) result.errors.push_back("unknown rule id or prefix: " + id);
  for (const rules::Rule* r : rules) result.rules_run.push_back(&r->meta());

  const discover::Discovery found = discover::discover(options.paths, options.compose_files);
  for (const auto& p : found.problems) {
    if (p.message == "no such file or directory") {
      result.errors.push_back(p.path + ": " + p.message);
      continue;
    }
    // Reported as a finding on an empty stand-in for the file, which is not read.
    auto file = std::make_shared<source::SourceFile>(compose::display_path(p.path, found.root), p.path, "");
    if (const rules::Rule* limit = rules::find_rule("CLR906")) {
      rules::Reporter reporter(limit->meta(), options.production, result.findings);
      reporter.report(file->span(0, 0), p.message);
      result.files.push_back(file);
    }
  }

  std::vector<ProjectOutcome> outcomes(found.projects.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < found.projects.size(); i = next++)
      outcomes[i] = check_project(found.projects[i], found.root, options, rules);
  };
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(1, found.projects.size())));
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  for (ProjectOutcome& o : outcomes) {
    result.internal_error |= o.internal_error;
    std::move(o.findings.begin(), o.findings.end(), std::back_inserter(result.findings));
    std::move(o.files.begin(), o.files.end(), std::back_inserter(result.files));
  }
  std::sort(result.findings.begin(), result.findings.end(), finding_less);
  // A file shared by two projects (a .env beside two compose files) reports once.
  result.findings.erase(std::unique(result.findings.begin(), result.findings.end(), same_finding),
                        result.findings.end());
  return result;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    const size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

}  // namespace clearance::engine
