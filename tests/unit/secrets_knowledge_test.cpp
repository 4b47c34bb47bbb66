// The reviewed secrets table behind CLR501-CLR509 and CLR601-CLR606. Names and values marked
// "corpus" are taken from shared/corpus/real and pin a false-positive decision.
#include <gtest/gtest.h>

#include "knowledge/secrets.h"
#include "model/image_ref.h"

using namespace clearance;
using knowledge::CredentialKind;
using knowledge::NotASecret;

namespace {

std::optional<CredentialKind> kind(std::string_view key) {
  return knowledge::credential_key_kind(key);
}

TEST(SecretsKnowledge, CredentialKeysFromTheBaselineList) {
  EXPECT_EQ(kind("POSTGRES_PASSWORD"), CredentialKind::kPassword);
  EXPECT_EQ(kind("DB_PASSWD"), CredentialKind::kPassword);
  EXPECT_EQ(kind("_APP_DB_PASS"), CredentialKind::kPassword);
  EXPECT_EQ(kind("MYSQL_PWD"), CredentialKind::kPassword);
  EXPECT_EQ(kind("JWT_SECRET"), CredentialKind::kSecret);
  EXPECT_EQ(kind("GITHUB_TOKEN"), CredentialKind::kToken);
  EXPECT_EQ(kind("OPENAI_API_KEY"), CredentialKind::kApiKey);
  EXPECT_EQ(kind("_APP_VCS_GITHUB_PRIVATE_KEY"), CredentialKind::kPrivateKey);
  EXPECT_EQ(kind("S3_ACCESS_KEY"), CredentialKind::kAccessKey);
  EXPECT_EQ(kind("TURN_CREDENTIALS"), CredentialKind::kCredential);
  EXPECT_EQ(kind("AWS_SECRET_ACCESS_KEY"), CredentialKind::kAccessKey);
}

TEST(SecretsKnowledge, CredentialKeysAreCaseInsensitiveAndFoundInsideWords) {
  EXPECT_TRUE(knowledge::is_credential_key("db_password"));
  EXPECT_TRUE(knowledge::is_credential_key("EventBusPassword"));  // corpus (eShopOnContainers)
  EXPECT_TRUE(knowledge::is_credential_key("userPassword"));
  EXPECT_TRUE(knowledge::is_credential_key("PGPASSWORD"));
  EXPECT_TRUE(knowledge::is_credential_key("LDAPAUTH_LDAPREADERPASSWORD"));  // corpus
  EXPECT_TRUE(knowledge::is_credential_key("RTCSTATS_S3_SECRETACCESSKEY"));  // corpus
  EXPECT_TRUE(knowledge::is_credential_key("sonarPass"));
  EXPECT_TRUE(knowledge::is_credential_key("db-password"));
  EXPECT_TRUE(knowledge::is_credential_key("zulip__postgres_password"));  // corpus
  EXPECT_TRUE(knowledge::is_credential_key("APIKey"));
}

TEST(SecretsKnowledge, KeysThatStayCredentials) {
  // Decisions the table makes on purpose: these hold secrets although they look like settings.
  EXPECT_TRUE(knowledge::is_credential_key("SECRET_KEY_BASE"));  // Rails' signing secret
  EXPECT_TRUE(knowledge::is_credential_key("GITLAB_SECRETS_OTP_KEY_BASE"));              // corpus
  EXPECT_TRUE(knowledge::is_credential_key("API_KEY_READ_ONLY"));                        // corpus
  EXPECT_TRUE(knowledge::is_credential_key("LOGFLARE_PUBLIC_ACCESS_TOKEN"));             // corpus
  EXPECT_TRUE(knowledge::is_credential_key("GOTRUE_HOOK_CUSTOM_ACCESS_TOKEN_SECRETS"));  // corpus
  EXPECT_TRUE(knowledge::is_credential_key("S3_PROTOCOL_ACCESS_KEY_SECRET"));            // corpus
  EXPECT_TRUE(knowledge::is_credential_key("DD_CREDENTIAL_AES_256_KEY"));                // corpus
  EXPECT_TRUE(knowledge::is_credential_key("NOREPLY_SMTP_PASSWORD"));
  EXPECT_TRUE(knowledge::is_credential_key("NO_REPLY_SMTP_PASSWORD"));
}

TEST(SecretsKnowledge, KeysBeyondTheBaselineList) {
  for (std::string_view key :
       {"DBPASS", "REDISPASS", "PAPERLESS_DBPASS", "REDISMASTERPASS"})  // corpus
    EXPECT_EQ(kind(key), CredentialKind::kPassword) << key;
  for (std::string_view key :
       {"APP_KEY", "N8N_ENCRYPTION_KEY", "MEILI_MASTER_KEY", "LITELLM_MASTER_KEY",
        "AIRFLOW__CORE__FERNET_KEY", "SUPABASE_SERVICE_ROLE_KEY", "AzureStorageAccountKey",
        "MERCURE_PUBLISHER_JWT_KEY", "VAULT_ENC_KEY"})  // corpus
    EXPECT_EQ(kind(key), CredentialKind::kSecret) << key;
  for (std::string_view key :
       {"INSTALL_SSHPASS", "OAUTH_ALLOW_BYPASS_TWO_FACTOR", "GITHUB_CLI_ARCHIVE_GPG_KEY",
        "RECAPTCHA_PUBLIC_KEY", "MYSQL_TLS_KEY", "SSL_KEY_PATH", "TF_BACKEND_KEY",
        "ApplicationInsights__InstrumentationKey", "DOVECOT_PASS_FILTER"})  // corpus
    EXPECT_FALSE(knowledge::is_credential_key(key)) << key;
}

TEST(SecretsKnowledge, FileAndPathKeysAreExempt) {
  EXPECT_FALSE(knowledge::is_credential_key("POSTGRES_PASSWORD_FILE"));
  EXPECT_FALSE(knowledge::is_credential_key("GF_SECURITY_ADMIN_PASSWORD__FILE"));
  EXPECT_FALSE(knowledge::is_credential_key("DB_PASSWORD_SECRETS_FILE"));  // corpus
  EXPECT_FALSE(knowledge::is_credential_key("AUTHELIA_JWT_SECRET_FILE"));  // corpus
  EXPECT_FALSE(knowledge::is_credential_key("SSL_PRIVATE_KEY_PATH"));
  EXPECT_FALSE(knowledge::is_credential_key("GOOGLE_APPLICATION_CREDENTIALS"));
  EXPECT_FALSE(knowledge::is_credential_key("AWS_SHARED_CREDENTIALS_FILE"));
}

TEST(SecretsKnowledge, KeysThatDescribeACredential) {
  EXPECT_FALSE(knowledge::is_credential_key("PASSWORD_MIN_LENGTH"));
  EXPECT_FALSE(knowledge::is_credential_key("TOKEN_EXPIRY"));
  EXPECT_FALSE(knowledge::is_credential_key("GITHUB_TOKEN_SCOPE"));
  EXPECT_FALSE(knowledge::is_credential_key("OAUTH_CLIENT_SECRET_SCOPES"));
  EXPECT_TRUE(knowledge::is_credential_key("GITHUB_TOKEN"));
  EXPECT_FALSE(knowledge::is_credential_key("ACCESS_TOKEN_EXPIRE_MINUTES"));
  EXPECT_FALSE(knowledge::is_credential_key("OAUTH2_GENERIC_CLIENT_TOKEN_URL"));     // corpus
  EXPECT_FALSE(knowledge::is_credential_key("TOKEN_AUTH_URL"));                      // corpus
  EXPECT_FALSE(knowledge::is_credential_key("REGISTRY_AUTH_TOKEN_REALM"));           // corpus
  EXPECT_FALSE(knowledge::is_credential_key("REGISTRY_AUTH_TOKEN_ISSUER"));          // corpus
  EXPECT_FALSE(knowledge::is_credential_key("REGISTRY_AUTH_TOKEN_SERVICE"));         // corpus
  EXPECT_FALSE(knowledge::is_credential_key("REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE"));  // corpus
  EXPECT_FALSE(knowledge::is_credential_key("RTCSTATS_JWT_SECRET_ID"));              // corpus
  EXPECT_FALSE(knowledge::is_credential_key("RTCSTATS_AWS_SECRET_REGION"));          // corpus
  EXPECT_FALSE(knowledge::is_credential_key("AWS_ACCESS_KEY_ID"));
  EXPECT_FALSE(knowledge::is_credential_key("MAILU_PASSWORD_SCHEME"));         // corpus
  EXPECT_FALSE(knowledge::is_credential_key("SASLAUTHD_LDAP_PASSWORD_ATTR"));  // corpus
  EXPECT_FALSE(knowledge::is_credential_key("ADMIN_PASSWORD_HASH"));           // corpus
  EXPECT_FALSE(knowledge::is_credential_key("GRAYLOG_ROOT_PASSWORD_SHA2"));    // corpus
  EXPECT_FALSE(knowledge::is_credential_key("CASSANDRA_PASSWORD_SEEDER"));     // corpus, yes/no
  EXPECT_FALSE(knowledge::is_credential_key("CUSTOM_AUTH_CUSTOM_PASSWORD_RESET"));  // corpus
  EXPECT_FALSE(knowledge::is_credential_key("GOTRUE_HOOK_PASSWORD_VERIFICATION_ATTEMPT_URI"));
  EXPECT_FALSE(knowledge::is_credential_key("GOTRUE_HOOK_CUSTOM_ACCESS_TOKEN_ENABLED"));
  EXPECT_FALSE(knowledge::is_credential_key("JWT_TOKEN_AUTH_MODULE"));           // corpus (jitsi)
  EXPECT_FALSE(knowledge::is_credential_key("VITE_RESET_PASSWORD_CUSTOM_URL"));  // corpus
}

TEST(SecretsKnowledge, KeysThatAreSettingsAboutCredentials) {
  EXPECT_FALSE(knowledge::is_credential_key("MYSQL_ALLOW_EMPTY_PASSWORD"));  // corpus
  EXPECT_FALSE(knowledge::is_credential_key("MYSQL_RANDOM_ROOT_PASSWORD"));
  EXPECT_FALSE(knowledge::is_credential_key("ENABLE_REDIS_EMPTY_PASSWORD"));  // corpus
  EXPECT_FALSE(knowledge::is_credential_key("SE_VNC_NO_PASSWORD"));           // corpus
  EXPECT_FALSE(knowledge::is_credential_key("CASSANDRA_NUM_TOKENS"));         // corpus
  EXPECT_FALSE(knowledge::is_credential_key("OPENAI_MAX_TOKENS"));
  EXPECT_FALSE(knowledge::is_credential_key("HASHED_PASSWORD"));                         // corpus
  EXPECT_FALSE(knowledge::is_credential_key("GRAYLOG_SHA256_PASSWORD"));                 // corpus
  EXPECT_FALSE(knowledge::is_credential_key("VITE_RESET_PASSWORD"));                     // corpus
  EXPECT_FALSE(knowledge::is_credential_key("DISABLE_PRINTING_PLAINTEXT_CREDENTIALS"));  // corpus
}

TEST(SecretsKnowledge, WordsThatOnlyContainACredentialWord) {
  EXPECT_FALSE(knowledge::is_credential_key("PWD"));
  EXPECT_FALSE(knowledge::is_credential_key("OLDPWD"));
  EXPECT_FALSE(knowledge::is_credential_key("PASS"));
  EXPECT_FALSE(knowledge::is_credential_key("PASSWORDLESS_LOGIN"));
  EXPECT_FALSE(knowledge::is_credential_key("TOKENIZERS_PARALLELISM"));
  EXPECT_FALSE(knowledge::is_credential_key("SECRETARY_EMAIL"));
  EXPECT_FALSE(knowledge::is_credential_key("NO_PROXY_BYPASS"));
  EXPECT_FALSE(knowledge::is_credential_key("NGINX_PROXY_PASS"));
  EXPECT_FALSE(knowledge::is_credential_key("FASTCGI_PASS"));
  EXPECT_FALSE(knowledge::is_credential_key("SSH_ASKPASS"));
  EXPECT_FALSE(knowledge::is_credential_key("DATABASE_URL"));
  EXPECT_FALSE(knowledge::is_credential_key("KEYCLOAK_HOSTNAME"));
  EXPECT_FALSE(knowledge::is_credential_key(""));
  EXPECT_FALSE(knowledge::is_credential_key("___"));
}

TEST(SecretsKnowledge, KindNames) {
  EXPECT_EQ(knowledge::credential_kind_name(CredentialKind::kApiKey), "API key");
  EXPECT_EQ(knowledge::credential_kind_name(CredentialKind::kPassword), "password");
}

TEST(SecretsKnowledge, ValuesThatAreNotSecrets) {
  using knowledge::why_not_a_secret;
  EXPECT_EQ(why_not_a_secret(""), NotASecret::kEmpty);
  EXPECT_EQ(why_not_a_secret("  "), NotASecret::kEmpty);
  EXPECT_EQ(why_not_a_secret("\"\""), NotASecret::kEmpty);
  EXPECT_EQ(why_not_a_secret("true"), NotASecret::kBoolean);
  EXPECT_EQ(why_not_a_secret("No"), NotASecret::kBoolean);
  EXPECT_EQ(why_not_a_secret("OFF"), NotASecret::kBoolean);
  EXPECT_EQ(why_not_a_secret("None"), NotASecret::kSentinel);      // corpus: SQS_QUEUE_KEY_SECRET
  EXPECT_EQ(why_not_a_secret("disabled"), NotASecret::kSentinel);  // corpus
  EXPECT_EQ(why_not_a_secret("invalid"), NotASecret::kSentinel);   // corpus
  EXPECT_EQ(why_not_a_secret("${POSTGRES_PASSWORD}"), NotASecret::kInterpolated);
  EXPECT_EQ(why_not_a_secret("$DB_PASSWORD"), NotASecret::kInterpolated);  // corpus
  EXPECT_EQ(why_not_a_secret("${PW:-postgres}"), NotASecret::kInterpolated);
  EXPECT_EQ(why_not_a_secret("{{ .ResetPassword }}"), NotASecret::kTemplated);  // corpus
  EXPECT_EQ(why_not_a_secret("<%= ENV['X'] %>"), NotASecret::kTemplated);
  EXPECT_EQ(why_not_a_secret("/run/secrets/db-password"), NotASecret::kFileReference);
  EXPECT_EQ(why_not_a_secret("/var/run/secrets/token"), NotASecret::kFileReference);
  EXPECT_EQ(why_not_a_secret("./secrets/service-account.json"), NotASecret::kFileReference);
  EXPECT_EQ(why_not_a_secret("/certs/registry-auth.crt"), NotASecret::kFileReference);
  // Names of secrets in a secret manager, which the application resolves.
  EXPECT_EQ(why_not_a_secret("arn:aws:secretsmanager:eu-west-1:483920175634:secret:prod/db-Xy7Qw2"),
            NotASecret::kStoreReference);
  EXPECT_EQ(why_not_a_secret("arn:aws:ssm:us-east-1:123456789012:parameter/app/db"), NotASecret::kStoreReference);
  EXPECT_EQ(why_not_a_secret("projects/my-proj/secrets/db-password/versions/latest"), NotASecret::kStoreReference);
  EXPECT_EQ(why_not_a_secret("https://acme.vault.azure.net/secrets/db-password"), NotASecret::kStoreReference);
  EXPECT_EQ(why_not_a_secret("op://prod/db/password"), NotASecret::kStoreReference);
  EXPECT_EQ(why_not_a_secret("projects/Kq8vT2xLm9Wz4pRbN7"), std::nullopt);
}

TEST(SecretsKnowledge, ValuesThatMayBeSecrets) {
  using knowledge::why_not_a_secret;
  EXPECT_EQ(why_not_a_secret("postgres"), std::nullopt);
  EXPECT_EQ(why_not_a_secret("123456"), std::nullopt);  // numbers are (weak) passwords
  EXPECT_EQ(why_not_a_secret("0"), std::nullopt);
  EXPECT_EQ(why_not_a_secret("pa$$word"), std::nullopt);  // `$$` is a literal dollar
  EXPECT_EQ(why_not_a_secret("costs$5"), std::nullopt);
  EXPECT_EQ(why_not_a_secret("/K7MDENG/bPxRfiCYEXAMPLEKEY"), std::nullopt);  // base64, not a path
  EXPECT_EQ(why_not_a_secret("<standard-base64-secret>"),
            std::nullopt);  // a placeholder, see below
  EXPECT_FALSE(knowledge::is_non_secret_value("r(m)9nLGnz"));
  EXPECT_EQ(knowledge::not_a_secret_reason(NotASecret::kInterpolated), "an interpolation");
}

TEST(SecretsKnowledge, DefaultCredentialsFromTheList) {
  for (std::string_view v : {"postgres",
                             "password",
                             "changeme",
                             "admin",
                             "root",
                             "minioadmin",
                             "secret",
                             "example",
                             "123456",
                             "mysql",
                             "redis",
                             "guest",
                             "test",
                             "pass",
                             "letmein",
                             "qwerty",
                             "default",
                             "Postgres",
                             "\"postgres\"",
                             "'secret'",
                             " admin ",
                             "P@ssw0rd",
                             "Pass@word",
                             "kibanaserver",
                             "AKIAIOSFODNN7EXAMPLE",
                             "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})
    EXPECT_TRUE(knowledge::is_default_credential(v)) << v;
}

TEST(SecretsKnowledge, DefaultCredentialShapes) {
  for (std::string_view v : {"<standard-base64-secret>",
                             "<your-token>",
                             "xxx",
                             "xxxxxxxxxxxxxxxx",
                             "ghp_xxxxxxxxxxxx",
                             "********",
                             "...",
                             "change_me",
                             "change-me",
                             "changeThis",
                             "changePassword",
                             "changeRunnerAuthToken",
                             "replace-me",
                             "REPLACE_WITH_YOUR_SECRET",
                             "your_password_here",
                             "your-secret-key",
                             "yourStrong(!)Password",
                             "my-secret",
                             "mysecretpassword",
                             "rootsecretpassword",
                             "this-is-secret",
                             "redis_password",
                             "django_secret_key",
                             "outgoing_email_password",
                             "s3-secret-key",
                             "taiga-secret-key",
                             "gitea-webhook-secret",
                             "sonarPass",
                             "replicationpass",
                             "bad-password",
                             "example_123",
                             "Example123!",
                             "[\"long-and-random-alphanumeric-string\"]",
                             "postgres123",
                             "admin2024",
                             "aaaaaa",
                             "1234",
                             "abcdef",
                             "987654",
                             "todo",
                             "temporal",
                             "wordpress",
                             "somewordpress",
                             "mmuser_password",
                             "astronomy_password",
                             "replacemewithsomethingelse",
                             "laradock_gitlab",
                             "ghp_1234567890abcdefghijklmnopqrstuvwxyz",
                             "VERY%@bad123password",
                             "secret_redis",
                             // Phrases that ask to be replaced, however separated and cased.
                             "CHANGE_ME_IN_PRODUCTION_1234", "ChangeMe-InProduction-1234",
                             "your-secret-key-change-in-production-1", "please_change_this_secret_42"})
    EXPECT_TRUE(knowledge::is_default_credential(v)) << v;
}

TEST(SecretsKnowledge, RealLookingValuesAreNotDefaults) {
  for (std::string_view v :
       {"H733Kdjndks81", "whalehello", "KkK8RsUIba-MMTBUSnuYIdAKvcnFyLl2pdhQig",
        "2H9gNG9obnAQ9qnR9BDTQUph6CbXKCzF", "correct-horse-battery-staple", "Tr0ub4dor&3",
        "yYrECL4qbNwleYInGJYvVnSkwJuSQJ4ijPTx5tirGUXrbznFIB", "r(m)9nLGnz$(_q3N4z1k(EFsMCjjjzx08",
        "c34d38b3a14956121ff2170e5030b471551370178f43e5626eec58b04a30fae2", "Summer-Rain-42",
        "J5brHrAXFLQSif0K", "6168DB8D-DC58-4094-AF24-483278923590", "Tiger-Key-Lamp-Nine"})
    EXPECT_FALSE(knowledge::is_default_credential(v)) << v;
  // No secret at all, so no default either.
  EXPECT_FALSE(knowledge::is_default_credential(""));
  EXPECT_FALSE(knowledge::is_default_credential("${POSTGRES_PASSWORD:-postgres}"));
  EXPECT_FALSE(knowledge::is_default_credential("true"));
  EXPECT_FALSE(knowledge::is_default_credential("/run/secrets/postgres"));
}

TEST(SecretsKnowledge, UrlCredentials) {
  const std::string_view text =
      "DATABASE_URL=postgresql://postgres:postgres@db:5432/postgres?sslmode=disable "
      "mongodb://root:${_APP_DB_ROOT_PASS}@appwrite-mongodb:27017/ redis://:@redis:6379/0 "
      "mysql://${DB_USER:-app}:${DB_PASS:-p@ss}@mysql/db https://example.com/a:b@c "
      "sms://username:password@mock redis://:s3cret@cache";  // corpus shapes
  const auto found = knowledge::find_url_credentials(text);
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0].password(text), "postgres");
  EXPECT_EQ(text.substr(found[0].url_begin, 13), "postgresql://");
  EXPECT_EQ(text.substr(found[0].user_begin, found[0].user_end - found[0].user_begin), "postgres");
  EXPECT_EQ(found[1].password(text), "${_APP_DB_ROOT_PASS}");
  EXPECT_EQ(knowledge::why_not_a_secret(found[1].password(text)), NotASecret::kInterpolated);
  EXPECT_EQ(found[2].password(text), "${DB_PASS:-p@ss}");  // ':' and '@' inside ${} do not split
  EXPECT_EQ(found[3].password(text), "password");
  EXPECT_EQ(found[4].password(text), "s3cret");
  EXPECT_TRUE(knowledge::find_url_credentials("http://user@host/x https://host:8443/").empty());
  EXPECT_TRUE(knowledge::find_url_credentials("://a:b@c").empty());
}

TEST(SecretsKnowledge, StrengthLength) {
  const knowledge::Strength s = knowledge::judge("Ab1!Ab1!");
  EXPECT_TRUE(s.weak);
  EXPECT_EQ(s.length, 8u);
  EXPECT_EQ(s.classes, 4);
  EXPECT_EQ(s.reason, "8 characters (at least 16 wanted)");
  // Code points, not bytes: 16 two-byte letters are 16 characters.
  const knowledge::Strength accents = knowledge::judge("éÉ1!aB2?éÉ3#cD4%");
  EXPECT_EQ(accents.length, 16u);
  EXPECT_FALSE(accents.weak) << accents.reason;
}

TEST(SecretsKnowledge, StrengthClasses) {
  const knowledge::Strength s = knowledge::judge("abcdefgh12345678");
  EXPECT_TRUE(s.weak);
  EXPECT_EQ(s.classes, 2);
  EXPECT_EQ(s.reason, "only lowercase letters and digits (2 character classes, 3 wanted)");
  EXPECT_EQ(knowledge::judge("abcdefghijklmnopq").reason,
            "only lowercase letters (1 character class, 3 wanted)");
  EXPECT_FALSE(knowledge::judge("2H9gNG9obnAQ9qnR9BDTQUph6CbXKCzF").weak);
  // Long values pass without the classes: a 64-digit hex key, a passphrase.
  EXPECT_FALSE(
      knowledge::judge("c34d38b3a14956121ff2170e5030b471551370178f43e5626eec58b04a30fae2").weak);
  EXPECT_FALSE(knowledge::judge("correct horse battery staple").weak);
}

TEST(SecretsKnowledge, StrengthDistinctCharacters) {
  const knowledge::Strength s = knowledge::judge("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_TRUE(s.weak);
  EXPECT_EQ(s.distinct, 1u);
  EXPECT_EQ(s.reason, "only 1 distinct character");
}

TEST(SecretsKnowledge, StrengthPolicyIsConfigurable) {
  knowledge::PasswordPolicy relaxed;
  relaxed.min_length = 8;
  relaxed.min_classes = 2;
  EXPECT_FALSE(knowledge::judge("abcd1234", relaxed).weak);
  EXPECT_TRUE(knowledge::judge("abcdefgh", relaxed).weak);
}

model::ImageRef image(std::string_view text) {
  model::ImageRef ref;
  EXPECT_TRUE(model::parse_image_ref(text, ref));
  return ref;
}

TEST(SecretsKnowledge, FileVariants) {
  using knowledge::file_variant_key;
  EXPECT_EQ(file_variant_key(image("postgres:16"), "POSTGRES_PASSWORD"), "POSTGRES_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("docker.io/library/postgres"), "POSTGRES_USER"),
            "POSTGRES_USER_FILE");
  EXPECT_EQ(file_variant_key(image("postgis/postgis:16-3.4"), "POSTGRES_PASSWORD"),
            "POSTGRES_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("mysql:8.4"), "MYSQL_ROOT_PASSWORD"),
            "MYSQL_ROOT_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("mariadb:11"), "MARIADB_ROOT_PASSWORD"),
            "MARIADB_ROOT_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("mariadb:11"), "MYSQL_PASSWORD"), "MYSQL_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("mongo:7"), "MONGO_INITDB_ROOT_PASSWORD"),
            "MONGO_INITDB_ROOT_PASSWORD_FILE");
  EXPECT_EQ(
      file_variant_key(image("minio/minio:RELEASE.2024-01-16T16-07-38Z"), "MINIO_ROOT_PASSWORD"),
      "MINIO_ROOT_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("grafana/grafana:11.0.0"), "GF_SECURITY_ADMIN_PASSWORD"),
            "GF_SECURITY_ADMIN_PASSWORD__FILE");
  EXPECT_EQ(file_variant_key(image("wordpress:6"), "WORDPRESS_DB_PASSWORD"),
            "WORDPRESS_DB_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("kong:3.6"), "KONG_PG_PASSWORD"),
            "KONG_PG_PASSWORD_FILE");  // corpus
  EXPECT_EQ(file_variant_key(image("bitnami/redis:7.2"), "REDIS_PASSWORD"), "REDIS_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("dpage/pgadmin4"), "PGADMIN_DEFAULT_PASSWORD"),
            "PGADMIN_DEFAULT_PASSWORD_FILE");
  EXPECT_EQ(file_variant_key(image("docker.elastic.co/elasticsearch/elasticsearch:8.13.0"),
                             "ELASTIC_PASSWORD"),
            "ELASTIC_PASSWORD_FILE");
}

TEST(SecretsKnowledge, NoFileVariant) {
  using knowledge::file_variant_key;
  EXPECT_EQ(file_variant_key(image("postgres:16"), "PGDATA"), std::nullopt);
  EXPECT_EQ(file_variant_key(image("postgres:16"), "POSTGRES_PASSWORD_FILE"), std::nullopt);
  EXPECT_EQ(file_variant_key(image("redis:7"), "REDIS_PASSWORD"),
            std::nullopt);  // official redis: none
  EXPECT_EQ(file_variant_key(image("rabbitmq:3.13"), "RABBITMQ_DEFAULT_PASS"),
            std::nullopt);  // refused
  EXPECT_EQ(file_variant_key(image("grafana/grafana"), "GF_"), std::nullopt);
  EXPECT_EQ(file_variant_key(image("myorg/postgres"), "POSTGRES_PASSWORD"), std::nullopt);
  EXPECT_TRUE(knowledge::image_reads_secret_files(image("mysql")));
  EXPECT_FALSE(knowledge::image_reads_secret_files(image("nginx:1.27")));
}

TEST(SecretsKnowledge, DockerSecretNames) {
  EXPECT_EQ(knowledge::docker_secret_name("/run/secrets/db_password"), "db_password");
  EXPECT_EQ(knowledge::docker_secret_name("/var/run/secrets/x"), "x");
  EXPECT_EQ(knowledge::docker_secret_name("/run/secrets/"), std::nullopt);
  EXPECT_EQ(knowledge::docker_secret_name("/run/secrets/a/b"), std::nullopt);
  EXPECT_EQ(knowledge::docker_secret_name("/etc/secrets/x"), std::nullopt);
}

TEST(SecretsKnowledge, SecretFileNames) {
  using knowledge::secret_file_kind;
  using knowledge::SecretFileKind;
  EXPECT_EQ(secret_file_kind(".env"), SecretFileKind::kEnvFile);
  EXPECT_EQ(secret_file_kind("app/.env.local"), SecretFileKind::kEnvFile);
  EXPECT_EQ(secret_file_kind(".env.production"), SecretFileKind::kEnvFile);
  EXPECT_EQ(secret_file_kind(".envrc"), SecretFileKind::kEnvFile);
  EXPECT_EQ(secret_file_kind("kubernetes/mysql-credentials.env"),
            SecretFileKind::kEnvFile);  // corpus
  EXPECT_EQ(secret_file_kind("certs/server.pem"), SecretFileKind::kPrivateKey);
  EXPECT_EQ(secret_file_kind("tls.key"), SecretFileKind::kPrivateKey);
  EXPECT_EQ(secret_file_kind("/home/me/.ssh/id_rsa"), SecretFileKind::kPrivateKey);
  EXPECT_EQ(secret_file_kind("id_ed25519"), SecretFileKind::kPrivateKey);
  EXPECT_EQ(secret_file_kind("client.p12"), SecretFileKind::kKeystore);
  EXPECT_EQ(secret_file_kind("CERT.PFX"), SecretFileKind::kKeystore);
  EXPECT_EQ(secret_file_kind(".npmrc"), SecretFileKind::kPackageCredentials);
  EXPECT_EQ(secret_file_kind(".pypirc"), SecretFileKind::kPackageCredentials);
  EXPECT_EQ(secret_file_kind("credentials.json"), SecretFileKind::kCloudCredentials);
  EXPECT_EQ(secret_file_kind(".aws/credentials"), SecretFileKind::kCloudCredentials);
  EXPECT_EQ(secret_file_kind(".git-credentials"), SecretFileKind::kGitCredentials);
  EXPECT_EQ(secret_file_kind(".docker/config.json"), SecretFileKind::kDockerConfig);
  EXPECT_EQ(secret_file_kind(".netrc"), SecretFileKind::kNetrc);
  EXPECT_EQ(knowledge::secret_file_kind_name(SecretFileKind::kPrivateKey), "a private key");
}

TEST(SecretsKnowledge, NotSecretFileNames) {
  for (std::string_view p :
       {".env.example", ".env.sample", ".env.template", ".env.dist", "app/.env.local.example",
        "id_rsa.pub", "id_ed25519.pub", "config.json", "docker-compose.yml", "Dockerfile",
        "env.example", "credentials.example.json", "environment.ts", "src/.envoy.yaml",
        "template.env", "key.txt", ""})
    EXPECT_FALSE(knowledge::is_secret_file_name(p)) << p;
}

TEST(SecretsKnowledge, EnvExampleNames) {
  for (std::string_view p :
       {".env.example", ".env.sample", ".env.template", ".env.dist", ".env.tpl", "example.env",
        "env.example", "env-example", ".env.local.example", "deploy/.ENV.EXAMPLE"})
    EXPECT_TRUE(knowledge::is_env_example_name(p)) << p;
  for (std::string_view p :
       {".env", ".env.local", "examples/.env", "example/compose.yaml", "README.md"})
    EXPECT_FALSE(knowledge::is_env_example_name(p)) << p;
}

}  // namespace
