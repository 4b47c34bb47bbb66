#pragma once
// Reviewed end-of-life dates of the release lines behind common official images (CLR403).
//
// Review rule: a row is listed only when the project publishes (or announced) the date its
// release line stops getting security fixes. A line whose project gives no date is left out,
// so a tag naming it gets no verdict; nothing here is estimated. Where a project names only a
// month ("October 2026"), the row uses the last day of that month: the line is not reported
// before the month is over. Each row carries the page its date was read from; `kEolReviewed`
// is the day the whole table was last checked against those pages.
//
// The date of a row is the last day the line is supported: `EolVerdict::past(today)` is true
// from the day after it. A line that ends "on 2026-11-12" is still reported as supported on
// 2026-11-12 itself, which also absorbs the hours by which UTC runs ahead of the project.
#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/image_ref.h"

namespace clearance::knowledge {

// A calendar day (proleptic Gregorian). Value type: compare with <, ==, <=>.
struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  friend constexpr auto operator<=>(const Date&, const Date&) = default;

  // Strictly "YYYY-MM-DD": ten characters, a real day (2026-02-29 and 2026-13-01 are not),
  // years 0001..9999. Anything else, including surrounding spaces, is nullopt.
  static std::optional<Date> parse(std::string_view text);
  // "YYYY-MM-DD".
  std::string str() const;
};

// True when year/month/day name a real day.
bool is_valid_date(int year, int month, int day);

// Today's date in UTC. The only function here that reads the clock: rules take the date as a
// parameter (`--eol-date` pins it), so that their output does not change while they run.
Date today_utc();

// The day the table below was last reviewed against its sources.
inline constexpr Date kEolReviewed{2026, 11, 29};

// One release line and the last day it is supported.
struct EolEntry {
  std::string_view image;   // the Docker Hub official image: "python", "eclipse-temurin"
  std::string_view cycle;   // the release line as the project numbers it: "3.8", "12", "22.04"
  Date eol;                 // last day of support (see the header comment)
  std::string_view source;  // the page the date was read from
};

// The whole table, grouped by image. For documentation and tests.
std::span<const EolEntry> eol_table();

// What one tag says about one release line.
struct EolVerdict {
  EolEntry entry;
  // True when the line is not the image's own software but the distribution its tag names as
  // a base: `bookworm` in `python:3.12-slim-bookworm`, `alpine3.16` in `node:20-alpine3.16`.
  bool base = false;

  // True when `today` is after the last supported day.
  bool past(Date today) const { return entry.eol < today; }
};

// Up to two verdicts for one image reference: the image's own release line, and the distribution
// release its tag names as a base. Either may be absent.
struct EolVerdicts {
  std::optional<EolVerdict> release;
  std::optional<EolVerdict> base;

  bool empty() const { return !release && !base; }
};

// The release lines an official image's tag names, with their end-of-life dates.
//
// `repository` is the image name as written or as parsed: `python`, `library/python`,
// `docker.io/library/python` (also `index.docker.io/` and `registry-1.docker.io/`). Any other
// namespace or registry (`myorg/python`, `ghcr.io/...`, `localhost:5000/python`) gets nothing:
// it may hold anything.
//
// `tag` is the tag alone (no digest). Its first `-`-separated word names the line:
//   - a version: `3.8`, `3.8.19`, `16`, `1.19rc1`, `8u392` (Java update) — it must name at
//     least as many components as the table's line, so `python:3`, `mysql:8` or
//     `golang:1` name no line and get no verdict; `postgres:16` names line 16; except a
//     major whose last line is out and listed (`python:2`, `php:7`, `postgres:9`): that
//     major's line supported last, past only when every line of the major is;
//   - a codename: `bookworm`, `jammy` (for debian and ubuntu themselves), `hydrogen` or
//     `lts-hydrogen` (node).
// The other words may name a base distribution: a Debian codename (`buster`), an Ubuntu
// codename (`jammy`) or `alpine3.19`. Tags that name no line (`latest`, `lts`, `alpine`,
// `slim`, `stable`, `mainline`, early-access `-ea` builds) get no release verdict.
EolVerdicts end_of_life(std::string_view repository, std::string_view tag);

// The same for a parsed reference; a reference with no tag (digest only) gets nothing.
EolVerdicts end_of_life(const model::ImageRef& ref);

}  // namespace clearance::knowledge
