#pragma once
// Where a project sets credential values, for the credential rules (CLR501, CLR503-CLR505): a
// value is judged where it is written (an env-file line, a compose literal, an interpolation
// default, a Dockerfile ENV/ARG default), never where it is only referred to.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/secrets.h"
#include "model/project.h"
#include "source/source_file.h"

namespace clearance::rules::secrets {

struct CredentialSetting {
  enum class Where : uint8_t {
    kEnvFile,         // a line of an env file (.env, --env-file, env_file:, .env.local alone)
    kComposeLiteral,  // a literal value in a service's `environment:`
    kBuildArg,        // a literal value in a service's `build.args`
    kDefault,         // the default of `${VAR:-default}` / `${VAR-default}` in a compose file
    kDockerfile,      // the value of an ENV or an ARG default in a Dockerfile
  };
  Where where = Where::kEnvFile;
  std::string key;  // the credential-shaped name (the variable, or the key it is assigned to)
  knowledge::CredentialKind kind = knowledge::CredentialKind::kPassword;
  std::string value;  // as it is used (unquoted); never shown to users
  source::Span span;  // the value as written
  // The service that holds a compose literal or a default (one setting per service when
  // several share it through an anchor or `extends`); null for env files and Dockerfiles.
  const model::ContainerSpec* service = nullptr;
  // For an env-file value: the first compose scalar that uses it; invalid otherwise.
  source::Span used_at;
  bool in_template = false;  // an env template (.env.example, ...): placeholders are expected
  std::string_view instruction;  // "ENV" or "ARG" for kDockerfile
  bool onbuild = false;           // kDockerfile: in an ONBUILD trigger (set in the images built FROM it)
};

// Every credential value the project sets, in file order within each kind of place. Values
// that are no secret at all (empty, booleans, references, file paths) are left out. Collected
// once per project, for all the rules that ask.
const std::vector<CredentialSetting>& credential_settings(const model::Project& project);

// "the env file", "the compose file", "the build arguments", "an interpolation default",
// "the Dockerfile".
std::string_view where_name(CredentialSetting::Where where);

// The password policy of the run.
const knowledge::PasswordPolicy& password_policy(const model::Project& project);

// The value part of `KEY=value` written at `span` (a list-form environment entry or build
// argument); `span` itself when it is not of that form.
source::Span value_part(const source::Span& span, std::string_view key);

// "`NAME`", for messages.
std::string code(std::string_view name);

}  // namespace clearance::rules::secrets
