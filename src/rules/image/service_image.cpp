#include "rules/image/service_image.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <string_view>

#include "compose/interpolation.h"
#include "knowledge/images.h"
#include "model/project.h"
#include "source/ascii.h"

namespace clearance::rules {
namespace {

// Offset just past the last '/' of `raw` written outside any ${...}, or npos.
size_t after_last_literal_slash(std::string_view raw) {
  size_t last = std::string_view::npos;
  int depth = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '$' && i + 1 < raw.size()) {
      if (raw[i + 1] == '$') {  // an escaped dollar
        ++i;
        continue;
      }
      if (raw[i + 1] == '{') {
        ++depth;
        ++i;
        continue;
      }
    }
    if (depth > 0) {
      if (c == '}') --depth;
      continue;
    }
    if (c == '/') last = i;
  }
  return last == std::string_view::npos ? last : last + 1;
}

// Two references to the same image: `app` and `app:latest` are one name.

// Docker's grammar for a tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}. Text outside it (a template
// placeholder such as `|version|`) is not a reference Docker would pull.
bool valid_tag(std::string_view tag) {
  if (tag.empty()) return true;
  if (tag.size() > 128 || tag[0] == '.' || tag[0] == '-') return false;
  for (const char c : tag)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

bool parse_valid(std::string_view text, model::ImageRef& out) {
  return model::parse_image_ref(text, out) && valid_tag(out.tag);
}


}  // namespace

std::optional<ServiceImage> service_image(const model::ContainerSpec& service, const model::Project& project) {
  const model::Text& image = service.image;
  if (!image.present) return std::nullopt;
  ServiceImage out;
  if (!image.unknown()) {
    if (!parse_valid(image.value, out.ref)) return std::nullopt;
    return out;
  }
  // Unknown as a whole; the name, tag and digest may still be known when only the part before
  // the last '/' depends on unset variables.
  const compose::Interpolation* info = image.node ? image.node->interpolation : nullptr;
  if (!info) return std::nullopt;
  const size_t tail_at = after_last_literal_slash(info->raw);
  if (tail_at == std::string_view::npos) return std::nullopt;
  const std::string_view tail = std::string_view(info->raw).substr(tail_at);
  std::string last_component(tail);
  if (auto resolved = compose::interpolate(tail, project.environment)) {
    if (resolved->info.unknown || !resolved->info.errors.empty()) return std::nullopt;
    last_component = std::move(resolved->value);
  }
  if (!parse_valid("unresolved/" + last_component, out.ref)) return std::nullopt;
  out.name_known = false;
  return out;
}

bool image_built_in_project(const model::ContainerSpec& service, const model::Project&) {
  return service.image_built_here;
}

namespace {

const model::ImageBuild* build_of_service(size_t index, const model::Project& project) {
  for (const model::ImageBuild& b : project.builds)
    if (std::find(b.services.begin(), b.services.end(), index) != b.services.end()) return &b;
  return nullptr;
}

// Whether `builder` (a service with `build:`) produces the image `service` names: the same
// `image:`, or Compose's default name for it, "<project>-<service>" (Compose v1: '_').
bool builds_image_of(const model::ContainerSpec& builder, const model::ContainerSpec& service,
                     const model::Project& project) {
  model::ImageRef wanted;
  if (!model::parse_image_ref(service.image.value, wanted)) return false;
  if (builder.image.present) {
    model::ImageRef built;
    return !builder.image.unknown() && model::parse_image_ref(builder.image.value, built) &&
           model::same_image(wanted, built);
  }
  const std::string project_name =
      source::ascii_lower(std::filesystem::path(project.directory).lexically_normal().filename().string());
  const std::string name = source::ascii_lower(service.image.value);
  for (const char sep : {'-', '_'}) {
    const std::string built = project_name + sep + source::ascii_lower(builder.name);
    if (name == built || name == built + ":latest") return true;
  }
  return false;
}

}  // namespace

std::string describe_stage(const BuiltImage& image) {
  const std::string path(image.stages->dockerfile().file->path());
  if (image.stages->stages().size() == 1) return path;
  return "the " + image.shipped->label() + " of " + path;
}

BuiltImage built_image(const model::ContainerSpec& service, const model::Project& project) {
  if (!service.image_built_here || project.services.empty()) return {};
  const model::ContainerSpec* first = project.services.data();
  if (&service < first || &service >= first + project.services.size()) return {};
  const size_t index = static_cast<size_t>(&service - first);
  const model::ImageBuild* build = nullptr;
  if (service.build.present) {
    build = build_of_service(index, project);
  } else if (service.image.present && !service.image.unknown()) {
    // Built by another service: every service that builds that image must build it alike.
    for (size_t i = 0; i < project.services.size(); ++i) {
      const model::ContainerSpec& other = project.services[i];
      if (i == index || !other.build.present || !builds_image_of(other, service, project)) continue;
      const model::ImageBuild* b = build_of_service(i, project);
      if (!b || (build && build != b)) return {};
      build = b;
    }
  }
  if (!build || !build->stages) return {};
  const model::Stage* shipped = build->stages->shipped_stage();
  if (!shipped) return {};
  return {build, build->stages.get(), shipped};
}

HealthcheckState healthcheck_state(const model::ContainerSpec& service, const model::Project& project) {
  if (service.healthcheck.disabled) return HealthcheckState::kDisabled;
  // A `healthcheck:` block without `test` only tunes the image's own check (interval,
  // retries): with none in the image, nothing runs.
  if (service.healthcheck.present && service.healthcheck.test.present) return HealthcheckState::kDefined;
  // An image built here: its Dockerfile's shipped stage says, when it was read.
  if (image_built_in_project(service, project)) {
    const BuiltImage built = built_image(service, project);
    if (!built) return HealthcheckState::kUnknown;
    switch (built.stages->healthcheck(*built.shipped).verdict) {
      case model::HealthcheckVerdict::kDefined: return HealthcheckState::kDefined;
      case model::HealthcheckVerdict::kDisabled:
      case model::HealthcheckVerdict::kAbsent: return HealthcheckState::kAbsent;
      case model::HealthcheckVerdict::kUnknown: return HealthcheckState::kUnknown;
    }
    return HealthcheckState::kUnknown;
  }
  const std::optional<ServiceImage> image = service_image(service, project);
  if (!image || !image->name_known) return HealthcheckState::kUnknown;
  if (const knowledge::ImageFacts* facts = knowledge::find_image(image->ref); facts && facts->healthcheck)
    return HealthcheckState::kDefined;
  if (knowledge::image_known_without_healthcheck(image->ref)) return HealthcheckState::kAbsent;
  return HealthcheckState::kUnknown;
}

std::optional<ServiceImage> pulled_image_without_digest(const model::ContainerSpec& service,
                                                        const model::Project& project) {
  if (!service.image.present || image_built_in_project(service, project)) return std::nullopt;
  std::optional<ServiceImage> image = service_image(service, project);
  if (!image || !image->ref.digest.empty()) return std::nullopt;
  return image;
}

}  // namespace clearance::rules
