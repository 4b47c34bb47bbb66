// The reviewed end-of-life table behind CLR403, and how image tags map onto it.
#include "knowledge/eol.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "model/image_ref.h"

using namespace clearance;
using knowledge::Date;
using knowledge::end_of_life;
using knowledge::kEolReviewed;

namespace {

// "image cycle YYYY-MM-DD" of the tag's own release line, or "" when it names none.
std::string release(std::string_view repository, std::string_view tag) {
  const auto v = end_of_life(repository, tag).release;
  if (!v) return "";
  return std::string(v->entry.image) + " " + std::string(v->entry.cycle) + " " + v->entry.eol.str();
}

// The same for the base distribution the tag names.
std::string base(std::string_view repository, std::string_view tag) {
  const auto v = end_of_life(repository, tag).base;
  if (!v) return "";
  return std::string(v->entry.image) + " " + std::string(v->entry.cycle) + " " + v->entry.eol.str();
}

// Whether the tag's own line is past its end of life on the review date.
bool eol_now(std::string_view repository, std::string_view tag) {
  const auto v = end_of_life(repository, tag).release;
  return v && v->past(kEolReviewed);
}

bool supported_now(std::string_view repository, std::string_view tag) {
  const auto v = end_of_life(repository, tag).release;
  return v && !v->past(kEolReviewed);
}

TEST(EolDate, ParsesStrictly) {
  EXPECT_EQ(Date::parse("2026-11-29"), (Date{2026, 11, 29}));
  EXPECT_EQ(Date::parse("2024-02-29"), (Date{2024, 2, 29}));  // leap year
  EXPECT_EQ(Date::parse("2000-02-29"), (Date{2000, 2, 29}));  // divisible by 400
  EXPECT_FALSE(Date::parse("1900-02-29"));                    // divisible by 100 only
  EXPECT_FALSE(Date::parse("2026-02-29"));
  EXPECT_FALSE(Date::parse("2026-02-30"));
  EXPECT_FALSE(Date::parse("2026-13-01"));
  EXPECT_FALSE(Date::parse("2026-00-10"));
  EXPECT_FALSE(Date::parse("2026-04-31"));
  EXPECT_FALSE(Date::parse("2026-04-00"));
  EXPECT_FALSE(Date::parse("0000-01-01"));
  EXPECT_FALSE(Date::parse("2026-1-01"));
  EXPECT_FALSE(Date::parse("2026/11/29"));
  EXPECT_FALSE(Date::parse(" 2026-11-29"));
  EXPECT_FALSE(Date::parse("2026-11-29 "));
  EXPECT_FALSE(Date::parse("2026-11-2x"));
  EXPECT_FALSE(Date::parse("+026-11-29"));
  EXPECT_FALSE(Date::parse("garbage"));
  EXPECT_FALSE(Date::parse(""));
  EXPECT_EQ((Date{2026, 1, 5}).str(), "2026-01-05");
}

TEST(EolDate, Orders) {
  EXPECT_LT((Date{2025, 12, 31}), (Date{2026, 1, 1}));
  EXPECT_LT((Date{2026, 1, 31}), (Date{2026, 2, 1}));
  EXPECT_LT((Date{2026, 2, 1}), (Date{2026, 2, 2}));
  EXPECT_EQ((Date{2026, 2, 2}), (Date{2026, 2, 2}));
}

TEST(EolDate, TodayIsARealDayAfterTheTableWasWritten) {
  const Date today = knowledge::today_utc();
  EXPECT_TRUE(knowledge::is_valid_date(today.year, today.month, today.day));
  EXPECT_GE(today, (Date{2026, 1, 1}));
}

TEST(EolTable, EveryRowIsWellFormed) {
  std::set<std::string> seen;
  for (const auto& e : knowledge::eol_table()) {
    const std::string key = std::string(e.image) + ":" + std::string(e.cycle);
    EXPECT_TRUE(seen.insert(key).second) << "duplicate row " << key;
    EXPECT_TRUE(knowledge::is_valid_date(e.eol.year, e.eol.month, e.eol.day)) << key;
    EXPECT_TRUE(e.source.rfind("https://", 0) == 0) << key;
    EXPECT_FALSE(e.cycle.empty()) << key;
    EXPECT_EQ(e.cycle.find_first_not_of("0123456789."), std::string_view::npos) << key;
  }
  EXPECT_EQ(kEolReviewed, (Date{2026, 11, 29}));
}

TEST(EolTable, PastIsFromTheDayAfterTheLastSupportedDay) {
  // PostgreSQL 14's final release is on 2026-11-12: still supported that day, past the next.
  const auto v = end_of_life("postgres", "14").release;
  ASSERT_TRUE(v);
  EXPECT_EQ(v->entry.eol, (Date{2026, 11, 12}));
  EXPECT_FALSE(v->past(Date{2026, 11, 11}));
  EXPECT_FALSE(v->past(Date{2026, 11, 12}));
  EXPECT_TRUE(v->past(Date{2026, 11, 13}));
  EXPECT_TRUE(v->past(Date{2027, 1, 1}));
}

TEST(EolRepository, OnlyDockerHubOfficialImages) {
  EXPECT_EQ(release("python", "3.8"), "python 3.8 2024-10-07");
  EXPECT_EQ(release("library/python", "3.8"), "python 3.8 2024-10-07");
  EXPECT_EQ(release("docker.io/library/python", "3.8"), "python 3.8 2024-10-07");
  EXPECT_EQ(release("docker.io/python", "3.8"), "python 3.8 2024-10-07");
  EXPECT_EQ(release("index.docker.io/library/python", "3.8"), "python 3.8 2024-10-07");
  EXPECT_EQ(release("registry-1.docker.io/library/python", "3.8"), "python 3.8 2024-10-07");
  EXPECT_EQ(release("myorg/python", "3.8"), "");
  EXPECT_EQ(release("docker.io/myorg/python", "3.8"), "");
  EXPECT_EQ(release("ghcr.io/library/python", "3.8"), "");
  EXPECT_EQ(release("localhost:5000/python", "3.8"), "");
  EXPECT_EQ(release("bitnami/postgresql", "9.6"), "");
  EXPECT_EQ(release("", "3.8"), "");
  EXPECT_EQ(release("python", ""), "");
  // A locally built image tagged like a Debian release says nothing about Debian.
  EXPECT_EQ(base("myapp", "1.0-buster"), "");
  // An official image that is not in the table still names its base.
  EXPECT_EQ(base("wordpress", "php8.2-apache-buster"), "debian 10 2024-06-30");
}

TEST(EolRepository, ParsedReferences) {
  model::ImageRef ref;
  ASSERT_TRUE(model::parse_image_ref("postgres:9.6-alpine", ref));
  const auto v = end_of_life(ref);
  ASSERT_TRUE(v.release);
  EXPECT_EQ(v.release->entry.cycle, "9.6");
  EXPECT_FALSE(v.base);  // bare `alpine` names no release

  ASSERT_TRUE(model::parse_image_ref("docker.io/library/node:16-alpine3.15@sha256:abcd", ref));
  EXPECT_EQ(end_of_life(ref).release->entry.cycle, "16");
  EXPECT_EQ(end_of_life(ref).base->entry.cycle, "3.15");

  ASSERT_TRUE(model::parse_image_ref("python@sha256:abcd", ref));  // digest only
  EXPECT_TRUE(end_of_life(ref).empty());
  ASSERT_TRUE(model::parse_image_ref("ghcr.io/acme/python:3.8", ref));
  EXPECT_TRUE(end_of_life(ref).empty());
  ASSERT_TRUE(model::parse_image_ref("localhost:5000/python:3.8", ref));
  EXPECT_TRUE(end_of_life(ref).empty());
}

TEST(EolTags, UnknownAndMovingTagsNameNothing) {
  for (std::string_view tag :
       {"latest", "lts", "alpine", "slim", "stable", "mainline", "current", "edge",
        "bookworm-slim-latest", "sha256", "3", "v3.8", "x3.8", "3.", ".3"}) {
    EXPECT_EQ(release("python", tag), "") << tag;
  }
  EXPECT_EQ(release("python", "3"), "");  // a major alone names no python line
  EXPECT_EQ(release("mysql", "8"), "");   // ... nor a mysql one
  EXPECT_EQ(release("golang", "1"), "");
  EXPECT_EQ(release("redis", "7"), "");  // 7.2 and 7.4 are not listed: the major is open
  EXPECT_EQ(release("redis", "7.2"), "");  // supported, no published end: not listed
  EXPECT_EQ(release("node", "lts"), "");
  EXPECT_EQ(release("node", "lts-alpine"), "");
  EXPECT_EQ(release("node", "unknowncodename"), "");
  EXPECT_EQ(release("debian", "sid"), "");
  EXPECT_EQ(release("debian", "stable-slim"), "");
  EXPECT_EQ(release("ubuntu", "rolling"), "");
  EXPECT_EQ(release("minio", "RELEASE.2023-01-01T00-00-00Z"), "");
  EXPECT_EQ(release("traefik", "v2.5"), "");
  EXPECT_EQ(release("python", "99.1"), "");
  EXPECT_EQ(release("python", "3.8.999999"), "python 3.8 2024-10-07");
  EXPECT_EQ(release("python", "3.8.1234567"), "");  // absurd component: not a version
  EXPECT_EQ(release("python", "3.1234567"), "");
  EXPECT_EQ(release("python", "1.2.3.4.5"), "");  // more components than any version has
  EXPECT_TRUE(end_of_life("python", "-").empty());
  EXPECT_TRUE(end_of_life("python", "--").empty());
}

TEST(EolFamilies, Python) {
  EXPECT_TRUE(eol_now("python", "3.8"));
  EXPECT_TRUE(eol_now("python", "3.8.19-slim-bookworm"));
  EXPECT_TRUE(eol_now("python", "2.7"));
  EXPECT_TRUE(eol_now("python", "3.10-slim"));  // ended 2026-10 (counted to the 31st)
  EXPECT_EQ(release("python", "3.10"), "python 3.10 2026-10-31");
  EXPECT_TRUE(supported_now("python", "3.12"));
  EXPECT_TRUE(supported_now("python", "3.13.1-alpine3.21"));
  EXPECT_EQ(release("python", "3.2"), "python 3.2 2016-02-20");  // not 3.20 or 3.21
  EXPECT_EQ(release("python", "3.1"), "");  // not 3.10..3.15, and 3.1 is not listed
  EXPECT_EQ(release("python", "3.11"), "python 3.11 2027-10-31");
  EXPECT_EQ(release("python", "3.13.0rc1"), "python 3.13 2029-10-31");
}

TEST(EolFamilies, NodeWithCodenames) {
  EXPECT_TRUE(eol_now("node", "16-alpine"));
  EXPECT_TRUE(eol_now("node", "18.20.4"));
  EXPECT_TRUE(eol_now("node", "20-bookworm"));  // ended 2026-04-30
  EXPECT_TRUE(supported_now("node", "22"));
  EXPECT_TRUE(supported_now("node", "24-slim"));
  EXPECT_EQ(release("node", "hydrogen"), "node 18 2025-04-30");
  EXPECT_EQ(release("node", "lts-hydrogen"), "node 18 2025-04-30");
  EXPECT_EQ(release("node", "gallium-alpine3.16"), "node 16 2023-09-11");
  EXPECT_EQ(release("node", "iron"), "node 20 2026-04-30");
  EXPECT_EQ(release("node", "Jod"), "node 22 2027-04-30");
  EXPECT_EQ(release("node", "0.10"), "node 0.10 2016-10-31");
  EXPECT_EQ(release("node", "0.1"), "");
}

TEST(EolFamilies, Postgres) {
  EXPECT_TRUE(eol_now("postgres", "9.6"));
  EXPECT_TRUE(eol_now("postgres", "13-alpine"));
  EXPECT_TRUE(eol_now("postgres", "14.15-bookworm"));  // final release 2026-11-12
  EXPECT_TRUE(supported_now("postgres", "16"));
  EXPECT_TRUE(supported_now("postgres", "17.2-alpine3.21"));
  EXPECT_EQ(release("postgres", "12.22"), "postgres 12 2024-11-21");
}

TEST(EolFamilies, MysqlAndMariadb) {
  EXPECT_TRUE(eol_now("mysql", "5.7"));
  EXPECT_TRUE(eol_now("mysql", "8.0.33-oracle"));  // extended support ended 2026-04-30
  EXPECT_TRUE(eol_now("mysql", "9.1"));            // innovation release, superseded
  EXPECT_TRUE(supported_now("mysql", "8.4"));
  EXPECT_TRUE(eol_now("mariadb", "10.4"));
  EXPECT_TRUE(eol_now("mariadb", "10.6-focal"));  // 2026-07-06
  EXPECT_EQ(base("mariadb", "10.6-focal"), "ubuntu 20.04 2025-05-31");
  EXPECT_TRUE(supported_now("mariadb", "10.11"));
  EXPECT_TRUE(supported_now("mariadb", "11.4.2-noble"));
  EXPECT_EQ(release("mariadb", "10.1"), "mariadb 10.1 2020-10-17");  // not 10.11
}

TEST(EolFamilies, RedisAndMongo) {
  EXPECT_TRUE(eol_now("redis", "6.0-alpine"));
  EXPECT_TRUE(eol_now("redis", "7.0.15"));
  EXPECT_EQ(release("redis", "6.2-alpine"), "");  // still listed as supported by redis
  EXPECT_TRUE(eol_now("mongo", "4.4"));
  EXPECT_TRUE(eol_now("mongo", "5.0.26-focal"));
  EXPECT_TRUE(supported_now("mongo", "7.0-jammy"));
  EXPECT_TRUE(supported_now("mongo", "8.0"));
  EXPECT_EQ(base("mongo", "7.0-jammy"), "ubuntu 22.04 2027-04-30");
}

TEST(EolFamilies, AlpineDebianUbuntu) {
  EXPECT_TRUE(eol_now("alpine", "3.12"));
  EXPECT_TRUE(eol_now("alpine", "3.21.3"));  // ended 2026-11-01
  EXPECT_TRUE(supported_now("alpine", "3.22"));
  EXPECT_EQ(release("alpine", "3.1"), "");  // not 3.10..3.19, and 3.1 is not listed

  EXPECT_EQ(release("debian", "buster"), "debian 10 2024-06-30");
  EXPECT_EQ(release("debian", "stretch-slim"), "debian 9 2022-06-30");
  EXPECT_EQ(release("debian", "bullseye-20240110-slim"), "debian 11 2026-08-31");
  EXPECT_EQ(release("debian", "11.9"), "debian 11 2026-08-31");
  EXPECT_TRUE(eol_now("debian", "bullseye"));
  EXPECT_TRUE(supported_now("debian", "bookworm"));
  EXPECT_TRUE(supported_now("debian", "12-slim"));
  EXPECT_TRUE(supported_now("debian", "trixie"));
  EXPECT_EQ(base("debian", "bookworm"), "");  // the distribution itself has no other base

  EXPECT_EQ(release("ubuntu", "20.04"), "ubuntu 20.04 2025-05-31");
  EXPECT_EQ(release("ubuntu", "focal"), "ubuntu 20.04 2025-05-31");
  EXPECT_EQ(release("ubuntu", "bionic-20230530"), "ubuntu 18.04 2023-05-31");
  EXPECT_TRUE(eol_now("ubuntu", "xenial"));
  EXPECT_TRUE(supported_now("ubuntu", "jammy"));
  EXPECT_TRUE(supported_now("ubuntu", "24.04"));
  EXPECT_TRUE(supported_now("ubuntu", "noble-20241118.1"));
}

TEST(EolFamilies, BaseDistributionInTheTag) {
  EXPECT_EQ(release("python", "3.12-slim-buster"), "python 3.12 2028-10-31");
  EXPECT_EQ(base("python", "3.12-slim-buster"), "debian 10 2024-06-30");
  EXPECT_TRUE(end_of_life("python", "3.12-slim-buster").base->base);
  EXPECT_EQ(base("node", "20-alpine3.16"), "alpine 3.16 2024-05-23");
  EXPECT_EQ(base("node", "20-alpine"), "");
  EXPECT_EQ(base("python", "3.12-alpine3.2"), "");  // alpine 3.2 is not listed
  EXPECT_EQ(base("python", "3.12-alpine3"), "");
  EXPECT_EQ(base("python", "3.12-alpine3.19x"), "");
  EXPECT_EQ(base("php", "7.4-fpm-alpine3.13"), "alpine 3.13 2022-11-01");
  // Adoptium's spelling, with a hyphen before the Alpine version: the same image.
  EXPECT_EQ(base("eclipse-temurin", "21-jre-alpine-3.21"), "alpine 3.21 2026-11-01");
  EXPECT_EQ(base("eclipse-temurin", "21-jre-alpine3.21"), "alpine 3.21 2026-11-01");
  EXPECT_EQ(base("eclipse-temurin", "17.0.13_11-jdk-alpine-3.20"), "alpine 3.20 2026-04-01");
  EXPECT_EQ(base("node", "22-alpine-3.21"), "alpine 3.21 2026-11-01");
  EXPECT_EQ(base("eclipse-temurin", "21-jre-alpine"), "");  // names no Alpine release
  EXPECT_EQ(base("python", "3.12-alpine-3"), "");
  EXPECT_EQ(base("python", "3.12-alpine-3.19x"), "");
  EXPECT_EQ(base("python", "3.12-alpine-3.21.3"), "");  // not an X.Y Alpine line
  EXPECT_EQ(base("python", "3.12-alpine-slim"), "");
  EXPECT_EQ(base("ruby", "2.7-slim-bullseye"), "debian 11 2026-08-31");
  EXPECT_EQ(base("python", "bookworm"), "debian 12 2028-06-30");
  EXPECT_EQ(release("python", "bookworm"), "");  // names no python line
  EXPECT_EQ(base("eclipse-temurin", "17-jdk-focal"), "ubuntu 20.04 2025-05-31");
  EXPECT_EQ(base("python", "3.12-windowsservercore-ltsc2022"), "");
}

TEST(EolFamilies, Nginx) {
  EXPECT_TRUE(eol_now("nginx", "1.20"));
  EXPECT_TRUE(eol_now("nginx", "1.21.6-alpine"));
  EXPECT_TRUE(eol_now("nginx", "1.28"));    // stable branch retired at 1.30.0
  EXPECT_EQ(release("nginx", "1.30"), "");  // current stable: no date published
  EXPECT_EQ(release("nginx", "stable-alpine3.17"), "");
  EXPECT_EQ(base("nginx", "stable-alpine3.17"), "alpine 3.17 2024-11-22");
  EXPECT_EQ(release("nginx", "1.2"), "");  // not 1.20..1.29
}

TEST(EolFamilies, Golang) {
  EXPECT_TRUE(eol_now("golang", "1.19-alpine"));
  EXPECT_TRUE(eol_now("golang", "1.25.3-bookworm"));  // go1.27.0 shipped 2026-08-19
  EXPECT_EQ(release("golang", "1.26"), "");           // supported, end not yet dated
  EXPECT_EQ(release("golang", "1.2"), "");
  EXPECT_EQ(release("golang", "1.22rc2"), "golang 1.22 2025-02-11");
}

TEST(EolFamilies, Java) {
  EXPECT_TRUE(eol_now("openjdk", "8-jre"));
  EXPECT_TRUE(eol_now("openjdk", "11-jdk-slim"));
  EXPECT_TRUE(eol_now("openjdk", "8u342-jdk-slim-bullseye"));
  EXPECT_EQ(release("openjdk", "22-ea-14-jdk"), "");  // early access, still updated
  EXPECT_EQ(release("openjdk", "26-jdk"), "");
  EXPECT_TRUE(supported_now("eclipse-temurin", "11-jdk"));
  EXPECT_TRUE(supported_now("eclipse-temurin", "21-jre-alpine"));
  EXPECT_TRUE(eol_now("eclipse-temurin", "19-jdk"));
  EXPECT_EQ(release("eclipse-temurin", "8u392-b08-jdk-jammy"), "");  // see the table's note
  EXPECT_EQ(base("eclipse-temurin", "8u392-b08-jdk-jammy"), "ubuntu 22.04 2027-04-30");
  EXPECT_EQ(release("eclipse-temurin", "17.0.9_9-jdk"), "eclipse-temurin 17 2027-10-31");
}

TEST(EolFamilies, PhpRuby) {
  EXPECT_TRUE(eol_now("php", "7.4-fpm"));
  EXPECT_TRUE(eol_now("php", "8.1-apache-bookworm"));
  EXPECT_TRUE(supported_now("php", "8.2-cli"));  // until 2026-12-31
  EXPECT_TRUE(supported_now("php", "8.4-fpm-alpine"));
  EXPECT_EQ(release("php", "8"), "");
  EXPECT_TRUE(eol_now("ruby", "2.7"));
  EXPECT_TRUE(eol_now("ruby", "3.2-slim"));
  EXPECT_TRUE(supported_now("ruby", "3.3"));
  EXPECT_TRUE(supported_now("ruby", "4.0.1-alpine"));
}

TEST(EolFamilies, RabbitmqElasticsearchHttpd) {
  EXPECT_TRUE(eol_now("rabbitmq", "3.8-management"));
  EXPECT_TRUE(eol_now("rabbitmq", "3.13.7-management-alpine"));
  EXPECT_EQ(release("rabbitmq", "4.2-management"), "");
  EXPECT_EQ(release("rabbitmq", "3.1"), "");  // not 3.10..3.13
  EXPECT_TRUE(eol_now("elasticsearch", "7.17.10"));
  EXPECT_TRUE(eol_now("elasticsearch", "6.8.23"));
  EXPECT_EQ(release("elasticsearch", "8.11.1"), "");
  EXPECT_TRUE(eol_now("httpd", "2.2"));
  EXPECT_EQ(release("httpd", "2.4"), "");
}

}  // namespace

TEST(EolTags, ClosedMajorNamesItsLineSupportedLast) {
  // The major's last line is out and listed: the line whose support ended last.
  EXPECT_EQ(release("python", "2"), "python 2.7 2020-01-01");
  EXPECT_EQ(release("python", "2-slim"), "python 2.7 2020-01-01");
  EXPECT_EQ(release("php", "7"), "php 7.4 2022-11-28");
  EXPECT_EQ(release("php", "7-apache"), "php 7.4 2022-11-28");
  EXPECT_EQ(release("ruby", "2"), "ruby 2.7 2023-03-31");
  EXPECT_EQ(release("mysql", "5"), "mysql 5.7 2023-10-31");
  EXPECT_EQ(release("postgres", "9"), "postgres 9.6 2021-11-11");
  EXPECT_EQ(release("mongo", "4"), "mongo 4.4 2024-02-29");
  EXPECT_EQ(release("redis", "5"), "redis 5.0 2022-04-27");
  // Still supported (mariadb 10.11): named, but not past on the review day.
  const knowledge::EolVerdicts mariadb = end_of_life("mariadb", "10");
  ASSERT_TRUE(mariadb.release);
  EXPECT_EQ(mariadb.release->entry.cycle, "10.11");
  EXPECT_FALSE(mariadb.release->past(kEolReviewed));
  // Open majors, and majors the table has no line of.
  EXPECT_EQ(release("redis", "6"), "");
  EXPECT_EQ(release("python", "4"), "");
  EXPECT_EQ(release("mysql", "8"), "");
}
