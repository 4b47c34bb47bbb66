// CLR408: a package manager told to install packages whose signatures it did not check
// (apt-get --allow-unauthenticated, apk --allow-untrusted, yum --nogpgcheck, rpm --nosignature,
// a repository marked trusted=yes or gpgcheck=0).
#include <memory>
#include <optional>
#include <string>

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
    {"CIS Docker Benchmark 4.11: ensure only verified packages are installed",
     "https://www.cisecurity.org/benchmark/docker"},
    {"apt-get(8): --allow-unauthenticated",
     "https://manpages.debian.org/stable/apt/apt-get.8.en.html"},
    {"sources.list(5): trusted=yes",
     "https://manpages.debian.org/stable/apt/sources.list.5.en.html"},
    {"Alpine Package Keeper (apk): signed packages and --allow-untrusted",
     "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper"},
    {"dnf: --nogpgcheck and gpgcheck", "https://dnf.readthedocs.io/en/latest/conf_ref.html"},
    {"rpm(8): --nosignature, --nodigest",
     "https://rpm-software-management.github.io/rpm/man/rpm.8.html"},
    {"Go modules: GOSUMDB and GONOSUMDB", "https://go.dev/ref/mod#checksum-database"},
};

constexpr RuleMeta kMeta{
    .id = "CLR408",
    .slug = "package-signature-disabled",
    .title = "Package signature checks turned off in the build",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kImage,
    .fix = Fixability::kNone,
    .summary =
        "Reports package installs that skip signature or digest verification: "
        "`apt-get`/`apt`/`aptitude` with `--allow-unauthenticated`, `--force-yes`, "
        "`--allow-insecure-repositories` or `-o APT::Get::AllowUnauthenticated=true` "
        "(`Acquire::AllowInsecureRepositories`, `Acquire::AllowDowngradeToInsecureRepositories` "
        "too); `apk --allow-untrusted`; `yum`/`dnf`/`microdnf`/`tdnf --nogpgcheck` or "
        "`--setopt=gpgcheck=0`; `rpm --nosignature`/`--nodigest`; `zypper --no-gpg-checks` "
        "and `--allow-unsigned-rpm`; `GOSUMDB=off` and `GOFLAGS=-insecure`; and the same written "
        "into configuration: an APT source line or deb822 file marked `trusted=yes` (not for "
        "local `file:` or `copy:` repositories), `AllowUnauthenticated` in `/etc/apt/apt.conf.d/`, "
        "`gpgcheck=0` in a yum/dnf/zypper repository file or in yum.conf/dnf.conf (by echo, "
        "printf, a heredoc or `sed -i`), `SigLevel = Never` in pacman.conf. The finding points "
        "at the flag or the setting. Not reported: a command whose packages are all local "
        "package files (`.apk`, `.rpm`, `.deb` paths) that this RUN did not download, or "
        "downloaded and checked against a checksum or signature the Dockerfile states: packages "
        "the build made itself or copied in have no signature to check, and verifying them is "
        "the job of the step that brought them in.",
    .rationale =
        "Distribution packages are signed so that a mirror, a proxy or anyone in between cannot "
        "change what gets installed: the package manager refuses a package whose signature does "
        "not verify against the keys the image trusts. Turning the check off accepts whatever "
        "arrives, including packages from plain-HTTP mirrors, so a single tampered download "
        "becomes part of the image and of every container started from it. These flags are "
        "usually added to get past a missing or expired key; the fix is to install the key.",
    .example =
        "FROM debian:12-slim\n"
        "RUN echo 'deb [trusted=yes] http://repo.example.com/apt stable main' \\\n"
        "      > /etc/apt/sources.list.d/example.list \\\n"
        " && apt-get update && apt-get install -y --allow-unauthenticated example-tool\n",
    .instead =
        "FROM debian:12-slim\n"
        "ADD --checksum=sha256:<sha256 of the key> https://repo.example.com/apt/key.asc \\\n"
        "    /etc/apt/keyrings/example.asc\n"
        "RUN echo 'deb [signed-by=/etc/apt/keyrings/example.asc] https://repo.example.com/apt "
        "stable main' \\\n"
        "      > /etc/apt/sources.list.d/example.list \\\n"
        " && apt-get update && apt-get install -y --no-install-recommends example-tool\n"
        "\n"
        "Install the repository's signing key (pinned by checksum or fingerprint) and let the "
        "package manager verify: `signed-by=` for APT, `/etc/apk/keys/` for apk, `rpm --import` "
        "and `gpgcheck=1` for yum and dnf.",
    .fix_safety =
        "No fix is offered: the build fails until the right signing key is installed, which only "
        "the project can choose.",
    .references = kRefs,
};

constexpr std::string_view kConsequence =
    ": a tampered or substituted package would be installed without complaint";

std::string why(std::string_view what) { return std::string(what) + std::string(kConsequence); }

bool is_apt(std::string_view n) { return n == "apt-get" || n == "apt" || n == "aptitude"; }
bool is_rpm_installer(std::string_view n) {
  return n == "yum" || n == "dnf" || n == "microdnf" || n == "tdnf" || n == "yum-config-manager" ||
         n == "dnf5";
}

// An APT setting (`-o` value) that accepts unsigned packages or repositories.
bool apt_unsigned_setting(std::string_view setting) {
  const size_t eq = setting.find('=');
  if (eq == std::string_view::npos) return false;
  const std::string key = source::ascii_lower(setting.substr(0, eq));
  return (key == "apt::get::allowunauthenticated" || key == "acquire::allowinsecurerepositories" ||
          key == "acquire::allowdowngradetoinsecurerepositories") &&
         build::is_true_word(setting.substr(eq + 1));
}

// `gpgcheck=0` (also pkg_gpgcheck, localpkg_gpgcheck) as yum, dnf and zypper read it.
bool gpgcheck_off(const build::ConfigLine& line) {
  return (line.key == "gpgcheck" || line.key == "pkg_gpgcheck" ||
          line.key == "localpkg_gpgcheck") &&
         line.has_value &&
         (build::is_false_word(line.value) || source::ascii_lower(line.value) == "false");
}

// rpm -i/-U/-F (--install, --upgrade, --freshen, --reinstall): the modes that install.
bool rpm_installs(const sh::Command& c, size_t program) {
  for (size_t k = program + 1; k < c.words.size(); ++k) {
    const std::string& w = c.words[k].value;
    if (w == "--install" || w == "--upgrade" || w == "--freshen" || w == "--reinstall") return true;
    if (w == "--query" || w == "--verify" || w == "--checksig" || w == "--erase") return false;
    if (w.size() < 2 || w[0] != '-' || w[1] == '-') continue;
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i] == 'i' || w[i] == 'U' || w[i] == 'F') return true;
      if (w[i] == 'q' || w[i] == 'V' || w[i] == 'K' || w[i] == 'e') return false;
    }
  }
  return false;
}

bool repo_config_path(std::string_view path) {
  return path.find("/etc/yum.repos.d/") != std::string_view::npos ||
         path.find("/etc/zypp/repos.d/") != std::string_view::npos ||
         path.find("/etc/distro.repos.d/") != std::string_view::npos ||
         path.ends_with("/etc/yum.conf") || path.ends_with("/etc/dnf/dnf.conf") ||
         path.ends_with(".repo");
}

// `deb [trusted=yes] http://...`: the options of a one-line APT source, when it marks a
// remote repository trusted. Local repositories (file:, copy:) hold files the build put there.
bool trusted_apt_line(std::string_view line) {
  line = build::trim(line);
  if (!line.starts_with("deb ") && !line.starts_with("deb-src ") && !line.starts_with("deb\t"))
    return false;
  const size_t open = line.find('[');
  const size_t close = line.find(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return false;
  const std::string options = source::ascii_lower(line.substr(open + 1, close - open - 1));
  if (options.find("trusted=yes") == std::string::npos) return false;
  const std::string_view uri = build::trim(line.substr(close + 1));
  return !uri.starts_with("file:") && !uri.starts_with("copy:");
}

class PackageSignatureDisabled final : public DockerfileRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_dockerfile(const model::DockerfileSource& dockerfile, const model::Project& project,
                        Reporter& out) const override {
    const dockerfile::Dockerfile& df = *dockerfile.syntax;
    build::Visitor visitor;
    visitor.setting = [&](const build::Setting& s) {
      if (!s.value) return;
      if (s.name == "GOSUMDB" && source::ascii_lower(*s.value) == "off")
        build::report(out, s.span,
                      why("GOSUMDB=off stops the go command from checking modules against the "
                          "checksum database"));
      if (s.name == "GOFLAGS" && s.value->find("-insecure") != std::string::npos)
        build::report(
            out, s.span,
            why("GOFLAGS=-insecure lets the go command fetch modules without verification"));
    };
    visitor.command = [&](const RunCommand& rc) { check_command(rc, out); };
    visitor.file = [&](const build::WrittenFile& f) { check_file(f, out); };
    build::visit(project, df, visitor);
  }

 private:
  static void check_file(const build::WrittenFile& f, Reporter& out) {
    const std::string_view path = f.path;
    const bool apt_source = path.find("/etc/apt/sources.list") != std::string_view::npos;
    const bool apt_conf = path.find("/etc/apt/apt.conf") != std::string_view::npos;
    const bool repo = repo_config_path(path);
    const bool pacman = path.ends_with("pacman.conf");
    bool local_repo = false;  // a yum repository on the image's own disk (baseurl=file://)
    if (repo)
      for (const build::WrittenLine& l : f.lines)
        if (auto line = build::config_line(l.text);
            line && line->key == "baseurl" && line->value.starts_with("file:"))
          local_repo = true;
    bool deb822_trusted_remote = true;
    if (apt_source && path.ends_with(".sources"))
      for (const build::WrittenLine& l : f.lines)
        if (auto line = build::config_line(l.text);
            line && line->key == "uris" &&
            (line->value.starts_with("file:") || line->value.starts_with("copy:")))
          deb822_trusted_remote = false;
    for (const build::WrittenLine& l : f.lines) {
      if (apt_source && trusted_apt_line(l.text)) {
        build::report(out, l.span,
                      why("`[trusted=yes]` makes APT accept this repository's packages "
                          "without a valid signature"));
        continue;
      }
      const std::optional<build::ConfigLine> line = build::config_line(l.text);
      if (!line) continue;
      if (apt_source && deb822_trusted_remote && line->key == "trusted" &&
          build::is_true_word(line->value))
        build::report(out, l.span,
                      why("`Trusted: yes` makes APT accept this repository's packages without "
                          "a valid signature"));
      else if (apt_conf && apt_unsigned_setting(line->raw_key + "=" + line->value))
        build::report(out, l.span,
                      why("`" + line->raw_key +
                          "` makes APT accept packages or repositories it could not authenticate"));
      else if (repo && !local_repo && gpgcheck_off(*line))
        build::report(out, l.span,
                      why("`" + line->raw_key + "=" + line->value +
                          "` turns off signature checks for this repository"));
      else if (pacman && line->key == "siglevel" &&
               source::ascii_lower(line->value).find("never") != std::string::npos)
        build::report(out, l.span, why("`SigLevel = Never` turns off pacman's signature checks"));
    }
  }

  // Whether every package the command installs is a package file the build made or copied in
  // (`apk add --allow-untrusted /tmp/packages/*.apk` after building them), rather than one from
  // a repository or one this RUN downloads without checking it: a signature check would
  // protect nothing there. `subcommand`: the first operand is the tool's command (install, add).
  static bool local_packages_only(const RunCommand& rc, const Program& p,
                                  std::string_view extension, bool subcommand) {
    const sh::Command& c = rc.command;
    bool any = false;
    for (size_t k = p.index + 1; k < c.words.size(); ++k) {
      const std::string& w = c.words[k].value;
      if (w.starts_with("-")) continue;
      if (subcommand) {
        subcommand = false;
        continue;
      }
      if (!w.ends_with(extension) || w.find("://") != std::string::npos) return false;
      any = true;
      const std::string_view name = build::path_basename(w);
      for (size_t j = 0; j < rc.index; ++j) {
        const std::string file = build::download_file(rc.script.commands[j]);
        if (file.empty() || build::path_basename(file) != name) continue;
        if (!build::verified_later(rc.script, j, file)) return false;
      }
    }
    return any;
  }

  // apk's command: its first word that is not an option ("" when none).
  static std::string_view apk_subcommand(const sh::Command& c, const Program& p) {
    for (size_t k = p.index + 1; k < c.words.size(); ++k)
      if (!c.words[k].value.starts_with("-")) return c.words[k].value;
    return {};
  }

  static void check_command(const RunCommand& rc, Reporter& out) {
    const sh::Command& c = rc.command;
    const Program p = build::program(c);
    if (p.name.empty()) return;
    if (is_apt(p.name)) {
      if (local_packages_only(rc, p, ".deb", true)) return;
      return check_apt(rc, p, out);
    }
    if (p.name == "add-apt-repository") {
      for (size_t k = p.index + 1; k < c.words.size(); ++k)
        if (trusted_apt_line(c.words[k].value))
          build::report(out, c.words[k].span,
                        why("`[trusted=yes]` makes APT accept this repository's "
                            "packages without a valid signature"));
      return;
    }
    if (p.name == "apk" && local_packages_only(rc, p, ".apk", true)) return;
    // `apk index --allow-untrusted` writes an index of package files (the build's own, before
    // abuild-sign signs it): it installs nothing.
    if (p.name == "apk" && apk_subcommand(c, p) == "index") return;
    if (p.name == "apk")
      return flag(rc, p, "--allow-untrusted",
                  "`apk --allow-untrusted` installs packages whose signature does not verify", out);
    if (is_rpm_installer(p.name)) {
      if (local_packages_only(rc, p, ".rpm", true)) return;
      return check_rpm_installer(rc, p, out);
    }
    if (p.name == "rpm") {
      if (!rpm_installs(c, p.index)) return;  // rpm -K, -q, -V only read packages
      if (local_packages_only(rc, p, ".rpm", false)) return;
      flag(rc, p, "--nosignature",
           "`rpm --nosignature` installs packages without checking their signatures", out);
      flag(rc, p, "--nodigest", "`rpm --nodigest` installs packages without checking their digests",
           out);
      return;
    }
    if (p.name == "zypper") {
      if (local_packages_only(rc, p, ".rpm", true)) return;
      flag(rc, p, "--no-gpg-checks", "`zypper --no-gpg-checks` ignores failed signature checks",
           out);
      flag(rc, p, "--allow-unsigned-rpm",
           "`zypper --allow-unsigned-rpm` installs unsigned packages", out);
      return;
    }
    if (p.name == "sed") return check_sed(rc, p, out);
  }

  // Every word of the command that is exactly `name`.
  static void flag(const RunCommand& rc, const Program& p, std::string_view name,
                   std::string_view what, Reporter& out) {
    for (const build::LongOption& o : build::long_options(rc.command, p.index + 1, name, false))
      build::report(out, rc.command.words[o.word].span, why(what));
  }

  static void check_apt(const RunCommand& rc, const Program& p, Reporter& out) {
    const sh::Command& c = rc.command;
    flag(rc, p, "--allow-unauthenticated",
         "`" + std::string(p.name) +
             " --allow-unauthenticated` installs packages it could not authenticate",
         out);
    flag(rc, p, "--force-yes",
         "`" + std::string(p.name) +
             " --force-yes` also installs packages it could not authenticate (and is deprecated)",
         out);
    flag(rc, p, "--allow-insecure-repositories",
         "`" + std::string(p.name) +
             " --allow-insecure-repositories` accepts repositories without a valid signature",
         out);
    for (size_t k = p.index + 1; k < c.words.size(); ++k) {
      const std::string& w = c.words[k].value;
      size_t word = k;
      std::string_view setting;
      if ((w == "-o" || w == "--option") && k + 1 < c.words.size()) {
        word = ++k;
        setting = c.words[word].value;
      } else if (w.starts_with("-o") && w.size() > 2) {
        setting = std::string_view(w).substr(2);
      } else if (w.starts_with("--option=")) {
        setting = std::string_view(w).substr(9);
      } else {
        continue;
      }
      if (apt_unsigned_setting(setting))
        build::report(out, c.words[word].span,
                      why("`" + std::string(setting) +
                          "` makes APT accept packages or repositories it could not authenticate"));
    }
  }

  static void check_rpm_installer(const RunCommand& rc, const Program& p, Reporter& out) {
    const sh::Command& c = rc.command;
    flag(rc, p, "--nogpgcheck",
         "`" + std::string(p.name) +
             " --nogpgcheck` installs packages without checking their signatures",
         out);
    for (size_t k = p.index + 1; k < c.words.size(); ++k) {
      const std::string& w = c.words[k].value;
      std::string_view setting;
      size_t word = k;
      if (w.starts_with("--setopt=")) {
        setting = std::string_view(w).substr(9);
      } else if (w == "--setopt" && k + 1 < c.words.size()) {
        word = ++k;
        setting = c.words[word].value;
      } else {
        continue;
      }
      // [repo.]gpgcheck=0, *.gpgcheck=0
      const size_t eq = setting.find('=');
      if (eq == std::string_view::npos) continue;
      std::string key = source::ascii_lower(setting.substr(0, eq));
      if (const size_t dot = key.rfind('.'); dot != std::string::npos) key = key.substr(dot + 1);
      build::ConfigLine line{key, key, std::string(setting.substr(eq + 1)), true};
      if (gpgcheck_off(line))
        build::report(out, c.words[word].span,
                      why("`" + std::string(setting) + "` turns off signature checks"));
    }
  }

  // sed -i 's/gpgcheck=1/gpgcheck=0/' /etc/yum.repos.d/x.repo
  static void check_sed(const RunCommand& rc, const Program& p, Reporter& out) {
    const sh::Command& c = rc.command;
    bool in_place = false;
    bool repo_file = false;
    std::vector<size_t> scripts;
    for (size_t k = p.index + 1; k < c.words.size(); ++k) {
      const std::string& w = c.words[k].value;
      if (w == "-e" || w == "--expression") {
        if (k + 1 < c.words.size()) scripts.push_back(++k);
      } else if (w.starts_with("--in-place") ||
                 (w.size() > 1 && w[0] == '-' && w[1] != '-' && w.find('i') != std::string::npos)) {
        in_place = true;
      } else if (!w.starts_with("-")) {
        if (repo_config_path(w))
          repo_file = true;
        else
          scripts.push_back(k);
      }
    }
    if (!in_place || !repo_file) return;
    for (size_t k : scripts) {
      // s<d>pattern<d>replacement<d>flags: look at the replacement only.
      const std::string& s = c.words[k].value;
      if (s.size() < 4 || s[0] != 's') continue;
      const char d = s[1];
      const size_t mid = s.find(d, 2);
      if (mid == std::string::npos) continue;
      const size_t end = s.find(d, mid + 1);
      const std::string replacement =
          s.substr(mid + 1, end == std::string::npos ? std::string::npos : end - mid - 1);
      const std::optional<build::ConfigLine> line = build::config_line(replacement);
      if (line && gpgcheck_off(*line))
        build::report(out, c.words[k].span,
                      why("this `sed` edit sets `" + replacement +
                          "` in a repository file, turning off its signature checks"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr408_package_signature_disabled() {
  return std::make_unique<PackageSignatureDisabled>();
}

}  // namespace clearance::rules
