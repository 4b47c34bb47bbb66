#pragma once
// How the rules that look at a service's image (CLR307, CLR311, CLR401, CLR402) read it: which
// parts of an interpolated `image:` are known, whether the project builds that image itself,
// and whether the container will have a health check.
#include <optional>
#include <string>

#include "model/image_ref.h"

namespace clearance::model {
struct ContainerSpec;
struct ImageBuild;
struct Project;
struct Stage;
class StageGraph;
}  // namespace clearance::model

namespace clearance::rules {

struct ServiceImage {
  model::ImageRef ref;
  // False when only the last path component (name, tag, digest) is known: an unset variable
  // stands for the registry or namespace, as in `${REGISTRY}/app:1.4`. `ref.tag` and
  // `ref.digest` are then still exact; the registry and repository are not.
  bool name_known = true;
};

// The image a service names, or nullopt when it names none, when the text is not an image
// reference, or when its tag or digest depends on a variable that is set nowhere.
std::optional<ServiceImage> service_image(const model::ContainerSpec& service, const model::Project& project);

// The pulled image of a service that pins it by tag only: present, not built here, known, and
// without a digest. Both image rules start from it (CLR401 for the tag, CLR402 for the digest).
std::optional<ServiceImage> pulled_image_without_digest(const model::ContainerSpec& service,
                                                        const model::Project& project);

// True when `image:` names an image that this project builds rather than pulls: the service
// itself has `build:`, or another service builds an image of that name (`build:` with the same
// `image:`, or Compose's default name `<project>-<service>`).
bool image_built_in_project(const model::ContainerSpec& service, const model::Project& project);

// The image a service runs when this project builds it from a Dockerfile clearance has read:
// the build (the service's own `build:`, or the build of the service that produces the image
// it names), that build's stages, and the stage that ships.
struct BuiltImage {
  const model::ImageBuild* build = nullptr;
  const model::StageGraph* stages = nullptr;
  const model::Stage* shipped = nullptr;
  explicit operator bool() const { return shipped != nullptr; }
};

// "app/Dockerfile" for a single-stage Dockerfile, else "the stage `runtime` of app/Dockerfile".
std::string describe_stage(const BuiltImage& image);

// Empty when the image is not built here, or when what it is built from is not known: a remote
// or inline build, a missing Dockerfile, a target that depends on an unset variable or names no
// stage, or an image that several services build differently.
BuiltImage built_image(const model::ContainerSpec& service, const model::Project& project);

enum class HealthcheckState {
  kDefined,   // the service or its image defines one
  kDisabled,  // `disable: true` or `test: ["NONE"]`
  kAbsent,    // neither the service nor its (known) image defines one
  kUnknown,   // the image is not known, or not resolved
};

// Whether the container will run with a health check, as far as can be known statically: for an
// image built here, from the shipped stage of its Dockerfile (HEALTHCHECK NONE is kAbsent).
HealthcheckState healthcheck_state(const model::ContainerSpec& service, const model::Project& project);

}  // namespace clearance::rules
