// CLR407: a build step that turns off TLS certificate verification (curl -k, wget
// --no-check-certificate, pip --trusted-host, git http.sslVerify=false, npm strict-ssl=false,
// NODE_TLS_REJECT_UNAUTHORIZED=0, ...), so anyone on the network path can serve the download.
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
    {"OWASP Docker Security Cheat Sheet, rule #13 (supply chain)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"OWASP Transport Layer Security Cheat Sheet: certificate validation",
     "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html"},
    {"curl manual: --insecure", "https://curl.se/docs/manpage.html#-k"},
    {"pip documentation: --trusted-host",
     "https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host"},
    {"git-config: http.sslVerify and GIT_SSL_NO_VERIFY",
     "https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpsslVerify"},
    {"npm config: strict-ssl", "https://docs.npmjs.com/cli/using-npm/config#strict-ssl"},
    {"Node.js: NODE_TLS_REJECT_UNAUTHORIZED",
     "https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue"},
    {"PEP 493: PYTHONHTTPSVERIFY", "https://peps.python.org/pep-0493/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR407",
    .slug = "tls-verification-disabled",
    .title = "TLS certificate verification turned off in the build",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports what turns off TLS certificate verification for downloads in a Dockerfile: "
        "`curl -k`/`--insecure`/`--proxy-insecure` (also in clusters such as `-fsSLk`), "
        "`wget --no-check-certificate` (or `-e check_certificate=off`), `pip --trusted-host` and "
        "`pip config set global.trusted-host`, `uv --allow-insecure-host`, "
        "`git -c http.sslVerify=false` and `git config http.sslVerify false`, "
        "`npm`/`pnpm`/`yarn config set strict-ssl false` and `--strict-ssl=false`, "
        "`conda config --set ssl_verify false`, `apt-get -o Acquire::https::Verify-Peer=false`, "
        "the variables `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, "
        "`GIT_SSL_NO_VERIFY` (any value), `PIP_TRUSTED_HOST`, `UV_INSECURE_HOST`, `GOINSECURE` and "
        "`NPM_CONFIG_STRICT_SSL=false` (set with ENV, ARG, `export` or before a command in RUN), "
        "and the same settings written into `.curlrc`, `.wgetrc`, `.npmrc`, `.yarnrc`, "
        "`pip.conf`, `.gitconfig`, `.condarc` or `/etc/apt/apt.conf.d/`. The finding points at "
        "the flag or the assignment. Not reported: a curl or wget download to a file that the "
        "same RUN then checks against a checksum or signature the Dockerfile states "
        "(`echo \"<sha256>  file\" | sha256sum -c -`, `gpg --verify`), since whoever intercepts it "
        "cannot change what gets installed (a checksum file fetched next to the download does not "
        "count); a download from `localhost`, `127.0.0.1` or `[::1]`, a server the build started "
        "itself.",
    .rationale =
        "Certificate verification is what makes an HTTPS download come from the server it names. "
        "Without it, anyone who can intercept the build's traffic (a compromised proxy or "
        "Wi-Fi, a poisoned DNS answer, a hostile CI network) can hand the build packages, "
        "scripts or binaries of their choosing, and the image ships them. It is usually added to "
        "get past a corporate proxy that re-signs TLS; the fix for that is to trust the proxy's "
        "CA, "
        "not to stop checking. Set with ENV, the variables also stay in every container started "
        "from the image, so the application itself stops verifying the servers it talks to.",
    .example =
        "FROM node:20.11-bookworm-slim\n"
        "ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n"
        "RUN npm config set strict-ssl false && npm ci\n"
        "RUN curl -fsSLk https://example.com/tool.tar.gz | tar -xz -C /usr/local\n",
    .instead =
        "FROM node:20.11-bookworm-slim\n"
        "COPY corporate-ca.crt /usr/local/share/ca-certificates/corporate-ca.crt\n"
        "RUN update-ca-certificates\n"
        "ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corporate-ca.crt\n"
        "RUN npm ci\n"
        "RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local\n"
        "\n"
        "Keep verification on. If a proxy or private server uses its own certificate authority, "
        "add that CA to the image's trust store (`update-ca-certificates`) or point the tool at "
        "it (`curl --cacert`, `pip --cert`, `npm config set cafile`, `git -c http.sslCAInfo=`, "
        "`NODE_EXTRA_CA_CERTS`).",
    .fix_safety =
        "No fix is offered: removing the setting breaks builds behind a TLS-intercepting proxy "
        "until its CA is trusted, which only the project can set up.",
    .references = kRefs,
};

constexpr std::string_view kConsequence = ": anyone on the network path can serve the download";

// "disables"/"turns off" messages for one setting.
std::string why(std::string_view what) { return std::string(what) + std::string(kConsequence); }

// A pip, uv, git, npm, conda or apt setting that turns verification off (key lower-cased).
bool npm_key(std::string_view key) { return key == "strict-ssl" || key == "enablestrictssl"; }

bool git_ssl_verify_key(std::string_view key) {
  // http.sslVerify or http.<url>.sslVerify (section and key names are case-insensitive).
  return key.starts_with("http.") && key.ends_with(".sslverify");
}

// http.<url>.sslVerify with the URL cut to its origin: a URL in a key may carry credentials.
std::string git_key_display(std::string_view key) {
  const size_t scheme = key.find("://");
  const size_t last = key.rfind('.');
  if (scheme == std::string_view::npos || last == std::string_view::npos || last < scheme ||
      key.size() < 5)
    return std::string(key);
  const std::string origin = build::url_origin(key.substr(5, last - 5));
  return std::string(key.substr(0, 5)) + (origin.empty() ? "<url>" : origin + "/") +
         std::string(key.substr(last));
}

// The message for a variable that turns verification off, or nothing.
std::optional<std::string> variable_message(std::string_view name, const std::string& value) {
  const std::string upper = [&] {
    std::string u(name);
    for (char& ch : u)
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return u;
  }();
  if (name == "NODE_TLS_REJECT_UNAUTHORIZED" && value == "0")
    return why("NODE_TLS_REJECT_UNAUTHORIZED=0 makes Node.js accept any TLS certificate");
  if (name == "PYTHONHTTPSVERIFY" && value == "0")
    return why("PYTHONHTTPSVERIFY=0 makes Python's HTTPS clients skip certificate verification");
  if (name == "GIT_SSL_NO_VERIFY") {
    if (build::is_false_word(value) || value.empty())
      return why(
          "GIT_SSL_NO_VERIFY turns off git's certificate verification whenever it is set, "
          "whatever its value (\"" +
          value + "\" included)");
    return why("GIT_SSL_NO_VERIFY turns off git's certificate verification");
  }
  if (name == "PIP_TRUSTED_HOST" && !value.empty())
    return why("PIP_TRUSTED_HOST makes pip skip certificate verification for the hosts it names");
  if (name == "UV_INSECURE_HOST" && !value.empty())
    return why("UV_INSECURE_HOST makes uv skip certificate verification for the hosts it names");
  if (name == "GOINSECURE" && !value.empty())
    return why(
        "GOINSECURE lets the go command fetch the modules it names over HTTP or unverified HTTPS");
  if ((upper == "NPM_CONFIG_STRICT_SSL" || upper == "YARN_STRICT_SSL" ||
       upper == "YARN_ENABLE_STRICT_SSL") &&
      build::is_false_word(value))
    return why(std::string(name) + "=" + value +
               " makes the package manager accept any TLS certificate");
  return std::nullopt;
}

// A setting written into a tool's configuration file, or nothing.
std::optional<std::string> config_message(std::string_view path, const build::ConfigLine& line) {
  const std::string_view base = build::path_basename(path);
  const std::string& key = line.key;
  if (base == ".curlrc" || base == "curlrc") {
    std::string_view k = key;
    while (!k.empty() && k.front() == '-') k.remove_prefix(1);
    if ((k == "insecure" || k == "k") && (!line.has_value || build::is_true_word(line.value)))
      return why("`insecure` in " + std::string(base) +
                 " makes every curl call skip certificate verification");
    return std::nullopt;
  }
  if (base == ".wgetrc" || base == "wgetrc") {
    std::string k;
    for (char ch : key)
      if (ch != '_' && ch != '-') k += ch;
    if (k == "checkcertificate" && build::is_false_word(line.value))
      return why("`check_certificate = off` in " + std::string(base) +
                 " makes every wget call skip certificate verification");
    return std::nullopt;
  }
  if (base == ".npmrc" || base == "npmrc" || base == ".yarnrc" || base == ".yarnrc.yml") {
    if (npm_key(key) && build::is_false_word(line.value))
      return why("`" + line.raw_key + "=" + line.value + "` in " + std::string(base) +
                 " makes the package manager accept any TLS certificate");
    return std::nullopt;
  }
  if (base == "pip.conf" || base == "pip.ini") {
    if ((key == "trusted-host" || key == "trusted_host") && !line.value.empty())
      return why("`trusted-host` in " + std::string(base) +
                 " makes pip skip certificate verification for those hosts");
    return std::nullopt;
  }
  if (base == ".gitconfig" || base == "gitconfig") {
    if (key == "sslverify" && build::is_false_word(line.value))
      return why("`sslVerify = false` in " + std::string(base) +
                 " turns off git's certificate verification");
    return std::nullopt;
  }
  if (base == ".condarc" || base == "condarc") {
    if (key == "ssl_verify" && build::is_false_word(line.value))
      return why("`ssl_verify: false` in " + std::string(base) +
                 " turns off conda's certificate verification");
    return std::nullopt;
  }
  if (path.find("/etc/apt/apt.conf") != std::string_view::npos) {
    if (key.starts_with("acquire::https") &&
        (key.ends_with("::verify-peer") || key.ends_with("::verify-host")) &&
        build::is_false_word(line.value))
      return why("`" + line.raw_key + " \"" + line.value +
                 "\"` turns off apt's certificate verification for HTTPS sources");
  }
  return std::nullopt;
}

class TlsVerificationDisabled final : public DockerfileRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project& project,
                        Reporter& out) const override {
    const dockerfile::Dockerfile& df = *dockerfile.syntax;
    build::Visitor visitor;
    visitor.setting = [&](const build::Setting& s) {
      if (!s.value) return;
      std::optional<std::string> message = variable_message(s.name, *s.value);
      if (!message) return;
      if (s.keyword == dockerfile::Keyword::kEnv)
        *message += "; set with ENV, it also applies in every container run from the image";
      build::report(out, s.span, std::move(*message));
    };
    visitor.command = [&](const RunCommand& rc) { check_command(rc, out); };
    visitor.file = [&](const build::WrittenFile& f) { check_file(f, out); };
    build::visit(project, df, visitor);
  }

 private:
  static void check_file(const build::WrittenFile& f, Reporter& out) {
    for (const build::WrittenLine& l : f.lines) {
      const std::optional<build::ConfigLine> line = build::config_line(l.text);
      if (!line) continue;
      if (std::optional<std::string> message = config_message(f.path, *line))
        build::report(out, l.span, std::move(*message));
    }
  }

  static void check_command(const RunCommand& rc, Reporter& out) {
    const sh::Command& c = rc.command;
    const Program p = build::program(c);
    if (p.name.empty()) return;
    if (p.name == "uv") return check_uv(rc, p.index, out);  // uv pip too
    if (const std::optional<size_t> pip = build::pip_arguments(c)) return check_pip(rc, *pip, out);
    if (p.name == "curl") return check_curl(rc, p.index, out);
    if (p.name == "wget" || (p.name == "busybox" && p.index + 1 < c.words.size() &&
                             c.words[p.index + 1].value == "wget"))
      return check_wget(rc, p.name == "wget" ? p.index : p.index + 1, out);
    if (p.name == "git") return check_git(rc, p.index, out);
    if (p.name == "npm" || p.name == "pnpm" || p.name == "yarn" || p.name == "npx")
      return check_npm(rc, p, out);
    if (p.name == "conda" || p.name == "mamba" || p.name == "micromamba")
      return check_conda(rc, p.index, out);
    if (p.name == "apt-get" || p.name == "apt" || p.name == "aptitude")
      return check_apt(rc, p.index, out);
  }

  static Span option_span(const RunCommand& rc, const build::ToolOption& o) {
    return build::word_part(rc.script, rc.command.words[o.word], o.offset, o.offset + o.length);
  }

  // A download checked against a checksum or signature the Dockerfile states: whoever
  // intercepts it cannot change what gets installed. Also true of a download from localhost.
  static bool verified(const RunCommand& rc) {
    // A server on the build machine itself: there is no network path to intercept.
    if (const std::optional<build::Download> d = build::download(rc.command); d && d->loopback)
      return true;
    const std::string file = build::download_file(rc.command);
    return !file.empty() && build::verified_later(rc.script, rc.index, file);
  }

  // What a download command skips: reported unless the download is verified (most commands
  // skip nothing, and telling whether a download is checked later reads the whole script).
  struct Skipped {
    Span span;
    std::string message;
  };
  static void report_unless_verified(const RunCommand& rc, std::vector<Skipped>& skipped, Reporter& out) {
    if (skipped.empty() || verified(rc)) return;
    for (Skipped& s : skipped) build::report(out, s.span, std::move(s.message));
  }

  static void check_curl(const RunCommand& rc, size_t program, Reporter& out) {
    const std::vector<build::ToolOption> options = build::curl_options(rc.command, program);
    std::vector<Skipped> skipped;
    const build::ToolOption* insecure = nullptr;  // the last -k, unless --no-insecure follows
    for (const build::ToolOption& o : options) {
      if (o.letter == 'k' || o.name == "insecure") insecure = &o;
      if (o.name == "no-insecure") insecure = nullptr;
      if (o.name == "proxy-insecure")
        skipped.push_back({option_span(rc, o),
                           why("`curl --proxy-insecure` skips verification of the HTTPS proxy's certificate")});
    }
    if (insecure) {
      const std::string& word = rc.command.words[insecure->word].value;
      const bool cluster = insecure->letter == 'k' && word.size() > 2;
      skipped.push_back({option_span(rc, *insecure),
                         why(cluster ? "`-k` in `" + word + "` (curl's --insecure) skips certificate verification"
                                     : "`curl " + std::string(insecure->letter ? "-k" : "--insecure") +
                                           "` skips certificate verification")});
    }
    report_unless_verified(rc, skipped, out);
  }

  static void check_wget(const RunCommand& rc, size_t program, Reporter& out) {
    std::vector<Skipped> skipped;
    for (const build::ToolOption& o : build::wget_options(rc.command, program)) {
      if (o.name == "no-check-certificate") {
        skipped.push_back({option_span(rc, o), why("`wget --no-check-certificate` skips certificate verification")});
        continue;
      }
      if (o.letter != 'e' && o.name != "execute") continue;
      const std::optional<build::ConfigLine> line = build::config_line(o.value);
      if (!line) continue;
      std::string k;
      for (char ch : line->key)
        if (ch != '_' && ch != '-') k += ch;
      if (k == "checkcertificate" && build::is_false_word(line->value))
        skipped.push_back({rc.command.words[o.value_word].span,
                           why("`wget -e " + std::string(o.value) + "` skips certificate verification")});
    }
    report_unless_verified(rc, skipped, out);
  }

  static void check_pip(const RunCommand& rc, size_t args, Reporter& out) {
    const sh::Command& c = rc.command;
    for (const build::LongOption& o : build::long_options(c, args, "--trusted-host", true))
      build::report(
          out, build::word_part(rc.script, c.words[o.word], 0, 14),
          why("`pip --trusted-host` skips certificate verification for " +
              (o.has_value ? "`" + std::string(o.value) + "`" : std::string("that host")) +
              " (and allows plain HTTP to it)"));
    // pip config [--global|--user|--site] set global.trusted-host HOST
    size_t k = args;
    while (k < c.words.size() && c.words[k].value.starts_with("-")) ++k;
    if (k >= c.words.size() || c.words[k].value != "config") return;
    ++k;
    while (k < c.words.size() && c.words[k].value.starts_with("-")) ++k;
    if (k + 2 >= c.words.size() || c.words[k].value != "set") return;
    const std::string key = source::ascii_lower(c.words[k + 1].value);
    if (key.ends_with(".trusted-host") && !c.words[k + 2].value.empty())
      build::report(
          out, build::join(c.words[k + 1].span, c.words[k + 2].span),
          why("`trusted-host` in pip's configuration skips certificate verification for `" +
              c.words[k + 2].value + "`"));
  }

  static void check_uv(const RunCommand& rc, size_t program, Reporter& out) {
    const sh::Command& c = rc.command;
    for (std::string_view flag :
         {std::string_view("--allow-insecure-host"), std::string_view("--trusted-host")})
      for (const build::LongOption& o : build::long_options(c, program + 1, flag, true))
        build::report(
            out, build::word_part(rc.script, c.words[o.word], 0, flag.size()),
            why("`uv " + std::string(flag) + "` skips certificate verification for " +
                (o.has_value ? "`" + std::string(o.value) + "`" : std::string("that host"))));
  }

  static void check_git(const RunCommand& rc, size_t program, Reporter& out) {
    const sh::Command& c = rc.command;
    const size_t n = c.words.size();
    // Global options, up to the subcommand: -c name=value, -C dir, --git-dir=...
    size_t k = program + 1;
    auto check_c = [&](size_t word, std::string_view assignment) {
      const size_t eq = assignment.find('=');
      if (eq == std::string_view::npos) return;  // `-c name` means true
      if (git_ssl_verify_key(source::ascii_lower(assignment.substr(0, eq))) &&
          (build::is_false_word(assignment.substr(eq + 1)) || assignment.substr(eq + 1).empty()))
        build::report(out, c.words[word].span,
                      why("`http.sslVerify=false` turns off git's certificate verification"));
    };
    for (; k < n; ++k) {
      const std::string& w = c.words[k].value;
      if (w == "-c" && k + 1 < n) {
        check_c(k + 1, c.words[k + 1].value);
        ++k;
      } else if (w == "-C" || w == "--exec-path" || w == "--git-dir" || w == "--work-tree" ||
                 w == "--namespace") {
        ++k;
      } else if (!w.starts_with("-")) {
        break;
      }
    }
    if (k >= n) return;
    const std::string& sub = c.words[k].value;
    if (sub == "clone" || sub == "submodule") {
      // git clone -c/--config name=value: set in the new repository before it fetches.
      for (size_t j = k + 1; j < n; ++j) {
        const std::string& w = c.words[j].value;
        if ((w == "-c" || w == "--config") && j + 1 < n) {
          check_c(j + 1, c.words[j + 1].value);
          ++j;
        } else if (w.starts_with("--config="))
          check_c(j, std::string_view(w).substr(9));
      }
      return;
    }
    if (sub != "config") return;
    std::vector<size_t> positional;
    for (size_t j = k + 1; j < n; ++j) {
      const std::string& w = c.words[j].value;
      if (w.starts_with("-")) {
        if (w == "-f" || w == "--file" || w == "--blob" || w == "--type" || w == "--default" ||
            w == "--comment" || w == "--value" || w == "--url")
          ++j;
        continue;
      }
      positional.push_back(j);
    }
    if (!positional.empty() && c.words[positional[0]].value == "set")
      positional.erase(positional.begin());
    if (positional.size() < 2) return;
    if (git_ssl_verify_key(source::ascii_lower(c.words[positional[0]].value)) &&
        build::is_false_word(c.words[positional[1]].value))
      build::report(
          out, build::join(c.words[positional[0]].span, c.words[positional[1]].span),
          why("`git config " + git_key_display(c.words[positional[0]].value) + " " +
              c.words[positional[1]].value + "` turns off git's certificate verification"));
  }

  static void check_npm(const RunCommand& rc, const Program& p, Reporter& out) {
    const sh::Command& c = rc.command;
    const size_t n = c.words.size();
    // Flags: --strict-ssl=false, --strict-ssl false, --no-strict-ssl (npm and pnpm read them).
    if (p.name != "yarn") {
      for (size_t k = p.index + 1; k < n; ++k) {
        const std::string& w = c.words[k].value;
        const bool off =
            w == "--no-strict-ssl" ||
            (w.starts_with("--strict-ssl=") && build::is_false_word(w.substr(13))) ||
            (w == "--strict-ssl" && k + 1 < n && build::is_false_word(c.words[k + 1].value));
        if (!off) continue;
        build::report(out,
                      w == "--strict-ssl" ? build::join(c.words[k].span, c.words[k + 1].span)
                                          : c.words[k].span,
                      why("`" + std::string(p.name) + " " +
                          (w == "--strict-ssl" ? w + " " + c.words[k + 1].value : w) +
                          "` makes it accept any TLS certificate"));
      }
    }
    // npm config set strict-ssl false, npm set strict-ssl=false, yarn config set enableStrictSsl
    // false
    std::vector<size_t> positional;
    for (size_t k = p.index + 1; k < n; ++k)
      if (!c.words[k].value.starts_with("-")) positional.push_back(k);
    size_t first = 0;
    if (positional.size() >= 2 && c.words[positional[0]].value == "config" &&
        c.words[positional[1]].value == "set") {
      first = 2;
    } else if (!positional.empty() && c.words[positional[0]].value == "set" && p.name != "yarn") {
      first = 1;
    } else {
      return;
    }
    for (size_t i = first; i < positional.size(); ++i) {
      const sh::Word& w = c.words[positional[i]];
      const size_t eq = w.value.find('=');
      std::string key = source::ascii_lower(std::string_view(w.value).substr(0, eq));
      if (!npm_key(key)) continue;
      if (eq != std::string::npos) {
        if (build::is_false_word(std::string_view(w.value).substr(eq + 1)))
          build::report(out, w.span,
                        why("`" + w.value + "` makes " + std::string(p.name) +
                            " accept any TLS certificate"));
      } else if (i + 1 < positional.size() &&
                 build::is_false_word(c.words[positional[i + 1]].value)) {
        build::report(out, build::join(w.span, c.words[positional[i + 1]].span),
                      why("`" + w.value + " " + c.words[positional[i + 1]].value + "` makes " +
                          std::string(p.name) + " accept any TLS certificate"));
      }
    }
  }

  static void check_conda(const RunCommand& rc, size_t program, Reporter& out) {
    const sh::Command& c = rc.command;
    for (size_t k = program + 1; k + 2 < c.words.size(); ++k) {
      if (c.words[k].value != "--set") continue;
      if (c.words[k + 1].value == "ssl_verify" && build::is_false_word(c.words[k + 2].value))
        build::report(out, build::join(c.words[k + 1].span, c.words[k + 2].span),
                      why("`ssl_verify " + c.words[k + 2].value +
                          "` turns off conda's certificate verification"));
    }
  }

  static void check_apt(const RunCommand& rc, size_t program, Reporter& out) {
    const sh::Command& c = rc.command;
    for (size_t k = program + 1; k < c.words.size(); ++k) {
      const std::string& w = c.words[k].value;
      size_t word = k;
      std::string_view setting;
      if ((w == "-o" || w == "--option") && k + 1 < c.words.size()) {
        word = ++k;
        setting = c.words[word].value;
      } else if (w.starts_with("-o") && w.size() > 2) {
        setting = std::string_view(w).substr(2);
      } else {
        continue;
      }
      const size_t eq = setting.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string key = source::ascii_lower(setting.substr(0, eq));
      if (key.starts_with("acquire::https") &&
          (key.ends_with("::verify-peer") || key.ends_with("::verify-host")) &&
          build::is_false_word(setting.substr(eq + 1)))
        build::report(out, c.words[word].span,
                      why("`" + std::string(setting) +
                          "` turns off apt's certificate verification for HTTPS sources"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr407_tls_verification_disabled() {
  return std::make_unique<TlsVerificationDisabled>();
}

}  // namespace clearance::rules
