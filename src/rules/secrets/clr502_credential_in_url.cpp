// CLR502: `scheme://user:password@host` with a literal password, in any value of a compose
// file, an env file or a Dockerfile instruction. A password written as `${VAR}` (judged where
// VAR is set) or as a placeholder (`<password>`, `***`, `xxx`) is not reported.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "dockerfile/syntax.h"
#include "knowledge/secrets.h"
#include "model/project.h"
#include "rules/rule.h"
#include "rules/service_report.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"CWE-798: Use of Hard-coded Credentials", "https://cwe.mitre.org/data/definitions/798.html"},
    {"RFC 3986, section 3.2.1: user information (use of user:password is deprecated)",
     "https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1"},
    {"Docker docs: manage secrets securely in Docker Compose",
     "https://docs.docker.com/compose/how-tos/use-secrets/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR502",
    .slug = "credential-in-url",
    .title = "Password written in a URL",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kSecrets,
    .fix = Fixability::kNone,
    .summary =
        "Reports a URL with a literal password in its user information "
        "(`postgres://app:s3cret@db/app`, `redis://:s3cret@cache:6379`) in any value of a "
        "compose file, an env file or a Dockerfile instruction. Not reported: a password "
        "written as a variable (`${DB_PASSWORD}`, judged where it is set), a placeholder "
        "(`<password>`, `[password]`, `{password}`, `***`, `xxx`, `...`, `%s`), and env "
        "templates (`.env.example`, CLR606's business). Only the password is pointed at, and it "
        "is never shown.",
    .rationale =
        "A connection URL is copied around more than any other setting: into logs, error "
        "messages, process listings, issue reports and monitoring dashboards. A password "
        "written inside one is exposed wherever the URL goes, as well as to everyone who can "
        "read the file it is written in.",
    .example =
        "services:\n"
        "  app:\n"
        "    image: ghcr.io/acme/app:1.4\n"
        "    environment:\n"
        "      DATABASE_URL: postgres://app:Xk2pQ9vL@db:5432/app\n",
    .instead =
        "services:\n"
        "  app:\n"
        "    image: ghcr.io/acme/app:1.4\n"
        "    environment:\n"
        "      DATABASE_URL: postgres://app:${DB_PASSWORD:?}@db:5432/app\n"
        "\n"
        "Write the password as a variable set in a git-ignored `.env`, or have the application "
        "read it from a Docker secret.",
    .fix_safety = "No fix is offered: the password has to be moved and rotated by its owner.",
    .references = kRefs,
};

bool scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
         c == '.';
}

bool ends_authority(char c) {
  switch (c) {
    case '/': case '?': case '#': case ' ': case '\t': case '\r': case '\n': case '"': case '\'':
    case '`': case '<': case '>': case '\\': case ',': case ';': case '(': case ')': case '[': case ']':
      return true;
    default:
      return false;
  }
}

bool placeholder(std::string_view password) {
  if (password.empty()) return true;
  const char first = password.front();
  if (first == '<' || first == '[' || first == '{' || first == '%') return true;
  if (password.find("...") != std::string_view::npos) return true;
  if (password.find_first_not_of(first) == std::string_view::npos && password.size() >= 3 &&
      (first == '*' || first == 'x' || first == 'X' || first == '.'))
    return true;
  return false;
}

struct Credential {
  size_t begin = 0;  // the password in the text
  size_t end = 0;
  std::string scheme;
  std::string host;
};

// Every URL with a literal password in `text`.
// Whether the password is (or holds) a variable. In a compose file `$$` is a literal dollar,
// so `Kq7m$$Lx9v` is the password `Kq7m$Lx9v`; elsewhere any `$` may start a reference.
bool reads_variable(std::string_view password, bool compose) {
  for (size_t i = password.find('$'); i != std::string_view::npos; i = password.find('$', i + 1)) {
    if (!compose) return true;
    if (i + 1 < password.size() && password[i + 1] == '$') {
      ++i;
      continue;
    }
    return true;
  }
  return false;
}

std::vector<Credential> find_credentials(std::string_view text, bool compose) {
  std::vector<Credential> out;
  for (size_t sep = text.find("://"); sep != std::string_view::npos; sep = text.find("://", sep + 3)) {
    size_t s = sep;
    while (s > 0 && scheme_char(text[s - 1])) --s;
    while (s < sep && !((text[s] >= 'a' && text[s] <= 'z') || (text[s] >= 'A' && text[s] <= 'Z'))) ++s;
    if (s == sep) continue;
    const size_t begin = sep + 3;
    size_t end = begin;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    const std::string_view authority = text.substr(begin, end - begin);
    const size_t at = authority.rfind('@');
    if (at == std::string_view::npos || at + 1 >= authority.size()) continue;
    const std::string_view userinfo = authority.substr(0, at);
    const size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view password = userinfo.substr(colon + 1);
    if (reads_variable(password, compose) || placeholder(password)) continue;
    Credential c;
    c.begin = begin + colon + 1;
    c.end = begin + at;
    c.scheme = std::string(text.substr(s, sep - s));
    c.host = std::string(authority.substr(at + 1));
    out.push_back(std::move(c));
  }
  return out;
}

class CredentialInUrl final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    std::set<std::pair<const source::SourceFile*, uint32_t>> seen;
    auto scan = [&](const source::Span& span, bool compose) {
      if (!span.valid()) return;
      const std::string_view text = span.text();
      if (text.find("://") == std::string_view::npos) return;
      for (const Credential& c : find_credentials(text, compose)) {
        const uint32_t begin = span.begin + static_cast<uint32_t>(c.begin);
        if (!seen.emplace(span.file, begin).second) continue;
        // In a compose file, the finding belongs to the service whose value holds the URL.
        report_value(project, out, span.file->span(begin, span.begin + static_cast<uint32_t>(c.end)),
                     "a " + c.scheme + " URL carries a literal password: it is exposed wherever "
                     "the URL is logged or copied, and to everyone who can read this file",
                     [&](Finding& f) { f.fingerprint_content = c.scheme + "://" + c.host; });
      }
    };
    for (const model::ComposeFile& cf : project.compose_files) {
      if (!cf.document) continue;
      for (const yaml::Node& node : cf.document->arena)
        if (node.is_scalar()) scan(node.span, true);
    }
    for (const model::EnvSource& src : project.env_sources) {
      if (!src.parsed || knowledge::is_env_example_name(src.absolute)) continue;
      for (const envfile::Entry& e : src.parsed->entries) scan(e.value_span, false);
    }
    for (const model::DockerfileSource& d : project.dockerfiles) {
      if (!d.syntax) continue;
      for (const dockerfile::Instruction& ins : d.syntax->instructions) scan(ins.extent, false);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr502_credential_in_url() { return std::make_unique<CredentialInUrl>(); }

}  // namespace clearance::rules
