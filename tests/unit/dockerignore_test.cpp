// .dockerignore as BuildKit reads and matches it; CLR604's diagnostics; which file applies.
#include "ignorefile/dockerignore.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace clearance::ignorefile {
namespace {

using Kind = DockerignoreProblem::Kind;

struct Parsed {
  std::unique_ptr<source::SourceFile> file;
  Dockerignore ignore;
};

Parsed parse_text(std::string text) {
  Parsed p;
  p.file =
      std::make_unique<source::SourceFile>(".dockerignore", "/ctx/.dockerignore", std::move(text));
  p.ignore = Dockerignore::parse(*p.file);
  return p;
}

bool excluded(const std::vector<std::string>& lines, std::string_view path) {
  return Dockerignore::from_lines(lines).excludes(path);
}

std::vector<std::string> texts(const Dockerignore& ignore) {
  std::vector<std::string> out;
  for (const auto& p : ignore.patterns()) out.push_back((p.exception ? "!" : "") + p.text);
  return out;
}

TEST(Dockerignore, ReadingLines) {
  Parsed p = parse_text(
      "\xEF\xBB\xBF"
      "test1\n"
      "/test2\n"
      "/a/file/here\n"
      "\n"
      "lastfile\n"
      "# this is a comment\n"
      "! /inverted/abs/path\n"
      "  spaced  \r\n"
      "./a//b/../c/\n"
      "//double\n"
      "/\n");
  EXPECT_EQ(texts(p.ignore),
            (std::vector<std::string>{"test1", "test2", "a/file/here", "lastfile",
                                      "!inverted/abs/path", "spaced", "a/c", "double", "/"}));
  EXPECT_TRUE(p.ignore.problems().empty());
  EXPECT_TRUE(p.ignore.usable());
  const auto& spaced = p.ignore.patterns()[5];
  EXPECT_EQ(spaced.span.text(), "spaced");
  EXPECT_EQ(spaced.span.start().line, 8u);
  EXPECT_EQ(spaced.span.start().column, 3u);
  EXPECT_EQ(p.ignore.patterns()[0].span.start().line, 1u);
  EXPECT_EQ(p.ignore.patterns()[0].span.start().column, 1u);
}

TEST(Dockerignore, SingleStarsStayInOneFolder) {
  EXPECT_TRUE(excluded({"*.go"}, "main.go"));
  EXPECT_FALSE(excluded({"*.go"}, "cmd/main.go"));  // unlike .gitignore
  EXPECT_TRUE(excluded({"*"}, "anything"));
  EXPECT_TRUE(excluded({"*"}, "dir/file"));  // the folder matches
  EXPECT_TRUE(excluded({"a*/b"}, "abc/b"));
  EXPECT_FALSE(excluded({"a*/b"}, "a/c/b"));
  EXPECT_TRUE(excluded({"abc?def"}, "abcZdef"));
  EXPECT_FALSE(excluded({"abc?def"}, "abc/def"));
  EXPECT_FALSE(excluded({"a?b"}, "a/b"));
}

TEST(Dockerignore, DoubleStars) {
  EXPECT_TRUE(excluded({"**"}, "file"));
  EXPECT_TRUE(excluded({"**"}, "dir/file"));
  EXPECT_TRUE(excluded({"**/"}, "dir/file"));
  EXPECT_TRUE(excluded({"**/dir"}, "dir"));
  EXPECT_TRUE(excluded({"**/dir"}, "a/b/dir/file"));
  EXPECT_TRUE(excluded({"**/dir2/*"}, "dir/dir2/file"));
  EXPECT_TRUE(excluded({"**/dir2/**"}, "dir/dir2/dir3/file"));
  EXPECT_TRUE(excluded({"**file"}, "dir/dir/file"));
  EXPECT_TRUE(excluded({"**file"}, "dir/myfile"));  // a suffix, not a name
  EXPECT_TRUE(excluded({"**/*.txt"}, "file.txt"));
  EXPECT_TRUE(excluded({"**/**/*.txt"}, "dir/dir/file.txt"));
  EXPECT_FALSE(excluded({"**/**/*.txt2"}, "dir/dir/file.txt"));
  EXPECT_TRUE(excluded({"a**/*.txt"}, "a/dir/dir/file.txt"));
  EXPECT_TRUE(excluded({"dir/**"}, "dir/dir2/file"));
  EXPECT_FALSE(excluded({"abc/**"}, "abc"));  // the contents, not the folder
  EXPECT_TRUE(excluded({"abc/**"}, "abc/def"));
  EXPECT_TRUE(excluded({"**/foo/bar"}, "foo/bar"));
  EXPECT_TRUE(excluded({"**/.foo"}, ".foo"));
  EXPECT_FALSE(excluded({"**/.foo"}, "bar.foo"));
  EXPECT_TRUE(excluded({"a/**/b"}, "a/b"));
  EXPECT_TRUE(excluded({"a/**/b"}, "a/x/y/b"));
}

TEST(Dockerignore, ClassesEscapesAndRegexpCharacters) {
  EXPECT_TRUE(excluded({"a[b-d]e"}, "ace"));
  EXPECT_FALSE(excluded({"a[b-d]e"}, "aae"));
  EXPECT_TRUE(excluded({"a[^b-d]e"}, "aze"));
  EXPECT_TRUE(excluded({"[\\]a]"}, "]"));
  EXPECT_TRUE(excluded({"a\\*b"}, "a*b"));
  EXPECT_FALSE(excluded({"a\\*b"}, "ab"));
  EXPECT_TRUE(excluded({".*"}, ".foo"));
  EXPECT_FALSE(excluded({".*"}, "foo"));
  EXPECT_TRUE(excluded({"abc.def"}, "abc.def"));
  EXPECT_FALSE(excluded({"abc.def"}, "abcZdef"));
  EXPECT_TRUE(excluded({"a(b)c/def"}, "a(b)c/def"));
  EXPECT_TRUE(excluded({"a.|)$(}+{bc"}, "a.|)$(}+{bc"));
  EXPECT_TRUE(excluded({"dist/*.whl"}, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"));
  EXPECT_TRUE(excluded({"a?b"}, "a☺b"));
}

TEST(Dockerignore, ParentFolderExcludesItsContents) {
  EXPECT_TRUE(excluded({"secrets"}, "secrets/prod/db.env"));
  EXPECT_TRUE(excluded({"secrets/"}, "secrets/db.env"));
  EXPECT_FALSE(excluded({"secrets"}, "app/secrets/db.env"));  // anchored at the context root
  EXPECT_TRUE(excluded({"**/secrets"}, "app/secrets/db.env"));
  EXPECT_TRUE(excluded({"app/*/cache"}, "app/x/cache/blob"));
}

TEST(Dockerignore, ExceptionsAndLastMatchWins) {
  EXPECT_FALSE(excluded({"*.md", "!README.md"}, "README.md"));
  EXPECT_TRUE(excluded({"*.md", "!README.md"}, "CHANGES.md"));
  EXPECT_TRUE(excluded({"!README.md", "*.md"}, "README.md"));  // the later line wins
  EXPECT_FALSE(excluded({"docs", "!docs/README.md"}, "docs/README.md"));
  EXPECT_TRUE(excluded({"docs", "!docs/README.md"}, "docs/other.md"));
  // Unlike git, an exception re-includes a file inside an excluded folder.
  EXPECT_FALSE(excluded({"docs/", "!docs/README.md"}, "docs/README.md"));
  EXPECT_FALSE(excluded({"**", "!util/docker/web"}, "util/docker/web/foo"));
  EXPECT_TRUE(excluded({"**", "!util/docker/web", "util/docker/web/foo"}, "util/docker/web/foo"));
  EXPECT_TRUE(excluded({"*", "!src", "src/*.env"}, "src/.env"));
  EXPECT_FALSE(excluded({"*", "!src", "src/*.env"}, "src/main.go"));
}

TEST(Dockerignore, PathsAreCleanedAndTheRootIsKept) {
  EXPECT_TRUE(excluded({".env"}, "./.env"));
  EXPECT_TRUE(excluded({".env"}, "a/../.env"));
  EXPECT_TRUE(excluded({"a/b"}, "a//b"));
  EXPECT_FALSE(excluded({"*"}, "."));
  EXPECT_FALSE(excluded({"**"}, ""));
  EXPECT_FALSE(excluded({}, "anything"));
  EXPECT_TRUE(excluded({"/.env"}, ".env"));  // a leading '/' is the context root
}

TEST(Dockerignore, CommentsOnlyInTheFirstColumn) {
  Parsed p = parse_text("# comment\n  # indented\nnode_modules # deps\n.env\t# secrets\nfoo#bar\n");
  EXPECT_EQ(texts(p.ignore), (std::vector<std::string>{"# indented", "node_modules # deps",
                                                       ".env\t# secrets", "foo#bar"}));
  ASSERT_EQ(p.ignore.problems().size(), 3u);
  EXPECT_EQ(p.ignore.problems()[0].kind, Kind::kIndentedComment);
  EXPECT_EQ(p.ignore.problems()[0].span.text(), "# indented");
  EXPECT_EQ(p.ignore.problems()[0].span.start().line, 2u);
  EXPECT_EQ(p.ignore.problems()[1].kind, Kind::kTrailingComment);
  EXPECT_EQ(p.ignore.problems()[1].span.text(), "node_modules # deps");
  EXPECT_EQ(p.ignore.problems()[1].message,
            ".dockerignore has no trailing comments: \"node_modules # deps\" is one pattern, which "
            "matches no "
            "file named so; put the comment on its own line");
  EXPECT_FALSE(p.ignore.problems()[1].breaks_build);
  EXPECT_EQ(p.ignore.problems()[2].kind, Kind::kTrailingComment);
  EXPECT_EQ(p.ignore.problems()[2].span.start().line, 4u);
  // What the line really does: node_modules is sent, the odd name is not.
  EXPECT_FALSE(p.ignore.excludes("node_modules/x.js"));
  EXPECT_TRUE(p.ignore.excludes("node_modules # deps"));
  EXPECT_TRUE(p.ignore.usable());
}

TEST(Dockerignore, WindowsSeparators) {
  Parsed p = parse_text("logs\\debug\nsrc\\secret.env\nnode_modules\\cache\nliteral\\*star\n");
  ASSERT_EQ(p.ignore.problems().size(), 3u);
  EXPECT_EQ(p.ignore.problems()[0].kind, Kind::kBackslash);
  EXPECT_EQ(p.ignore.problems()[0].span.text(), "logs\\debug");
  EXPECT_FALSE(p.ignore.problems()[0].breaks_build);
  EXPECT_EQ(p.ignore.problems()[0].message,
            "\"logs\\\\debug\" uses '\\' as a folder separator, which only a build started on "
            "Windows reads so; "
            "elsewhere '\\' escapes the next character. Use '/'");
  EXPECT_FALSE(p.ignore.problems()[1].breaks_build);
  // `\c` is no escape Go's regexp knows: the pattern cannot compile and the build fails.
  EXPECT_EQ(p.ignore.problems()[2].kind, Kind::kBackslash);
  EXPECT_TRUE(p.ignore.problems()[2].breaks_build);
  EXPECT_FALSE(p.ignore.usable());
  // On Linux `logs\debug` means "logs" + a digit class + "ebug": the folder is not excluded.
  EXPECT_FALSE(p.ignore.excludes("logs/debug"));
  EXPECT_TRUE(p.ignore.excludes("logs4ebug"));
  EXPECT_TRUE(p.ignore.excludes("literal*star"));  // an escape, not reported
}

TEST(Dockerignore, LinesDockerRefuses) {
  Parsed p = parse_text("ok\n!\n[\nab[c\n[]a]\n[x-]\ntrailing\\\nfine/**\n");
  ASSERT_EQ(p.ignore.problems().size(), 6u);
  EXPECT_EQ(p.ignore.problems()[0].kind, Kind::kLoneExclamation);
  EXPECT_EQ(p.ignore.problems()[0].span.start().line, 2u);
  for (size_t i = 1; i < 6; ++i) {
    EXPECT_EQ(p.ignore.problems()[i].kind, Kind::kInvalidPattern) << i;
    EXPECT_TRUE(p.ignore.problems()[i].breaks_build) << i;
  }
  EXPECT_EQ(p.ignore.problems()[1].message,
            "syntax error in pattern \"[\": Docker refuses to build with this file");
  EXPECT_FALSE(p.ignore.usable());
  EXPECT_EQ(texts(p.ignore), (std::vector<std::string>{"ok", "fine/**"}));
  // Valid classes pass.
  EXPECT_TRUE(
      Dockerignore::from_lines({"[\\]a]", "[\\-x]", "a[^b-d]e", "[a-ζ]*"}).problems().empty());
}

TEST(Dockerignore, OverlongLine) {
  Parsed p = parse_text("a\n" + std::string(70000, 'x') + "\nb\n");
  ASSERT_EQ(p.ignore.problems().size(), 1u);
  EXPECT_EQ(p.ignore.problems()[0].kind, Kind::kLineTooLong);
  EXPECT_TRUE(p.ignore.problems()[0].breaks_build);
  EXPECT_EQ(p.ignore.problems()[0].span.start().line, 2u);
}

TEST(Dockerignore, PatternsThatMatchNothing) {
  Parsed p = parse_text(
      "node_modules\n.git\n*.log\n**/__pycache__\n.env\nsecrets/prod.env\n!secrets/"
      "keep.txt\nconfig\n"
      "docs/*.md\nsrc/legacy\nbuild # output\n");
  const std::vector<std::string> context = {"Dockerfile", "config/app.yaml", "docs/index.md",
                                            "src/main.go", "secrets/dev.env"};
  const std::vector<DockerignoreProblem> unmatched = diagnose_unmatched(p.ignore, context);
  std::vector<std::string> lines;
  for (const auto& u : unmatched) lines.push_back(std::string(u.span.text()));
  // Generated names, extensions, secrets a checkout lacks by design (`secrets/prod.env`) and
  // lines with a problem of their own are left alone.
  EXPECT_EQ(lines, (std::vector<std::string>{"!secrets/keep.txt", "src/legacy"}));
  ASSERT_FALSE(unmatched.empty());
  EXPECT_EQ(unmatched[0].kind, Kind::kMatchesNothing);
  EXPECT_EQ(unmatched[0].message,
            "exception \"secrets/keep.txt\" matches no file or folder of the build context");
  EXPECT_EQ(unmatched[1].message, "pattern \"src/legacy\" matches no file or folder of the build context");
  EXPECT_EQ(unmatched[0].span.start().line, 7u);
  // The guards CLR603 advises, listed ahead of the secrets they keep out.
  Parsed guards = parse_text(
      ".env.local\nsecrets/\n**/secrets\nid_rsa\n.npmrc\n!.env.example\nconfig/keys\ndocumentation/\n");
  std::vector<std::string> guard_lines;
  for (const auto& u : diagnose_unmatched(guards.ignore, context)) guard_lines.push_back(std::string(u.span.text()));
  EXPECT_EQ(guard_lines, (std::vector<std::string>{"documentation/"}));
}

TEST(Dockerignore, ChoosingTheFile) {
  std::set<std::string> files;
  const auto exists = [&](const std::string& p) { return files.count(p) > 0; };
  EXPECT_EQ(choose_dockerignore("/app", "Dockerfile", exists), std::nullopt);
  files.insert("/app/.dockerignore");
  EXPECT_EQ(choose_dockerignore("/app", "", exists), "/app/.dockerignore");
  EXPECT_EQ(choose_dockerignore("/app", "docker/web.Dockerfile", exists), "/app/.dockerignore");
  files.insert("/app/docker/web.Dockerfile.dockerignore");
  EXPECT_EQ(choose_dockerignore("/app", "docker/web.Dockerfile", exists),
            "/app/docker/web.Dockerfile.dockerignore");
  EXPECT_EQ(choose_dockerignore("/app", "./docker/../docker/web.Dockerfile", exists),
            "/app/docker/web.Dockerfile.dockerignore");
  files.insert("/elsewhere/Dockerfile.dockerignore");
  EXPECT_EQ(choose_dockerignore("/app", "/elsewhere/Dockerfile", exists),
            "/elsewhere/Dockerfile.dockerignore");
  EXPECT_EQ(choose_dockerignore("/app", "Dockerfile", exists), "/app/.dockerignore");
}

TEST(Dockerignore, ChoosingTheFileOnDisk) {
  char dir_template[] = "/tmp/clearance-dockerignore-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  ASSERT_NE(dir, nullptr);
  const std::string root = dir;
  EXPECT_EQ(choose_dockerignore(root, "Dockerfile"), std::nullopt);
  FILE* f = fopen((root + "/.dockerignore").c_str(), "w");
  ASSERT_NE(f, nullptr);
  fclose(f);
  EXPECT_EQ(choose_dockerignore(root, "Dockerfile"), root + "/.dockerignore");
  std::remove((root + "/.dockerignore").c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace clearance::ignorefile
