// The stage model: which stage ships, FROM after ARG substitution, scoping of ARG and ENV,
// and what a stage inherits through FROM <stage> (USER, HEALTHCHECK, WORKDIR, ONBUILD).
#include "model/stages.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dockerfile/syntax.h"

using namespace clearance;
using model::BaseKind;
using model::BuildSettings;
using model::HealthcheckVerdict;
using model::StageGraph;
using model::UserVerdict;

namespace {

StageGraph graph(std::string text, BuildSettings settings = {}) {
  auto file = std::make_shared<source::SourceFile>("Dockerfile", "/x/Dockerfile", std::move(text));
  auto parsed = std::make_shared<const dockerfile::Dockerfile>(dockerfile::parse(file));
  return StageGraph(parsed, std::move(settings));
}

// The value `text` has just before the last instruction of the stage named (or the last stage).
std::string value_at_end(const StageGraph& g, std::string_view text,
                         const model::Stage* stage = nullptr) {
  if (!stage) stage = &g.stages().back();
  const model::BuildValue v = g.expand(*stage, *stage->instructions.back(), text);
  return v.known() ? v.value : "<unknown>";
}

TEST(Stages, SingleStageOnAKnownImage) {
  const StageGraph g = graph("FROM python:3.12-slim\nRUN pip install flask\n");
  ASSERT_EQ(g.stages().size(), 1u);
  const model::Stage* s = g.shipped_stage();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->base.kind, BaseKind::kImage);
  EXPECT_EQ(s->base.image.short_name(), "python");
  EXPECT_EQ(s->base.image.tag, "3.12-slim");
  EXPECT_EQ(g.effective_user(*s).verdict, UserVerdict::kRoot);  // python runs as root
  EXPECT_EQ(g.effective_user(*s).instruction, nullptr);
  EXPECT_EQ(g.healthcheck(*s).verdict, HealthcheckVerdict::kAbsent);  // official images define none
}

TEST(Stages, ShippedStageIsTheLastOrTheTarget) {
  const std::string df =
      "FROM golang:1.23 AS Build\nRUN go build -o /app\n"
      "FROM gcr.io/distroless/static-debian12:nonroot AS final\nCOPY --from=build /app /app\n";
  const StageGraph last = graph(df);
  ASSERT_NE(last.shipped_stage(), nullptr);
  EXPECT_EQ(last.shipped_stage()->name, "final");
  EXPECT_EQ(last.effective_user(*last.shipped_stage()).verdict, UserVerdict::kNonRoot);
  // Stage names are lower-cased and targets matched without regard to case.
  const StageGraph build = graph(df, {"BUILD", true, {}, {}});
  ASSERT_NE(build.shipped_stage(), nullptr);
  EXPECT_EQ(build.shipped_stage()->name, "build");
  EXPECT_EQ(build.effective_user(*build.shipped_stage()).verdict, UserVerdict::kRoot);
  // An unknown target, or one that names no stage: nothing ships that can be known.
  EXPECT_EQ(graph(df, {"", false, {}, {}}).shipped_stage(), nullptr);
  EXPECT_EQ(graph(df, {"nope", true, {}, {}}).shipped_stage(), nullptr);
}

TEST(Stages, UserIsInheritedThroughFromStage) {
  const StageGraph g = graph(
      "FROM alpine:3.20 AS base\nRUN adduser -D app\nUSER app\n"
      "FROM base AS final\nCOPY . /src\n");
  const model::Stage& final_stage = *g.shipped_stage();
  ASSERT_EQ(final_stage.base.kind, BaseKind::kStage);
  EXPECT_EQ(final_stage.base.stage, 0u);
  const model::StageUser& user = g.effective_user(final_stage);
  EXPECT_EQ(user.verdict, UserVerdict::kNonRoot);
  EXPECT_EQ(user.stage, 0u);
  ASSERT_NE(user.instruction, nullptr);
  EXPECT_EQ(user.instruction->span.start().line, 3u);
  EXPECT_EQ(g.chain(final_stage).size(), 2u);
  EXPECT_TRUE(g.ships(g.stages()[0]));
}

TEST(Stages, RootBuilderWithNonRootFinal) {
  const StageGraph g = graph(
      "FROM node:22 AS build\nUSER root\nRUN npm ci\n"
      "FROM node:22-slim\nCOPY --from=build /app /app\nUSER node\n");
  EXPECT_EQ(g.effective_user(g.stages()[0]).verdict, UserVerdict::kRoot);
  EXPECT_EQ(g.effective_user(*g.shipped_stage()).verdict, UserVerdict::kNonRoot);
  EXPECT_FALSE(g.ships(g.stages()[0]));
  EXPECT_EQ(g.shipped_stage()->reads, std::vector<size_t>{0});
  EXPECT_EQ(g.reachable(*g.shipped_stage()).size(), 2u);
}

TEST(Stages, RootUserSpellings) {
  for (const char* u : {"root", "0", "0:0", "root:root", "00", "0:1000", "ContainerAdministrator"})
    EXPECT_TRUE(model::is_root_user(u)) << u;
  for (const char* u : {"app", "1000", "1000:0", "nobody", "rootless", "10"})
    EXPECT_FALSE(model::is_root_user(u)) << u;
}

TEST(Stages, GlobalArgDefaultsAndBuildArgs) {
  const std::string df = "ARG PY=3.12\nARG VARIANT=slim\nFROM python:${PY}-${VARIANT}\n";
  EXPECT_EQ(graph(df).stages()[0].base.text.value, "python:3.12-slim");
  const StageGraph over = graph(df, {"", true, {{"PY", "3.13"}}, {}});
  EXPECT_EQ(over.stages()[0].base.text.value, "python:3.13-slim");
  EXPECT_EQ(over.global("PY")->origin, model::Variable::Origin::kBuildArg);
  const StageGraph unknown = graph(df, {"", true, {}, {"PY"}});
  EXPECT_EQ(unknown.stages()[0].base.kind, BaseKind::kUnresolved);
  EXPECT_EQ(unknown.stages()[0].base.text.unresolved, std::vector<std::string>{"PY"});
  // A build argument for a name no global ARG declares is not visible to FROM.
  EXPECT_EQ(
      graph("FROM python:3.12${X}\n", {"", true, {{"X", "-slim"}}, {}}).stages()[0].base.text.value,
      "python:3.12");
}

TEST(Stages, UnresolvableFromMakesEverythingUnknown) {
  const StageGraph g = graph("ARG BASE\nFROM ${BASE}\nRUN make\n");
  const model::Stage& s = *g.shipped_stage();
  EXPECT_EQ(s.base.kind, BaseKind::kUnresolved);
  EXPECT_EQ(g.effective_user(s).verdict, UserVerdict::kUnknown);
  EXPECT_EQ(g.healthcheck(s).verdict, HealthcheckVerdict::kUnknown);
  // Platform ARGs depend on the machine.
  EXPECT_EQ(graph("FROM golang:1.23-${TARGETARCH}\n").stages()[0].base.kind, BaseKind::kUnresolved);
  EXPECT_EQ(graph("FROM --platform=$BUILDPLATFORM golang:1.23\n").stages()[0].base.kind,
            BaseKind::kImage);
}

TEST(Stages, InvalidFromLines) {
  // An ARG that expands to nothing leaves a reference BuildKit refuses.
  EXPECT_EQ(graph("FROM python:${MISSING}\n").stages()[0].base.kind, BaseKind::kInvalid);
  EXPECT_EQ(graph("FROM ${MISSING}\n").stages()[0].base.kind, BaseKind::kInvalid);
  EXPECT_EQ(graph("FROM Python:3\n").stages()[0].base.kind, BaseKind::kInvalid);
  EXPECT_EQ(graph("FROM x:${Y:?set Y}\n").stages()[0].base.kind, BaseKind::kInvalid);
}

TEST(Stages, ScratchAndDigests) {
  const StageGraph g = graph("FROM scratch\nCOPY app /\n");
  EXPECT_EQ(g.stages()[0].base.kind, BaseKind::kScratch);
  EXPECT_EQ(g.effective_user(g.stages()[0]).verdict, UserVerdict::kRoot);
  EXPECT_EQ(g.healthcheck(g.stages()[0]).verdict, HealthcheckVerdict::kAbsent);
  const StageGraph d = graph("FROM alpine@sha256:0123456789abcdef\n");
  EXPECT_EQ(d.stages()[0].base.kind, BaseKind::kImage);
  EXPECT_EQ(d.stages()[0].base.image.digest, "sha256:0123456789abcdef");
  EXPECT_TRUE(d.stages()[0].base.image.tag.empty());
}

TEST(Stages, StageNamesAreLookedUpBackwards) {
  // A name declared by a later stage is an image at this point, as in BuildKit.
  const StageGraph g = graph("FROM b AS a\nFROM alpine:3.20 AS b\nFROM a\n");
  EXPECT_EQ(g.stages()[0].base.kind, BaseKind::kImage);
  EXPECT_EQ(g.stages()[2].base.kind, BaseKind::kStage);
  EXPECT_EQ(g.stages()[2].base.stage, 0u);
  EXPECT_EQ(&g.root_base(g.stages()[2]), &g.stages()[0].base);
}

TEST(Stages, GlobalArgsNeedDeclaringAgainInAStage) {
  const StageGraph g =
      graph("ARG V=1\nFROM scratch AS a\nRUN true\nFROM scratch AS b\nARG V\nRUN true\n");
  EXPECT_EQ(value_at_end(g, "[$V]", &g.stages()[0]), "[]");
  EXPECT_EQ(value_at_end(g, "[$V]", &g.stages()[1]), "[1]");
  // A build argument replaces the default of the ARG declared again.
  const StageGraph b =
      graph("ARG V=1\nFROM scratch\nARG V\nRUN true\n", {"", true, {{"V", "2"}}, {}});
  EXPECT_EQ(value_at_end(b, "$V"), "2");
  // An ARG without default that the build does not pass may be set with --build-arg.
  EXPECT_EQ(value_at_end(graph("FROM scratch\nARG W\nRUN true\n"), "$W"), "<unknown>");
}

TEST(Stages, ArgAndEnvAreInheritedThroughFromStage) {
  const StageGraph g = graph(
      "FROM scratch AS parent\nARG FOO=123\nENV U=app\n"
      "FROM parent AS child\nUSER $U\nRUN echo $FOO\n"
      "FROM scratch AS other\nRUN echo $FOO\n");
  EXPECT_EQ(g.effective_user(g.stages()[1]).value.value, "app");
  EXPECT_EQ(g.effective_user(g.stages()[1]).verdict, UserVerdict::kNonRoot);
  EXPECT_EQ(value_at_end(g, "$FOO", &g.stages()[1]), "123");
  EXPECT_EQ(value_at_end(g, "[$FOO]", &g.stages()[2]), "[]");
}

TEST(Stages, ExternalImageEnvironmentIsUnknown) {
  const StageGraph g = graph("FROM node:22\nUSER $APP_USER\n");
  EXPECT_EQ(g.effective_user(g.stages()[0]).verdict, UserVerdict::kUnknown);
  const StageGraph s = graph("FROM scratch\nUSER ${APP_USER:-1000}\n");
  EXPECT_EQ(s.effective_user(s.stages()[0]).verdict, UserVerdict::kNonRoot);
}

TEST(Stages, EnvEntriesSeeOnlyWhatCameBeforeAndArgEntriesSeeEachOther) {
  const StageGraph g = graph("FROM scratch\nENV A=1 B=x$A\nARG C=2 D=y$C\nRUN true\n");
  EXPECT_EQ(value_at_end(g, "$B"), "x");
  EXPECT_EQ(value_at_end(g, "$A"), "1");
  EXPECT_EQ(value_at_end(g, "$D"), "y2");
}

TEST(Stages, CopyFromStagesIndexesAndImages) {
  const StageGraph g = graph(
      "FROM alpine:3.20 AS a\nRUN true\nFROM alpine:3.20 AS b\nRUN true\n"
      "FROM scratch\nCOPY --from=0 /x /x\nCOPY --from=B /y /y\nCOPY --from=nginx:latest /etc/nginx "
      "/etc/nginx\n"
      "RUN --mount=type=bind,from=busybox,target=/bb true\n");
  const model::Stage& last = *g.shipped_stage();
  EXPECT_EQ(last.reads, (std::vector<size_t>{0, 1}));
  ASSERT_EQ(last.image_sources.size(), 2u);
  EXPECT_EQ(last.image_sources[0].text, "nginx:latest");
  EXPECT_EQ(last.image_sources[0].image.tag, "latest");
  EXPECT_EQ(last.image_sources[1].text, "busybox");
  EXPECT_EQ(g.reachable(last).size(), 3u);
}

TEST(Stages, ParentOnbuildTriggersRunFirstInTheChild) {
  const StageGraph g =
      graph("FROM alpine:3.20 AS base\nONBUILD USER root\nUSER 1000\nFROM base\nRUN true\n");
  EXPECT_EQ(g.effective_user(g.stages()[0]).verdict, UserVerdict::kNonRoot);
  const model::StageUser& child = g.effective_user(*g.shipped_stage());
  EXPECT_EQ(child.verdict, UserVerdict::kRoot);
  EXPECT_EQ(child.stage, 1u);
}

TEST(Stages, HealthcheckDefinedDisabledInherited) {
  const StageGraph g = graph(
      "FROM alpine:3.20 AS base\nHEALTHCHECK CMD wget -q localhost\n"
      "FROM base AS quiet\nHEALTHCHECK NONE\n"
      "FROM base AS kept\nRUN true\n"
      "FROM myorg/base:1 AS unknown\n");
  EXPECT_EQ(g.healthcheck(g.stages()[0]).verdict, HealthcheckVerdict::kDefined);
  EXPECT_EQ(g.healthcheck(g.stages()[1]).verdict, HealthcheckVerdict::kDisabled);
  EXPECT_EQ(g.healthcheck(g.stages()[2]).verdict, HealthcheckVerdict::kDefined);
  EXPECT_EQ(g.healthcheck(g.stages()[2]).stage, 0u);
  EXPECT_EQ(g.healthcheck(g.stages()[3]).verdict, HealthcheckVerdict::kUnknown);
  EXPECT_EQ(g.effective_user(g.stages()[3]).verdict, UserVerdict::kBaseImageDefault);
}

TEST(Stages, DropsPrivilegesImages) {
  const StageGraph g = graph("FROM postgres:16.4\nCOPY init.sql /docker-entrypoint-initdb.d/\n");
  EXPECT_EQ(g.effective_user(*g.shipped_stage()).verdict, UserVerdict::kDropsPrivileges);
}

TEST(Stages, WorkdirAndShell) {
  const StageGraph g = graph(
      "FROM scratch AS a\nWORKDIR /app\nWORKDIR src\nSHELL [\"/bin/bash\", \"-c\"]\n"
      "FROM a\nRUN true\nFROM alpine:3.20\nWORKDIR rel\n");
  ASSERT_TRUE(g.stages()[1].workdir);
  EXPECT_EQ(g.stages()[1].workdir->value, "/app/src");
  EXPECT_EQ(g.stages()[1].shell, (std::vector<std::string>{"/bin/bash", "-c"}));
  ASSERT_TRUE(g.stages()[2].workdir);
  EXPECT_FALSE(g.stages()[2].workdir->known());  // relative to the image's own WORKDIR
}

TEST(Stages, GlobalArgsAreVisibleToFromLinesOnly) {
  const StageGraph g =
      graph("ARG IMG=alpine:3.20\nFROM ${IMG} AS a\nFROM ${IMG}\nRUN echo [$IMG]\n");
  EXPECT_EQ(g.stages()[0].base.text.value, "alpine:3.20");
  EXPECT_EQ(g.stages()[1].base.text.value, "alpine:3.20");
  // An image's ENV is unknown, so $IMG in the stage is unknown rather than empty.
  EXPECT_EQ(value_at_end(g, "$IMG"), "<unknown>");
}

TEST(Stages, EscapeDirective) {
  const StageGraph g =
      graph("# escape=`\nARG TAG=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:${TAG}\n");
  EXPECT_EQ(g.stages()[0].base.text.value, "mcr.microsoft.com/windows/servercore:ltsc2022");
  EXPECT_EQ(g.effective_user(g.stages()[0]).verdict, UserVerdict::kRoot);
  const StageGraph nano = graph("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n");
  EXPECT_EQ(nano.effective_user(nano.stages()[0]).verdict, UserVerdict::kNonRoot);
}

TEST(Stages, NoStages) {
  const StageGraph g = graph("ARG X=1\n");
  EXPECT_TRUE(g.stages().empty());
  EXPECT_EQ(g.shipped_stage(), nullptr);
}

}  // namespace

namespace {

TEST(Stages, GosuOrSuExecMeansTheEntrypointDropsPrivileges) {
  const StageGraph g = graph(
      "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gosu && gosu nobody "
      "true\n"
      "ENTRYPOINT [\"docker-entrypoint.sh\"]\n");
  const model::StageUser& user = g.effective_user(*g.shipped_stage());
  EXPECT_EQ(user.verdict, UserVerdict::kDropsPrivileges);
  ASSERT_NE(user.privilege_drop, nullptr);
  EXPECT_EQ(user.privilege_drop->span.start().line, 2u);
  // An explicit USER decides, whatever tools are installed.
  const StageGraph explicit_root = graph("FROM alpine:3.20\nRUN apk add su-exec\nUSER root\n");
  EXPECT_EQ(explicit_root.effective_user(explicit_root.stages()[0]).verdict, UserVerdict::kRoot);
}

TEST(Stages, KnownBaseImageUsers) {
  auto user_of = [](const char* from) {
    const StageGraph g = graph(std::string("FROM ") + from + "\n");
    return g.effective_user(g.stages()[0]).verdict;
  };
  EXPECT_EQ(user_of("php:8.3-apache"), UserVerdict::kRoot);
  EXPECT_EQ(user_of("eclipse-temurin:21-jre"), UserVerdict::kRoot);
  EXPECT_EQ(user_of("amd64/alpine:3.20"), UserVerdict::kRoot);
  EXPECT_EQ(user_of("mcr.microsoft.com/dotnet/aspnet:8.0"), UserVerdict::kRoot);
  EXPECT_EQ(user_of("mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled"),
            UserVerdict::kNonRoot);
  EXPECT_EQ(user_of("gcr.io/distroless/static-debian12"), UserVerdict::kRoot);
  EXPECT_EQ(user_of("gcr.io/distroless/static-debian12:debug-nonroot"), UserVerdict::kNonRoot);
  EXPECT_EQ(user_of("quay.io/jupyter/scipy-notebook:2024-10-07"), UserVerdict::kNonRoot);
  EXPECT_EQ(user_of("memcached:1.6"), UserVerdict::kNonRoot);
  EXPECT_EQ(user_of("redis:7.4"), UserVerdict::kDropsPrivileges);
  EXPECT_EQ(user_of("myorg/base:1"), UserVerdict::kBaseImageDefault);
}

TEST(Stages, CmdAndEntrypointAreInherited) {
  const StageGraph g =
      graph("FROM scratch AS a\nCMD [\"/app\"]\nFROM a\nCOPY x /x\nFROM scratch\nCOPY y /y\n");
  EXPECT_NE(g.stages()[1].cmd, nullptr);
  EXPECT_EQ(g.stages()[2].cmd, nullptr);
  EXPECT_EQ(g.stages()[2].entrypoint, nullptr);
}

}  // namespace
