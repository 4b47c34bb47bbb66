// Inline suppression comments: the directive grammar. Where each form applies is tested by the
// annotated fixtures in tests/fixtures/suppress/.
#include "engine/suppress.h"

#include <gtest/gtest.h>

namespace clearance::engine {
namespace {

using Kind = Directive::Kind;

TEST(Suppress, NotADirective) {
  EXPECT_FALSE(parse_directive("# just a comment", false));
  EXPECT_FALSE(parse_directive("# see the clearance: docs", false));
  EXPECT_FALSE(parse_directive("# Clearance: ignore[CLR101]", false));
}

TEST(Suppress, Forms) {
  auto d = parse_directive("# clearance: ignore[CLR101] CI runner builds images", false);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, Kind::kIgnore);
  EXPECT_EQ(d->ids, std::vector<std::string>{"CLR101"});
  EXPECT_EQ(d->reason, "CI runner builds images");
  EXPECT_TRUE(d->problems.empty());

  d = parse_directive("#clearance:disable[ clr101 , CLR111,CLR101 ]", false);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, Kind::kDisable);
  EXPECT_EQ(d->ids, (std::vector<std::string>{"CLR101", "CLR111"}));
  EXPECT_EQ(d->reason, "");

  EXPECT_EQ(parse_directive("# clearance: enable[CLR101]", true)->kind, Kind::kEnable);
  EXPECT_TRUE(parse_directive("# clearance: enable[CLR101]", true)->problems.empty());  // no reason needed
  EXPECT_EQ(parse_directive("# clearance: file-ignore[CLR301] a CI stack", false)->kind, Kind::kFileIgnore);
}

TEST(Suppress, ReasonEndsAtAnotherComment) {
  EXPECT_EQ(parse_directive("# clearance: ignore[CLR101] legacy  # expect: CLR101", false)->reason, "legacy");
  EXPECT_EQ(parse_directive("# clearance: ignore[CLR101] - build-only deps", false)->reason, "build-only deps");
  EXPECT_EQ(parse_directive("# clearance: ignore[CLR101] see issue #12", false)->reason, "see issue #12");
}

TEST(Suppress, Problems) {
  auto problems = [](std::string_view text, bool require_reason = false) {
    auto d = parse_directive(text, require_reason);
    EXPECT_TRUE(d) << text;
    return d ? d->problems : std::vector<std::string>{};
  };
  EXPECT_NE(problems("# clearance: ignore[CLR1O1] typo").at(0).find("unknown rule id 'CLR1O1'"), std::string::npos);
  EXPECT_NE(problems("# clearance: ignore CLR101").at(0).find("brackets"), std::string::npos);
  EXPECT_NE(problems("# clearance: ignore[CLR101").at(0).find("missing ']'"), std::string::npos);
  EXPECT_NE(problems("# clearance: ignore[] why").at(0).find("no rule id"), std::string::npos);
  EXPECT_NE(problems("# clearance: nosec[CLR101]").at(0).find("unknown suppression 'nosec'"), std::string::npos);
  EXPECT_NE(problems("# clearance: ignore[CLR101]", true).at(0).find("reason is required"), std::string::npos);
  EXPECT_TRUE(problems("# clearance: ignore[CLR101] reviewed", true).empty());
  // One bad id makes the whole directive invalid: it applies to nothing.
  EXPECT_EQ(problems("# clearance: ignore[CLR101,CLR999] x").size(), 1u);
}

}  // namespace
}  // namespace clearance::engine
