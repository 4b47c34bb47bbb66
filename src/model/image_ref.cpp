#include "model/image_ref.h"
#include "source/chars.h"

namespace clearance::model {

std::string ImageRef::short_name() const {
  if (official()) return repository.substr(8);
  if (registry == "docker.io") return repository;
  return registry + "/" + repository;
}

bool parse_image_ref(std::string_view text, ImageRef& out) {
  out = {};
  if (text.empty() || source::contains_any(text, source::CharSet(" \t\n"))) return false;
  if (auto at = text.find('@'); at != std::string_view::npos) {
    out.digest = std::string(text.substr(at + 1));
    text = text.substr(0, at);
  }
  // A tag is the part after the last ':' that comes after the last '/' (a registry port is not).
  const auto slash = text.rfind('/');
  const auto colon = text.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = std::string(text.substr(colon + 1));
    text = text.substr(0, colon);
  }
  const auto first_slash = text.find('/');
  if (first_slash != std::string_view::npos) {
    const auto first = text.substr(0, first_slash);
    if (source::contains_any(first, source::CharSet(".:")) || first == "localhost") {
      out.registry = std::string(first);
      text = text.substr(first_slash + 1);
    }
  }
  if (out.registry.empty() || out.registry == "index.docker.io" || out.registry == "registry-1.docker.io")
    out.registry = "docker.io";
  out.repository = std::string(text);
  if (out.registry == "docker.io" && out.repository.find('/') == std::string::npos)
    out.repository = "library/" + out.repository;
  return !out.repository.empty();
}

bool same_image(const ImageRef& a, const ImageRef& b) {
  // Both branches must be string_views: `cond ? "latest" : a.tag` would make a temporary string.
  const std::string_view ta = a.tag.empty() ? std::string_view("latest") : std::string_view(a.tag);
  const std::string_view tb = b.tag.empty() ? std::string_view("latest") : std::string_view(b.tag);
  return a.registry == b.registry && a.repository == b.repository && ta == tb && a.digest == b.digest;
}

}  // namespace clearance::model
