#pragma once
// Reviewed facts about well-known images, used where a rule needs to know what an image does
// when it is not built here: its default user, its health check, the ports it listens on.
// Review each entry against the image's published Dockerfile before changing it.
#include <cstdint>
#include <span>
#include <string_view>

#include "model/image_ref.h"

namespace clearance::knowledge {

enum class DefaultUser {
  kUnknown,
  kRoot,              // runs its main process as root
  kDropsPrivileges,   // starts as root, then switches to an unprivileged user itself (gosu, su-exec)
  kNonRoot,           // its Dockerfile sets a non-root USER
};

struct ImageFacts {
  std::string_view repository;  // short name as ImageRef::short_name() gives it
  std::string_view product;     // for messages: "PostgreSQL"
  DefaultUser user;
  bool healthcheck;                          // the image defines a HEALTHCHECK
  std::span<const uint16_t> listen_ports;    // ports the main process listens on by default
  std::span<const uint16_t> datastore_ports; // data or admin ports that must stay internal
};

// Facts for an image reference, or null when the image is not in the table.
const ImageFacts* find_image(const model::ImageRef& ref);

// The user an image runs as when nothing sets one: the table's, or what the tag says for images
// whose variants differ (distroless: `nonroot` tags run as uid 65532, the others as root;
// Chainguard: uid 65532 except the `-dev` variants).
DefaultUser default_user(const model::ImageRef& ref);

// Official images (docker.io/library/*) follow docker-library's policy of not defining a
// HEALTHCHECK, so "no health check in the image" is known for them even when not in the table.
bool image_known_without_healthcheck(const model::ImageRef& ref);

// A Docker Hub official image (docker.io/library/<name>) that the library really has.
bool is_official_image(const model::ImageRef& ref);

// Tags that move: `latest`, `stable`, `edge`, `nightly`, `dev`, `main`, `master`, ..., and a
// channel with a variant (`lts-alpine`, `stable-slim`, `mainline-alpine`).
bool is_mutable_tag(std::string_view tag);

// The date the table was last reviewed (YYYY-MM-DD).
inline constexpr std::string_view kImageTableReviewed = "2026-11-30";

}  // namespace clearance::knowledge
