// CLR413: pip told to search a second package index next to PyPI (`--extra-index-url`), which
// picks each package from whichever index offers the highest version: dependency confusion.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/project.h"
#include "rules/build/downloads.h"
#include "rules/build/run_commands.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

using build::Program;
using build::RunCommand;
namespace sh = dockerfile::shell;

constexpr Reference kRefs[] = {
    {"pip documentation: --extra-index-url and dependency confusion",
     "https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url"},
    {"pip secure installs: --require-hashes",
     "https://pip.pypa.io/en/stable/topics/secure-installs/"},
    {"uv: searching across multiple indexes (index strategy)",
     "https://docs.astral.sh/uv/configuration/indexes/#searching-across-multiple-indexes"},
    {"PyTorch: compromised torchtriton nightly dependency (December 2022)",
     "https://pytorch.org/blog/compromised-nightly-dependency/"},
    {"OWASP Docker Security Cheat Sheet, rule #13 (supply chain)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR413",
    .slug = "extra-index-url",
    .title = "pip searches an extra package index (dependency confusion)",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports `--extra-index-url` given to pip (`pip`, `pip3`, `python -m pip`, `pip-compile`, "
        "`pip-sync`, in any subcommand), `pip config set global.extra-index-url`, the "
        "`PIP_EXTRA_INDEX_URL` variable (ENV, ARG, or set in RUN) and `extra-index-url` written "
        "into pip.conf or pip.ini. For uv, whose default index strategy (`first-index`) takes "
        "each package from the first index that has it, reports `--index-strategy "
        "unsafe-best-match` or `unsafe-first-match` on a command that names another index "
        "(`--index`, `--extra-index-url`). Not reported: `--require-hashes` or `--no-index`, or "
        "requirement files that the same RUN generated with a hash for every package (`uv "
        "export`, `pip-compile --generate-hashes`, `poetry export`): pip and uv check those "
        "hashes, so a package from the wrong index fails to install.",
    .rationale =
        "With an extra index, pip collects the candidates for every requirement from all indexes "
        "and installs the highest version, wherever it comes from. Anyone can publish a package "
        "on PyPI under the name of a package that only exists on your private index (or on a "
        "vendor's index), give it a higher version number, and pip will install it in the "
        "image: this is dependency confusion, and it is what happened to PyTorch's nightly "
        "builds in December 2022 through their own extra index. pip's documentation calls the "
        "option unsafe for this reason.",
    .example =
        "FROM python:3.12-slim\n"
        "RUN pip install --no-cache-dir \\\n"
        "      --extra-index-url https://pypi.internal.example.com/simple \\\n"
        "      internal-utils==2.3.1 requests==2.32.3\n",
    .instead =
        "FROM python:3.12-slim\n"
        "COPY requirements.txt .\n"
        "RUN pip install --no-cache-dir --require-hashes \\\n"
        "      --index-url https://pypi.internal.example.com/simple -r requirements.txt\n"
        "\n"
        "Use a single index with `--index-url`, ideally a private one that proxies PyPI and "
        "serves your own names first, and pin every requirement with `--hash` so that a "
        "substituted file fails to install. With uv, keep its default `first-index` strategy "
        "or pin packages to their index with `[tool.uv.sources]`.",
    .fix_safety =
        "No fix is offered: which index should serve which package is a decision about the "
        "project's package infrastructure.",
    .references = kRefs,
};

std::string index_name(std::string_view url) {
  const std::string origin = build::url_origin(url);
  return origin.empty() ? "a second index" : origin;
}

// `primary`: the main index (--index-url), "" for PyPI.
std::string message(std::string_view what, std::string_view url, std::string_view primary = {}) {
  const std::string main = primary.empty() ? "PyPI" : index_name(primary);
  return std::string(what) + " makes pip take each package from " + main + " or " +
         index_name(url) +
         ", whichever offers the higher version: anyone who publishes a package of the same name "
         "on the other index gets it installed (dependency confusion)";
}

// The requirement files a command installs from (-r, --requirement, --requirements).
std::vector<std::string> requirement_files(const sh::Command& c, size_t from) {
  std::vector<std::string> out;
  for (std::string_view flag : {"-r", "--requirement", "--requirements"})
    for (const build::LongOption& o : build::long_options(c, from, flag, true))
      if (o.has_value) out.emplace_back(o.value);
  for (size_t k = from; k < c.words.size(); ++k) {
    const std::string& w = c.words[k].value;
    if (w.size() > 2 && w.starts_with("-r") && w[2] != '-') out.push_back(w.substr(2));
  }
  return out;
}

// Whether command `index` installs only what requirement files list, and an earlier command of
// the same script wrote every one of them with a hash for each package: `uv export` (hashes
// unless --no-hashes), `uv pip compile --generate-hashes`, `pip-compile --generate-hashes`,
// `poetry export` (hashes unless --without-hashes). pip and uv check those hashes, so a package
// from the wrong index fails to install.
bool installs_hashed_requirements(const sh::Script& script, size_t index, size_t from) {
  const sh::Command& c = script.commands[index];
  const std::vector<std::string> files = requirement_files(c, from);
  if (files.empty()) return false;
  for (const std::string& file : files) {
    bool hashed = false;
    for (size_t j = 0; j < index && !hashed; ++j) {
      const sh::Command& w = script.commands[j];
      const Program p = build::program(w);
      auto has = [&](std::string_view flag) {
        return !build::long_options(w, p.index + 1, flag, false).empty();
      };
      const bool uv_pip =
          p.name == "uv" && p.index + 1 < w.words.size() && w.words[p.index + 1].value == "pip";
      bool with_hashes = false;
      if (p.name == "uv" && p.index + 1 < w.words.size() && w.words[p.index + 1].value == "export")
        with_hashes = !has("--no-hashes");
      else if (p.name == "pip-compile" || uv_pip)
        with_hashes = has("--generate-hashes");
      else if (p.name == "poetry" && p.index + 1 < w.words.size() &&
               w.words[p.index + 1].value == "export")
        with_hashes = !has("--without-hashes");
      if (!with_hashes) continue;
      for (std::string_view flag : {"-o", "--output-file", "--output"})
        for (const build::LongOption& o : build::long_options(w, p.index + 1, flag, true))
          if (o.value == file) hashed = true;
      for (const sh::Redirection& r : w.redirections)
        if ((r.op == ">" || r.op == ">|") && r.fd <= 1 && r.target.value == file) hashed = true;
    }
    if (!hashed) return false;
  }
  return true;
}

class ExtraIndexUrl final : public DockerfileRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project& project,
                        Reporter& out) const override {
    const dockerfile::Dockerfile& df = *dockerfile.syntax;
    build::Visitor visitor;
    visitor.setting = [&](const build::Setting& s) {
      if (s.name == "PIP_EXTRA_INDEX_URL" && s.value && !build::trim(*s.value).empty())
        build::report(out, s.span, message("PIP_EXTRA_INDEX_URL", *s.value));
    };
    visitor.command = [&](const RunCommand& rc) { check_command(rc, out); };
    visitor.file = [&](const build::WrittenFile& f) { check_file(f, out); };
    build::visit(project, df, visitor);
  }

 private:
  static void check_file(const build::WrittenFile& f, Reporter& out) {
    const std::string_view base = build::path_basename(f.path);
    if (base != "pip.conf" && base != "pip.ini") return;
    for (const build::WrittenLine& l : f.lines) {
      const std::optional<build::ConfigLine> line = build::config_line(l.text);
      if (line && (line->key == "extra-index-url" || line->key == "extra_index_url") &&
          !line->value.empty())
        build::report(out, l.span,
                      message("`extra-index-url` in " + std::string(base), line->value));
    }
  }

  static void check_command(const RunCommand& rc, Reporter& out) {
    const sh::Command& c = rc.command;
    const Program p = build::program(c);
    if (p.name == "uv") return check_uv(rc, p, out);
    const std::optional<size_t> args = build::pip_arguments(c);
    if (!args) return;
    // Every file pinned by hash, or no index at all: a same-named package cannot get in.
    if (!build::long_options(c, *args, "--require-hashes", false).empty() ||
        !build::long_options(c, *args, "--no-index", false).empty() ||
        installs_hashed_requirements(rc.script, rc.index, *args))
      return;
    std::string_view primary;
    for (std::string_view flag : {"--index-url", "-i"})
      for (const build::LongOption& o : build::long_options(c, *args, flag, true))
        primary = o.value;
    for (const build::LongOption& o : build::long_options(c, *args, "--extra-index-url", true))
      build::report(out, build::word_part(rc.script, c.words[o.word], 0, 17),
                    message("`--extra-index-url`", o.value, primary));
    // pip config [--global] set global.extra-index-url URL
    size_t k = *args;
    while (k < c.words.size() && c.words[k].value.starts_with("-")) ++k;
    if (k >= c.words.size() || c.words[k].value != "config") return;
    ++k;
    while (k < c.words.size() && c.words[k].value.starts_with("-")) ++k;
    if (k + 2 >= c.words.size() || c.words[k].value != "set") return;
    if (source::ascii_lower(c.words[k + 1].value).ends_with(".extra-index-url"))
      build::report(
          out, build::join(c.words[k + 1].span, c.words[k + 2].span),
          message("`" + c.words[k + 1].value + "` in pip's configuration", c.words[k + 2].value));
  }

  // uv takes each package from the first index that has it, unless told otherwise: the finding
  // points at the unsafe --index-strategy, when there is more than one index to choose from.
  static void check_uv(const RunCommand& rc, const Program& p, Reporter& out) {
    const sh::Command& c = rc.command;
    std::optional<build::LongOption> strategy;
    for (const build::LongOption& o : build::long_options(c, p.index + 1, "--index-strategy", true))
      strategy = o.value.starts_with("unsafe") ? std::optional(o) : std::nullopt;
    if (!strategy || installs_hashed_requirements(rc.script, rc.index, p.index + 1)) return;
    std::vector<std::string> extra;  // the indexes besides the default one
    for (std::string_view flag : {"--extra-index-url", "--index"})
      for (const build::LongOption& o : build::long_options(c, p.index + 1, flag, true))
        if (o.has_value) extra.push_back(index_name(o.value));
    if (extra.empty()) return;
    std::string names;
    for (size_t i = 0; i < extra.size(); ++i) names += (i ? ", " : "") + extra[i];
    build::report(
        out, build::word_part(rc.script, c.words[strategy->word], 0, 16),
        "`--index-strategy " + std::string(strategy->value) +
            "` makes uv take each package from whichever index offers the best version (" + names +
            " or the default index): anyone who publishes a package of the same name on another "
            "index gets it installed (dependency confusion)");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr413_extra_index_url() { return std::make_unique<ExtraIndexUrl>(); }

}  // namespace clearance::rules
