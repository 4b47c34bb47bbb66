#include "knowledge/images.h"
#include "source/ascii.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace clearance::knowledge {
namespace {

using U = DefaultUser;
constexpr std::array<uint16_t, 0> kNone{};
constexpr std::array<uint16_t, 1> kPostgres{5432};
constexpr std::array<uint16_t, 1> kMysql{3306};
constexpr std::array<uint16_t, 1> kRedis{6379};
constexpr std::array<uint16_t, 1> kMongo{27017};
constexpr std::array<uint16_t, 2> kElastic{9200, 9300};
constexpr std::array<uint16_t, 1> kKibana{5601};
constexpr std::array<uint16_t, 2> kLogstash{5044, 9600};
constexpr std::array<uint16_t, 2> kMinio{9000, 9001};
constexpr std::array<uint16_t, 2> kRabbit{5672, 15672};
constexpr std::array<uint16_t, 4> kRabbitAll{5672, 15672, 4369, 25672};
constexpr std::array<uint16_t, 1> kMemcached{11211};
constexpr std::array<uint16_t, 2> kEtcd{2379, 2380};
constexpr std::array<uint16_t, 1> kCouch{5984};
constexpr std::array<uint16_t, 1> kCassandra{9042};
constexpr std::array<uint16_t, 1> kInflux{8086};
constexpr std::array<uint16_t, 2> kClickhouse{8123, 9000};
constexpr std::array<uint16_t, 1> kNeo4jBolt{7687};
constexpr std::array<uint16_t, 2> kNeo4j{7474, 7687};
constexpr std::array<uint16_t, 1> kZookeeper{2181};
constexpr std::array<uint16_t, 1> kKafka{9092};
constexpr std::array<uint16_t, 1> kNats{4222};
constexpr std::array<uint16_t, 1> kConsul{8500};
constexpr std::array<uint16_t, 1> kVault{8200};
constexpr std::array<uint16_t, 1> kMssql{1433};
constexpr std::array<uint16_t, 2> kHttp{80, 443};
constexpr std::array<uint16_t, 1> kHttp80{80};
constexpr std::array<uint16_t, 1> kGrafana{3000};
constexpr std::array<uint16_t, 1> kPrometheus{9090};
constexpr std::array<uint16_t, 1> kKeycloak{8080};
constexpr std::array<uint16_t, 1> kSolr{8983};
constexpr std::array<uint16_t, 1> kOpenSearch{9200};
constexpr std::array<uint16_t, 4> kKong{8000, 8443, 8001, 8444};

// Sources: each image's Dockerfile and entrypoint in
// its official repository (docker-library/*, minio/minio, bitnami/containers, ...).
constexpr ImageFacts kImages[] = {
    {"bitnami/mongodb", "MongoDB", U::kNonRoot, false, kMongo, kMongo},
    {"bitnami/mysql", "MySQL", U::kNonRoot, false, kMysql, kMysql},
    {"bitnami/postgresql", "PostgreSQL", U::kNonRoot, false, kPostgres, kPostgres},
    {"bitnami/redis", "Redis", U::kNonRoot, false, kRedis, kRedis},
    {"cassandra", "Cassandra", U::kDropsPrivileges, false, kCassandra, kCassandra},
    {"clickhouse/clickhouse-server", "ClickHouse", U::kDropsPrivileges, false, kClickhouse, kClickhouse},
    {"consul", "Consul", U::kDropsPrivileges, false, kConsul, kConsul},
    {"couchdb", "CouchDB", U::kDropsPrivileges, false, kCouch, kCouch},
    {"docker.elastic.co/elasticsearch/elasticsearch", "Elasticsearch", U::kNonRoot, false, kElastic, kElastic},
    {"elasticsearch", "Elasticsearch", U::kNonRoot, false, kElastic, kElastic},
    // Elastic's other images run as their product's user (uid 1000), from the Dockerfiles
    // Elastic publishes for each (kibana, logstash, the beats, elastic-agent: `USER 1000` or
    // the beat's name).
    {"docker.elastic.co/kibana/kibana", "Kibana", U::kNonRoot, false, kKibana, kNone},
    {"docker.elastic.co/logstash/logstash", "Logstash", U::kNonRoot, false, kLogstash, kNone},
    {"docker.elastic.co/beats/filebeat", "Filebeat", U::kNonRoot, false, kNone, kNone},
    {"docker.elastic.co/beats/metricbeat", "Metricbeat", U::kNonRoot, false, kNone, kNone},
    {"docker.elastic.co/beats/heartbeat", "Heartbeat", U::kNonRoot, false, kNone, kNone},
    {"docker.elastic.co/beats/auditbeat", "Auditbeat", U::kNonRoot, false, kNone, kNone},
    {"docker.elastic.co/beats/packetbeat", "Packetbeat", U::kNonRoot, false, kNone, kNone},
    {"docker.elastic.co/elastic-agent/elastic-agent", "Elastic Agent", U::kNonRoot, false, kNone, kNone},
    {"grafana/grafana", "Grafana", U::kNonRoot, false, kGrafana, kNone},
    {"hashicorp/consul", "Consul", U::kDropsPrivileges, false, kConsul, kConsul},
    {"hashicorp/vault", "Vault", U::kDropsPrivileges, false, kVault, kNone},
    // httpd and nginx: the workers switch to an unprivileged user, the master process stays
    // root for the container's whole life (it binds port 80 and reopens logs).
    {"httpd", "Apache httpd", U::kRoot, false, kHttp80, kNone},
    {"influxdb", "InfluxDB", U::kDropsPrivileges, false, kInflux, kInflux},
    {"mariadb", "MariaDB", U::kDropsPrivileges, false, kMysql, kMysql},
    {"mcr.microsoft.com/mssql/server", "SQL Server", U::kNonRoot, false, kMssql, kMssql},
    {"memcached", "Memcached", U::kNonRoot, false, kMemcached, kMemcached},
    {"minio/minio", "MinIO", U::kRoot, false, kMinio, kMinio},
    {"mongo", "MongoDB", U::kDropsPrivileges, false, kMongo, kMongo},
    {"mysql", "MySQL", U::kDropsPrivileges, false, kMysql, kMysql},
    {"nats", "NATS", U::kUnknown, false, kNats, kNats},
    {"neo4j", "Neo4j", U::kDropsPrivileges, false, kNeo4j, kNeo4jBolt},
    {"nginx", "nginx", U::kRoot, false, kHttp80, kNone},
    {"opensearchproject/opensearch", "OpenSearch", U::kNonRoot, false, kOpenSearch, kOpenSearch},
    {"postgis/postgis", "PostgreSQL", U::kDropsPrivileges, false, kPostgres, kPostgres},
    {"postgres", "PostgreSQL", U::kDropsPrivileges, false, kPostgres, kPostgres},
    {"prom/prometheus", "Prometheus", U::kNonRoot, false, kPrometheus, kNone},
    {"quay.io/keycloak/keycloak", "Keycloak", U::kNonRoot, false, kKeycloak, kNone},
    {"rabbitmq", "RabbitMQ", U::kDropsPrivileges, false, kRabbit, kRabbitAll},
    {"redis", "Redis", U::kDropsPrivileges, false, kRedis, kRedis},
    {"solr", "Solr", U::kNonRoot, false, kSolr, kSolr},
    {"timescale/timescaledb", "PostgreSQL", U::kDropsPrivileges, false, kPostgres, kPostgres},
    {"valkey/valkey", "Valkey", U::kDropsPrivileges, false, kRedis, kRedis},
    {"zookeeper", "ZooKeeper", U::kDropsPrivileges, false, kZookeeper, kZookeeper},
    {"bitnami/kafka", "Kafka", U::kNonRoot, false, kKafka, kKafka},
    {"quay.io/coreos/etcd", "etcd", U::kRoot, false, kEtcd, kEtcd},
    {"gcr.io/etcd-development/etcd", "etcd", U::kRoot, false, kEtcd, kEtcd},
    // These images do define a HEALTHCHECK (checked in their Dockerfiles).
    {"kong", "Kong", U::kNonRoot, true, kKong, kNone},
    {"kong/kong-gateway", "Kong", U::kNonRoot, true, kKong, kNone},
    {"localstack/localstack", "LocalStack", U::kRoot, true, kNone, kNone},
    {"mailserver/docker-mailserver", "docker-mailserver", U::kRoot, true, kNone, kNone},
    {"ghcr.io/docker-mailserver/docker-mailserver", "docker-mailserver", U::kRoot, true, kNone, kNone},
    {"pgvector/pgvector", "PostgreSQL", U::kDropsPrivileges, false, kPostgres, kPostgres},
    {"supabase/postgres", "PostgreSQL", U::kUnknown, false, kPostgres, kPostgres},
    {"redis/redis-stack", "Redis Stack", U::kUnknown, false, kRedis, kRedis},
    {"redis/redis-stack-server", "Redis Stack", U::kUnknown, false, kRedis, kRedis},
    {"redislabs/redismod", "Redis", U::kUnknown, false, kRedis, kRedis},
    {"eqalpha/keydb", "KeyDB", U::kUnknown, false, kRedis, kRedis},
    {"quay.io/minio/minio", "MinIO", U::kRoot, false, kMinio, kMinio},
    {"bitnami/mariadb", "MariaDB", U::kNonRoot, false, kMysql, kMysql},
    {"bitnami/rabbitmq", "RabbitMQ", U::kNonRoot, false, kRabbit, kRabbitAll},
    {"bitnami/memcached", "Memcached", U::kNonRoot, false, kMemcached, kMemcached},
    {"bitnami/minio", "MinIO", U::kNonRoot, false, kMinio, kMinio},
    {"bitnami/etcd", "etcd", U::kNonRoot, false, kEtcd, kEtcd},
    {"confluentinc/cp-kafka", "Kafka", U::kNonRoot, false, kKafka, kKafka},
    {"apache/kafka", "Kafka", U::kNonRoot, false, kKafka, kKafka},
    {"wodby/mariadb", "MariaDB", U::kUnknown, false, kMysql, kMysql},
    {"python", "Python", U::kRoot, false, kNone, kNone},
    {"node", "Node.js", U::kRoot, false, kNone, kNone},
    {"alpine", "Alpine Linux", U::kRoot, false, kNone, kNone},
    {"debian", "Debian", U::kRoot, false, kNone, kNone},
    {"ubuntu", "Ubuntu", U::kRoot, false, kNone, kNone},
    {"busybox", "BusyBox", U::kRoot, false, kNone, kNone},
    {"golang", "Go", U::kRoot, false, kNone, kNone},
    {"traefik", "Traefik", U::kRoot, false, kHttp, kNone},
    {"caddy", "Caddy", U::kRoot, false, kHttp, kNone},
    {"vaultwarden/server", "Vaultwarden", U::kRoot, true, kHttp80, kNone},
    {"louislam/uptime-kuma", "Uptime Kuma", U::kRoot, true, kNone, kNone},
    {"authelia/authelia", "Authelia", U::kRoot, true, kNone, kNone},
};

}  // namespace

const ImageFacts* find_image(const model::ImageRef& ref) {
  const std::string name = source::ascii_lower(ref.short_name());
  for (const ImageFacts& facts : kImages)
    if (facts.repository == name) return &facts;
  return nullptr;
}

DefaultUser default_user(const model::ImageRef& ref) {
  if (const ImageFacts* facts = find_image(ref)) return facts->user;
  // The architecture namespaces of Docker Hub (amd64/alpine, arm64v8/debian) hold the same
  // official images, built for one architecture.
  static constexpr std::string_view kArchitectures[] = {"amd64/", "arm32v5/", "arm32v6/", "arm32v7/", "arm64v8/",
                                                        "i386/", "mips64le/", "ppc64le/", "riscv64/", "s390x/"};
  if (ref.registry == "docker.io") {
    for (const std::string_view arch : kArchitectures) {
      if (!ref.repository.starts_with(arch)) continue;
      model::ImageRef library = ref;
      library.repository = "library/" + ref.repository.substr(arch.size());
      return default_user(library);
    }
  }
  // Distribution and language images whose Dockerfiles set no USER (checked in their
  // docker-library and vendor repositories): they run as root so that derived images can
  // install packages.
  static constexpr std::string_view kRootBases[] = {
      "almalinux",  "amazoncorretto", "amazonlinux", "archlinux", "bash",   "buildpack-deps", "centos",
      "clearlinux", "eclipse-temurin", "elixir",     "erlang",    "fedora", "gcc",            "haskell",
      "julia",      "opensuse/leap",  "opensuse/tumbleweed", "openjdk", "oraclelinux", "perl", "photon",
      "php",        "pypy",           "rockylinux",  "ruby",      "rust",   "swift"};
  const std::string name = source::ascii_lower(ref.short_name());
  if (std::find(std::begin(kRootBases), std::end(kRootBases), name) != std::end(kRootBases)) return DefaultUser::kRoot;
  // Jupyter Docker Stacks end with USER ${NB_UID} (jovyan, uid 1000), on quay.io and, for
  // older tags, on Docker Hub.
  if ((ref.registry == "quay.io" && ref.repository.starts_with("jupyter/")) ||
      (ref.registry == "docker.io" && ref.repository.starts_with("jupyter/")))
    return DefaultUser::kNonRoot;
  // .NET images run as root, except the chiseled (distroless) ones, which run as their `app`
  // user (github.com/dotnet/dotnet-docker, "Secure container images").
  if (ref.registry == "mcr.microsoft.com" &&
      (ref.repository == "dotnet/runtime-deps" || ref.repository == "dotnet/runtime" ||
       ref.repository == "dotnet/aspnet" || ref.repository == "dotnet/sdk"))
    return ref.tag.find("chiseled") != std::string::npos || ref.tag.find("distroless") != std::string::npos
               ? DefaultUser::kNonRoot
               : DefaultUser::kRoot;
  // github.com/GoogleContainerTools/distroless: every image has a `nonroot` variant (uid 65532);
  // the others run as root.
  if (ref.registry == "gcr.io" && ref.repository.starts_with("distroless/"))
    return ref.tag.find("nonroot") != std::string::npos ? DefaultUser::kNonRoot : DefaultUser::kRoot;
  // Chainguard Containers (cgr.dev/chainguard/*; reviewed 2026-11-30 against Chainguard's
  // image guidelines, github.com/chainguard-images/images BEST_PRACTICES.md "Users", and
  // edu.chainguard.dev "How to Port a Sample Application"): the standard (distroless) images
  // run as `nonroot`, uid 65532 (or the upstream user name, same uid), set in their apko
  // `run-as`, for every tag and digest. The `-dev` variants and wolfi-base / chainguard-base
  // add a shell and apk for building: the docs do not promise a non-root user for them, so
  // nothing is claimed (they stay "root unless the image sets a user").
  if (ref.registry == "cgr.dev" && ref.repository.starts_with("chainguard/")) {
    const std::string tag = source::ascii_lower(ref.tag);
    const bool dev = tag == "dev" || (tag.size() > 4 && tag.ends_with("-dev"));
    const bool builder_base = ref.repository == "chainguard/wolfi-base" || ref.repository == "chainguard/chainguard-base";
    return dev || builder_base ? DefaultUser::kUnknown : DefaultUser::kNonRoot;
  }
  // Windows base images: Nano Server runs as ContainerUser, Server Core and Server as
  // ContainerAdministrator (learn.microsoft.com, "Windows container base images").
  if (ref.registry == "mcr.microsoft.com") {
    if (ref.repository == "windows/nanoserver") return DefaultUser::kNonRoot;
    if (ref.repository == "windows/servercore" || ref.repository == "windows/server" || ref.repository == "windows")
      return DefaultUser::kRoot;
  }
  return DefaultUser::kUnknown;
}

bool image_known_without_healthcheck(const model::ImageRef& ref) {
  if (const ImageFacts* facts = find_image(ref)) return !facts->healthcheck;
  return is_official_image(ref);
}

bool is_official_image(const model::ImageRef& ref) {
  // A one-word name is an official image only if Docker Hub's library has it; otherwise it
  // is most likely an image built or tagged locally, of which nothing is known.
  if (!ref.official()) return false;
  static constexpr std::string_view kLibrary[] = {
      "adminer", "aerospike", "almalinux", "alpine", "amazoncorretto", "amazonlinux", "arangodb",
      "backdrop", "bash", "bonita", "buildpack-deps", "busybox", "caddy", "cassandra", "centos",
      "chronograf", "cirros", "clearlinux", "clickhouse", "clojure", "composer", "consul", "convertigo",
      "couchbase", "couchdb", "crate", "dart", "debian", "docker", "drupal", "eclipse-mosquitto",
      "eclipse-temurin", "eggdrop", "elasticsearch", "elixir", "erlang", "fedora", "flink", "fluentd",
      "friendica", "gazebo", "gcc", "geonetwork", "ghost", "golang", "gradle", "groovy", "haproxy",
      "haskell", "haxe", "hello-world", "hitch", "httpd", "hylang", "ibmjava", "influxdb", "irssi",
      "jetty", "joomla", "jruby", "julia", "kapacitor", "kibana", "kong", "liquibase", "logstash",
      "mageia", "mariadb", "matomo", "maven", "mediawiki", "memcached", "mongo", "mongo-express",
      "monica", "mono", "mysql", "nats", "neo4j", "neurodebian", "nextcloud", "nginx", "node",
      "notary", "odoo", "open-liberty", "openjdk", "oraclelinux", "orientdb", "percona", "perl",
      "photon", "php", "php-zendserver", "phpmyadmin", "plone", "postfixadmin", "postgres", "pypy",
      "python", "r-base", "rabbitmq", "rakudo-star", "redis", "redmine", "registry", "rethinkdb",
      "rocket.chat", "rockylinux", "ruby", "rust", "sapmachine", "satosa", "silverpeas", "solr",
      "sonarqube", "spiped", "storm", "swift", "teamspeak", "telegraf", "tomcat", "tomee",
      "traefik", "ubuntu", "unit", "varnish", "websphere-liberty", "wordpress", "xwiki", "yourls",
      "znc", "zookeeper"};
  const std::string name = source::ascii_lower(ref.short_name());
  return std::find(std::begin(kLibrary), std::end(kLibrary), name) != std::end(kLibrary);
}

bool is_mutable_tag(std::string_view tag) {
  // Channel names move with every release; version-like tags (15, 3.11-slim, bookworm) do not
  // move across major versions and are not reported.
  static constexpr std::string_view kMutable[] = {
      "latest", "stable", "edge", "nightly", "dev", "develop", "development", "main", "master",
      "current", "rolling", "lts", "beta", "alpha", "unstable", "testing", "test", "canary",
      "next", "preview", "release", "experimental", "alpine", "slim", "alpine-slim", "fpm",
      "fpm-alpine", "apache", "cli", "cli-alpine", "mainline"};
  // A channel followed by a variant (`lts-alpine`, `stable-slim`, `lts-jdk17`,
  // `current-bookworm-slim`) moves with the channel. (Not `main-3f2a1b` or `dev-20240101`:
  // branch names prefix per-commit tags, which do not move.)
  static constexpr std::string_view kChannels[] = {"latest", "stable", "edge", "current", "rolling", "lts",
                                                   "mainline", "unstable", "nightly", "canary"};
  const std::string t = source::ascii_lower(tag);
  if (t.size() > 7 && t.compare(t.size() - 7, 7, "-latest") == 0) return true;
  const std::string_view channel = std::string_view(t).substr(0, t.find('-'));
  if (channel.size() < t.size() && std::find(std::begin(kChannels), std::end(kChannels), channel) != std::end(kChannels))
    return true;
  return std::find(std::begin(kMutable), std::end(kMutable), t) != std::end(kMutable);
}

}  // namespace clearance::knowledge
