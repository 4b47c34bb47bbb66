#include "rules/hygiene/value_files.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "knowledge/secrets.h"

namespace clearance::rules::value_files {
namespace {

void add_secret_files(const model::Project& project, const yaml::Node* root, std::set<std::string>& seen,
                      std::vector<ValueFile>& out) {
  if (!root || !root->is_mapping() || project.directory.empty()) return;
  const yaml::Node* secrets = root->get("secrets");
  if (!secrets || !secrets->is_mapping()) return;
  namespace fs = std::filesystem;
  for (const yaml::Pair& pair : secrets->pairs) {
    if (!pair.value || !pair.value->is_mapping()) continue;
    const yaml::Node* file = pair.value->get("file");
    if (!file || !file->is_scalar() || file->value.empty() || file->interpolation) continue;
    const fs::path base = file->span.file ? fs::path(file->span.file->absolute_path()).parent_path()
                                          : fs::path(project.directory);
    const std::string absolute = (base / file->value).lexically_normal().string();
    // The file must exist and hold something; a missing one is CLR903's. A stat, not a read.
    std::error_code ec;
    if (!fs::is_regular_file(absolute, ec) || fs::file_size(absolute, ec) == 0 || ec) continue;
    if (knowledge::is_env_example_name(absolute) || !seen.insert(absolute).second) continue;
    ValueFile v;
    v.absolute = absolute;
    v.shown = file->value;
    v.what = "is the file of secret `" + (pair.key ? pair.key->value : std::string()) + "`";
    v.at = file->span;
    out.push_back(std::move(v));
  }
}

}  // namespace

std::vector<ValueFile> collect(const model::Project& project) {
  std::vector<ValueFile> out;
  std::set<std::string> seen;
  for (const model::EnvSource& e : project.env_sources) {
    if (!e.file || !e.parsed || knowledge::is_env_example_name(e.absolute)) continue;
    // Values of credential-shaped keys that are secrets (not empty, a boolean, an interpolation
    // or a path): a file of plain settings (`COMPOSE_PROJECT_NAME=app`) is no leak.
    const envfile::Entry* first = nullptr;
    std::vector<std::string_view> keys;
    for (const envfile::Entry& entry : e.parsed->entries) {
      if (!entry.has_value || entry.value.empty() || !knowledge::is_credential_key(entry.key)) continue;
      if (knowledge::why_not_a_secret(entry.value_span.valid() ? entry.value_span.text() : entry.value)) continue;
      if (!first) first = &entry;
      if (std::find(keys.begin(), keys.end(), entry.key) == keys.end()) keys.push_back(entry.key);
    }
    if (!first || !seen.insert(e.absolute).second) continue;
    ValueFile v;
    v.absolute = e.absolute;
    v.shown = e.file->path();
    v.what = "sets " + std::string(keys.size() == 1 ? "a credential" : std::to_string(keys.size()) + " credentials") + " (`" +
             std::string(keys.front()) + "`" + (keys.size() > 1 ? ", ..." : "") + ")";
    v.at = first->line_span;
    for (const model::ContainerSpec& service : project.services) {
      for (const model::EnvFileRef& ref : service.env_files) {
        if (ref.absolute != e.absolute || !ref.path.span.valid()) continue;
        v.referenced_at = ref.path.span;
        v.referenced_by = "env_file of service `" + service.name + "`";
        break;
      }
      if (v.referenced_at.valid()) break;
    }
    out.push_back(std::move(v));
  }
  if (project.root) {
    add_secret_files(project, project.root, seen, out);
  } else {
    for (const model::ComposeFile& c : project.compose_files)
      if (c.document) add_secret_files(project, c.document->root, seen, out);
  }
  return out;
}

}  // namespace clearance::rules::value_files
