#include "rules/build/downloads.h"
#include "source/chars.h"

#include <algorithm>
#include <array>

namespace clearance::rules::build {

namespace {

// curl's short options that take an argument (tool_getparam.c: ARG_STRG and ARG_FILE letters).
constexpr std::string_view kCurlShortWithArgument = "AbCcDdEeFHhKmoPQrTtUuwXxYyz";
// The curl long options with an argument that Dockerfiles use (an argument not listed here is
// read as an operand, which only matters if it starts with '-').
constexpr auto kCurlLongWithArgument = std::to_array<std::string_view>({
    "cacert",
    "capath",
    "cert",
    "cert-type",
    "ciphers",
    "config",
    "connect-timeout",
    "connect-to",
    "continue-at",
    "cookie",
    "cookie-jar",
    "data",
    "data-ascii",
    "data-binary",
    "data-raw",
    "data-urlencode",
    "dump-header",
    "form",
    "header",
    "interface",
    "key",
    "limit-rate",
    "max-filesize",
    "max-redirs",
    "max-time",
    "noproxy",
    "oauth2-bearer",
    "output",
    "output-dir",
    "proto",
    "proto-default",
    "proto-redir",
    "proxy",
    "proxy-user",
    "range",
    "referer",
    "request",
    "resolve",
    "retry",
    "retry-delay",
    "retry-max-time",
    "upload-file",
    "user",
    "user-agent",
});
// wget's short options that take an argument (-n takes the letters after it: -nv, -nc).
constexpr std::string_view kWgetShortWithArgument = "AaBCDeGgIilnOoPQRTtUwXY";
constexpr auto kWgetLongWithArgument = std::to_array<std::string_view>({
    "accept",    "append-output", "base",  "directory-prefix", "domains",     "execute",
    "header",    "input-file",    "level", "output-document",  "output-file", "password",
    "post-data", "post-file",     "quota", "reject",           "timeout",     "tries",
    "user",      "user-agent",    "wait",  "ca-certificate",
});

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

struct Parsed {
  std::vector<ToolOption> options;
  std::vector<size_t> operands;
};

template <size_t N>
Parsed parse(const sh::Command& c, size_t program, std::string_view short_with_argument,
             const std::array<std::string_view, N>& long_with_argument) {
  Parsed out;
  const size_t n = c.words.size();
  for (size_t k = program + 1; k < n; ++k) {
    const std::string_view w = c.words[k].value;
    if (w == "--") {
      for (++k; k < n; ++k) out.operands.push_back(k);
      break;
    }
    if (w.size() > 2 && w.starts_with("--")) {
      ToolOption o;
      o.word = o.value_word = k;
      o.offset = 0;
      const size_t eq = w.find('=');
      o.name = w.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2);
      o.length = 2 + o.name.size();
      if (eq != std::string_view::npos) {
        o.has_value = true;
        o.value = w.substr(eq + 1);
      } else if (contains(long_with_argument, o.name) && k + 1 < n) {
        o.has_value = true;
        o.value_word = ++k;
        o.value = c.words[k].value;
      }
      out.options.push_back(o);
      continue;
    }
    if (w.size() > 1 && w[0] == '-') {
      for (size_t pos = 1; pos < w.size(); ++pos) {
        ToolOption o;
        o.letter = w[pos];
        o.word = o.value_word = k;
        o.offset = pos;
        o.length = 1;
        if (short_with_argument.find(w[pos]) != std::string_view::npos) {
          o.has_value = true;
          if (pos + 1 < w.size())
            o.value = w.substr(pos + 1);
          else if (k + 1 < n)
            o.value = c.words[o.value_word = ++k].value;
          else
            o.has_value = false;
          out.options.push_back(o);
          break;
        }
        out.options.push_back(o);
      }
      continue;
    }
    out.operands.push_back(k);
  }
  return out;
}

bool is_stdout(std::string_view path) { return path == "-" || path == "/dev/stdout"; }

// An output redirection of standard output: the command's stdout goes to a file, not a pipe.
bool stdout_redirected(const sh::Command& c) {
  for (const sh::Redirection& r : c.redirections) {
    if (r.fd != -1 && r.fd != 1) continue;
    if (r.op == ">" || r.op == ">>" || r.op == ">|" || r.op == "&>" || r.op == "&>>") return true;
    if (r.op == ">&" && r.target.value != "1") return true;
  }
  return false;
}

}  // namespace

std::vector<ToolOption> curl_options(const sh::Command& command, size_t program) {
  return parse(command, program, kCurlShortWithArgument, kCurlLongWithArgument).options;
}

std::vector<ToolOption> wget_options(const sh::Command& command, size_t program) {
  return parse(command, program, kWgetShortWithArgument, kWgetLongWithArgument).options;
}

std::optional<Download> download(const sh::Command& command) {
  const Program p = program(command);
  Download d;
  d.program = p.index;
  if (p.name == "curl") {
    d.tool = "curl";
  } else if (p.name == "wget") {
    d.tool = "wget";
  } else if (p.name == "busybox" && p.index + 1 < command.words.size() &&
             command.words[p.index + 1].value == "wget") {
    d.tool = "wget";
    d.program = p.index + 1;
  } else {
    return std::nullopt;
  }
  const bool curl = d.tool == "curl";
  const Parsed parsed =
      curl ? parse(command, d.program, kCurlShortWithArgument, kCurlLongWithArgument)
           : parse(command, d.program, kWgetShortWithArgument, kWgetLongWithArgument);
  d.to_stdout = curl;
  std::string_view url;
  for (const ToolOption& o : parsed.options) {
    if (curl) {
      if (o.letter == 'o' || o.name == "output") d.to_stdout = is_stdout(o.value);
      if (o.letter == 'O' || o.name == "remote-name" || o.name == "remote-name-all" ||
          o.name == "out-null")
        d.to_stdout = false;
      if (o.name == "url" && url.empty()) url = o.value;
    } else if (o.letter == 'O' || o.name == "output-document") {
      d.to_stdout = is_stdout(o.value);
    }
  }
  if (stdout_redirected(command)) d.to_stdout = false;
  size_t urls = 0, loopback = 0;
  for (size_t k : parsed.operands) {
    const std::string_view w = command.words[k].value;
    if (w.find("://") == std::string_view::npos) continue;
    if (url.empty()) url = w;
    ++urls;
    const std::string origin = url_origin(w);
    std::string_view host = origin;
    if (const size_t sep = host.find("://"); sep != std::string_view::npos)
      host.remove_prefix(sep + 3);
    if (host.starts_with("[::1]") || host.starts_with("127.") ||
        (host.starts_with("localhost") && (host.size() == 9 || host[9] == ':')))
      ++loopback;
  }
  d.origin = url_origin(url);
  d.loopback = urls > 0 && urls == loopback;
  return d;
}

std::string download_file(const sh::Command& command) {
  const std::optional<Download> d = download(command);
  if (!d || d->to_stdout) return {};
  const bool curl = d->tool == "curl";
  const Parsed parsed =
      curl ? parse(command, d->program, kCurlShortWithArgument, kCurlLongWithArgument)
           : parse(command, d->program, kWgetShortWithArgument, kWgetLongWithArgument);
  std::string out;
  bool remote_name = !curl;  // wget names the file after the URL by default
  for (const ToolOption& o : parsed.options) {
    if ((curl && (o.letter == 'o' || o.name == "output")) ||
        (!curl && (o.letter == 'O' || o.name == "output-document"))) {
      out = std::string(o.value);
      remote_name = false;
    }
    if (curl && (o.letter == 'O' || o.name == "remote-name")) remote_name = true;
  }
  if (!remote_name) return out;
  for (size_t k : parsed.operands) {
    std::string_view url = command.words[k].value;
    if (url.find("://") == std::string_view::npos) continue;
    url = url.substr(0, source::find_any(url, source::CharSet("?#")));
    const size_t slash = url.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(url.substr(slash + 1));
  }
  return {};
}

namespace {

bool is_checksum_tool(std::string_view name) {
  return name == "sha256sum" || name == "sha512sum" || name == "sha384sum" || name == "sha224sum" ||
         name == "sha1sum" || name == "md5sum" || name == "b2sum" || name == "shasum" ||
         name == "cksum";
}

bool mentions(const sh::Command& c, std::string_view name) {
  for (const sh::Word& w : c.words)
    if (w.value.find(name) != std::string::npos) return true;
  for (const sh::Redirection& r : c.redirections)
    if (r.target.value.find(name) != std::string::npos) return true;
  return false;
}

bool has_check_option(const sh::Command& c, size_t program) {
  for (size_t k = program + 1; k < c.words.size(); ++k) {
    const std::string& w = c.words[k].value;
    if (w == "--check") return true;
    if (w.size() > 1 && w[0] == '-' && w[1] != '-' && w.find('c') != std::string::npos) return true;
  }
  return false;
}

// A checksum of `name` computed inside a $(...) of this command, to be compared with a pinned one.
bool computes_checksum(const sh::Command& c, std::string_view name) {
  for (const sh::Script& nested : c.nested)
    for (const sh::Command& inner : nested.commands)
      if (is_checksum_tool(program(inner).name) && mentions(inner, name)) return true;
  return false;
}

}  // namespace

bool verified_later(const sh::Script& script, size_t index, std::string_view file) {
  std::string_view name = file;
  if (const size_t slash = name.rfind('/'); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  if (name.empty()) return false;
  for (size_t j = index + 1; j < script.commands.size(); ++j) {
    const sh::Command& c = script.commands[j];
    const Program p = program(c);
    if (is_checksum_tool(p.name) && has_check_option(c, p.index)) {
      // The expected checksum comes from the Dockerfile: a here-string, echo/printf piped in,
      // or a checksum file that echo/printf wrote earlier in the script.
      for (const sh::Redirection& r : c.redirections)
        if (r.op == "<<<" && r.target.value.find(name) != std::string::npos) return true;
      if (c.connector == sh::Connector::kPipe && j > 0) {
        const sh::Command& feeder = script.commands[j - 1];
        const std::string_view f = program(feeder).name;
        if ((f == "echo" || f == "printf") && mentions(feeder, name)) return true;
      }
      for (size_t k = p.index + 1; k < c.words.size(); ++k) {
        const std::string& operand = c.words[k].value;
        if (operand.starts_with("-")) continue;
        for (size_t w = 0; w < j; ++w) {
          const sh::Command& writer = script.commands[w];
          const std::string_view f = program(writer).name;
          if ((f != "echo" && f != "printf") || !mentions(writer, name)) continue;
          for (const sh::Redirection& r : writer.redirections)
            if ((r.op == ">" || r.op == ">>") && r.target.value == operand) return true;
        }
      }
      continue;
    }
    if ((p.name == "gpg" || p.name == "gpg2" || p.name == "gpgv" || p.name == "minisign" ||
         p.name == "cosign" || p.name == "signify") &&
        mentions(c, name))
      return true;
    if (computes_checksum(c, name)) return true;
  }
  return false;
}

std::string url_origin(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return {};
  const std::string_view scheme = url.substr(0, sep);
  if (!std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+';
      }))
    return {};
  std::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, source::find_any(authority, source::CharSet("/?#")));
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  if (authority.empty() || source::contains_any(authority, source::CharSet("$`{}\\\"' ")))
    return {};
  return std::string(scheme) + "://" + std::string(authority);
}

}  // namespace clearance::rules::build
