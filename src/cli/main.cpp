// clearance: the command line. Parses arguments, runs a subcommand, maps outcomes to exit codes:
// 0 nothing at or above the fail-on level, 1 findings at or above it, 2 usage/config/I/O/internal.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <tuple>

#include "engine/check.h"
#include "engine/file_output.h"
#include "knowledge/eol.h"
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

// A report destination: stdout, or a file written as engine::FileOutput writes it.
class Output {
 public:
  explicit Output(std::string path) : path_(std::move(path)) {
    if (!to_stdout()) file_.emplace(path_);
  }
  bool to_stdout() const { return path_.empty() || path_ == "-"; }
  // For messages: the file, or "standard output".
  std::string name() const { return to_stdout() ? "standard output" : path_; }
  bool ok() const { return to_stdout() || file_->ok(); }
  std::ostream& stream() { return to_stdout() ? std::cout : file_->stream(); }
  bool commit() {
    if (to_stdout()) {
      std::cout.flush();
      return static_cast<bool>(std::cout);
    }
    return file_->commit();
  }

 private:
  std::string path_;
  std::optional<engine::FileOutput> file_;
};

// Writes a subcommand's whole output to standard output; a write that fails (a full disk,
// /dev/full) is an I/O error, exit 2, not a silent success.
int write_stdout(const std::string& text) {
  std::cout << text;
  std::cout.flush();
  if (std::cout) return kExitClean;
  std::cerr << "clearance: cannot write standard output\n";
  return kExitError;
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
  std::string fail_on;  // empty: the configuration's, else medium
  std::vector<std::string> select, ignore;
  bool no_inline_ignores = false;
  bool show_suppressed = false;
  std::string write_baseline;
  std::optional<std::string> eol_date;  // --eol-date YYYY-MM-DD
};

// The options `check` and `config --dump` share, made into CheckOptions.
bool prepare_options(CheckArgs& args, std::optional<rules::Severity>& fail_on) {
  if (!args.fail_on.empty()) {
    fail_on = rules::parse_severity(args.fail_on);
    if (!fail_on) {
      std::cerr << "clearance: --fail-on must be one of info, low, medium, high, critical\n";
      return false;
    }
  }
  if (args.eol_date) {
    args.options.eol_date = knowledge::Date::parse(*args.eol_date);
    if (!args.options.eol_date) {
      std::cerr << "clearance: --eol-date must be a calendar date written YYYY-MM-DD (got '" << *args.eol_date
                << "')\n";
      return false;
    }
  }
  args.options.select = split_ids(args.select);
  args.options.ignore = split_ids(args.ignore);
  // `--select ''` (an unset variable in a CI script) must not quietly mean every rule.
  for (const auto& [name, given, ids] : {std::tuple{"--select", &args.select, &args.options.select},
                                         std::tuple{"--ignore", &args.ignore, &args.options.ignore}}) {
    if (!given->empty() && ids->empty()) {
      std::cerr << "clearance: " << name << " needs a rule id or prefix (got an empty value)\n";
      return false;
    }
  }
  args.options.inline_ignores = !args.no_inline_ignores;
  args.options.shell_env = engine::process_environment();
  return true;
}

int run_config_dump(CheckArgs& args, const std::string& format) {
  std::optional<rules::Severity> cli_fail_on;
  if (!prepare_options(args, cli_fail_on)) return kExitError;
  engine::Check check(args.options);
  for (const std::string& e : check.errors()) std::cerr << "clearance: " << e << "\n";
  if (!check.errors().empty()) return kExitError;
  const engine::EffectiveConfig effective{&check.config(),      check.production(),
                                          check.fail_on(cli_fail_on), check.inline_ignores(),
                                          check.effective_rules(),  args.options.select,
                                          args.options.ignore};
  std::ostringstream out;
  if (format == "json") engine::dump_json(effective, out);
  else engine::dump_yaml(effective, out);
  return write_stdout(out.str());
}

int run_check(CheckArgs& args) {
  std::optional<rules::Severity> cli_fail_on;
  if (!prepare_options(args, cli_fail_on)) return kExitError;
  engine::Check check(args.options);
  for (const std::string& e : check.errors()) std::cerr << "clearance: " << e << "\n";
  if (!check.errors().empty()) return kExitError;
  const rules::Severity fail_on = check.fail_on(cli_fail_on);

  report::RunInfo run;
  run.tool_version = CLEARANCE_VERSION;
  run.rules = check.rules_run();
  run.production = check.production();
  run.fail_on = fail_on;
  run.scan_root = check.scan_root();
  run.show_suppressed = args.show_suppressed;
  for (const engine::EffectiveRule& r : check.effective_rules())
    if (check.config().severity(r.rule->id)) run.rule_severity.emplace(r.rule->id, r.severity);
  Output output(args.output);
  if (!output.ok()) {
    std::cerr << "clearance: cannot write " << output.name() << "\n";
    return kExitError;
  }
  const char* no_color = std::getenv("NO_COLOR");
  run.color = output.to_stdout() && ::isatty(STDOUT_FILENO) && !(no_color && *no_color);

  std::unique_ptr<report::FindingWriter> writer =
      args.format == "json"    ? report::make_json_writer(run, output.stream())
      : args.format == "sarif" ? report::make_sarif_writer(run, output.stream())
                               : report::make_text_writer(run, output.stream());
  // --write-baseline records what the run reports, plus what the old baseline already held.
  engine::BaselineWriter baseline;
  const bool writing_baseline = !args.write_baseline.empty();
  const engine::PreparedSink sink{
      [&](const rules::Finding& f, std::string& text) { writer->format(f, text); },
      [&](const rules::Finding& f, std::string_view text) {
        writer->write(f, text);
        if (writing_baseline && (!f.suppression || f.suppression->kind == rules::SuppressionKind::kBaseline))
          baseline.add(f);
      }};
  const engine::RunOutcome outcome = check.run(sink);
  writer->end();
  // On stderr, so that the report stays what it is; the exit code does not change, so that
  // `xargs clearance check` over a mix of files keeps working.
  for (const std::string& path : outcome.not_checked)
    std::cerr << "clearance: " << path << ": not a compose file, Dockerfile, env file or .dockerignore; not checked\n";
  if (!output.commit()) {
    std::cerr << "clearance: cannot write " << output.name() << "\n";
    return kExitError;
  }
  if (outcome.internal_error) return kExitError;
  if (writing_baseline) {
    std::string error;
    if (!baseline.write(args.write_baseline, error)) {
      std::cerr << "clearance: " << error << "\n";
      return kExitError;
    }
    // The findings are now recorded: writing a baseline is accepting them.
    std::cerr << "clearance: wrote " << baseline.entries().size() << " baseline entries to " << args.write_baseline
              << "\n";
    return kExitClean;
  }
  return outcome.any_at_or_above(fail_on) ? kExitFindings : kExitClean;
}

int run_rules(const std::string& format) {
  const auto rules = catalog();
  std::ostringstream out;
  if (format == "json") report::write_rules_json(rules, out);
  else if (format == "markdown") report::write_rules_markdown(rules, out);
  else report::write_rules_text(rules, out);
  return write_stdout(out.str());
}

int run_explain(std::string id, const std::string& format) {
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& r : rules::all_rules()) {
    if (r->meta().id == upper || r->meta().slug == id) {
      std::ostringstream out;
      if (format == "markdown") report::write_rule_markdown(r->meta(), out);
      else report::write_rule_explanation(r->meta(), out);
      return write_stdout(out.str());
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
  CLI::Option* output_option =
      check_cmd->add_option("-o,--output", check.output, "Write the report to FILE (atomically)");
  check_cmd->add_flag("--production", check.options.production, "Apply the baseline's production recommendations");
  check_cmd->add_option("--fail-on", check.fail_on,
                        "Exit 1 when a finding is at or above this level (default: the configuration's, else medium)")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  one_each(check_cmd->add_option("--select", check.select,
                                 "Only these rules (ids or prefixes, comma-separated or repeated)"));
  one_each(check_cmd->add_option("--ignore", check.ignore, "Skip these rules (ids or prefixes)"));
  one_each(check_cmd->add_option("--profile", check.options.profiles,
                                 "Only what `docker compose --profile NAME up` would start (repeatable)"));
  check_cmd->add_option("--config", check.options.config_path,
                        "Configuration file (default: .clearance.yaml in the scan root)");
  check_cmd->add_flag("--no-inline-ignores", check.no_inline_ignores,
                      "Ignore every `# clearance:` suppression comment (for audits)");
  check_cmd->add_flag("--show-suppressed", check.show_suppressed, "Text output: also list suppressed findings");
  check_cmd->add_option("--baseline", check.options.baseline_path, "Suppress the findings recorded in this baseline");
  check_cmd->add_option("--eol-date", check.eol_date,
                        "Judge end of life (CLR403) as on this day, YYYY-MM-DD (default: today, UTC)");
  check_cmd->add_option("--write-baseline", check.write_baseline,
                        "Record the findings of this run in FILE (and exit 0 once it is written)");
  check_cmd->add_option("-j,--jobs", check.options.jobs, "Parallel workers (default: every core)")
      ->check(CLI::Range(0u, 1024u));

  // `clearance config --dump`: the effective configuration (file and command line merged).
  CheckArgs config;
  bool config_dump = false;
  std::string config_format = "yaml";
  auto* config_cmd = app.add_subcommand("config", "Show the effective configuration");
  config_cmd->add_flag("--dump", config_dump, "Print the effective configuration")->required();
  config_cmd->add_option("path", config.options.paths, "The scan root whose .clearance.yaml applies (default: .)")
      ->expected(0, 1);
  config_cmd->add_option("--config", config.options.config_path, "Configuration file");
  config_cmd->add_option("--format", config_format, "Output format")->check(CLI::IsMember({"yaml", "json"}));
  config_cmd->add_flag("--production", config.options.production, "As `check --production`");
  config_cmd->add_option("--fail-on", config.fail_on, "As `check --fail-on`")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  one_each(config_cmd->add_option("--select", config.select, "As `check --select`"));
  one_each(config_cmd->add_option("--ignore", config.ignore, "As `check --ignore`"));
  config_cmd->add_flag("--no-inline-ignores", config.no_inline_ignores, "As `check --no-inline-ignores`");

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
    // An unknown command is named (CLI11 would only say that a subcommand is required).
    const auto is_command = [&](const char* word) {
      return !app.get_subcommands([&](CLI::App* sub) { return sub->check_name(word); }).empty();
    };
    if (e.get_exit_code() != 0 && argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
      std::cerr << "clearance: unknown command '" << argv[1] << "' (commands: check, config, rules, explain; see --help)\n";
      return kExitError;
    }
    const int code = app.exit(e);
    if (code != 0) return kExitError;
    // --help and --version: their output is the command's output, and a failed write is an
    // I/O error as for any other command.
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "clearance: cannot write standard output\n";
      return kExitError;
    }
    return kExitClean;
  }
  try {
    if (*check_cmd && output_option->count() > 0 && check.output.empty()) {
      std::cerr << "clearance: --output needs a file name (got an empty value)\n";
      return kExitError;
    }
    if (*check_cmd) return run_check(check);
    if (*config_cmd) return run_config_dump(config, config_format);
    if (*rules_cmd) return run_rules(rules_format);
    if (*explain_cmd) return run_explain(explain_id, explain_format);
  } catch (const std::exception& e) {
    std::cerr << "clearance: internal error: " << e.what() << "\n";
  }
  return kExitError;
}
