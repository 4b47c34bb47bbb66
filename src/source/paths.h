#pragma once
// Path arithmetic on strings. std::filesystem::path splits a path into components on every
// operation, which showed up in profiles of large scans; these do the same work in one pass.
#include <string>
#include <string_view>

namespace clearance::source {

// No empty, "." or ".." part and no trailing '/': normalise_path would give it back as it is.
bool is_normal_path(std::string_view path);
// Removes `.` segments, folds `..` into its parent and collapses repeated '/' (lexically, as
// std::filesystem::path::lexically_normal does, without touching the disk).
std::string normalise_path(std::string_view path);

// `path` relative to directory `dir` (unless it is absolute), normalised.
std::string join_path(std::string_view dir, std::string_view path);

// The folder part of a '/'-separated path: "/a/b" for "/a/b/c", "/" for "/c", "." for "c".
std::string parent_directory(std::string_view path);

// How a file is shown in reports: relative to the scan root `root` when inside it, else the
// absolute path, normalised.
std::string display_path(const std::string& absolute, const std::string& root);

// `path` made absolute against the current directory, normalised (the disk is not touched,
// symbolic links stay as written).
std::string absolute_path(std::string_view path);

}  // namespace clearance::source
