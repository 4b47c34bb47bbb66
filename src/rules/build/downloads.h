#pragma once
// curl and wget command lines, read the way the tools read their options: short options
// clustered (`-fsSLk`, `-qO-`), options that take an argument (attached or in the next word),
// long options. Used to tell where a download goes and which options weaken it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/build/run_commands.h"

namespace clearance::rules::build {

// One option of a curl or wget command line.
struct ToolOption {
  char letter = 0;         // a short option's letter; 0 for a long option
  std::string_view name;   // a long option's name, without the dashes ("insecure")
  size_t word = 0;         // where it is in Command::words
  size_t offset = 0;       // where it starts in that word's value (the letter, or the "--")
  size_t length = 0;       // its length in the word's value (1 for a letter)
  bool has_value = false;  // it took an argument
  std::string_view value;  // the argument (attached, after '=', or the next word)
  size_t value_word = 0;   // the word the argument is in (== word unless it is the next word)
};

// The options of `curl` or `wget` (or `busybox wget`) starting at words[program].
std::vector<ToolOption> curl_options(const sh::Command& command, size_t program);
std::vector<ToolOption> wget_options(const sh::Command& command, size_t program);

// A command that downloads with curl or wget.
struct Download {
  std::string_view tool;   // "curl", "wget"
  size_t program = 0;      // words index of the tool
  bool to_stdout = false;  // the body goes to standard output (curl's default, wget -O -)
  std::string origin;      // "https://host" of the first URL, for messages (never its user
                           // info, path or query: they may hold tokens); "" when unknown
  bool loopback = false;   // every URL it fetches is on this machine (localhost, 127.0.0.1, [::1])
};
std::optional<Download> download(const sh::Command& command);

// The file a download command writes (curl -o/-O, wget -O or the URL's file name); "" when it
// writes to standard output or the name is not known.
std::string download_file(const sh::Command& command);

// Whether a command after `index` in `script` checks `file` against a checksum or signature the
// Dockerfile states: `echo "<sha256>  file" | sha256sum -c` (sha*sum, shasum, b2sum, md5sum; also
// with a here-string), `[ "$(sha256sum file ...)" = "$SHA" ]`, `gpg --verify sig file`, gpgv,
// `cosign verify-blob`, `minisign -V`. A checksum file fetched next to the download is not
// enough: whoever can change one can change the other.
bool verified_later(const sh::Script& script, size_t index, std::string_view file);

// "scheme://host" of a URL with its user info, path, query and fragment left out; "" when the
// text is not a URL or its host is a variable.
std::string url_origin(std::string_view url);

}  // namespace clearance::rules::build
