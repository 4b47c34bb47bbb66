// CLR405: ADD where COPY would do (local files), and ADD of a remote file or git repository
// that is not pinned by checksum or commit.
#include <algorithm>
#include <cctype>
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

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 4.9: use COPY instead of ADD",
     "https://www.cisecurity.org/benchmark/docker"},
    {"Docker build best practices: ADD or COPY",
     "https://docs.docker.com/build/building/best-practices/#add-or-copy"},
    {"Dockerfile reference: ADD (remote files, git repositories, --checksum)",
     "https://docs.docker.com/reference/dockerfile/#add"},
    {"OWASP Docker Security Cheat Sheet, rule #13 (supply chain)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"hadolint DL3020: use COPY instead of ADD for files and folders",
     "https://github.com/hadolint/hadolint/wiki/DL3020"},
};

constexpr RuleMeta kMeta{
    .id = "CLR405",
    .slug = "add-instead-of-copy",
    .title = "ADD used where COPY would do, or a remote ADD is not pinned",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports `ADD` of files from the build context or an inline heredoc, where `COPY` does "
        "the same thing without ADD's extra behaviour (low, at the `ADD` keyword); `ADD` of an "
        "HTTP(S) URL without `--checksum` (medium, at the URL); and `ADD` of a git repository "
        "that is not pinned to a commit, neither by `--checksum=<commit>`, a `checksum=`/`commit=` "
        "query nor a full commit hash as its ref (medium, at the repository). A local tar "
        "archive (`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`/`.tbz2`, `.tar.xz`/`.txz`, "
        "`.tar.zst`/`.tzst`) is not reported: unpacking it is what ADD is for, unless "
        "`--unpack=false` turns that off. Sources whose value depends on an unknown variable "
        "are not judged; ARG defaults and ENV values are used.",
    .rationale =
        "ADD does more than copy: it unpacks local tar archives and fetches URLs and git "
        "repositories. For plain files that is surprising behaviour waiting to happen (a file "
        "that happens to be a tar archive is unpacked instead of copied), and COPY says what is "
        "meant. For remote sources ADD downloads at build time with no integrity check unless "
        "told one: whatever the server (or anyone between it and the build) returns goes into "
        "the image, and it can differ from one build to the next. A git branch or tag can be "
        "moved to other commits by anyone who can push to the repository.",
    .example =
        "FROM alpine:3.20\n"
        "ADD app.conf /etc/app/app.conf\n"
        "ADD https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu\n"
        "ADD https://github.com/example/tool.git#main /src/tool\n",
    .instead =
        "FROM alpine:3.20\n"
        "COPY app.conf /etc/app/app.conf\n"
        "ADD --checksum=sha256:<sha256 of gosu-amd64 1.17> \\\n"
        "    https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu\n"
        "ADD https://github.com/example/tool.git#<full commit hash of the release> /src/tool\n"
        "\n"
        "Use COPY for files from the build context. Pin every remote ADD: `--checksum=sha256:...` "
        "for a URL, a full commit hash for a git repository (`--checksum=<commit>`, "
        "`?commit=<commit>` or `#<commit>`). `ADD --checksum` needs Dockerfile syntax 1.6 or "
        "later for URLs (1.9 or later for git repositories); a full commit hash as the ref "
        "works with any BuildKit that can ADD a git repository.",
    .fix_safety =
        "No fix is offered: replacing ADD with COPY changes the result when a source is an "
        "archive without a tar extension, and a checksum has to come from a file someone has "
        "checked.",
    .references = kRefs,
};

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool is_commit(std::string_view s) { return (s.size() == 40 || s.size() == 64) && is_hex(s); }

bool lower_ends_with(std::string_view s, std::string_view suffix) {
  return source::ascii_lower(s).ends_with(suffix);
}

// A tar archive ADD unpacks (BuildKit detects tar, gzip, bzip2, xz and zstd by content; these
// are the names that say so).
bool is_tar_archive(std::string_view path) {
  for (std::string_view ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz",
                               ".txz", ".tar.zst", ".tzst"})
    if (lower_ends_with(path, ext)) return true;
  return false;
}

enum class Kind : uint8_t { kLocal, kHttp, kGit };

struct Git {
  std::string display;  // host and path, without user info or query
  std::string ref;      // after '#', before ':' (a subdirectory)
  bool pinned = false;  // a commit in the ref or in the query
};

// BuildKit's split of ADD sources (dfgitutil.ParseGitRef, isHTTPSource): a git URL is an
// http(s)://, ssh:// or git:// URL (http(s) only when its path ends in `.git`) or `user@host:path`;
// `./x`, `../x` and `github.com/x` are local paths; other http(s) URLs are downloads.
Kind classify(std::string_view src, Git& git) {
  if (src.starts_with("./") || src.starts_with("../") || src.starts_with("github.com/"))
    return Kind::kLocal;
  std::string_view rest = src;
  std::string scheme;  // lower-cased
  if (const size_t sep = src.find("://"); sep != std::string_view::npos) {
    scheme = source::ascii_lower(src.substr(0, sep));
    if (scheme != "http" && scheme != "https" && scheme != "ssh" && scheme != "git")
      return Kind::kLocal;
    rest = src.substr(sep + 3);
  } else {
    // user@host:path (the scp-like form)
    const size_t at = src.find('@');
    const size_t colon = src.find(':');
    if (at == std::string_view::npos || at == 0 || colon == std::string_view::npos || colon < at)
      return Kind::kLocal;
    for (char ch : src.substr(0, at))
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_')
        return Kind::kLocal;
  }
  // Path, query and fragment.
  std::string_view fragment;
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
    fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  std::string_view query;
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const bool http = scheme == "http" || scheme == "https";
  // Not a git URL: BuildKit downloads it when the scheme is written in lower case.
  if (http && !rest.ends_with(".git"))
    return src.starts_with("http://") || src.starts_with("https://") ? Kind::kHttp : Kind::kLocal;
  if (const size_t at = rest.find('@'); at != std::string_view::npos && at < rest.find('/'))
    rest.remove_prefix(at + 1);
  git.display = std::string(rest);
  git.ref = std::string(fragment.substr(0, fragment.find(':')));
  git.pinned = is_commit(git.ref);
  for (size_t b = 0; b < query.size();) {
    const size_t e = std::min(query.find('&', b), query.size());
    const std::string_view kv = query.substr(b, e - b);
    const size_t eq = kv.find('=');
    const std::string_view key = kv.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1);
    if ((key == "checksum" || key == "commit") && !value.empty()) git.pinned = true;
    if ((key == "ref" || key == "tag" || key == "branch") && git.ref.empty())
      git.ref = std::string(value);
    if (key == "ref" && is_commit(value)) git.pinned = true;
    b = e + 1;
  }
  return Kind::kGit;
}

class AddInsteadOfCopy final : public DockerfileRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project&,
                        Reporter& out) const override {
    // Most Dockerfiles have no ADD: they are not walked (the walk tracks every ARG and ENV).
    const auto adds = [](const dockerfile::Instruction& ins) {
      return ins.is(dockerfile::Keyword::kAdd) || (ins.trigger && ins.trigger->is(dockerfile::Keyword::kAdd));
    };
    const auto& instructions = dockerfile.syntax->instructions;
    if (std::none_of(instructions.begin(), instructions.end(), adds)) return;
    build::walk(*dockerfile.syntax, [&](const build::Step& step) { check_add(step, out); });
  }

 private:
  static void check_add(const build::Step& step, Reporter& out) {
    const dockerfile::Instruction& add = step.effective;
    if (!add.is(dockerfile::Keyword::kAdd) || add.words.size() < 2) return;
    const dockerfile::Flag* checksum = add.flag("checksum");
    const bool has_checksum = checksum && checksum->has_value && !checksum->value.empty();
    const dockerfile::Flag* unpack = add.flag("unpack");
    const bool no_unpack = unpack && unpack->has_value && build::is_false_word(unpack->value);

    std::vector<std::string> local;  // sources COPY would copy the same way
    for (size_t i = 0; i + 1 < add.words.size(); ++i) {
      const dockerfile::Word& word = add.words[i];
      if (add.form != dockerfile::Form::kExec && !add.heredocs.empty() &&
          dockerfile::parse_heredoc_marker(word.value)) {
        local.push_back("heredoc " + std::string(word.value));
        continue;
      }
      const std::optional<std::string> src = build::expand_known(word.value, step);
      if (!src) continue;  // depends on a variable whose value is not known
      Git git;
      switch (classify(*src, git)) {
        case Kind::kLocal:
          if (no_unpack || !is_tar_archive(*src)) local.push_back(*src);
          break;
        case Kind::kHttp:
          if (!has_checksum)
            build::report(out, word.span,
                          "ADD downloads " + describe_url(*src) +
                              " without --checksum: nothing verifies the file, and it can change "
                              "between builds; pin it with `ADD --checksum=sha256:...`");
          break;
        case Kind::kGit:
          if (!has_checksum && !git.pinned)
            build::report(
                out, word.span,
                "ADD fetches the git repository " + git.display +
                    (git.ref.empty() ? " at its default branch"
                                     : " at `" + git.ref + "`, a branch or tag that can move") +
                    "; pin it to a commit with `--checksum=<commit>` or `?commit=<commit>`");
          break;
      }
    }
    if (local.empty()) return;
    std::string names;
    for (size_t i = 0; i < local.size() && i < 3; ++i)
      names += (i ? ", " : "") + (local[i].starts_with("heredoc <<")
                                      ? "the heredoc `" + local[i].substr(8) + "`"
                                      : "`" + local[i] + "`");
    if (local.size() > 3) names += " and " + std::to_string(local.size() - 3) + " more";
    Finding& f =
        build::report(out, add.keyword_span,
                      "ADD of local content (" + names +
                          "): use COPY, which only copies; ADD also unpacks archives and fetches "
                          "URLs, so what it does depends on what the source turns out to be");
    f.severity = Severity::kLow;
  }

  static std::string describe_url(std::string_view url) {
    const std::string origin = build::url_origin(url);
    if (origin.empty()) return "a URL";
    // The file name tells which download it is; the rest of the path may carry a token.
    std::string_view path = url.substr(url.find("://") + 3);
    path = path.substr(0, path.find_first_of("?#"));
    const size_t slash = path.rfind('/');
    const std::string_view file =
        slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    return file.empty() ? origin : "`" + std::string(file) + "` from " + origin;
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr405_add_instead_of_copy() {
  return std::make_unique<AddInsteadOfCopy>();
}

}  // namespace clearance::rules
