#pragma once
// An image reference split the way the Docker engine splits it.
#include <string>
#include <string_view>

namespace clearance::model {

struct ImageRef {
  std::string registry;    // "docker.io" when none is written
  std::string repository;  // "library/postgres" for official images, "minio/minio"
  std::string tag;         // empty when none is written
  std::string digest;      // "sha256:..." or empty

  // "postgres" for docker.io/library/postgres, else the repository path.
  std::string short_name() const;
  bool official() const { return registry == "docker.io" && repository.rfind("library/", 0) == 0; }
};

// Returns false for text that is not an image reference at all (empty, spaces).
bool parse_image_ref(std::string_view text, ImageRef& out);

// The same image once defaults are applied (no tag means `latest`).
bool same_image(const ImageRef& a, const ImageRef& b);

}  // namespace clearance::model
