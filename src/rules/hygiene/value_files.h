#pragma once
// The files of a project that hold values which should stay out of git (CLR601, CLR602): the
// env files it reads (`.env`, `--env-file`s, services' `env_file:`s) and the ones found alone
// (`.env.local`, `.env.production`), when they set at least one credential-shaped key
// (knowledge::is_credential_key) to a value that may be a secret (not empty, a boolean, an
// interpolation or a path) and are not templates (`.env.example` and kin, CLR606's); and the
// non-empty `file:` of each top-level secret. A file of plain settings (ports, names, flags)
// is not reported: committing one is common and harmless.
#include <string>
#include <vector>

#include "model/project.h"
#include "source/source_file.h"

namespace clearance::rules::value_files {

struct ValueFile {
  std::string absolute;
  std::string shown;      // as displayed: the env file's path, or the secret's `file:` as written
  std::string what;       // "holds 3 values", "is the file of secret `db_password`"
  source::Span at;        // the first value's line, or the secret's `file:` value
  source::Span referenced_at;  // the compose line that names the file, when there is one
  std::string referenced_by;   // "env_file of service `web`"
};

std::vector<ValueFile> collect(const model::Project& project);

}  // namespace clearance::rules::value_files
