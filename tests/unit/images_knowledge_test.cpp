// The image knowledge the image rules share: which tags move.
#include <gtest/gtest.h>

#include "knowledge/images.h"

namespace clearance::knowledge {
namespace {

TEST(ImagesKnowledge, ChannelTagsMoveWithTheirVariants) {
  for (std::string_view tag : {"latest", "lts", "stable", "mainline", "LTS", "lts-alpine", "stable-alpine",
                               "stable-slim", "current-alpine", "lts-bookworm-slim", "lts-jdk17", "latest-slim",
                               "alpine-latest", "edge", "nightly-2"})
    EXPECT_TRUE(is_mutable_tag(tag)) << tag;
}

TEST(ImagesKnowledge, VersionsAndPerCommitTagsDoNotMove) {
  for (std::string_view tag : {"16", "3.12-slim", "1.27.3-alpine", "bookworm", "jdk17", "main-3f2a1b9",
                               "dev-20240101", "stable1", "ltsc2022", "v2.1.0"})
    EXPECT_FALSE(is_mutable_tag(tag)) << tag;
}

}  // namespace
}  // namespace clearance::knowledge
