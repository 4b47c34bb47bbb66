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

// Writes next to the destination and renames, so a reader never sees half a report.
bool write_output(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f.good()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

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
  engine::CheckResult result = engine::run_check(args.options);
  for (const std::string& e : result.errors) std::cerr << "clearance: " << e << "\n";
  if (!result.errors.empty()) return kExitError;

  report::RunInfo run;
  run.tool_version = CLEARANCE_VERSION;
  run.rules = result.rules_run;
  run.production = args.options.production;
  run.fail_on = *fail_on;
  const bool to_terminal = (args.output.empty() || args.output == "-") && ::isatty(STDOUT_FILENO);
  const char* no_color = std::getenv("NO_COLOR");
  run.color = to_terminal && !(no_color && *no_color);

  std::ostringstream out;
  if (args.format == "json") report::write_json(result.findings, run, out);
  else if (args.format == "sarif") report::write_sarif(result.findings, run, out);
  else report::write_text(result.findings, run, out);
  if (!write_output(args.output, out.str())) {
    std::cerr << "clearance: cannot write " << args.output << "\n";
    return kExitError;
  }
  if (result.internal_error) return kExitError;
  for (const rules::Finding& f : result.findings)
    if (f.severity >= *fail_on) return kExitFindings;
  return kExitClean;
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
  check_cmd->add_option("-f,--file", check.options.compose_files, "Compose file(s), in order, as `docker compose -f`");
  check_cmd->add_option("--env-file", check.options.env_files, "Env file(s) for interpolation, replacing .env");
  check_cmd->add_option("--format", check.format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}));
  check_cmd->add_option("-o,--output", check.output, "Write the report to FILE (atomically)");
  check_cmd->add_flag("--production", check.options.production, "Apply the baseline's production recommendations");
  check_cmd->add_option("--fail-on", check.fail_on, "Exit 1 when a finding is at or above this level (default: medium)")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  check_cmd->add_option("--select", check.select, "Only these rules (ids or prefixes, comma-separated or repeated)");
  check_cmd->add_option("--ignore", check.ignore, "Skip these rules (ids or prefixes)");
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
