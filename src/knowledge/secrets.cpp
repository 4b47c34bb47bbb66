#include "knowledge/secrets.h"
#include "source/ascii.h"
#include "source/chars.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace clearance::knowledge {
namespace {

// ---------------------------------------------------------------------------------------------
// Small string helpers (ASCII: keys and the words we compare are ASCII).

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool contains(std::span<const std::string_view> list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Splits a name into upper-case words at non-alphanumerics and at case changes:
// "EventBusPassword" -> EVENT BUS PASSWORD, "db-password" -> DB PASSWORD, "APIKey" -> API KEY.
std::vector<std::string> split_words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_alpha(c) && !is_digit(c)) {
      flush();
      continue;
    }
    if (!word.empty() && i > 0) {
      const char prev = name[i - 1];
      const bool lower_to_upper = is_lower(prev) && is_upper(c);
      // "APIKey": the K starts a word because a lower-case letter follows it.
      const bool acronym_end =
          is_upper(prev) && is_upper(c) && i + 1 < name.size() && is_lower(name[i + 1]);
      if (lower_to_upper || acronym_end) flush();
    }
    word.push_back(upper(c));
  }
  flush();
  return words;
}

// ---------------------------------------------------------------------------------------------
// Credential keys

struct Stem {
  std::string_view text;  // upper case, found inside a word
  CredentialKind kind;
};

// Single-word stems, found anywhere inside a word (`*PASSWORD*`, LDAPREADERPASSWORD).
constexpr std::array<Stem, 9> kWordStems = {{
    {"PRIVATEKEY", CredentialKind::kPrivateKey},
    {"ACCESSKEY", CredentialKind::kAccessKey},
    {"APIKEY", CredentialKind::kApiKey},
    {"PASSWORD", CredentialKind::kPassword},
    {"PASSPHRASE", CredentialKind::kPassword},
    {"PASSWD", CredentialKind::kPassword},
    {"CREDENTIAL", CredentialKind::kCredential},
    {"SECRET", CredentialKind::kSecret},
    {"TOKEN", CredentialKind::kToken},
}};

// Two-word stems: PRIVATE_KEY, ACCESS_KEY, API_KEY (the second word may be KEYS).
struct PairStem {
  std::string_view first;
  CredentialKind kind;
};
constexpr std::array<PairStem, 3> kPairStems = {{
    {"PRIVATE", CredentialKind::kPrivateKey},
    {"ACCESS", CredentialKind::kAccessKey},
    {"API", CredentialKind::kApiKey},
}};

// `<WORD>_KEY` names that hold a secret key although no credential word is in them:
// N8N_ENCRYPTION_KEY, MEILI_MASTER_KEY, AIRFLOW__CORE__FERNET_KEY, SUPABASE_SERVICE_ROLE_KEY,
// AzureStorageAccountKey. (Not GPG_KEY, TLS_KEY, PUBLIC_KEY: public or a path.)
constexpr std::string_view kSecretKeyQualifiers[] = {
    "ENCRYPTION", "MASTER", "FERNET",  "SIGNING", "ENC",  "CRYPTO",  "JWT",   "HMAC",
    "AES",        "CIPHER", "SESSION", "LICENSE", "ROLE", "ACCOUNT", "ADMIN", "WEBHOOK"};

// Words that end in PASS without being a password: `*PASS` counts only outside these.
constexpr std::string_view kNotPassWords[] = {"BYPASS",   "SSHPASS",   "ASKPASS",
                                              "COMPASS",  "SURPASS",   "TRESPASS",
                                              "OVERPASS", "UNDERPASS", "ENCOMPASS"};

// Text right after a stem inside one word that makes it another word: PASSWORDLESS,
// TOKENIZERS, SECRETARY.
constexpr std::string_view kNotAStemContinuation[] = {"LESS", "IZ", "AR"};

// Words after the credential word that describe the credential instead of holding it.
constexpr std::string_view kDescriptorWords[] = {
    "LENGTH",       "LEN",      "MIN",
    "MAX",          "AGE",      "EXPIRY",
    "EXPIRES",      "EXPIRE",   "EXPIRED",
    "EXPIRATION",   "TTL",      "LIFETIME",
    "TIMEOUT",      "VALIDITY", "DURATION",
    "INTERVAL",     "URL",      "URI",
    "URLS",         "ENDPOINT", "HOST",
    "PORT",         "REALM",    "ISSUER",
    "AUDIENCE",     "SERVICE",  "SCHEME",
    "ALGORITHM",    "ALG",      "TYPE",
    "FORMAT",       "ATTR",     "ATTRIBUTE",
    "FIELD",        "HEADER",   "PARAM",
    "NAME",         "ID",       "IDS",
    "ENABLED",      "ENABLE",   "DISABLED",
    "DISABLE",      "REQUIRED", "POLICY",
    "COMPLEXITY",   "STRENGTH", "HASH",
    "HASHED",       "SHA",      "SHA1",
    "SHA2",         "SHA256",   "SHA512",
    "BCRYPT",       "MD5",      "RESET",
    "FILE",         "PATH",     "DIR",
    "DIRECTORY",    "LOCATION", "REGION",
    "MODULE",       "PROVIDER", "SEEDER",
    "CERT",         "CERTS",    "ROOTCERTBUNDLE",
    "BUNDLE",       "PREFIX",   "SUFFIX",
    "LIMIT",        "COUNT",    "SIZE",
    "RETRIES",      "ATTEMPTS", "AUTHENTICATION",
    "VERIFICATION", "ROTATION", "COMMAND",
    "CMD",          "SCRIPT",   "METHOD",
    "SCOPE",        "SCOPES",   "AUDIENCES",
};

// Words before the credential word that make the key a setting about credentials.
constexpr std::string_view kModifierWords[] = {
    "ALLOW",  "EMPTY",  "RANDOM", "SKIP",    "MAX",     "MIN",      "NUM",
    "NUMBER", "RESET",  "FORGOT", "HASHED",  "HASH",    "SHA2",     "SHA256",
    "SHA512", "BCRYPT", "ENABLE", "DISABLE", "REQUIRE", "GENERATE", "ROTATE",
};

// nginx directives that name an upstream, not a password: PROXY_PASS=http://app:8080.
constexpr std::string_view kUpstreamPassWords[] = {"PROXY", "FASTCGI", "UWSGI", "SCGI", "GRPC"};

// Full keys that look like credentials and are not.
constexpr std::string_view kNotCredentialKeys[] = {"GOOGLE_APPLICATION_CREDENTIALS",
                                                   "AWS_SHARED_CREDENTIALS_FILE"};

struct StemHit {
  size_t word = 0;  // index of the word where the stem ends
  CredentialKind kind = CredentialKind::kPassword;
};

// Finds a single-word stem inside `word`; returns true and its kind.
bool word_has_stem(std::string_view word, CredentialKind& kind) {
  for (const Stem& stem : kWordStems) {
    for (size_t at = word.find(stem.text); at != std::string_view::npos;
         at = word.find(stem.text, at + 1)) {
      const std::string_view rest = word.substr(at + stem.text.size());
      const bool other_word =
          std::any_of(std::begin(kNotAStemContinuation), std::end(kNotAStemContinuation),
                      [&](std::string_view c) { return starts_with(rest, c); });
      if (other_word) continue;
      kind = stem.kind;
      return true;
    }
  }
  return false;
}

// The last place a credential stem ends in `words`, or nullopt.
std::optional<StemHit> last_stem(const std::vector<std::string>& words) {
  std::optional<StemHit> hit;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    CredentialKind kind;
    if (word_has_stem(w, kind)) hit = StemHit{i, kind};
    if (i + 1 < words.size() && (words[i + 1] == "KEY" || words[i + 1] == "KEYS")) {
      for (const PairStem& pair : kPairStems)
        if (w == pair.first) hit = StemHit{i + 1, pair.kind};
    }
    if ((w == "KEY" || w == "KEYS") && i > 0 && contains(kSecretKeyQualifiers, words[i - 1]))
      hit = StemHit{i, CredentialKind::kSecret};
    // `*_PASS`, `*_PWD`: the last word, after at least one other. DBPASS, REDISPASS too.
    const bool last = i + 1 == words.size();
    if (last && i > 0 && (w == "PASS" || w == "PWD")) {
      const bool upstream = w == "PASS" && contains(kUpstreamPassWords, words[i - 1]);
      if (!upstream) hit = StemHit{i, CredentialKind::kPassword};
    }
    if (last && w.size() > 4 && ends_with(w, "PASS") && !contains(kNotPassWords, w))
      hit = StemHit{i, CredentialKind::kPassword};
  }
  return hit;
}

bool described_after(const std::vector<std::string>& words, size_t stem_word) {
  for (size_t i = stem_word + 1; i < words.size(); ++i)
    if (contains(kDescriptorWords, words[i])) return true;
  return false;
}

bool modified_before(const std::vector<std::string>& words, size_t stem_word) {
  for (size_t i = 0; i < stem_word; ++i)
    if (contains(kModifierWords, words[i])) return true;
  // NO only right before the word: SE_VNC_NO_PASSWORD, but NO_REPLY_SMTP_PASSWORD stays.
  return stem_word > 0 && words[stem_word - 1] == "NO";
}

// ---------------------------------------------------------------------------------------------
// Values

constexpr std::string_view kBooleans[] = {"true", "false", "yes", "no", "on", "off"};

constexpr std::string_view kSentinels[] = {
    "none",    "null",    "nil", "undefined", "disabled", "disable", "invalid", "unset", "notset",
    "not_set", "not-set", "n/a", "na",        "-",        "~",       "empty",   "<none>"};

// Extensions of files that hold secrets or configuration, for "/path/to/key.pem" values.
constexpr std::string_view kFileExtensions[] = {".json", ".pem", ".key", ".txt",   ".crt",  ".p12",
                                                ".pfx",  ".jks", ".env", ".conf",  ".yaml", ".yml",
                                                ".cfg",  ".ini", ".pub", ".secret"};

// An unescaped `$NAME` or `${` (Compose's interpolation; `$$` is a literal dollar).
bool has_interpolation(std::string_view v) {
  for (size_t i = 0; i + 1 < v.size(); ++i) {
    if (v[i] != '$') continue;
    const char next = v[i + 1];
    if (next == '$') {
      ++i;
      continue;
    }
    if (next == '{' || next == '_' || is_alpha(next)) return true;
  }
  return false;
}

bool has_template(std::string_view v) {
  const size_t open = v.find("{{");
  if (open != std::string_view::npos && v.find("}}", open + 2) != std::string_view::npos)
    return true;
  const size_t erb = v.find("<%");
  return erb != std::string_view::npos && v.find("%>", erb + 2) != std::string_view::npos;
}

bool is_path_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '~';
}

// Where a secret manager keeps a secret, which the application resolves at run time: the value
// names the secret, it is not the secret. `lower`: the value in lower case.
bool is_secret_store_reference(std::string_view lower) {
  if (starts_with(lower, "arn:aws:secretsmanager:") || starts_with(lower, "arn:aws:ssm:") ||
      starts_with(lower, "arn:aws:kms:") || starts_with(lower, "op://") || starts_with(lower, "vault:") ||
      starts_with(lower, "vault://") || starts_with(lower, "sm://") || starts_with(lower, "gcp-secret://") ||
      starts_with(lower, "azure-keyvault://") || starts_with(lower, "doppler://") ||
      starts_with(lower, "infisical://") || starts_with(lower, "bws://"))
    return true;
  // https://<vault>.vault.azure.net/secrets/<name>[/<version>]
  if (starts_with(lower, "https://") && lower.find(".vault.azure.net/secrets/") != std::string_view::npos) return true;
  // projects/<project>/secrets/<name>[/versions/<version>] (Google Secret Manager)
  if (starts_with(lower, "projects/")) {
    const size_t secrets = lower.find("/secrets/");
    return secrets != std::string_view::npos && secrets > 9 && lower.find('/', 9) == secrets &&
           lower.find_first_of(" \t") == std::string_view::npos;
  }
  return false;
}

bool is_file_reference(std::string_view v) {
  if (docker_secret_name(v) || starts_with(v, "/run/secrets/") ||
      starts_with(v, "/var/run/secrets/"))
    return true;
  const bool path_like =
      starts_with(v, "/") || starts_with(v, "./") || starts_with(v, "../") || starts_with(v, "~/");
  if (!path_like || !std::all_of(v.begin(), v.end(), is_path_char)) return false;
  const std::string l = source::ascii_lower(v);
  return std::any_of(std::begin(kFileExtensions), std::end(kFileExtensions),
                     [&](std::string_view ext) { return ends_with(l, ext); });
}

// Removes blanks, matching quotes and brackets around a value: `["x"]` -> `x`.
std::string_view unwrap(std::string_view v) {
  for (;;) {
    v = trim(v);
    if (v.size() < 2) return v;
    const char a = v.front(), b = v.back();
    const bool wrapped =
        (a == '"' && b == '"') || (a == '\'' && b == '\'') || (a == '[' && b == ']');
    if (!wrapped) return v;
    v = v.substr(1, v.size() - 2);
  }
}

// Well-known default passwords and documentation values, lower case.
constexpr std::string_view kDefaultCredentials[] = {
    // The baseline's list and its obvious relatives.
    "postgres",
    "postgresql",
    "password",
    "passwd",
    "changeme",
    "changeit",
    "changethis",
    "admin",
    "administrator",
    "root",
    "toor",
    "minioadmin",
    "minio123",
    "secret",
    "example",
    "123456",
    "mysql",
    "mariadb",
    "redis",
    "mongo",
    "mongodb",
    "rabbitmq",
    "guest",
    "test",
    "testing",
    "pass",
    "letmein",
    "qwerty",
    "default",
    "user",
    "demo",
    "dummy",
    "sample",
    "foobar",
    "foo",
    "bar",
    "welcome",
    "master",
    "superuser",
    "supersecret",
    "topsecret",
    "s3cr3t",
    "s3cret",
    // Sequences, keyboard walks and common passwords.
    "1234",
    "12345",
    "1234567",
    "12345678",
    "123456789",
    "1234567890",
    "0000",
    "000000",
    "111111",
    "123123",
    "654321",
    "abc123",
    "qwerty123",
    "qwertyuiop",
    "asdf",
    "asdfgh",
    "1q2w3e4r",
    "iloveyou",
    "monkey",
    "dragon",
    "trustno1",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "pa$$word",
    "pass@word",
    "pass@word1",
    "password1",
    "password123",
    "password!",
    "admin123",
    "admin1234",
    "root123",
    "test123",
    "secret123",
    "changeme123",
    "welcome1",
    // Vendor defaults and documentation examples.
    "elastic",
    "kibanaserver",
    "harbor12345",
    "airflow",
    "wordpress",
    "nextcloud",
    "drupal",
    "yourstrong(!)password",
    "akiaiosfodnn7example",
    "wjalrxutnfemi/k7mdeng/bpxrficyexamplekey",
    "long-and-random-alphanumeric-string",
    "dev",
    "development",
    "temporal",
    "paperless",
    "somewordpress",
    "petclinic",
    "laradock",
};

// Words a value may be made of when it only names what it is ("redis_password").
constexpr std::string_view kCredentialWords[] = {
    "password", "passwords", "passwd", "pass",   "pwd",        "pw",          "secret",
    "secrets",  "token",     "key",    "apikey", "credential", "credentials", "passphrase"};

// Words that mark a placeholder the user was meant to replace.
constexpr std::string_view kPlaceholderWords[] = {
    "change", "changeme", "replace", "your",     "yours",       "example", "sample",
    "dummy",  "fake",     "random",  "generate", "insert",      "enter",   "put",
    "here",   "todo",     "fixme",   "tbd",      "placeholder", "xxx"};

// Filler words such a value may hold.
constexpr std::string_view kFillerWords[] = {
    "my",           "the",        "a",         "an",       "this",     "is",        "it",
    "me",           "our",        "some",      "super",    "very",     "top",       "not",
    "so",           "bad",        "good",      "strong",   "weak",     "default",   "new",
    "old",          "test",       "dev",       "prod",     "local",    "real",      "long",
    "string",       "value",      "generated", "please",   "to",       "be",        "of",
    "and",          "for",        "with",      "in",       "hard",     "simple",    "easy",
    "alphanumeric", "characters", "chars",     "standard", "base64",   "hex",       "much",
    "more",         "secure",     "safe",      "unsafe",   "insecure", "something", "thing",
    "else",         "other",      "whatever",  "anything"};

// Whose credential it is, or which product's: a value of one or two of these (and digits) is
// a default too ("kibanaserver", "postgres123", "admin2024").
constexpr std::string_view kOwnerWords[] = {
    // owners and purposes
    "root", "admin", "user", "users", "db", "database", "app", "api", "web", "server", "client",
    "service", "system", "master", "replication", "replica", "repl", "backup", "monitor",
    "monitoring", "read", "write", "readonly", "guest", "superuser", "auth", "session", "cookie",
    "jwt", "access", "private", "public", "internal", "external", "smtp", "mail", "email", "ldap",
    "aws", "cache", "queue", "broker", "webhook", "hook", "oauth", "login", "account", "init",
    "initial", "main", "primary", "bootstrap", "cluster", "node", "sa", "dba", "operator", "runner",
    "registration", "encryption", "signing", "otp", "base", "outgoing", "incoming", "sentinel",
    "erlang", "storage", "bucket", "object",
    // products
    "postgres", "postgresql", "pg", "mysql", "mariadb", "redis", "valkey", "mongo", "mongodb",
    "rabbit", "rabbitmq", "minio", "elastic", "elasticsearch", "kibana", "opensearch", "grafana",
    "influx", "influxdb", "keycloak", "gitea", "gitlab", "sonar", "sonarqube", "wordpress", "wp",
    "drupal", "nextcloud", "django", "rails", "laravel", "taiga", "zulip", "sentry", "airflow",
    "superset", "kong", "harbor", "jenkins", "vault", "traefik", "docker", "registry", "supabase",
    "appwrite", "redash", "clickhouse", "cassandra", "couchdb", "memcached", "nats", "kafka",
    "zookeeper", "etcd", "temporal", "paperless", "mailu", "s3", "jitsi", "matrix", "odoo", "ghost",
    "mattermost", "typesense", "surrealdb", "pgadmin", "phpmyadmin", "pma", "n8n", "laradock",
    "confluence", "jira", "petclinic"};

bool in_vocabulary(std::string_view w) {
  return contains(kCredentialWords, w) || contains(kPlaceholderWords, w) ||
         contains(kFillerWords, w) || contains(kOwnerWords, w);
}

// Splits `chunk` (lower-case letters) into vocabulary words; false when it cannot.
bool segment(std::string_view chunk, std::vector<std::string_view>& out) {
  constexpr size_t kMaxChunk = 64;  // longer runs are not names; keeps the search cheap
  if (chunk.empty() || chunk.size() > kMaxChunk) return false;
  // best[i]: length of the last word of a segmentation of chunk[0, i), or 0 when none.
  std::array<size_t, kMaxChunk + 1> best{};
  for (size_t end = 1; end <= chunk.size(); ++end) {
    for (size_t len = std::min<size_t>(end, 16); len >= 1; --len) {
      const size_t begin = end - len;
      if ((begin == 0 || best[begin] != 0) && in_vocabulary(chunk.substr(begin, len))) {
        best[end] = len;
        break;  // the longest last word keeps "password" whole
      }
    }
  }
  if (best[chunk.size()] == 0) return false;
  std::vector<std::string_view> words;
  for (size_t end = chunk.size(); end > 0; end -= best[end])
    words.push_back(chunk.substr(end - best[end], best[end]));
  out.insert(out.end(), words.rbegin(), words.rend());
  return true;
}

// "redis_password", "mysecretpassword", "changeRunnerAuthToken", "long-and-random-...":
// a value made only of vocabulary words (and digits), with a credential or placeholder word
// among them, or of at most two owner and product words ("kibanaserver", "postgres123").
// Credential words that, as a whole word of a short value, make it a name whatever the other
// words are: "astronomy_password", "mmuser_password". (Not KEY or TOKEN: a diceware passphrase
// may hold those.)
constexpr std::string_view kNamingCredentialWords[] = {"PASSWORD", "PASSWORDS", "PASSWD", "PASS",
                                                       "PWD",      "SECRET",    "SECRETS"};
constexpr size_t kMaxNamingWords = 4;

bool names_itself(std::string_view value) {
  const std::vector<std::string> value_words = split_words(value);
  if (value_words.size() <= kMaxNamingWords &&
      std::any_of(value_words.begin(), value_words.end(),
                  [](const std::string& w) { return contains(kNamingCredentialWords, w); }))
    return true;
  // Each word is segmented whole first ("s3", "n8n"), else its letter runs with the digits
  // between them dropped ("postgres123", "admin2024").
  std::vector<std::string> pieces;
  for (const std::string& w : value_words) {
    std::string lw = source::ascii_lower(w);
    std::vector<std::string_view> probe;
    if (segment(lw, probe)) {
      pieces.push_back(std::move(lw));
      continue;
    }
    for (size_t i = 0; i < lw.size();) {
      size_t j = i;
      const bool digits = is_digit(lw[i]);
      while (j < lw.size() && is_digit(lw[j]) == digits) ++j;
      if (!digits) pieces.push_back(lw.substr(i, j - i));
      i = j;
    }
  }
  if (pieces.empty()) return false;
  std::vector<std::string_view> words;  // views into `pieces`
  for (const std::string& piece : pieces)
    if (!segment(piece, words)) return false;
  const auto any_of = [&](std::span<const std::string_view> list) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return contains(list, w); });
  };
  if (any_of(kCredentialWords) || any_of(kPlaceholderWords)) return true;
  const bool all_owners = std::all_of(words.begin(), words.end(),
                                      [](std::string_view w) { return contains(kOwnerWords, w); });
  return all_owners && words.size() <= 2;
}

bool all_same_char(std::string_view v) {
  return v.size() >= 3 &&
         std::all_of(v.begin(), v.end(), [&](char c) { return source::ascii_lower(c) == source::ascii_lower(v[0]); });
}

// "1234", "4321", "abcdef", "fedcba": one step up or down the whole way.
bool is_sequence(std::string_view v) {
  if (v.size() < 4) return false;
  const auto step = [&](int dir) {
    for (size_t i = 1; i < v.size(); ++i)
      if (source::ascii_lower(v[i]) - source::ascii_lower(v[i - 1]) != dir) return false;
    return true;
  };
  return (is_digit(v[0]) || is_alpha(v[0])) && (step(1) || step(-1));
}

// "ghp_1234567890abcdef...": a run of 8 consecutive digits or letters inside a value.
bool has_long_sequence(std::string_view l) {
  constexpr size_t kRun = 8;
  size_t run = 1;
  for (size_t i = 1; i < l.size(); ++i) {
    const bool alnum =
        (is_digit(l[i]) || is_alpha(l[i])) && (is_digit(l[i - 1]) || is_alpha(l[i - 1]));
    run = alnum && l[i] - l[i - 1] == 1 ? run + 1 : 1;
    if (run >= kRun) return true;
  }
  return false;
}

// A run of 4 or more x's, or a value made only of x, * or . (xxx, ****, ...).
bool is_masked_placeholder(std::string_view l) {
  if (l.find("xxxx") != std::string_view::npos) return true;
  const auto only = [&](char c) {
    return l.size() >= 3 && std::all_of(l.begin(), l.end(), [c](char x) { return x == c; });
  };
  return only('x') || only('*') || only('.');
}

// ---------------------------------------------------------------------------------------------
// Images that read `_FILE` variables

struct FileVariantRule {
  std::string_view repository;             // ImageRef::short_name(), lower case
  std::span<const std::string_view> keys;  // variables with a file variant
  std::string_view key_prefix;             // or: every variable with this prefix
  std::string_view suffix = "_FILE";
};

constexpr std::string_view kPostgresKeys[] = {"POSTGRES_PASSWORD", "POSTGRES_USER", "POSTGRES_DB",
                                              "POSTGRES_INITDB_ARGS"};
constexpr std::string_view kMysqlKeys[] = {"MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD", "MYSQL_USER",
                                           "MYSQL_DATABASE", "MYSQL_ROOT_HOST"};
constexpr std::string_view kMariadbKeys[] = {"MYSQL_ROOT_PASSWORD",
                                             "MYSQL_PASSWORD",
                                             "MYSQL_USER",
                                             "MYSQL_DATABASE",
                                             "MYSQL_ROOT_HOST",
                                             "MARIADB_ROOT_PASSWORD",
                                             "MARIADB_PASSWORD",
                                             "MARIADB_USER",
                                             "MARIADB_DATABASE",
                                             "MARIADB_ROOT_HOST",
                                             "MARIADB_PASSWORD_HASH",
                                             "MARIADB_ROOT_PASSWORD_HASH",
                                             "MARIADB_REPLICATION_USER",
                                             "MARIADB_REPLICATION_PASSWORD",
                                             "MARIADB_REPLICATION_PASSWORD_HASH",
                                             "MARIADB_MASTER_HOST"};
constexpr std::string_view kMongoKeys[] = {"MONGO_INITDB_ROOT_USERNAME",
                                           "MONGO_INITDB_ROOT_PASSWORD"};
constexpr std::string_view kMinioKeys[] = {"MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD",
                                           "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY",
                                           "MINIO_KMS_SECRET_KEY"};
constexpr std::string_view kNextcloudKeys[] = {"NEXTCLOUD_ADMIN_USER", "NEXTCLOUD_ADMIN_PASSWORD",
                                               "POSTGRES_USER",        "POSTGRES_PASSWORD",
                                               "POSTGRES_DB",          "MYSQL_USER",
                                               "MYSQL_PASSWORD",       "MYSQL_DATABASE",
                                               "REDIS_HOST_PASSWORD",  "SMTP_PASSWORD"};
constexpr std::string_view kElasticKeys[] = {"ELASTIC_PASSWORD", "KEYSTORE_PASSWORD"};
constexpr std::string_view kInfluxKeys[] = {"DOCKER_INFLUXDB_INIT_USERNAME",
                                            "DOCKER_INFLUXDB_INIT_PASSWORD",
                                            "DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"};
constexpr std::string_view kPgadminKeys[] = {"PGADMIN_DEFAULT_PASSWORD"};
constexpr std::span<const std::string_view> kByPrefix{};

const FileVariantRule kFileVariantRules[] = {
    {"postgres", kPostgresKeys, {}},
    {"postgis/postgis", kPostgresKeys, {}},
    {"timescale/timescaledb", kPostgresKeys, {}},
    {"pgvector/pgvector", kPostgresKeys, {}},
    {"mysql", kMysqlKeys, {}},
    {"mariadb", kMariadbKeys, {}},
    {"mongo", kMongoKeys, {}},
    {"minio/minio", kMinioKeys, {}},
    {"quay.io/minio/minio", kMinioKeys, {}},
    {"nextcloud", kNextcloudKeys, {}},
    {"elasticsearch", kElasticKeys, {}},
    {"docker.elastic.co/elasticsearch/elasticsearch", kElasticKeys, {}},
    {"influxdb", kInfluxKeys, {}},
    {"dpage/pgadmin4", kPgadminKeys, {}},
    // Any variable of the image's own prefix.
    {"wordpress", kByPrefix, "WORDPRESS_"},
    {"kong", kByPrefix, "KONG_"},
    {"kong/kong-gateway", kByPrefix, "KONG_"},
    {"grafana/grafana", kByPrefix, "GF_", "__FILE"},
    {"grafana/grafana-oss", kByPrefix, "GF_", "__FILE"},
    {"grafana/grafana-enterprise", kByPrefix, "GF_", "__FILE"},
    {"authelia/authelia", kByPrefix, "AUTHELIA_"},
    {"gitea/gitea", kByPrefix, "GITEA__", "__FILE"},
    // Bitnami's images read `<VAR>_FILE` for their own variables.
    {"bitnami/postgresql", kByPrefix, "POSTGRESQL_"},
    {"bitnami/mysql", kByPrefix, "MYSQL_"},
    {"bitnami/mariadb", kByPrefix, "MARIADB_"},
    {"bitnami/mongodb", kByPrefix, "MONGODB_"},
    {"bitnami/redis", kByPrefix, "REDIS_"},
    {"bitnami/rabbitmq", kByPrefix, "RABBITMQ_"},
    {"bitnami/minio", kByPrefix, "MINIO_"},
    {"bitnami/memcached", kByPrefix, "MEMCACHED_"},
};

const FileVariantRule* file_variant_rule(const model::ImageRef& image) {
  const std::string name = source::ascii_lower(image.short_name());
  for (const FileVariantRule& rule : kFileVariantRules)
    if (rule.repository == name) return &rule;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// File names

std::string_view base_name(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view parent_name(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  return base_name(path.substr(0, slash));
}

constexpr std::string_view kExampleWords[] = {
    "example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist", "schema"};

// One of the name's dot, dash or underscore separated parts is an example word.
bool names_an_example(std::string_view lower_name) {
  size_t i = 0;
  while (i <= lower_name.size()) {
    size_t j = source::find_any(lower_name, source::CharSet(".-_"), i);
    if (j == std::string_view::npos) j = lower_name.size();
    if (contains(kExampleWords, lower_name.substr(i, j - i))) return true;
    i = j + 1;
  }
  return false;
}

bool is_env_file_name(std::string_view lower_name) {
  return lower_name == ".env" || starts_with(lower_name, ".env.") || lower_name == ".envrc" ||
         (ends_with(lower_name, ".env") && lower_name.size() > 4);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string_view credential_kind_name(CredentialKind kind) {
  switch (kind) {
    case CredentialKind::kPassword:
      return "password";
    case CredentialKind::kSecret:
      return "secret";
    case CredentialKind::kToken:
      return "token";
    case CredentialKind::kApiKey:
      return "API key";
    case CredentialKind::kPrivateKey:
      return "private key";
    case CredentialKind::kAccessKey:
      return "access key";
    case CredentialKind::kCredential:
      return "credential";
  }
  return "credential";
}

namespace {

std::optional<CredentialKind> classify_key(std::string_view key) {
  const std::vector<std::string> words = split_words(key);
  if (words.empty()) return std::nullopt;
  std::string joined;
  for (size_t i = 0; i < words.size(); ++i) joined += (i ? "_" : "") + words[i];
  if (contains(kNotCredentialKeys, joined)) return std::nullopt;
  if (joined == "APP_KEY") return CredentialKind::kSecret;  // Laravel's encryption key
  const std::optional<StemHit> hit = last_stem(words);
  if (!hit) return std::nullopt;
  if (described_after(words, hit->word) || modified_before(words, hit->word)) return std::nullopt;
  return hit->kind;
}

}  // namespace

std::optional<CredentialKind> credential_key_kind(std::string_view key) {
  // The same few hundred names (PATH, POSTGRES_PASSWORD, NODE_ENV) are asked about for every
  // service, env file and rule; splitting a name into words costs far more than a lookup.
  // Per thread, so no lock; bounded, so a hostile project cannot grow it without limit.
  constexpr size_t kMaxRemembered = 1 << 14;
  thread_local std::unordered_map<std::string, std::optional<CredentialKind>> remembered;
  const std::string name(key);
  if (auto it = remembered.find(name); it != remembered.end()) return it->second;
  const std::optional<CredentialKind> kind = classify_key(key);
  if (remembered.size() >= kMaxRemembered) remembered.clear();
  remembered.emplace(name, kind);
  return kind;
}

bool is_credential_key(std::string_view key) { return credential_key_kind(key).has_value(); }

std::string_view not_a_secret_reason(NotASecret why) {
  switch (why) {
    case NotASecret::kEmpty:
      return "empty";
    case NotASecret::kBoolean:
      return "a boolean";
    case NotASecret::kSentinel:
      return "a placeholder for no value";
    case NotASecret::kInterpolated:
      return "an interpolation";
    case NotASecret::kTemplated:
      return "a template expression";
    case NotASecret::kFileReference:
      return "a path to a secret file";
    case NotASecret::kStoreReference:
      return "a reference to a secret manager";
  }
  return "not a secret";
}

std::optional<NotASecret> why_not_a_secret(std::string_view value) {
  const std::string_view v = trim(value);
  if (v.empty()) return NotASecret::kEmpty;
  if (has_interpolation(v)) return NotASecret::kInterpolated;
  if (has_template(v)) return NotASecret::kTemplated;
  const std::string_view bare = unwrap(v);
  if (bare.empty()) return NotASecret::kEmpty;
  const std::string l = source::ascii_lower(bare);
  if (contains(kBooleans, l)) return NotASecret::kBoolean;
  if (contains(kSentinels, l)) return NotASecret::kSentinel;
  if (is_file_reference(bare)) return NotASecret::kFileReference;
  if (is_secret_store_reference(l)) return NotASecret::kStoreReference;
  return std::nullopt;
}

bool is_non_secret_value(std::string_view value) { return why_not_a_secret(value).has_value(); }

// Phrases that ask for the value to be replaced, read with separators, digits and case
// dropped: `CHANGE_ME_IN_PRODUCTION_1234`, `your-secret-key-change-in-production`.
constexpr std::string_view kReplaceMePhrases[] = {
    "changeme",  "changethis", "changeit",      "replaceme", "replacethis", "yoursecret", "yourpassword",
    "yourtoken", "yourapikey", "yourkeyhere",   "putyour",   "insertyour",  "enteryour",  "setyour",
};

bool asks_to_be_replaced(std::string_view lower) {
  std::string letters;
  letters.reserve(lower.size());
  for (const char c : lower)
    if (c >= 'a' && c <= 'z') letters += c;
  return std::any_of(std::begin(kReplaceMePhrases), std::end(kReplaceMePhrases),
                     [&](std::string_view phrase) { return letters.find(phrase) != std::string::npos; });
}

bool is_default_credential(std::string_view value) {
  if (why_not_a_secret(value)) return false;
  const std::string_view v = unwrap(value);
  const std::string l = source::ascii_lower(v);
  if (contains(kDefaultCredentials, l) || asks_to_be_replaced(l)) return true;
  if (l.size() >= 2 && l.front() == '<' && l.back() == '>') return true;  // <your-token>
  if (l.find("example") != std::string::npos) return true;
  if (all_same_char(l) || is_sequence(l) || is_masked_placeholder(l) || has_long_sequence(l))
    return true;
  return names_itself(v);
}

namespace {

bool is_scheme_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '+' || c == '.' || c == '-';
}

// The end of a URL's authority: the first '/', '?', '#', blank or quote outside `${...}`.
size_t authority_end(std::string_view text, size_t begin) {
  int braces = 0;
  for (size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++braces;
      ++i;
    } else if (c == '}' && braces > 0) {
      --braces;
    } else if (braces == 0 && (c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' ||
                               c == '\n' || c == '\r' || c == '"' || c == '\'')) {
      return i;
    }
  }
  return text.size();
}

// The first (or, with `last`, the final) `c` of [begin, end) outside `${...}`.
size_t find_outside_braces(std::string_view text, size_t begin, size_t end, char c, bool last) {
  size_t found = std::string_view::npos;
  int braces = 0;
  for (size_t i = begin; i < end; ++i) {
    if (text[i] == '$' && i + 1 < end && text[i + 1] == '{') {
      ++braces;
      ++i;
    } else if (text[i] == '}' && braces > 0) {
      --braces;
    } else if (braces == 0 && text[i] == c) {
      found = i;
      if (!last) return found;
    }
  }
  return found;
}

}  // namespace

std::vector<UrlCredential> find_url_credentials(std::string_view text) {
  std::vector<UrlCredential> out;
  for (size_t sep = text.find("://"); sep != std::string_view::npos;
       sep = text.find("://", sep + 3)) {
    size_t scheme = sep;
    while (scheme > 0 && is_scheme_char(text[scheme - 1])) --scheme;
    if (scheme == sep || !is_alpha(text[scheme])) continue;
    const size_t user = sep + 3;
    const size_t end = authority_end(text, user);
    const size_t at = find_outside_braces(text, user, end, '@', /*last=*/true);
    if (at == std::string_view::npos) continue;
    const size_t colon = find_outside_braces(text, user, at, ':', /*last=*/false);
    if (colon == std::string_view::npos || colon + 1 == at) continue;  // no password
    out.push_back({scheme, user, colon, colon + 1, at});
  }
  return out;
}

Strength judge(std::string_view value, const PasswordPolicy& policy) {
  Strength s;
  bool lower_seen = false, upper_seen = false, digit_seen = false, other_seen = false;
  std::unordered_set<std::string_view> distinct;
  for (size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    size_t len = 1;
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    len = std::min(len, value.size() - i);
    distinct.insert(value.substr(i, len));
    ++s.length;
    if (is_lower(static_cast<char>(c)))
      lower_seen = true;
    else if (is_upper(static_cast<char>(c)))
      upper_seen = true;
    else if (is_digit(static_cast<char>(c)))
      digit_seen = true;
    else
      other_seen = true;
    i += len;
  }
  s.classes = lower_seen + upper_seen + digit_seen + other_seen;
  s.distinct = distinct.size();
  if (s.length < policy.min_length) {
    s.reason = std::to_string(s.length) + " characters (at least " +
               std::to_string(policy.min_length) + " wanted)";
  } else if (s.distinct < policy.min_distinct) {
    s.reason =
        "only " + std::to_string(s.distinct) + " distinct character" + (s.distinct == 1 ? "" : "s");
  } else if (s.classes < policy.min_classes && s.length < policy.classes_waived_from) {
    std::vector<std::string_view> seen;
    if (lower_seen) seen.push_back("lowercase letters");
    if (upper_seen) seen.push_back("uppercase letters");
    if (digit_seen) seen.push_back("digits");
    if (other_seen) seen.push_back("symbols");
    s.reason = "only ";
    for (size_t i = 0; i < seen.size(); ++i)
      s.reason +=
          std::string(i == 0 ? "" : (i + 1 == seen.size() ? " and " : ", ")) + std::string(seen[i]);
    s.reason += " (" + std::to_string(s.classes) + " character class" +
                (s.classes == 1 ? "" : "es") + ", " + std::to_string(policy.min_classes) +
                " wanted)";
  }
  s.weak = !s.reason.empty();
  return s;
}

std::optional<std::string> file_variant_key(const model::ImageRef& image,
                                            std::string_view env_key) {
  const FileVariantRule* rule = file_variant_rule(image);
  if (!rule || env_key.empty() || ends_with(env_key, rule->suffix)) return std::nullopt;
  const bool listed = std::find(rule->keys.begin(), rule->keys.end(), env_key) != rule->keys.end();
  const bool prefixed = !rule->key_prefix.empty() && starts_with(env_key, rule->key_prefix) &&
                        env_key.size() > rule->key_prefix.size();
  if (!listed && !prefixed) return std::nullopt;
  return std::string(env_key) + std::string(rule->suffix);
}

bool image_reads_secret_files(const model::ImageRef& image) {
  return file_variant_rule(image) != nullptr;
}

std::optional<std::string_view> docker_secret_name(std::string_view path) {
  for (std::string_view mount :
       {std::string_view("/run/secrets/"), std::string_view("/var/run/secrets/")}) {
    if (!starts_with(path, mount)) continue;
    const std::string_view name = path.substr(mount.size());
    if (name.empty() || name.find('/') != std::string_view::npos) return std::nullopt;
    return name;
  }
  return std::nullopt;
}

std::string_view secret_file_kind_name(SecretFileKind kind) {
  switch (kind) {
    case SecretFileKind::kEnvFile:
      return "an env file";
    case SecretFileKind::kPrivateKey:
      return "a private key";
    case SecretFileKind::kKeystore:
      return "a keystore";
    case SecretFileKind::kPackageCredentials:
      return "package registry credentials";
    case SecretFileKind::kCloudCredentials:
      return "cloud credentials";
    case SecretFileKind::kGitCredentials:
      return "git credentials";
    case SecretFileKind::kDockerConfig:
      return "Docker registry credentials";
    case SecretFileKind::kNetrc:
      return "a .netrc";
    case SecretFileKind::kHtpasswd:
      return "an .htpasswd";
  }
  return "a secret file";
}

std::optional<SecretFileKind> secret_file_kind(std::string_view path) {
  const std::string name = source::ascii_lower(base_name(path));
  const std::string parent = source::ascii_lower(parent_name(path));
  if (name.empty() || names_an_example(name)) return std::nullopt;
  if (is_env_file_name(name)) return SecretFileKind::kEnvFile;
  if (ends_with(name, ".pub")) return std::nullopt;  // the public half of a key pair
  if (ends_with(name, ".pem") || ends_with(name, ".key") || ends_with(name, ".ppk") ||
      starts_with(name, "id_rsa") || starts_with(name, "id_ed25519") ||
      starts_with(name, "id_ecdsa") || starts_with(name, "id_dsa"))
    return SecretFileKind::kPrivateKey;
  if (ends_with(name, ".p12") || ends_with(name, ".pfx") || ends_with(name, ".jks") ||
      ends_with(name, ".keystore"))
    return SecretFileKind::kKeystore;
  if (name == ".npmrc" || name == ".pypirc" || name == ".yarnrc.yml" ||
      (parent == ".gem" && name == "credentials"))
    return SecretFileKind::kPackageCredentials;
  if (name == ".git-credentials") return SecretFileKind::kGitCredentials;
  if ((parent == ".docker" && name == "config.json") || name == ".dockercfg")
    return SecretFileKind::kDockerConfig;
  if (name == ".netrc" || name == "_netrc") return SecretFileKind::kNetrc;
  if (name == ".htpasswd") return SecretFileKind::kHtpasswd;
  if (starts_with(name, "credentials") || name == ".boto") return SecretFileKind::kCloudCredentials;
  return std::nullopt;
}

bool is_secret_file_name(std::string_view path) { return secret_file_kind(path).has_value(); }

bool is_env_example_name(std::string_view path) {
  const std::string name = source::ascii_lower(base_name(path));
  const bool env_like = is_env_file_name(name) || starts_with(name, "env.") ||
                        starts_with(name, "env-") || starts_with(name, "env_") || ends_with(name, ".env");
  return env_like && names_an_example(name);
}

}  // namespace clearance::knowledge
