// clearance: the command line. Parses arguments, runs a subcommand, maps outcomes to exit codes:
// 0 nothing at or above the fail-on level, 1 findings at or above it, 2 usage/config/I/O/internal.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/check.h"
#include "report/report.h"
#include "rules/registry.h"

namespace {

using namespace clearance;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

// Splits "CLR101,CLR102" style lists as well as repeated options.
std::vector<std::string> split_ids(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ',')) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      for (char& c : item) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

// A report destination: stdout, or a temporary file beside FILE that is renamed into place
// once the report is complete, so that a reader never sees half a report.
class Output {
 public:
  explicit Output(std::string path) : path_(std::move(path)) {
    if (to_stdout()) return;
    tmp_ = path_ + ".tmp-" + std::to_string(::getpid());
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
  }
  ~Output() {
    if (!committed_ && !tmp_.empty()) std::remove(tmp_.c_str());
  }
  bool to_stdout() const { return path_.empty() || path_ == "-"; }
  bool ok() const { return to_stdout() || file_.is_open(); }
  std::ostream& stream() { return to_stdout() ? std::cout : file_; }
  bool commit() {
    if (to_stdout()) {
      std::cout.flush();
      return static_cast<bool>(std::cout);
    }
    file_.close();
    committed_ = !file_.fail() && std::rename(tmp_.c_str(), path_.c_str()) == 0;
    return committed_;
  }

 private:
  std::string path_;
  std::string tmp_;
  std::ofstream file_;
  bool committed_ = false;
};

std::vector<const rules::RuleMeta*> catalog() {
  std::vector<const rules::RuleMeta*> out;
  for (const auto& r : rules::all_rules()) out.push_back(&r->meta());
  return out;
}

struct CheckArgs {
  engine::CheckOptions options;
  std::string format = "text";
  std::string output;
  std::string fail_on = "medium";
  std::vector<std::string> select, ignore;
};

int run_check(CheckArgs& args) {
  const auto fail_on = rules::parse_severity(args.fail_on);
  if (!fail_on) {
    std::cerr << "clearance: --fail-on must be one of info, low, medium, high, critical\n";
    return kExitError;
  }
  args.options.select = split_ids(args.select);
  args.options.ignore = split_ids(args.ignore);
  args.options.shell_env = engine::process_environment();
  engine::Check check(args.options);
  for (const std::string& e : check.errors()) std::cerr << "clearance: " << e << "\n";
  if (!check.errors().empty()) return kExitError;

  report::RunInfo run;
  run.tool_version = CLEARANCE_VERSION;
  run.rules = check.rules_run();
  run.production = args.options.production;
  run.fail_on = *fail_on;
  run.scan_root = check.scan_root();
  Output output(args.output);
  if (!output.ok()) {
    std::cerr << "clearance: cannot write " << args.output << "\n";
    return kExitError;
  }
  const char* no_color = std::getenv("NO_COLOR");
  run.color = output.to_stdout() && ::isatty(STDOUT_FILENO) && !(no_color && *no_color);

  std::unique_ptr<report::FindingWriter> writer =
      args.format == "json"    ? report::make_json_writer(run, output.stream())
      : args.format == "sarif" ? report::make_sarif_writer(run, output.stream())
                               : report::make_text_writer(run, output.stream());
  const engine::PreparedSink sink{
      [&](const rules::Finding& f, std::string& text) { writer->format(f, text); },
      [&](const rules::Finding& f, std::string_view text) { writer->write(f, text); }};
  const engine::RunOutcome outcome = check.run(sink);
  writer->end();
  if (!output.commit()) {
    std::cerr << "clearance: cannot write " << args.output << "\n";
    return kExitError;
  }
  if (outcome.internal_error) return kExitError;
  return outcome.any_at_or_above(*fail_on) ? kExitFindings : kExitClean;
}

int run_rules(const std::string& format) {
  const auto rules = catalog();
  std::ostringstream out;
  if (format == "json") report::write_rules_json(rules, out);
  else if (format == "markdown") report::write_rules_markdown(rules, out);
  else report::write_rules_text(rules, out);
  std::cout << out.str();
  return kExitClean;
}

int run_explain(std::string id, const std::string& format) {
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& r : rules::all_rules()) {
    if (r->meta().id == upper || r->meta().slug == id) {
      if (format == "markdown") report::write_rule_markdown(r->meta(), std::cout);
      else report::write_rule_explanation(r->meta(), std::cout);
      return kExitClean;
    }
  }
  std::cerr << "clearance: unknown rule " << id << " (see `clearance rules`)\n";
  return kExitError;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"clearance: a security auditor for Docker Compose projects"};
  app.set_version_flag("--version", std::string("clearance ") + CLEARANCE_VERSION);
  app.require_subcommand(1);

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "Audit Compose projects (default: the current directory)");
  check_cmd->add_option("paths", check.options.paths, "Directories or files to check");
  // Repeatable options take one value each, so that `--select CLR101 PATH` keeps PATH a path.
  const auto one_each = [](CLI::Option* o) {
    return o->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  one_each(check_cmd->add_option("-f,--file", check.options.compose_files,
                                 "Compose file(s), in order, as `docker compose -f` (repeatable)"));
  one_each(check_cmd->add_option("--env-file", check.options.env_files,
                                 "Env file(s) for interpolation, replacing .env (repeatable)"));
  check_cmd->add_option("--format", check.format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}));
  check_cmd->add_option("-o,--output", check.output, "Write the report to FILE (atomically)");
  check_cmd->add_flag("--production", check.options.production, "Apply the baseline's production recommendations");
  check_cmd->add_option("--fail-on", check.fail_on, "Exit 1 when a finding is at or above this level (default: medium)")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  one_each(check_cmd->add_option("--select", check.select,
                                 "Only these rules (ids or prefixes, comma-separated or repeated)"));
  one_each(check_cmd->add_option("--ignore", check.ignore, "Skip these rules (ids or prefixes)"));
  check_cmd->add_option("-j,--jobs", check.options.jobs, "Parallel workers (default: every core)")
      ->check(CLI::Range(0u, 1024u));

  std::string rules_format = "text";
  auto* rules_cmd = app.add_subcommand("rules", "List the rule catalog");
  rules_cmd->add_option("--format", rules_format, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}));

  std::string explain_id;
  std::string explain_format = "text";
  auto* explain_cmd = app.add_subcommand("explain", "Explain one rule in full");
  explain_cmd->add_option("rule", explain_id, "Rule id (CLR101) or slug")->required();
  explain_cmd->add_option("--format", explain_format, "Output format")->check(CLI::IsMember({"text", "markdown"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitClean : kExitError;
  }
  try {
    if (*check_cmd) return run_check(check);
    if (*rules_cmd) return run_rules(rules_format);
    if (*explain_cmd) return run_explain(explain_id, explain_format);
  } catch (const std::exception& e) {
    std::cerr << "clearance: internal error: " << e.what() << "\n";
  }
  return kExitError;
}
