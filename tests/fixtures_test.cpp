// The annotated-fixture runner. Every folder, compose/YAML file, Dockerfile, env file (.env,
// .env.*) or .dockerignore under tests/fixtures/<area>/<RULE>/ is a project; `# expect: CLR101` trailing a line (or alone on the line before it) states a finding
// that must be reported there. Every finding must match an annotation and every annotation a
// finding, so a fixture without annotations asserts that nothing fires. The folder name
// selects the rule under test; fixtures outside a CLRnnn folder run every default rule.
//
// Annotation grammar:  # expect: ID [SEVERITY] [suppressed[=KIND]] ["text"] [; ID ...]
//                      (the text must appear in the span, the message or the suppression's reason)
// Fixture directives:  # fixture: production        run with --production
//                      # fixture: env NAME=value    a variable in the shell environment
//                      # fixture: select ID,ID      rules to run instead of the folder's
//                      # fixture: no-inline-ignores run with --no-inline-ignores
//                      # fixture: eol-date 2026-12-01  run with --eol-date (CLR403)
//
// Suppressed findings: a finding that a suppression (inline comment, configuration, baseline)
// hides is not reported, so an unannotated suppressed finding passes, exactly as an absent one
// does. To assert that a finding exists *and* is suppressed, annotate it `suppressed` (or
// `suppressed=inline|config|baseline`); such an annotation matches only a suppressed finding, and a
// plain annotation only a reported one. An unused inline suppression is itself a finding
// (CLR904), so a suppression that matches nothing fails the fixture unless annotated.
//
// Configuration: `<fixture>.clearance.yaml` beside a fixture file, or `.clearance.yaml` inside a
// fixture folder (found as any scan root's), is the run's configuration. Annotations in it
// count too (an expired exclude is CLR904 at its `expires` line).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "discover/discover.h"
#include "engine/check.h"

namespace fs = std::filesystem;
using namespace clearance;

namespace {

struct Expectation {
  std::string file;  // relative to the fixture root
  uint32_t line = 0;
  std::string rule;
  std::string severity;
  std::string text;
  bool suppressed = false;
  std::string suppression_kind;  // empty: any
  bool matched = false;
};

struct Fixture {
  fs::path path;        // file or folder
  std::string name;     // relative to tests/fixtures, for test names
  std::string rule;     // CLRnnn from the folder, or empty
};

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

std::vector<Fixture> discover_fixtures() {
  std::vector<Fixture> out;
  const fs::path root = CLEARANCE_FIXTURES_DIR;
  static const std::regex kRuleDir("CLR[0-9]{3}");
  for (const auto& area : fs::directory_iterator(root)) {
    if (!area.is_directory()) continue;
    for (const auto& group : fs::directory_iterator(area.path())) {
      if (!group.is_directory()) continue;
      const std::string group_name = group.path().filename().string();
      const bool rule_dir = std::regex_match(group_name, kRuleDir);
      for (const auto& entry : fs::directory_iterator(group.path())) {
        const std::string fname = entry.path().filename().string();
        const bool yaml = fname.ends_with(".yaml") || fname.ends_with(".yml");
        const bool config = fname.ends_with(".clearance.yaml");
        const bool checked_file = !config && (yaml || discover::is_dockerfile_name(fname) ||
                                              discover::is_env_file_name(fname) || fname.ends_with(".dockerignore"));
        if (!entry.is_directory() && !checked_file) continue;
        Fixture f;
        f.path = entry.path();
        f.name = fs::relative(entry.path(), root).generic_string();
        f.rule = rule_dir ? group_name : "";
        out.push_back(f);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.name < b.name; });
  return out;
}

void parse_expectations(const std::string& body, const std::string& rel, std::vector<Expectation>& out,
                        engine::CheckOptions& options) {
  std::istringstream in(body);
  std::string line;
  uint32_t number = 0;
  std::vector<Expectation> pending;  // own-line annotations waiting for their line
  while (std::getline(in, line)) {
    ++number;
    const size_t fixture_at = line.find("# fixture:");
    if (fixture_at != std::string::npos) {
      const std::string d = trim(line.substr(fixture_at + 10));
      if (d == "production") options.production = true;
      else if (d.rfind("env ", 0) == 0) {
        const std::string kv = trim(d.substr(4));
        const size_t eq = kv.find('=');
        options.shell_env[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
      } else if (d.rfind("eol-date ", 0) == 0) {
        options.eol_date = knowledge::Date::parse(trim(d.substr(9)));
        EXPECT_TRUE(options.eol_date.has_value()) << rel << ": bad eol-date directive: " << d;
      } else if (d == "no-inline-ignores") {
        options.inline_ignores = false;
      } else if (d.rfind("select ", 0) == 0) {
        std::stringstream ss(d.substr(7));
        std::string id;
        options.select.clear();
        while (std::getline(ss, id, ',')) options.select.push_back(trim(id));
      }
      continue;
    }
    const size_t at = line.find("# expect:");
    const bool own_line = at != std::string::npos && trim(line.substr(0, at)).empty();
    if (at == std::string::npos) {
      if (!trim(line).empty() || !pending.empty()) {
        for (Expectation& e : pending) {
          e.line = number;
          out.push_back(e);
        }
        pending.clear();
      }
      continue;
    }
    std::vector<Expectation> here;
    std::stringstream items(line.substr(at + 9));
    std::string item;
    while (std::getline(items, item, ';')) {
      Expectation e;
      e.file = rel;
      std::string rest = trim(item);
      const size_t q = rest.find('"');
      if (q != std::string::npos) {
        const size_t q2 = rest.rfind('"');
        e.text = rest.substr(q + 1, q2 > q ? q2 - q - 1 : std::string::npos);
        rest = trim(rest.substr(0, q));
      }
      std::stringstream words(rest);
      words >> e.rule;
      for (std::string w; words >> w;) {
        if (w.rfind("suppressed", 0) == 0) {
          e.suppressed = true;
          if (w.size() > 11 && w[10] == '=') e.suppression_kind = w.substr(11);
        } else {
          e.severity = w;
        }
      }
      if (!e.rule.empty()) here.push_back(e);
    }
    if (own_line) {
      pending.insert(pending.end(), here.begin(), here.end());
    } else {
      for (Expectation& e : here) {
        e.line = number;
        out.push_back(e);
      }
    }
  }
}

std::string read_all(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

class FixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, FindingsMatchAnnotations) {
  const Fixture& fx = GetParam();
  engine::CheckOptions options;
  options.jobs = 1;
  if (!fx.rule.empty()) options.select = {fx.rule};
  std::vector<Expectation> expected;
  const fs::path root = fs::is_directory(fx.path) ? fx.path : fx.path.parent_path();
  if (fs::is_directory(fx.path)) {
    for (const auto& e : fs::recursive_directory_iterator(fx.path))
      if (e.is_regular_file())
        parse_expectations(read_all(e.path()), fs::relative(e.path(), root).generic_string(), expected, options);
  } else {
    parse_expectations(read_all(fx.path), fx.path.filename().string(), expected, options);
    // foo.yaml -> foo.clearance.yaml; Dockerfile -> Dockerfile.clearance.yaml
    fs::path config = fx.path;
    if (config.extension() == ".yaml" || config.extension() == ".yml") config.replace_extension(".clearance.yaml");
    else config += ".clearance.yaml";
    if (fs::exists(config)) {
      options.config_path = config.string();
      parse_expectations(read_all(config), config.filename().string(), expected, options);
    }
  }
  options.paths = {fx.path.string()};
  const engine::CheckResult result = engine::run_check(options);
  ASSERT_TRUE(result.errors.empty()) << result.errors.front();

  std::vector<std::string> unexpected;
  for (const rules::Finding& f : result.findings) {
    const std::string file = f.span.file ? f.span.file->path() : "";
    const std::string span_text(f.span.text());
    bool found = false;
    for (Expectation& e : expected) {
      if (e.matched || e.rule != f.rule->id || e.file != file || e.line != f.span.start().line) continue;
      if (e.suppressed != f.suppression.has_value()) continue;
      if (!e.suppression_kind.empty() && e.suppression_kind != rules::to_string(f.suppression->kind)) continue;
      if (!e.severity.empty() && e.severity != rules::to_string(f.severity)) continue;
      if (!e.text.empty() && span_text.find(e.text) == std::string::npos &&
          f.message.find(e.text) == std::string::npos &&
          !(f.suppression && f.suppression->reason.find(e.text) != std::string::npos))
        continue;
      e.matched = found = true;
      break;
    }
    if (!found && f.suppression) continue;  // suppressed and not asserted: as good as absent
    if (!found)
      unexpected.push_back(file + ":" + std::to_string(f.span.start().line) + ":" +
                           std::to_string(f.span.start().column) + ": " + std::string(f.rule->id) + " " +
                           std::string(rules::to_string(f.severity)) + " [" + span_text + "] " + f.message);
  }
  for (const std::string& u : unexpected) ADD_FAILURE() << "unexpected finding: " << u;
  for (const Expectation& e : expected)
    if (!e.matched)
      ADD_FAILURE() << "missing finding: " << e.file << ":" << e.line << ": " << e.rule
                    << (e.severity.empty() ? "" : " " + e.severity) << (e.suppressed ? " suppressed" : "")
                    << (e.text.empty() ? "" : " \"" + e.text + "\"");
}

std::string fixture_name(const ::testing::TestParamInfo<Fixture>& info) {
  std::string n = info.param.name;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(discover_fixtures()), fixture_name);

}  // namespace
