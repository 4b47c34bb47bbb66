#pragma once
// Reviewed knowledge behind the credential rules (CLR501-CLR509) and the hygiene rules that look
// for secret-bearing files (CLR601-CLR603, CLR606), in one place:
//   - which variable names hold credentials (and which only look as if they did),
//   - which values are no secret at all (empty, booleans, references, templates),
//   - which values are well-known defaults or placeholders,
//   - how strong a password is against a configurable policy,
//   - which images read a `_FILE` variant of a variable (Docker secrets),
//   - which file names hold secrets.
//
// Reviewed: 2026-11-29, against the names and values in the real-world corpus
// (shared/corpus/real: 246 env files, 685 compose files) and these sources:
//   docker-library entrypoints (postgres, mysql, mariadb, mongo, wordpress, nextcloud),
//   rabbitmq's entrypoint (its `_FILE` variables are refused since 3.9),
//   Elasticsearch "Configure Elasticsearch with Docker" (ELASTIC_PASSWORD_FILE),
//   InfluxDB "Install InfluxDB using Docker Compose" (DOCKER_INFLUXDB_INIT_*_FILE),
//   pgAdmin "Container Deployment" (PGADMIN_DEFAULT_PASSWORD_FILE),
//   Grafana "Configure a Grafana Docker image" (any GF_ variable as `__FILE`),
//   MinIO's Dockerfile (MINIO_ROOT_USER_FILE, MINIO_ROOT_PASSWORD_FILE),
//   NIST SP 800-63B section 5.1.1 (length over composition).
// Change an entry only with a source; add a corpus name to the tests when it changes a decision.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/image_ref.h"

namespace clearance::knowledge {

inline constexpr std::string_view kSecretsTableReviewed = "2026-11-29";

// ---------------------------------------------------------------------------------------------
// Keys

enum class CredentialKind {
  kPassword,    // PASSWORD, PASSWD, *_PASS, *_PWD
  kSecret,      // SECRET
  kToken,       // TOKEN
  kApiKey,      // API_KEY, APIKEY
  kPrivateKey,  // PRIVATE_KEY
  kAccessKey,   // ACCESS_KEY
  kCredential,  // CREDENTIAL(S)
};

// "password", "secret", "token", "API key", "private key", "access key", "credential".
std::string_view credential_kind_name(CredentialKind kind);

// The kind of credential a variable (or build argument) name holds, or nullopt when it holds
// none. Case-insensitive; words are separated by `_`, `.`, `-` or a lower-to-upper case change
// (`EventBusPassword`). Not credentials, although they contain a credential word:
//   - `_FILE` / `__FILE` / `_PATH` / `_DIR` keys (a path to a secret, CLR507's business);
//   - a credential word followed by a word that describes it rather than holds it:
//     PASSWORD_MIN_LENGTH, TOKEN_EXPIRY, OAUTH2_CLIENT_TOKEN_URL, REGISTRY_AUTH_TOKEN_REALM,
//     JWT_SECRET_ID, AWS_ACCESS_KEY_ID, MAILU_PASSWORD_SCHEME, ADMIN_PASSWORD_HASH ...;
//   - a credential word after a word that makes the key a setting: MYSQL_ALLOW_EMPTY_PASSWORD,
//     MYSQL_RANDOM_ROOT_PASSWORD, SE_VNC_NO_PASSWORD, CASSANDRA_NUM_TOKENS, OPENAI_MAX_TOKENS,
//     HASHED_PASSWORD, VITE_RESET_PASSWORD ...;
//   - words that only contain one: PASSWORDLESS, TOKENIZERS_PARALLELISM, SECRETARY, BYPASS;
//   - `PWD`/`OLDPWD` (the shell's working directory; only `*_PWD` is a password), nginx's
//     `*PROXY_PASS`, `FASTCGI_PASS`, `UWSGI_PASS`, `SCGI_PASS`, `GRPC_PASS` (upstream URLs),
//     GOOGLE_APPLICATION_CREDENTIALS (a path to a key file).
// Still credentials: SECRET_KEY_BASE (Rails' signing secret), AWS_SECRET_ACCESS_KEY,
// API_KEY_READ_ONLY, LOGFLARE_PUBLIC_ACCESS_TOKEN.
// Beyond the baseline's list (found in the corpus): words ending in PASS (DBPASS, REDISPASS;
// not BYPASS, SSHPASS, ASKPASS), Laravel's APP_KEY, and secret keys named by their use:
// *_ENCRYPTION_KEY, *_MASTER_KEY, *_FERNET_KEY, *_SIGNING_KEY, *_JWT_KEY, *_SERVICE_ROLE_KEY,
// *_ACCOUNT_KEY ... (kSecret). GPG_KEY, TLS_KEY and PUBLIC_KEY are not: public, or a path.
std::optional<CredentialKind> credential_key_kind(std::string_view key);
bool is_credential_key(std::string_view key);

// ---------------------------------------------------------------------------------------------
// Values

// Why a value set for a credential key is no secret at all; rules skip such values.
enum class NotASecret {
  kEmpty,          // "" or blanks only
  kBoolean,        // true/false/yes/no/on/off (any case): a flag, not a password
  kSentinel,       // none, null, nil, undefined, disabled, invalid, unset, n/a, -, ~
  kInterpolated,   // holds an unresolved `$VAR` / `${VAR...}` reference (judge the resolved value)
  kTemplated,      // a template expression evaluated elsewhere: `{{ .X }}`, `{{X}}`, `<%= x %>`
  kFileReference,  // a path to a secret file: /run/secrets/..., /var/run/secrets/..., ./x.pem
  kStoreReference,  // the name of a secret in a secret manager: an AWS Secrets Manager or SSM
                    // ARN, a GCP `projects/P/secrets/S`, an Azure Key Vault URL, `op://`, `vault:`
};

// "empty", "a boolean", "a placeholder for no value", "an interpolation", "a template
// expression", "a path to a secret file", "a reference to a secret manager".
std::string_view not_a_secret_reason(NotASecret why);

// Why `value` (as written, before interpolation) is not a secret, or nullopt when it may be one.
// Numbers are secrets: `PASSWORD=123456` is a weak (and default) password, and keys that hold
// counts (`NUM_TOKENS`) are no credential keys in the first place.
// Escaped dollars (`$$`) are literal text, not interpolation.
std::optional<NotASecret> why_not_a_secret(std::string_view value);
bool is_non_secret_value(std::string_view value);

// A well-known default or placeholder credential (CLR504, "change all default passwords"):
//   - a listed value, compared case-insensitively and ignoring surrounding quotes: postgres,
//     password, changeme, admin, root, minioadmin, secret, example, 123456, mysql, redis, guest,
//     test, pass, letmein, qwerty, default, P@ssw0rd, Pass@word, AWS's documentation keys ...;
//   - a placeholder shape: `<...>`, `[...]`, `xxx`/`***`/`...` runs, `change_me`, `changeThis`,
//     `replace-me`, `your_password_here`, `your-secret-key`, `my-secret`, `enter-password`,
//     `todo`, `fixme`, anything containing EXAMPLE, `long-and-random-alphanumeric-string`;
//   - a value that only names what it is: `redis_password`, `django_secret_key`,
//     `mysecretpassword`, `s3-secret-key`, `sonarPass` (every word is a credential word, an
//     owner word such as root/admin/db/user, or a product name such as redis/postgres/mysql,
//     and at least one is a credential word).
// A value that is no secret at all (see why_not_a_secret) is not a default credential either.
bool is_default_credential(std::string_view value);

// ---------------------------------------------------------------------------------------------
// Credentials in URLs (CLR502)

// `scheme://user:password@host` inside a value. Offsets are byte ranges of `text`.
struct UrlCredential {
  size_t url_begin = 0;  // the scheme's first byte
  size_t user_begin = 0, user_end = 0;
  size_t password_begin = 0, password_end = 0;  // never empty
  std::string_view password(std::string_view text) const {
    return text.substr(password_begin, password_end - password_begin);
  }
};

// Every URL in `text` with a non-empty password: "postgresql://postgres:postgres@db/app",
// "mongodb://root:${ROOT_PASS}@mongo" (judge the password with why_not_a_secret: this one is an
// interpolation), "redis://:secret@cache". A ':' or '@' inside `${...}` does not split.
std::vector<UrlCredential> find_url_credentials(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Strength

struct PasswordPolicy {
  size_t min_length = 16;  // in Unicode code points
  int min_classes = 3;     // of ASCII lowercase, ASCII uppercase, digits, anything else
  // A value at least this long passes without the classes: a 64-digit hex key or a passphrase
  // of words is strong although it has two classes (NIST SP 800-63B favours length).
  size_t classes_waived_from = 24;
  size_t min_distinct = 5;  // fewer distinct characters is weak whatever the length
};

struct Strength {
  bool weak = false;
  size_t length = 0;    // code points
  int classes = 0;      // 0-4
  size_t distinct = 0;  // distinct code points
  // Why it is weak, for messages: "9 characters (at least 16 wanted)", "only lowercase letters
  // and digits (2 character classes, 3 wanted)", "only 2 distinct characters". Empty when strong.
  std::string reason;
};

// Judges a credential value against `policy`. Call it on values that are secrets (not on those
// why_not_a_secret explains away).
Strength judge(std::string_view value, const PasswordPolicy& policy = {});

// ---------------------------------------------------------------------------------------------
// Images that read secrets from files (CLR506)

// The variable `image` reads instead of `env_key` to take the value from a file (a Docker
// secret), e.g. postgres + POSTGRES_PASSWORD -> POSTGRES_PASSWORD_FILE, grafana/grafana +
// GF_SECURITY_ADMIN_PASSWORD -> GF_SECURITY_ADMIN_PASSWORD__FILE; nullopt when the image is not
// known to read one. Images built on postgres (postgis, timescaledb, pgvector) inherit its
// entrypoint. RabbitMQ is absent on purpose: its image refuses RABBITMQ_DEFAULT_PASS_FILE
// since 3.9.
std::optional<std::string> file_variant_key(const model::ImageRef& image, std::string_view env_key);

// The image reads at least one variable from a file.
bool image_reads_secret_files(const model::ImageRef& image);

// The secret name a path under Docker's secrets mount refers to: "/run/secrets/db_password" ->
// "db_password", "/var/run/secrets/x" -> "x"; nullopt for other paths and for nested paths.
std::optional<std::string_view> docker_secret_name(std::string_view path);

// ---------------------------------------------------------------------------------------------
// Secret-bearing file names (CLR509, CLR601-CLR603, CLR606)

enum class SecretFileKind {
  kEnvFile,             // .env, .env.local, .envrc, prod.env (not .env.example and kin)
  kPrivateKey,          // *.pem, *.key, *.ppk, id_rsa, id_ed25519, id_ecdsa, id_dsa (not *.pub)
  kKeystore,            // *.p12, *.pfx, *.jks, *.keystore
  kPackageCredentials,  // .npmrc, .pypirc, .gem/credentials, .yarnrc.yml
  kCloudCredentials,    // credentials*, .aws/credentials, .boto
  kGitCredentials,      // .git-credentials
  kDockerConfig,        // .docker/config.json, .dockercfg
  kNetrc,               // .netrc, _netrc
  kHtpasswd,            // .htpasswd
};

// "an env file", "a private key", "a keystore", "package registry credentials", "cloud
// credentials", "git credentials", "Docker registry credentials", "a .netrc", "an .htpasswd".
std::string_view secret_file_kind_name(SecretFileKind kind);

// What kind of secret a file holds, judged by its name (and its parent folder for
// `.aws/credentials` and `.docker/config.json`), or nullopt. `path` may be relative or
// absolute, with `/` separators. Examples and templates are excluded everywhere:
// `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `credentials.example.json`.
std::optional<SecretFileKind> secret_file_kind(std::string_view path);
bool is_secret_file_name(std::string_view path);

// `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.tpl`, `example.env`,
// `env.example`, `env-example`, `.env.local.example`: a committed template that should hold no
// real values (CLR606).
bool is_env_example_name(std::string_view path);

}  // namespace clearance::knowledge
