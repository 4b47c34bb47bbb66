#include "rules/image/service_image.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <string_view>

#include "compose/interpolation.h"
#include "knowledge/images.h"
#include "model/project.h"

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

HealthcheckState healthcheck_state(const model::ContainerSpec& service, const model::Project& project) {
  if (service.healthcheck.disabled) return HealthcheckState::kDisabled;
  if (service.healthcheck.present) return HealthcheckState::kDefined;
  // The Dockerfile of a built image may define a HEALTHCHECK (known once Dockerfiles are linked).
  if (image_built_in_project(service, project)) return HealthcheckState::kUnknown;
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
