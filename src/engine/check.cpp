#include "engine/check.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <functional>

#include "compose/loader.h"
#include "engine/builds.h"
#include "engine/standalone.h"
#include "engine/workspace.h"
#include "model/project.h"
#include "model/service_values.h"
#include "rules/registry.h"
#include "source/threads.h"

extern char** environ;

namespace clearance::engine {

namespace {

bool matches(const std::string& pattern, std::string_view id) {
  return !pattern.empty() && id.substr(0, pattern.size()) == pattern;
}

std::string_view path_of(const rules::Finding& f) {
  return f.span.file ? std::string_view(f.span.file->path()) : std::string_view();
}

bool finding_less(const rules::Finding& a, const rules::Finding& b) {
  if (a.span.file != b.span.file && path_of(a) != path_of(b)) return path_of(a) < path_of(b);
  if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
  if (a.rule->id != b.rule->id) return a.rule->id < b.rule->id;
  if (a.service != b.service) return a.service < b.service;
  return a.message < b.message;
}

bool same_finding(const rules::Finding& a, const rules::Finding& b) {
  return a.rule == b.rule && (a.span.file == b.span.file || path_of(a) == path_of(b)) && a.span.begin == b.span.begin &&
         a.span.end == b.span.end && a.message == b.message && a.service == b.service;
}

// Identity of a finding across projects: a file that several projects read (a folder's .env, a
// file reached through `include` or `extends`, a base file also checked on its own) reports
// each finding once.
// `path_hash` is the hash of path_of(f), which the caller computes once per file.
uint64_t finding_key(const rules::Finding& f, uint64_t path_hash) {
  // Within one run only: std::hash reads eight bytes at a time (messages are long), and a rule
  // is its metadata's address, as same_finding compares it.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint64_t v) { h = (h ^ v) * 1099511628211ull + (h >> 29); };
  const std::hash<std::string_view> hash;
  mix(path_hash);
  mix(reinterpret_cast<uintptr_t>(f.rule));
  mix(hash(f.message));
  mix(hash(f.service));
  mix((static_cast<uint64_t>(f.span.begin) << 32) | f.span.end);
  return h;
}

// True when a compose file of the project merges a mapping with `<<`: values may then have
// been merged into services without a field of theirs recording it.
bool any_anchor_merge(const model::Project& project) {
  return std::any_of(project.compose_files.begin(), project.compose_files.end(),
                     [](const model::ComposeFile& cf) { return cf.document && cf.document->has_merge_keys; });
}

// Provenance as related locations: a value set on a .env line is reported there, with the
// compose line that uses it; a value brought in by `<<`, `extends` or an override file is
// reported where it was written, with the site that merged it.
void add_origins(const model::Project& project, std::vector<rules::Finding>& findings) {
  // Only `<<`, `extends`, override files and `include` merge values into a service.
  const bool merged_values = !project.merge_sites.empty() || any_anchor_merge(project);
  if (project.origins.empty() && !merged_values) return;
  auto add = [](rules::Finding& f, const source::Span& at, std::string message) {
    if (!at.valid()) return;
    for (const rules::Related& r : f.related)
      if (r.span.file == at.file && r.span.begin == at.begin) return;
    f.related.push_back({at, std::move(message)});
  };
  for (rules::Finding& f : findings) {
    const model::Project::ValueOrigin* origin = project.origin_of(f.span, f.service);
    if (origin) {
      add(f, origin->written_at, "the compose file takes the value from here");
      add(f, origin->merged_at, "merged into the service here");
      for (const auto& [at, name] : origin->variables) add(f, at, "`" + name + "` is set here");
      continue;
    }
    // A value the normaliser keeps no field for (an `environment:` entry, a URL or a default
    // inside one): the merge site of the scalar that holds it in the finding's service.
    if (f.service.empty() || !merged_values) continue;
    for (const model::ServiceValue& holder : model::services_at(project, f.span))
      if (holder.service->name == f.service) add(f, holder.merged_at, "merged into the service here");
  }
}

// Findings are large: sort their addresses, then move each into place once.
void sort_and_deduplicate(std::vector<rules::Finding>& findings) {
  std::vector<rules::Finding*> order(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) order[i] = &findings[i];
  std::sort(order.begin(), order.end(), [](const rules::Finding* a, const rules::Finding* b) { return finding_less(*a, *b); });
  order.erase(std::unique(order.begin(), order.end(), [](const rules::Finding* a, const rules::Finding* b) { return same_finding(*a, *b); }),
              order.end());
  std::vector<rules::Finding> sorted;
  sorted.reserve(order.size());
  for (rules::Finding* f : order) sorted.push_back(std::move(*f));
  findings = std::move(sorted);
}

struct ProjectOutcome {
  std::vector<rules::Finding> findings;  // sorted
  std::vector<std::string> prepared;     // per finding: what the sink's prepare() made of it
  std::vector<bool> is_prepared;         // per finding: prepared on the worker
  std::vector<uint64_t> keys;            // per finding: finding_key()
  std::vector<std::string> read;         // absolute paths of the files it read (files_read)
  std::vector<std::string> included;     // compose files it includes (Project::included_files)
  std::vector<source::SourceFilePtr> files;
  bool internal_error = false;
  std::string not_compose;  // the YAML file given by path that is no compose file, as displayed
};

std::unique_ptr<model::Project> load_compose_project(const discover::ProjectTarget& target, const std::string& root,
                                                     const CheckOptions& options, const compose::Environment& shell,
                                                     compose::FileCache* cache, BuildCache* builds) {
  compose::LoadOptions load;
  load.project_dir = target.directory;
  load.compose_files = target.compose_files;
  load.require_services = target.require_services;
  load.active_profiles = options.profiles;
  for (const std::string& f : options.env_files)
    load.env_files.push_back(std::filesystem::absolute(f).lexically_normal().string());
  load.outer_dot_env = target.dot_env;
  load.shell = &shell;
  load.display_root = root;
  load.cache = cache;
  load.folders = builds ? builds->folders() : nullptr;
  load.pre_read = std::exchange(target.first_file, std::nullopt);
  std::unique_ptr<model::Project> project = compose::load_project(load);
  link_builds(*project, root, builds);
  return project;
}

// The files a project has read besides its compose files: they are not checked again alone.
std::vector<std::string> files_read(const model::Project& project) {
  std::vector<std::string> out;
  for (const model::EnvSource& e : project.env_sources) out.push_back(e.absolute);
  for (const model::DockerfileSource& d : project.dockerfiles) out.push_back(d.absolute);
  for (const model::DockerignoreSource& d : project.dockerignores) out.push_back(d.absolute);
  return out;
}

ProjectOutcome check_project(std::unique_ptr<model::Project> project, const CheckOptions& options,
                             const std::vector<const rules::Rule*>& rules, const Suppressor& suppressor) {
  ProjectOutcome out;
  project->today = options.eol_date.value_or(knowledge::today_utc());
  out.read = files_read(*project);
  out.not_compose = std::move(project->not_compose);
  out.included = project->included_files;
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
        reporter.report(project->files.front()->span(0, 0), std::string(rule->meta().id) + " failed: " + e.what());
      }
    }
  }
  if (suppressor.active()) suppressor.apply_inline(*project, out.findings);
  add_origins(*project, out.findings);
  sort_and_deduplicate(out.findings);
  if (suppressor.active()) suppressor.apply_config_and_baseline(out.findings);
  // Spans point into the project's files: keep those alive, let the trees go.
  out.files = std::move(project->files);
  return out;
}

}  // namespace

bool RunOutcome::any_at_or_above(rules::Severity level) const {
  for (size_t s = static_cast<size_t>(level); s < counts.size(); ++s)
    if (counts[s] > 0) return true;
  return false;
}

std::vector<const rules::Rule*> select_rules(const CheckOptions& options, std::vector<std::string>& unknown_ids,
                                             const Config* config) {
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
    if (config)
      if (const std::optional<bool> set = config->enabled(m.id)) on = *set;
    if (!options.select.empty())
      on = std::any_of(options.select.begin(), options.select.end(), [&](const std::string& s) { return matches(s, m.id); });
    if (std::any_of(options.ignore.begin(), options.ignore.end(), [&](const std::string& s) { return matches(s, m.id); }))
      on = false;
    if (on) out.push_back(rule.get());
  }
  return out;
}

namespace {

// Why a file named by -f or --env-file cannot be read as one; empty when it can be.
std::string unreadable_input(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errno == ENOENT ? "no such file or directory" : "cannot be read";
  if (S_ISDIR(st.st_mode)) return "is a directory";
  return {};
}

}  // namespace

unsigned Check::threads() const {
  return options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
}

Check::Check(CheckOptions options) : options_(std::move(options)) {
  // One date for the whole run, so that projects checked around midnight agree.
  if (!options_.eol_date) options_.eol_date = knowledge::today_utc();
  // A baseline is read while discovery looks at the paths: one that holds every finding of a
  // large tree runs to megabytes, and reading it first would delay every project.
  std::vector<std::string> baseline_errors;
  std::optional<source::WorkerThread> baseline_reader;
  if (!options_.baseline_path.empty())
    baseline_reader.emplace([&] { baseline_ = Baseline::load(options_.baseline_path, baseline_errors); }, 1);
  discovery_ = discover::discover(options_.paths, options_.compose_files, threads(), options_.env_files);
  for (const auto& p : discovery_.problems)
    if (p.stops_the_run) errors_.push_back(p.path + ": " + p.message);
  // `docker compose` refuses a -f or --env-file that is not there: so does the check, rather
  // than reporting a file it could not read.
  for (const auto* files : {&options_.compose_files, &options_.env_files})
    for (const std::string& f : *files)
      if (const std::string problem = unreadable_input(f); !problem.empty()) errors_.push_back(f + ": " + problem);
  // The configuration, then the command line over it.
  config_ = load_config(options_.config_path, discovery_.root, errors_);
  if (config_.production) options_.production = options_.production || *config_.production;
  options_.inline_ignores = options_.inline_ignores && config_.inline_ignores;
  std::vector<std::string> unknown;
  rules_ = select_rules(options_, unknown, &config_);
  for (const std::string& id : unknown) errors_.push_back("unknown rule id or prefix: " + id);
  for (const rules::Rule* r : rules_) rules_meta_.push_back(&r->meta());
  if (baseline_reader) {
    baseline_reader->join();
    errors_.insert(errors_.end(), baseline_errors.begin(), baseline_errors.end());
  }
}

rules::Severity Check::fail_on(std::optional<rules::Severity> command_line) const {
  if (command_line) return *command_line;
  return config_.fail_on.value_or(rules::Severity::kMedium);
}

std::vector<EffectiveRule> Check::effective_rules() const {
  std::vector<EffectiveRule> out;
  for (const auto& rule : rules::all_rules()) {
    const rules::RuleMeta& m = rule->meta();
    const bool on = std::find(rules_meta_.begin(), rules_meta_.end(), &m) != rules_meta_.end();
    rules::Severity severity =
        options_.production && m.production_severity ? *m.production_severity : m.severity;
    if (auto s = config_.severity(m.id)) severity = *s;
    out.push_back({&m, on, severity});
  }
  return out;
}

RunOutcome Check::run(const FindingSink& sink, std::vector<source::SourceFilePtr>* keep_files) {
  return run(PreparedSink{{}, [&](const rules::Finding& f, std::string_view) { sink(f); }}, keep_files);
}

RunOutcome Check::run(const PreparedSink& sink, std::vector<source::SourceFilePtr>* keep_files) {
  RunOutcome outcome;
  auto emit = [&](const rules::Finding& f, std::string_view prepared) {
    if (f.suppression) ++outcome.suppressed;
    else ++outcome.counts[static_cast<size_t>(f.severity)];
    sink.write(f, prepared);
  };
  auto prepare = [&](const rules::Finding& f) {
    std::string text;
    if (sink.prepare) sink.prepare(f, text);
    return text;
  };

  // Discovery problems other than missing paths (a symbolic link out of the root) are CLR906
  // findings on an empty stand-in for the file, which is not read.
  const bool limit_selected = std::any_of(rules_.begin(), rules_.end(), [](const rules::Rule* r) { return r->meta().id == "CLR906"; });
  for (const auto& p : discovery_.problems) {
    if (p.stops_the_run || !limit_selected) continue;
    auto file = std::make_shared<source::SourceFile>(compose::display_path(p.path, discovery_.root), p.path, "");
    std::vector<rules::Finding> found;
    rules::Reporter reporter(rules::find_rule("CLR906")->meta(), options_.production, found);
    reporter.report(file->span(0, 0), p.message);
    for (const auto& f : found) emit(f, prepare(f));
    if (keep_files) keep_files->push_back(file);
  }

  for (const std::string& p : discovery_.other_files)
    outcome.not_checked.push_back(compose::display_path(p, discovery_.root));

  SuppressOptions suppress;
  suppress.config = &config_;
  suppress.baseline = baseline_ ? &*baseline_ : nullptr;
  suppress.inline_ignores = options_.inline_ignores;
  suppress.production = options_.production;
  suppress.rules_run = rules_meta_;
  const Suppressor suppressor(std::move(suppress));
  // Expired configuration excludes are reported first, at their `expires` date.
  if (config_.file) {
    std::vector<rules::Finding> expired;
    suppressor.report_expired(expired);
    for (const auto& f : expired) emit(f, prepare(f));
    if (keep_files) keep_files->push_back(config_.file);
  }

  compose::Environment shell;
  for (const auto& [name, value] : options_.shell_env)
    shell.set(name, compose::Variable{value, compose::Variable::Source::kShell, {}});

  const unsigned cores = threads();
  const RunWorkspace workspace(discovery_.root, discovery_.folders);
  compose::FileCache cache;
  BuildCache builds;
  builds.set_folders(discovery_.folders);
  // Which project reports each finding: the first, in discovery order, that has it. Workers
  // claim findings as they finish (so that a finding an earlier project has is not formatted
  // again); the writer, which sees projects in order, decides.
  std::mutex claims_mutex;
  std::unordered_map<uint64_t, size_t> first_claim;
  std::unordered_set<uint64_t> emitted;  // writer only
  std::unordered_set<std::string> read_by_projects;      // writer only
  std::unordered_set<std::string> included_by_projects;  // writer only

  // One batch of projects for the workers: `load(i)` loads the i-th (null: skip it), and
  // `discard(i)`, asked when its turn to be written comes, drops it after all.
  struct Phase {
    size_t n = 0;
    size_t base = 0;  // numbers the projects after those of earlier phases (for the claims)
    std::function<std::unique_ptr<model::Project>(size_t)> load;
    std::function<bool(size_t)> discard;
    std::function<void(size_t, const ProjectOutcome&)> finished;  // on the worker, before writing
  };

  // Checks a phase's projects on the worker threads and emits their findings in order.
  auto run_phase = [&](const Phase& phase) {
    const size_t n = phase.n;
    const size_t base = phase.base;
    const unsigned jobs = static_cast<unsigned>(std::min<size_t>(cores, std::max<size_t>(1, n)));
    // Workers may run ahead of the writing by this many projects; it bounds memory. A large
    // project (one that includes a hundred files) holds up the writing while the other workers
    // go on: the window lets them run well ahead.
    const size_t window = 256 * static_cast<size_t>(jobs);
    std::mutex mutex;
    std::condition_variable window_opened;  // workers wait here when they are `window` ahead
    std::vector<std::optional<ProjectOutcome>> ready(n);
    size_t next_claim = 0;
    size_t next_emit = 0;
    size_t waiting_workers = 0;
    bool writing = false;  // a worker is writing finished projects out, in order

    // Writes one finished project's findings (in project order, one writer at a time).
    auto write = [&](size_t i, ProjectOutcome& current) {
      if (phase.discard && phase.discard(i)) return;
      outcome.internal_error |= current.internal_error;
      if (!current.not_compose.empty()) outcome.not_checked.push_back(current.not_compose);
      for (size_t k = 0; k < current.findings.size(); ++k) {
        if (!emitted.insert(current.keys[k]).second) continue;
        // Not formatted on the worker when an earlier project claimed it and was then dropped.
        if (!current.is_prepared[k]) current.prepared[k] = prepare(current.findings[k]);
        emit(current.findings[k], current.prepared[k]);
      }
      read_by_projects.insert(current.read.begin(), current.read.end());
      included_by_projects.insert(current.included.begin(), current.included.end());
      if (keep_files) std::move(current.files.begin(), current.files.end(), std::back_inserter(*keep_files));
    };

    // No thread only waits to write: the worker that finishes the next project in order writes
    // it, and every later one already finished; a worker that finishes a project while another
    // writes leaves it to that one, which looks again before it stops. (A writer thread woken
    // for every project spent more time in the kernel than small projects take to check.)
    auto store_and_write = [&](size_t i, ProjectOutcome done) {
      std::unique_lock lock(mutex);
      ready[i] = std::move(done);
      if (writing) return;
      writing = true;
      while (next_emit < n && ready[next_emit]) {
        const size_t at = next_emit++;
        ProjectOutcome current = std::move(*ready[at]);
        ready[at].reset();
        const bool wake_workers = waiting_workers > 0;
        lock.unlock();
        if (wake_workers) window_opened.notify_all();
        write(at, current);
        lock.lock();
      }
      writing = false;
    };

    auto check_one = [&](size_t i) {
      ProjectOutcome done;
      std::unique_ptr<model::Project> project = phase.load(i);
      if (!project) return done;
      project->workspace = &workspace;
      project->password_policy = &config_.password_policy;
      done = check_project(std::move(project), options_, rules_, suppressor);
      if (phase.finished) phase.finished(i, done);
      // A finding that an earlier project also has is that project's to report: it is not
      // formatted here (projects that share files, such as `include`d ones, share findings).
      done.keys.reserve(done.findings.size());
      const source::SourceFile* hashed_file = nullptr;
      uint64_t path_hash = 0;
      for (const rules::Finding& f : done.findings) {
        if (f.span.file != hashed_file || !hashed_file) {  // findings come file by file
          hashed_file = f.span.file;
          path_hash = std::hash<std::string_view>()(path_of(f));
        }
        done.keys.push_back(finding_key(f, path_hash));
      }
      done.is_prepared.assign(done.findings.size(), false);
      {
        std::lock_guard lock(claims_mutex);
        for (size_t k = 0; k < done.keys.size(); ++k) {
          auto [it, added] = first_claim.try_emplace(done.keys[k], base + i);
          if (!added && it->second > base + i) it->second = base + i;
          done.is_prepared[k] = it->second == base + i;
        }
      }
      done.prepared.resize(done.findings.size());
      for (size_t k = 0; k < done.findings.size(); ++k)
        if (done.is_prepared[k]) done.prepared[k] = prepare(done.findings[k]);
      return done;
    };

    auto worker = [&] {
      for (;;) {
        size_t i;
        {
          std::unique_lock lock(mutex);
          ++waiting_workers;
          window_opened.wait(lock, [&] { return next_claim >= n || next_claim < next_emit + window; });
          --waiting_workers;
          if (next_claim >= n) return;
          i = next_claim++;
        }
        store_and_write(i, check_one(i));
      }
    };
    // The calling thread is one of the workers.
    std::vector<source::WorkerThread> threads;
    threads.reserve(jobs);
    for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker, j);
    worker();
    for (auto& t : threads) t.join();
  };

  // Projects that include other compose files first: a folder found in a directory whose
  // compose file another project includes is part of that project, not a project of its own.
  // Then the other projects, then the files found on the way that no project has read.
  std::vector<const discover::ProjectTarget*> including, others;
  for (const discover::ProjectTarget& t : discovery_.projects) (t.includes_files ? including : others).push_back(&t);
  auto load_target = [&](const discover::ProjectTarget* t) {
    return load_compose_project(*t, discovery_.root, options_, shell, &cache, &builds);
  };
  auto may_be_included = [](const discover::ProjectTarget* t) {
    return t->checked_alone_unless_included && !t->compose_files.empty();
  };
  auto all_included = [](const discover::ProjectTarget* t, const std::unordered_set<std::string>& included) {
    return std::all_of(t->compose_files.begin(), t->compose_files.end(), [&](const std::string& f) { return included.count(f) > 0; });
  };
  // Both kinds run in one phase: the others need not wait for a long including project (one
  // that includes a hundred files), since whether a folder is part of another project is
  // decided when its turn to be written comes, after every including project. What the
  // including projects that already finished include is skipped without being loaded; a
  // folder checked before its including project finished is checked for nothing (rare: the
  // including projects are claimed first).
  std::mutex included_mutex;
  std::unordered_set<std::string> included_so_far;
  Phase projects;
  projects.n = including.size() + others.size();
  projects.load = [&](size_t i) -> std::unique_ptr<model::Project> {
    if (i < including.size()) return load_target(including[i]);
    const discover::ProjectTarget* t = others[i - including.size()];
    if (may_be_included(t)) {
      std::lock_guard lock(included_mutex);
      if (all_included(t, included_so_far)) return nullptr;
    }
    return load_target(t);
  };
  projects.finished = [&](size_t i, const ProjectOutcome& done) {
    if (i >= including.size() || done.included.empty()) return;
    std::lock_guard lock(included_mutex);
    included_so_far.insert(done.included.begin(), done.included.end());
  };
  projects.discard = [&](size_t i) {
    if (i < including.size()) return false;
    const discover::ProjectTarget* t = others[i - including.size()];
    return may_be_included(t) && all_included(t, included_by_projects);
  };
  run_phase(projects);
  std::vector<const discover::FileTarget*> alone, ci_configs;
  for (const discover::FileTarget& f : discovery_.files) {
    if (f.kind == discover::FileKind::kCiConfig) ci_configs.push_back(&f);
    else if (!read_by_projects.count(f.path)) alone.push_back(&f);
  }
  Phase files;
  files.n = alone.size();
  files.base = projects.n;
  files.load = [&](size_t i) { return load_standalone(*alone[i], discovery_.root, shell, &builds); };
  run_phase(files);
  // Last, the scan's CI configuration as one project.
  if (!ci_configs.empty()) {
    Phase ci;
    ci.n = 1;
    ci.base = projects.n + files.n;
    ci.load = [&](size_t) { return load_ci_configs(ci_configs, discovery_.root); };
    run_phase(ci);
  }
  // Whether an exclude matched anything is known once every project has been checked.
  if (config_.file && suppressor.active()) {
    std::vector<rules::Finding> unused;
    suppressor.report_unused_excludes(unused);
    for (const auto& f : unused) emit(f, prepare(f));
    if (keep_files && !unused.empty()) keep_files->push_back(config_.file);
  }
  return outcome;
}

CheckResult run_check(const CheckOptions& options) {
  CheckResult result;
  Check check(options);
  result.errors = check.errors();
  result.rules_run = check.rules_run();
  if (!result.errors.empty()) return result;
  const RunOutcome outcome = check.run([&](const rules::Finding& f) { result.findings.push_back(f); }, &result.files);
  result.internal_error = outcome.internal_error;
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
