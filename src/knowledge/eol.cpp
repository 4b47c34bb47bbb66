#include "knowledge/eol.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include "knowledge/images.h"
#include "source/ascii.h"

namespace clearance::knowledge {
namespace {

// ---------------------------------------------------------------------------------------------
// Sources. Each row names the page its date comes from; the dates were cross-checked against
// endoflife.date where the project's own page was not at hand.
// ---------------------------------------------------------------------------------------------
constexpr std::string_view kPython = "https://devguide.python.org/versions/";
constexpr std::string_view kNode = "https://github.com/nodejs/Release#release-schedule";
constexpr std::string_view kPostgres = "https://www.postgresql.org/support/versioning/";
constexpr std::string_view kMysql =
    "https://www.oracle.com/us/support/library/lifetime-support-technology-069183.pdf";
constexpr std::string_view kMysqlInnovation =
    "https://dev.mysql.com/doc/refman/8.4/en/mysql-releases.html";
constexpr std::string_view kMariadb = "https://mariadb.org/about/#maintenance-policy";
constexpr std::string_view kRedis = "https://github.com/redis/redis/security/policy";
constexpr std::string_view kMongo = "https://www.mongodb.com/legal/support-policy/lifecycles";
constexpr std::string_view kAlpine = "https://alpinelinux.org/releases/";
constexpr std::string_view kDebian = "https://wiki.debian.org/LTS";
constexpr std::string_view kUbuntu = "https://wiki.ubuntu.com/Releases";
constexpr std::string_view kNginx = "https://nginx.org/en/download.html";
constexpr std::string_view kGo = "https://go.dev/doc/devel/release#policy";
constexpr std::string_view kTemurin = "https://adoptium.net/support/";
constexpr std::string_view kOpenjdk = "https://hub.docker.com/_/openjdk";
constexpr std::string_view kPhp = "https://www.php.net/eol.php";
constexpr std::string_view kPhpSupported = "https://www.php.net/supported-versions.php";
constexpr std::string_view kRuby = "https://www.ruby-lang.org/en/downloads/branches/";
constexpr std::string_view kRabbitmq = "https://www.rabbitmq.com/release-information";
constexpr std::string_view kElastic = "https://www.elastic.co/support/eol";
constexpr std::string_view kHttpd = "https://httpd.apache.org/";

constexpr Date D(int y, int m, int d) { return Date{y, m, d}; }

// The table. Rows of one image stay together; within an image, newest line first.
//
// Left out on purpose, so that their tags get no verdict:
//   - lines still supported with no published end: nginx 1.30/1.31, golang 1.26+ (supported
//     until the second newer release), redis 6.2/7.2/7.4/8.x (the redis security policy says
//     which lines are supported, not until when), rabbitmq 4.2+, elasticsearch 8.x/9.x (dated
//     per minor release; not confirmed here), mysql 9.7 LTS, mongo rapid releases (8.1, 8.2);
//   - lines whose date could not be confirmed from the reviewed sources: alpine 3.24,
//     mariadb 12.3, eclipse-temurin 26, and eclipse-temurin 8: its published floor, "at least
//     November 2026", falls the day after this review while 8u updates still ship;
//   - redis <= 4.0: unsupported for years, but never dated by the project;
//   - families without a support schedule: minio (rolling RELEASE.<timestamp> tags),
//     memcached; and amazoncorretto, whose LTS end dates were revised and could not be
//     confirmed.
constexpr EolEntry kTable[] = {
    // python: devguide release-cycle.json; "2026-10" style dates counted to the month's end.
    {"python", "3.15", D(2031, 10, 31), kPython},
    {"python", "3.14", D(2030, 10, 31), kPython},
    {"python", "3.13", D(2029, 10, 31), kPython},
    {"python", "3.12", D(2028, 10, 31), kPython},
    {"python", "3.11", D(2027, 10, 31), kPython},
    {"python", "3.10", D(2026, 10, 31), kPython},
    {"python", "3.9", D(2025, 10, 31), kPython},
    {"python", "3.8", D(2024, 10, 7), kPython},
    {"python", "3.7", D(2023, 6, 27), kPython},
    {"python", "3.6", D(2021, 12, 23), kPython},
    {"python", "3.5", D(2020, 9, 30), kPython},
    {"python", "3.4", D(2019, 3, 18), kPython},
    {"python", "3.3", D(2017, 9, 29), kPython},
    {"python", "3.2", D(2016, 2, 20), kPython},
    {"python", "2.7", D(2020, 1, 1), kPython},
    {"python", "2.6", D(2013, 10, 29), kPython},

    // node: nodejs/Release schedule.json "end".
    {"node", "26", D(2029, 4, 30), kNode},
    {"node", "25", D(2026, 6, 1), kNode},
    {"node", "24", D(2028, 4, 30), kNode},
    {"node", "23", D(2025, 6, 1), kNode},
    {"node", "22", D(2027, 4, 30), kNode},
    {"node", "21", D(2024, 6, 1), kNode},
    {"node", "20", D(2026, 4, 30), kNode},
    {"node", "19", D(2023, 6, 1), kNode},
    {"node", "18", D(2025, 4, 30), kNode},
    {"node", "17", D(2022, 6, 1), kNode},
    {"node", "16", D(2023, 9, 11), kNode},
    {"node", "15", D(2021, 6, 1), kNode},
    {"node", "14", D(2023, 4, 30), kNode},
    {"node", "13", D(2020, 6, 1), kNode},
    {"node", "12", D(2022, 4, 30), kNode},
    {"node", "11", D(2019, 6, 1), kNode},
    {"node", "10", D(2021, 4, 30), kNode},
    {"node", "9", D(2018, 6, 30), kNode},
    {"node", "8", D(2019, 12, 31), kNode},
    {"node", "7", D(2017, 6, 30), kNode},
    {"node", "6", D(2019, 4, 30), kNode},
    {"node", "5", D(2016, 6, 30), kNode},
    {"node", "4", D(2018, 4, 30), kNode},
    {"node", "0.12", D(2016, 12, 31), kNode},
    {"node", "0.10", D(2016, 10, 31), kNode},

    // postgres: "Final Release" column of the versioning policy.
    {"postgres", "18", D(2030, 11, 14), kPostgres},
    {"postgres", "17", D(2029, 11, 8), kPostgres},
    {"postgres", "16", D(2028, 11, 9), kPostgres},
    {"postgres", "15", D(2027, 11, 11), kPostgres},
    {"postgres", "14", D(2026, 11, 12), kPostgres},
    {"postgres", "13", D(2025, 11, 13), kPostgres},
    {"postgres", "12", D(2024, 11, 21), kPostgres},
    {"postgres", "11", D(2023, 11, 9), kPostgres},
    {"postgres", "10", D(2022, 11, 10), kPostgres},
    {"postgres", "9.6", D(2021, 11, 11), kPostgres},
    {"postgres", "9.5", D(2021, 2, 11), kPostgres},
    {"postgres", "9.4", D(2020, 2, 13), kPostgres},
    {"postgres", "9.3", D(2018, 11, 8), kPostgres},
    {"postgres", "9.2", D(2017, 11, 9), kPostgres},
    {"postgres", "9.1", D(2016, 10, 27), kPostgres},
    {"postgres", "9.0", D(2015, 10, 8), kPostgres},
    {"postgres", "8.4", D(2014, 7, 24), kPostgres},

    // mysql: Oracle Lifetime Support (end of Extended Support) for GA/LTS lines; an Innovation
    // release is supported until the next release.
    {"mysql", "9.6", D(2026, 4, 21), kMysqlInnovation},
    {"mysql", "9.5", D(2026, 1, 20), kMysqlInnovation},
    {"mysql", "9.4", D(2025, 10, 21), kMysqlInnovation},
    {"mysql", "9.3", D(2025, 7, 22), kMysqlInnovation},
    {"mysql", "9.2", D(2025, 4, 15), kMysqlInnovation},
    {"mysql", "9.1", D(2025, 1, 21), kMysqlInnovation},
    {"mysql", "9.0", D(2024, 10, 15), kMysqlInnovation},
    {"mysql", "8.4", D(2032, 4, 30), kMysql},
    {"mysql", "8.3", D(2024, 4, 10), kMysqlInnovation},
    {"mysql", "8.2", D(2023, 12, 14), kMysqlInnovation},
    {"mysql", "8.1", D(2023, 10, 25), kMysqlInnovation},
    {"mysql", "8.0", D(2026, 4, 30), kMysql},
    {"mysql", "5.7", D(2023, 10, 31), kMysql},
    {"mysql", "5.6", D(2021, 2, 28), kMysql},
    {"mysql", "5.5", D(2018, 12, 31), kMysql},

    // mariadb: community maintenance policy (LTS five years, rolling/short-term until the next).
    {"mariadb", "12.2", D(2026, 5, 13), kMariadb},
    {"mariadb", "12.1", D(2026, 2, 13), kMariadb},
    {"mariadb", "12.0", D(2025, 11, 18), kMariadb},
    {"mariadb", "11.8", D(2028, 6, 4), kMariadb},
    {"mariadb", "11.7", D(2025, 5, 12), kMariadb},
    {"mariadb", "11.6", D(2025, 2, 13), kMariadb},
    {"mariadb", "11.5", D(2024, 11, 21), kMariadb},
    {"mariadb", "11.4", D(2029, 5, 29), kMariadb},
    {"mariadb", "11.3", D(2024, 5, 29), kMariadb},
    {"mariadb", "11.2", D(2024, 11, 21), kMariadb},
    {"mariadb", "11.1", D(2024, 8, 21), kMariadb},
    {"mariadb", "11.0", D(2024, 6, 6), kMariadb},
    {"mariadb", "10.11", D(2028, 2, 16), kMariadb},
    {"mariadb", "10.10", D(2023, 11, 17), kMariadb},
    {"mariadb", "10.9", D(2023, 8, 22), kMariadb},
    {"mariadb", "10.8", D(2023, 5, 20), kMariadb},
    {"mariadb", "10.7", D(2023, 2, 9), kMariadb},
    {"mariadb", "10.6", D(2026, 7, 6), kMariadb},
    {"mariadb", "10.5", D(2025, 6, 24), kMariadb},
    {"mariadb", "10.4", D(2024, 6, 18), kMariadb},
    {"mariadb", "10.3", D(2023, 5, 25), kMariadb},
    {"mariadb", "10.2", D(2022, 5, 23), kMariadb},
    {"mariadb", "10.1", D(2020, 10, 17), kMariadb},
    {"mariadb", "10.0", D(2019, 3, 31), kMariadb},
    {"mariadb", "5.5", D(2020, 4, 11), kMariadb},

    // redis: lines the security policy no longer lists as supported, dated when they dropped
    // off it. Supported lines have no published end and are not listed.
    {"redis", "7.0", D(2024, 7, 29), kRedis},
    {"redis", "6.0", D(2022, 5, 31), kRedis},
    {"redis", "5.0", D(2022, 4, 27), kRedis},

    // mongo: "End of Life Date" of the lifecycle schedule (major releases).
    {"mongo", "8.0", D(2029, 10, 31), kMongo},
    {"mongo", "7.0", D(2027, 8, 31), kMongo},
    {"mongo", "6.0", D(2025, 7, 31), kMongo},
    {"mongo", "5.0", D(2024, 10, 31), kMongo},
    {"mongo", "4.4", D(2024, 2, 29), kMongo},
    {"mongo", "4.2", D(2023, 4, 30), kMongo},
    {"mongo", "4.0", D(2022, 4, 30), kMongo},
    {"mongo", "3.6", D(2021, 4, 30), kMongo},
    {"mongo", "3.4", D(2020, 1, 31), kMongo},
    {"mongo", "3.2", D(2018, 9, 30), kMongo},
    {"mongo", "3.0", D(2018, 2, 28), kMongo},

    // alpine: "End of support" of the releases page.
    {"alpine", "3.23", D(2027, 11, 1), kAlpine},
    {"alpine", "3.22", D(2027, 5, 1), kAlpine},
    {"alpine", "3.21", D(2026, 11, 1), kAlpine},
    {"alpine", "3.20", D(2026, 4, 1), kAlpine},
    {"alpine", "3.19", D(2025, 11, 1), kAlpine},
    {"alpine", "3.18", D(2025, 5, 9), kAlpine},
    {"alpine", "3.17", D(2024, 11, 22), kAlpine},
    {"alpine", "3.16", D(2024, 5, 23), kAlpine},
    {"alpine", "3.15", D(2023, 11, 1), kAlpine},
    {"alpine", "3.14", D(2023, 5, 1), kAlpine},
    {"alpine", "3.13", D(2022, 11, 1), kAlpine},
    {"alpine", "3.12", D(2022, 5, 1), kAlpine},
    {"alpine", "3.11", D(2021, 11, 1), kAlpine},
    {"alpine", "3.10", D(2021, 5, 1), kAlpine},
    {"alpine", "3.9", D(2020, 11, 1), kAlpine},
    {"alpine", "3.8", D(2020, 5, 1), kAlpine},
    {"alpine", "3.7", D(2019, 11, 1), kAlpine},
    {"alpine", "3.6", D(2019, 5, 1), kAlpine},
    {"alpine", "3.5", D(2018, 11, 1), kAlpine},
    {"alpine", "3.4", D(2018, 5, 1), kAlpine},
    {"alpine", "3.3", D(2017, 11, 1), kAlpine},

    // debian: end of Debian LTS (the last security updates the official image receives).
    {"debian", "13", D(2030, 6, 30), kDebian},
    {"debian", "12", D(2028, 6, 30), kDebian},
    {"debian", "11", D(2026, 8, 31), kDebian},
    {"debian", "10", D(2024, 6, 30), kDebian},
    {"debian", "9", D(2022, 6, 30), kDebian},
    {"debian", "8", D(2020, 6, 30), kDebian},
    {"debian", "7", D(2018, 5, 31), kDebian},

    // ubuntu: end of standard support (ESM needs an Ubuntu Pro subscription the image does not
    // have). Month-only dates counted to the month's end.
    {"ubuntu", "26.04", D(2031, 4, 30), kUbuntu},
    {"ubuntu", "25.10", D(2026, 7, 31), kUbuntu},
    {"ubuntu", "25.04", D(2026, 1, 31), kUbuntu},
    {"ubuntu", "24.10", D(2025, 7, 10), kUbuntu},
    {"ubuntu", "24.04", D(2029, 5, 31), kUbuntu},
    {"ubuntu", "23.10", D(2024, 7, 12), kUbuntu},
    {"ubuntu", "23.04", D(2024, 1, 20), kUbuntu},
    {"ubuntu", "22.10", D(2023, 7, 20), kUbuntu},
    {"ubuntu", "22.04", D(2027, 4, 30), kUbuntu},
    {"ubuntu", "21.10", D(2022, 7, 14), kUbuntu},
    {"ubuntu", "21.04", D(2022, 1, 20), kUbuntu},
    {"ubuntu", "20.10", D(2021, 7, 22), kUbuntu},
    {"ubuntu", "20.04", D(2025, 5, 31), kUbuntu},
    {"ubuntu", "19.10", D(2020, 7, 6), kUbuntu},
    {"ubuntu", "19.04", D(2020, 1, 23), kUbuntu},
    {"ubuntu", "18.10", D(2019, 7, 18), kUbuntu},
    {"ubuntu", "18.04", D(2023, 5, 31), kUbuntu},
    {"ubuntu", "17.10", D(2018, 7, 19), kUbuntu},
    {"ubuntu", "17.04", D(2018, 1, 13), kUbuntu},
    {"ubuntu", "16.10", D(2017, 7, 20), kUbuntu},
    {"ubuntu", "16.04", D(2021, 4, 30), kUbuntu},
    {"ubuntu", "14.04", D(2019, 4, 30), kUbuntu},
    {"ubuntu", "12.04", D(2017, 4, 28), kUbuntu},

    // nginx: a stable branch is retired when the next stable branch is released (every April),
    // a mainline branch when the next mainline starts; dated by those releases.
    {"nginx", "1.29", D(2026, 5, 13), kNginx},
    {"nginx", "1.28", D(2026, 4, 14), kNginx},
    {"nginx", "1.27", D(2025, 6, 24), kNginx},
    {"nginx", "1.26", D(2025, 4, 23), kNginx},
    {"nginx", "1.25", D(2024, 5, 29), kNginx},
    {"nginx", "1.24", D(2024, 4, 23), kNginx},
    {"nginx", "1.23", D(2023, 5, 23), kNginx},
    {"nginx", "1.22", D(2023, 4, 11), kNginx},
    {"nginx", "1.21", D(2022, 6, 21), kNginx},
    {"nginx", "1.20", D(2022, 5, 24), kNginx},
    {"nginx", "1.19", D(2021, 5, 25), kNginx},
    {"nginx", "1.18", D(2021, 4, 20), kNginx},
    {"nginx", "1.17", D(2020, 5, 26), kNginx},
    {"nginx", "1.16", D(2020, 4, 20), kNginx},
    {"nginx", "1.15", D(2019, 5, 21), kNginx},
    {"nginx", "1.14", D(2019, 4, 23), kNginx},
    {"nginx", "1.13", D(2018, 6, 5), kNginx},
    {"nginx", "1.12", D(2018, 4, 17), kNginx},
    {"nginx", "1.11", D(2017, 4, 25), kNginx},
    {"nginx", "1.10", D(2017, 4, 12), kNginx},

    // golang: a release is supported until the second newer major release ships; dated by
    // that release (go1.27.0 on 2026-08-19, go1.26.0 on 2026-02-10, ...).
    {"golang", "1.25", D(2026, 8, 19), kGo},
    {"golang", "1.24", D(2026, 2, 10), kGo},
    {"golang", "1.23", D(2025, 8, 12), kGo},
    {"golang", "1.22", D(2025, 2, 11), kGo},
    {"golang", "1.21", D(2024, 8, 13), kGo},
    {"golang", "1.20", D(2024, 2, 6), kGo},
    {"golang", "1.19", D(2023, 8, 8), kGo},
    {"golang", "1.18", D(2023, 2, 1), kGo},
    {"golang", "1.17", D(2022, 8, 2), kGo},
    {"golang", "1.16", D(2022, 3, 15), kGo},
    {"golang", "1.15", D(2021, 8, 16), kGo},
    {"golang", "1.14", D(2021, 2, 16), kGo},
    {"golang", "1.13", D(2020, 8, 11), kGo},
    {"golang", "1.12", D(2020, 2, 25), kGo},
    {"golang", "1.11", D(2019, 9, 3), kGo},
    {"golang", "1.10", D(2019, 2, 25), kGo},

    // eclipse-temurin: Adoptium support roadmap. LTS rows are the published "at least" dates
    // (re-check them before they pass); feature releases end with the next release.
    {"eclipse-temurin", "25", D(2031, 9, 30), kTemurin},
    {"eclipse-temurin", "24", D(2025, 9, 16), kTemurin},
    {"eclipse-temurin", "23", D(2025, 3, 18), kTemurin},
    {"eclipse-temurin", "22", D(2024, 9, 17), kTemurin},
    {"eclipse-temurin", "21", D(2029, 12, 31), kTemurin},
    {"eclipse-temurin", "20", D(2023, 9, 19), kTemurin},
    {"eclipse-temurin", "19", D(2023, 3, 31), kTemurin},
    {"eclipse-temurin", "18", D(2022, 9, 30), kTemurin},
    {"eclipse-temurin", "17", D(2027, 10, 31), kTemurin},
    {"eclipse-temurin", "16", D(2021, 9, 30), kTemurin},
    {"eclipse-temurin", "11", D(2027, 10, 31), kTemurin},

    // openjdk: the official image is deprecated; only early-access tags were updated after July
    // 2022, so every GA line's tags stopped then (lines that ended earlier stopped earlier).
    {"openjdk", "18", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "17", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "16", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "15", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "14", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "13", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "12", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "11", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "10", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "9", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "8", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "7", D(2022, 7, 31), kOpenjdk},
    {"openjdk", "6", D(2022, 7, 31), kOpenjdk},

    // php: security support ends (supported-versions for live lines, eol.php for the rest).
    {"php", "8.5", D(2029, 12, 31), kPhpSupported},
    {"php", "8.4", D(2028, 12, 31), kPhpSupported},
    {"php", "8.3", D(2027, 12, 31), kPhpSupported},
    {"php", "8.2", D(2026, 12, 31), kPhpSupported},
    {"php", "8.1", D(2025, 12, 31), kPhp},
    {"php", "8.0", D(2023, 11, 26), kPhp},
    {"php", "7.4", D(2022, 11, 28), kPhp},
    {"php", "7.3", D(2021, 12, 6), kPhp},
    {"php", "7.2", D(2020, 11, 30), kPhp},
    {"php", "7.1", D(2019, 12, 1), kPhp},
    {"php", "7.0", D(2019, 1, 10), kPhp},
    {"php", "5.6", D(2018, 12, 31), kPhp},
    {"php", "5.5", D(2016, 7, 21), kPhp},
    {"php", "5.4", D(2015, 9, 3), kPhp},

    // ruby: maintenance branches ("EOL date"; "expected" month-only dates to the month's end).
    {"ruby", "4.0", D(2029, 3, 31), kRuby},
    {"ruby", "3.4", D(2028, 3, 31), kRuby},
    {"ruby", "3.3", D(2027, 3, 31), kRuby},
    {"ruby", "3.2", D(2026, 3, 31), kRuby},
    {"ruby", "3.1", D(2025, 3, 31), kRuby},
    {"ruby", "3.0", D(2024, 4, 23), kRuby},
    {"ruby", "2.7", D(2023, 3, 31), kRuby},
    {"ruby", "2.6", D(2022, 4, 12), kRuby},
    {"ruby", "2.5", D(2021, 4, 5), kRuby},
    {"ruby", "2.4", D(2020, 3, 31), kRuby},
    {"ruby", "2.3", D(2019, 3, 31), kRuby},
    {"ruby", "2.2", D(2018, 3, 31), kRuby},

    // rabbitmq: end of community support of each release series.
    {"rabbitmq", "4.1", D(2026, 1, 30), kRabbitmq},
    {"rabbitmq", "4.0", D(2025, 4, 15), kRabbitmq},
    {"rabbitmq", "3.13", D(2024, 9, 17), kRabbitmq},
    {"rabbitmq", "3.12", D(2024, 2, 21), kRabbitmq},
    {"rabbitmq", "3.11", D(2023, 6, 1), kRabbitmq},
    {"rabbitmq", "3.10", D(2022, 9, 28), kRabbitmq},
    {"rabbitmq", "3.9", D(2023, 1, 31), kRabbitmq},
    {"rabbitmq", "3.8", D(2022, 7, 31), kRabbitmq},
    {"rabbitmq", "3.7", D(2020, 9, 30), kRabbitmq},

    // elasticsearch: Elastic's product EOL table, by major: the date of the major's last minor
    // (7.17, 6.8, 5.6); earlier minors of the same major ended before it.
    {"elasticsearch", "7", D(2026, 1, 15), kElastic},
    {"elasticsearch", "6", D(2022, 2, 10), kElastic},
    {"elasticsearch", "5", D(2019, 3, 11), kElastic},

    // httpd: the project's end-of-life announcements (2.4 is current).
    {"httpd", "2.2", D(2017, 7, 11), kHttpd},
    {"httpd", "2.0", D(2013, 7, 10), kHttpd},
};

// Codenames that name a release line. Lower case, as the images spell them.
struct Codename {
  std::string_view image;
  std::string_view name;
  std::string_view cycle;
};

constexpr Codename kCodenames[] = {
    {"debian", "trixie", "13"},
    {"debian", "bookworm", "12"},
    {"debian", "bullseye", "11"},
    {"debian", "buster", "10"},
    {"debian", "stretch", "9"},
    {"debian", "jessie", "8"},
    {"debian", "wheezy", "7"},
    {"ubuntu", "resolute", "26.04"},
    {"ubuntu", "questing", "25.10"},
    {"ubuntu", "plucky", "25.04"},
    {"ubuntu", "oracular", "24.10"},
    {"ubuntu", "noble", "24.04"},
    {"ubuntu", "mantic", "23.10"},
    {"ubuntu", "lunar", "23.04"},
    {"ubuntu", "kinetic", "22.10"},
    {"ubuntu", "jammy", "22.04"},
    {"ubuntu", "impish", "21.10"},
    {"ubuntu", "hirsute", "21.04"},
    {"ubuntu", "groovy", "20.10"},
    {"ubuntu", "focal", "20.04"},
    {"ubuntu", "eoan", "19.10"},
    {"ubuntu", "disco", "19.04"},
    {"ubuntu", "cosmic", "18.10"},
    {"ubuntu", "bionic", "18.04"},
    {"ubuntu", "artful", "17.10"},
    {"ubuntu", "zesty", "17.04"},
    {"ubuntu", "yakkety", "16.10"},
    {"ubuntu", "xenial", "16.04"},
    {"ubuntu", "trusty", "14.04"},
    {"ubuntu", "precise", "12.04"},
    // node LTS codenames (nodejs/Release CODENAMES.md).
    {"node", "lithium", "26"},
    {"node", "krypton", "24"},
    {"node", "jod", "22"},
    {"node", "iron", "20"},
    {"node", "hydrogen", "18"},
    {"node", "gallium", "16"},
    {"node", "fermium", "14"},
    {"node", "erbium", "12"},
    {"node", "dubnium", "10"},
    {"node", "carbon", "8"},
    {"node", "boron", "6"},
    {"node", "argon", "4"},
};

// Majors whose last release line is out and listed above: a tag naming only the major
// (`python:2`, `php:7`) follows that line, so the major's lines tell its end of life. A major
// not listed here may have newer lines than the table holds (redis 7: 7.2 and 7.4 have no
// published end), so its tag gets no verdict.
struct ClosedMajor {
  std::string_view image;
  int major = 0;
  std::string_view last_cycle;
};

constexpr ClosedMajor kClosedMajors[] = {
    {"python", 2, "2.7"}, {"php", 5, "5.6"},     {"php", 7, "7.4"},     {"mysql", 5, "5.7"},
    {"postgres", 9, "9.6"}, {"mongo", 3, "3.6"}, {"mongo", 4, "4.4"},   {"ruby", 2, "2.7"},
    {"redis", 5, "5.0"},  {"mariadb", 5, "5.5"}, {"mariadb", 10, "10.11"}, {"node", 0, "0.12"},
    {"rabbitmq", 3, "3.13"},
};

// A dotted version with up to four numeric components.
struct Version {
  std::array<int, 4> parts{};
  int count = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && source::ascii_iequals(s.substr(0, prefix.size()), prefix);
}

// The version a word starts with: `3.8.19` -> 3.8.19, `8u392` -> 8, `1.22rc2` -> 1.22.
// Nothing when the word does not start with a digit, or a component is empty or too large.
std::optional<Version> leading_version(std::string_view word) {
  Version v;
  size_t i = 0;
  while (true) {
    if (i >= word.size() || !is_digit(word[i])) return std::nullopt;
    int value = 0;
    size_t digits = 0;
    for (; i < word.size() && is_digit(word[i]); ++i, ++digits) {
      if (digits == 6) return std::nullopt;  // no release line is numbered that high
      value = value * 10 + (word[i] - '0');
    }
    if (v.count == static_cast<int>(v.parts.size())) return std::nullopt;
    v.parts[static_cast<size_t>(v.count++)] = value;
    if (i < word.size() && word[i] == '.') {
      ++i;
      continue;
    }
    return v;
  }
}

// True when `version` lies on `cycle`: it names at least the cycle's components, and they agree.
bool on_cycle(const Version& version, std::string_view cycle) {
  const std::optional<Version> c = leading_version(cycle);
  if (!c || c->count > version.count) return false;
  for (int i = 0; i < c->count; ++i)
    if (c->parts[static_cast<size_t>(i)] != version.parts[static_cast<size_t>(i)]) return false;
  return true;
}

std::optional<EolEntry> row(std::string_view image, std::string_view cycle) {
  for (const EolEntry& e : kTable)
    if (e.image == image && e.cycle == cycle) return e;
  return std::nullopt;
}

// A tag naming only a closed major: of that major's lines, the one supported last. Its date is
// past only when every line of the major is; while one is supported, the tag is not reported.
std::optional<EolEntry> row_for_major(std::string_view image, int major) {
  const auto closed = std::find_if(std::begin(kClosedMajors), std::end(kClosedMajors),
                                   [&](const ClosedMajor& c) { return c.image == image && c.major == major; });
  if (closed == std::end(kClosedMajors)) return std::nullopt;
  std::optional<EolEntry> latest;
  for (const EolEntry& e : kTable) {
    if (e.image != image) continue;
    const std::optional<Version> c = leading_version(e.cycle);
    if (!c || c->parts[0] != major) continue;
    if (!latest || latest->eol < e.eol) latest = e;
  }
  return latest;
}

std::optional<EolEntry> row_for_version(std::string_view image, const Version& version) {
  for (const EolEntry& e : kTable)
    if (e.image == image && on_cycle(version, e.cycle)) return e;
  if (version.count == 1) return row_for_major(image, version.parts[0]);
  return std::nullopt;
}

std::optional<EolEntry> row_for_codename(std::string_view image, std::string_view word) {
  for (const Codename& c : kCodenames)
    if (c.image == image && source::ascii_iequals(c.name, word)) return row(image, c.cycle);
  return std::nullopt;
}

// The image a repository names when it is a Docker Hub official image, else nothing.
std::optional<std::string_view> official_name(std::string_view repository) {
  // Docker Hub's own names for itself; `docker.io/python` is `docker.io/library/python`.
  for (std::string_view registry : {"docker.io/", "index.docker.io/", "registry-1.docker.io/"}) {
    if (istarts_with(repository, registry)) {
      repository.remove_prefix(registry.size());
      break;
    }
  }
  if (istarts_with(repository, "library/")) repository.remove_prefix(8);
  // Anything left with a `/` is another namespace (`myorg/python`) or registry (`ghcr.io/...`).
  if (repository.empty() || repository.find('/') != std::string_view::npos) return std::nullopt;
  return repository;
}

// Splits a tag into its `-`-separated words (at most 16; the rest are ignored).
struct Words {
  std::array<std::string_view, 16> items;
  size_t count = 0;
};

Words split_words(std::string_view tag) {
  Words w;
  while (w.count < w.items.size()) {
    const size_t dash = tag.find('-');
    w.items[w.count++] = tag.substr(0, dash);
    if (dash == std::string_view::npos) break;
    tag.remove_prefix(dash + 1);
  }
  return w;
}

bool is_distribution(std::string_view image) {
  return image == "debian" || image == "ubuntu" || image == "alpine";
}

// The line the tag's leading words name for `image`, if any.
std::optional<EolEntry> release_line(std::string_view image, const Words& words) {
  for (size_t i = 1; i < words.count; ++i)
    if (source::ascii_iequals(words.items[i], "ea")) return std::nullopt;  // early-access build, not a release
  std::string_view first = words.items[0];
  if (image == "node" && source::ascii_iequals(first, "lts") && words.count > 1) first = words.items[1];
  if (const std::optional<EolEntry> named = row_for_codename(image, first)) return named;
  if (const std::optional<Version> v = leading_version(first)) return row_for_version(image, *v);
  return std::nullopt;
}

// The Alpine release `version` names when it is exactly `X.Y` (not `3`, `3.19x` or `3.21.3`).
std::optional<EolEntry> alpine_line(std::string_view version) {
  const std::optional<Version> v = leading_version(version);
  if (v && v->count == 2 && version.find_first_not_of("0123456789.") == std::string_view::npos)
    return row_for_version("alpine", *v);
  return std::nullopt;
}

// The base distribution a word names: `bookworm`, `jammy`, `alpine3.19`. `next` is the word
// after it: Adoptium tags eclipse-temurin `21-jre-alpine-3.21`, with a hyphen before the
// Alpine version, for the same image as `21-jre-alpine3.21`.
std::optional<EolEntry> base_line(std::string_view word, std::string_view next) {
  if (source::ascii_iequals(word, "alpine")) return next.empty() ? std::nullopt : alpine_line(next);
  if (istarts_with(word, "alpine")) return alpine_line(word.substr(6));
  if (const std::optional<EolEntry> d = row_for_codename("debian", word)) return d;
  return row_for_codename("ubuntu", word);
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= last;
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t from, size_t len) -> int {
    int value = 0;
    for (size_t i = from; i < from + len; ++i) {
      if (!is_digit(text[i])) return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (y < 0 || m < 0 || d < 0 || !is_valid_date(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Date today_utc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::span<const EolEntry> eol_table() { return kTable; }

EolVerdicts end_of_life(std::string_view repository, std::string_view tag) {
  EolVerdicts out;
  const std::optional<std::string_view> image = official_name(repository);
  if (!image || tag.empty()) return out;
  const Words words = split_words(tag);
  if (const std::optional<EolEntry> line = release_line(*image, words))
    out.release = EolVerdict{*line, false};
  if (is_distribution(*image)) return out;  // debian:bookworm-slim names no other base
  // A base is read only from images known to be Docker Hub's: a one-word name may also be an
  // image built and tagged locally (`myapp:1.0-buster`), of which nothing is known.
  const bool in_table = std::any_of(std::begin(kTable), std::end(kTable),
                                    [&](const EolEntry& e) { return e.image == *image; });
  if (!in_table &&
      !is_official_image(model::ImageRef{"docker.io", "library/" + std::string(*image), "", ""}))
    return out;
  for (size_t i = 0; i < words.count && !out.base; ++i)
    if (const std::optional<EolEntry> line =
            base_line(words.items[i], i + 1 < words.count ? words.items[i + 1] : std::string_view()))
      out.base = EolVerdict{*line, true};
  return out;
}

EolVerdicts end_of_life(const model::ImageRef& ref) {
  if (!ref.official() || ref.tag.empty()) return {};
  return end_of_life(ref.short_name(), ref.tag);
}

}  // namespace clearance::knowledge
