// Git's view of a project's files (CLR601, CLR602): a real repository is made with libgit2 in a
// temporary folder. Where the git command is installed, every answer is also checked against
// `git check-ignore --no-index` and `git ls-files`.
#include "ignorefile/git_status.h"

#include <git2.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ignorefile/gitignore.h"

namespace clearance::ignorefile {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "clearance-git-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) ? tmpl : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void write(const std::string& path, std::string_view text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

bool git_cli_available() { return std::system("git --version >/dev/null 2>&1") == 0; }

// `git check-ignore --no-index` as the oracle (exit 0: ignored).
bool git_says_ignored(const std::string& repo, const std::string& path) {
  const std::string cmd =
      "cd '" + repo + "' && git check-ignore -q --no-index -- '" + path + "' 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

bool git_says_tracked(const std::string& repo, const std::string& path) {
  const std::string cmd =
      "cd '" + repo + "' && test -n \"$(git ls-files -- '" + path + "' 2>/dev/null)\"";
  return std::system(cmd.c_str()) == 0;
}

// A repository with a committed .env, ignore rules at every level git reads, and files that
// exercise them.
class GitRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    root_ = dir_.path() + "/project";
    write(root_ + "/.env", "POSTGRES_PASSWORD=postgres\n");
    write(root_ + "/.gitignore",
          "# secrets\n"
          "*.env\n"
          "!.env.example\n"
          "secret/\n"
          "!secret/keep.txt\n"
          "/build\n"
          "logs/**\n"
          "!logs/keep.log\n"
          "docs/**/draft.md\n"
          "trailing-space   \n"
          "\\#hash\n");
    write(root_ + "/.env.example", "POSTGRES_PASSWORD=\n");
    write(root_ + "/.env.local", "X=1\n");
    write(root_ + "/app/.env", "Y=2\n");
    write(root_ + "/sub/.gitignore", "!local.env\nnested-only.txt\n");
    write(root_ + "/sub/local.env", "Z=3\n");
    write(root_ + "/sub/deeper/nested-only.txt", "");
    write(root_ + "/nested-only.txt", "");
    write(root_ + "/secret/keep.txt", "");
    write(root_ + "/secret/key.pem", "");
    write(root_ + "/build/out.bin", "");
    write(root_ + "/src/build/gen.go", "");
    write(root_ + "/logs/a.log", "");
    write(root_ + "/logs/keep.log", "");
    write(root_ + "/docs/a/b/draft.md", "");
    write(root_ + "/trailing-space", "");
    write(root_ + "/#hash", "");
    write(root_ + "/from-info-exclude.txt", "");
    write(root_ + "/from-excludes-file.txt", "");
    write(root_ + "/README.md", "");
    write(dir_.path() + "/global-ignore", "from-excludes-file.txt\n");

    git_libgit2_init();
    git_repository* repo = nullptr;
    ASSERT_EQ(git_repository_init(&repo, root_.c_str(), 0), 0);
    write(root_ + "/.git/info/exclude", "from-info-exclude.txt\n");
    git_config* cfg = nullptr;
    ASSERT_EQ(git_repository_config(&cfg, repo), 0);
    ASSERT_EQ(
        git_config_set_string(cfg, "core.excludesFile", (dir_.path() + "/global-ignore").c_str()),
        0);
    ASSERT_EQ(git_config_set_string(cfg, "user.name", "clearance"), 0);
    ASSERT_EQ(git_config_set_string(cfg, "user.email", "clearance@example.invalid"), 0);
    git_config_free(cfg);
    commit(repo, {".env", ".gitignore", "README.md", "sub/.gitignore", "secret/key.pem"});
    git_repository_free(repo);
    git_libgit2_shutdown();
  }

  static void commit(git_repository* repo, const std::vector<std::string>& paths) {
    git_index* index = nullptr;
    ASSERT_EQ(git_repository_index(&index, repo), 0);
    for (const std::string& p : paths) ASSERT_EQ(git_index_add_bypath(index, p.c_str()), 0) << p;
    ASSERT_EQ(git_index_write(index), 0);
    git_oid tree_id, commit_id;
    ASSERT_EQ(git_index_write_tree(&tree_id, index), 0);
    git_tree* tree = nullptr;
    ASSERT_EQ(git_tree_lookup(&tree, repo, &tree_id), 0);
    git_signature* sig = nullptr;
    ASSERT_EQ(git_signature_now(&sig, "clearance", "clearance@example.invalid"), 0);
    ASSERT_EQ(git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, nullptr, "initial", tree, 0),
              0);
    git_signature_free(sig);
    git_tree_free(tree);
    git_index_free(index);
  }

  TempDir dir_;
  std::string root_;
};

struct Expectation {
  const char* path;
  bool ignored;
};

// Each answer as git gives it (checked against git itself where it is installed).
constexpr Expectation kIgnored[] = {
    {".env", true},            // tracked, but the rules still match it (check-ignore --no-index)
    {".env.example", false},   // `!.env.example`
    {".env.local", false},     // `*.env` wants the name to end in .env
    {"app/.env", true},        // a name pattern matches at any depth
    {"sub/local.env", false},  // re-included by sub/.gitignore (libgit2 1.5.1 says ignored)
    {"sub/deeper/nested-only.txt", true},
    {"nested-only.txt", false},  // sub/.gitignore rules stay in sub/
    {"secret", true},
    {"secret/keep.txt", true},  // nothing re-includes inside an excluded folder
    {"secret/key.pem", true},   // tracked and ignored
    {"secret/new/file", true},  // below an excluded folder, existing or not
    {"build", true},
    {"build/out.bin", true},
    {"src/build/gen.go", false},  // `/build` is anchored
    {"logs/a.log", true},
    {"logs/keep.log", false},  // `logs/**` excludes the contents, not the folder
    {"logs", false},
    {"docs/a/b/draft.md", true},
    {"trailing-space", true},  // trailing spaces of a pattern are dropped
    {"#hash", true},           // `\#` is a literal '#'
    {"from-info-exclude.txt", true},
    {"from-excludes-file.txt", true},
    {"README.md", false},
    {"no/such/file.txt", false},
};

TEST_F(GitRepo, IgnoredExactlyAsGitSays) {
  const GitStatus git(root_);
  ASSERT_TRUE(git.in_repository()) << git.error();
  EXPECT_EQ(git.error(), "");
  EXPECT_EQ(fs::path(git.top()), fs::canonical(root_));
  for (const Expectation& e : kIgnored) EXPECT_EQ(git.is_ignored(e.path), e.ignored) << e.path;
  if (!git_cli_available())
    GTEST_SKIP() << "git is not installed: the oracle cross-check is skipped";
  for (const Expectation& e : kIgnored)
    EXPECT_EQ(git_says_ignored(root_, e.path), e.ignored) << "git: " << e.path;
}

TEST_F(GitRepo, TrackedFilesAndFolders) {
  const GitStatus git(root_);
  EXPECT_TRUE(git.is_tracked(".env"));
  EXPECT_TRUE(git.is_tracked("secret/key.pem"));
  EXPECT_TRUE(git.is_tracked("secret"));  // a folder with tracked files
  EXPECT_TRUE(git.is_tracked("sub/"));
  EXPECT_FALSE(git.is_tracked(".env.local"));
  EXPECT_FALSE(git.is_tracked("secret/keep.txt"));
  EXPECT_FALSE(git.is_tracked("sub/local.env"));
  EXPECT_FALSE(git.is_tracked("no/such/file"));
  EXPECT_FALSE(git.is_tracked(".git/config"));
  if (!git_cli_available()) GTEST_SKIP() << "git is not installed";
  for (const char* p : {".env", "secret/key.pem", ".env.local", "secret/keep.txt", "sub/local.env"})
    EXPECT_EQ(git_says_tracked(root_, p), git.is_tracked(p)) << p;
}

TEST_F(GitRepo, PathsRelativeToTheDirectoryGivenAbsoluteOrOutside) {
  // Opened from a sub-folder: the repository is found upward, paths are relative to that folder.
  const GitStatus git(root_ + "/sub");
  ASSERT_TRUE(git.in_repository());
  EXPECT_EQ(fs::path(git.top()), fs::canonical(root_));
  EXPECT_FALSE(git.is_ignored("local.env"));
  EXPECT_TRUE(git.is_ignored("deeper/nested-only.txt"));
  EXPECT_TRUE(git.is_ignored("../app/.env"));
  EXPECT_TRUE(git.is_ignored(root_ + "/secret/keep.txt"));
  EXPECT_TRUE(git.is_tracked("../.env"));
  EXPECT_TRUE(git.is_tracked(root_ + "/.env"));
  // Outside the work tree: neither.
  EXPECT_FALSE(git.is_ignored(dir_.path() + "/global-ignore"));
  EXPECT_FALSE(git.is_tracked("../../global-ignore"));
  // Inside .git: ignored, never tracked.
  EXPECT_TRUE(git.is_ignored("../.git/config"));
}

TEST_F(GitRepo, ExpectedTopIsTheTopTheRepositoryOpensAt) {
  // Told without libgit2, and the same as what opening the repository finds.
  EXPECT_EQ(fs::path(GitStatus::expected_top(root_ + "/sub")), fs::canonical(root_));
  EXPECT_EQ(GitStatus::expected_top(root_ + "/sub"), GitStatus(root_ + "/sub").top());
  EXPECT_TRUE(GitStatus(root_).covers(root_ + "/app/.env"));
  EXPECT_FALSE(GitStatus(root_).covers(dir_.path() + "/global-ignore"));
}

TEST_F(GitRepo, TheDecidingRule) {
  const GitStatus git(root_);
  const IgnoreDecision env = git.ignore_decision("app/.env");
  ASSERT_NE(env.rule, nullptr);
  EXPECT_TRUE(env.ignored);
  EXPECT_EQ(env.file->source, ".gitignore");
  EXPECT_EQ(env.rule->line, 2u);
  EXPECT_EQ(env.rule->text, "*.env");
  const IgnoreDecision local = git.ignore_decision("sub/local.env");
  ASSERT_NE(local.rule, nullptr);
  EXPECT_FALSE(local.ignored);
  EXPECT_EQ(local.file->source, "sub/.gitignore");
  EXPECT_EQ(local.rule->text, "!local.env");
  const IgnoreDecision keep = git.ignore_decision("secret/keep.txt");
  ASSERT_NE(keep.rule, nullptr);
  EXPECT_EQ(keep.rule->text, "secret/");
  EXPECT_EQ(keep.matched_path, "secret");  // the folder, not the file
  const IgnoreDecision info = git.ignore_decision("from-info-exclude.txt");
  ASSERT_NE(info.file, nullptr);
  EXPECT_NE(info.file->source.find("info/exclude"), std::string::npos);
  EXPECT_EQ(git.ignore_decision("README.md").rule, nullptr);
}

TEST_F(GitRepo, ConcurrentQueriesAnswerAsSequentialOnes) {
  const GitStatus git(root_);
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (const Expectation& e : kIgnored) wrong[t] += git.is_ignored(e.path) != e.ignored;
        wrong[t] += !git.is_tracked(".env");
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

TEST(GitStatusFallback, GitignoreFilesAloneOutsideARepository) {
  TempDir dir;
  const std::string root = dir.path() + "/plain";
  write(root + "/.gitignore", ".env\nbuild/\n!build/keep\n*.pem\n");
  write(root + "/svc/.gitignore", "!.env\nlocal/\n");
  write(root + "/.env", "");
  write(root + "/svc/.env", "");
  write(root + "/svc/local/x", "");
  write(root + "/key.pem", "");
  write(root + "/build/keep", "");
  const GitStatus git(root);
  ASSERT_FALSE(git.in_repository());
  EXPECT_EQ(git.error(), "");
  EXPECT_EQ(git.top(), root);
  EXPECT_TRUE(git.is_ignored(".env"));
  EXPECT_FALSE(git.is_ignored("svc/.env"));
  EXPECT_TRUE(git.is_ignored("svc/local/x"));
  EXPECT_TRUE(git.is_ignored("key.pem"));
  EXPECT_TRUE(git.is_ignored("build/keep"));
  EXPECT_TRUE(git.is_ignored("build/"));  // a trailing '/' says folder even when absent
  EXPECT_FALSE(git.is_ignored("README.md"));
  EXPECT_FALSE(git.is_tracked(".env"));
  EXPECT_FALSE(git.is_ignored(dir.path() + "/elsewhere"));
  // Without a repository the folder itself is the top, unless a folder above holds one.
  EXPECT_EQ(GitStatus::expected_top(root), fs::canonical(root).string());
  EXPECT_TRUE(git.covers(root + "/svc/.env"));
  EXPECT_FALSE(git.covers(dir.path() + "/elsewhere"));
}

// Folders are resolved as realpath(3) resolves them, a link anywhere on the way included; the
// answers are kept for the run, so a link and a folder of the same name must not be confused.
TEST(GitStatusFallback, ExpectedTopResolvesLinksLikeRealpath) {
  TempDir dir;
  const std::string real = dir.path() + "/real";
  write(real + "/deep/er/.gitignore", "");
  fs::create_directory_symlink(real, dir.path() + "/link");
  fs::create_directory_symlink("er", real + "/deep/hop");
  const auto canonical = [](const std::string& p) { return fs::canonical(p).string(); };
  EXPECT_EQ(GitStatus::expected_top(real + "/deep/er"), canonical(real + "/deep/er"));
  EXPECT_EQ(GitStatus::expected_top(dir.path() + "/link/deep/er"), canonical(real + "/deep/er"));
  EXPECT_EQ(GitStatus::expected_top(dir.path() + "/link/deep/hop"), canonical(real + "/deep/er"));
  EXPECT_EQ(GitStatus::expected_top(dir.path() + "/link/deep/./er/../er"), canonical(real + "/deep/er"));
  // A folder that does not exist is given back normalised, as realpath's failure is.
  EXPECT_EQ(GitStatus::expected_top(dir.path() + "/link/missing//x"), dir.path() + "/link/missing/x");
}

// Matching rules alone, against answers git gives (see gitignore(5) and wildmatch tests).
TEST(Gitignore, Wildmatch) {
  EXPECT_TRUE(wildmatch("foo", "foo", true));
  EXPECT_FALSE(wildmatch("foo", "bar", true));
  EXPECT_TRUE(wildmatch("*", "foo", true));
  EXPECT_FALSE(wildmatch("*", "foo/bar", true));
  EXPECT_TRUE(wildmatch("*", "foo/bar", false));
  EXPECT_TRUE(wildmatch("f*o", "fo", true));
  EXPECT_TRUE(wildmatch("**/foo", "foo", true));
  EXPECT_TRUE(wildmatch("**/foo", "a/b/foo", true));
  EXPECT_TRUE(wildmatch("foo/**", "foo/a/b", true));
  EXPECT_FALSE(wildmatch("foo/**", "foo", true));
  EXPECT_TRUE(wildmatch("a/**/b", "a/b", true));
  EXPECT_TRUE(wildmatch("a/**/b", "a/x/y/b", true));
  EXPECT_TRUE(wildmatch("a**b", "axb", true));
  EXPECT_FALSE(wildmatch("a**b", "a/b", true));  // not at a segment edge: a plain star
  EXPECT_TRUE(wildmatch("?", "x", true));
  EXPECT_FALSE(wildmatch("?", "/", true));
  EXPECT_TRUE(wildmatch("[a-c]x", "bx", true));
  EXPECT_TRUE(wildmatch("[!a-c]x", "dx", true));
  EXPECT_TRUE(wildmatch("[^a-c]x", "dx", true));
  EXPECT_TRUE(wildmatch("[]]", "]", true));
  EXPECT_TRUE(wildmatch("[[:digit:]]", "7", true));
  EXPECT_FALSE(wildmatch("[[:digit:]]", "x", true));
  EXPECT_FALSE(wildmatch("[[:nope:]]", "x", true));  // malformed class: no match at all
  EXPECT_FALSE(wildmatch("[a", "a", true));
  EXPECT_TRUE(wildmatch("\\*", "*", true));
  EXPECT_FALSE(wildmatch("\\*", "x", true));
  EXPECT_FALSE(wildmatch("a\\", "a", true));
  EXPECT_TRUE(wildmatch("FOO", "foo", true, /*casefold=*/true));
  EXPECT_FALSE(wildmatch("caf?", "café", true));  // '?' is one byte, as in git
}

TEST(Gitignore, StarsAfterAnEscapedStar) {
  // Found by gitignore_fuzzer: `\*` is a literal '*', and the star after it starts a run.
  EXPECT_TRUE(wildmatch("a\\**", "a*bc", true));
  EXPECT_FALSE(wildmatch("a\\**", "abc", true));
  EXPECT_TRUE(wildmatch("\\***\\**", "*x*", true));
  EXPECT_FALSE(wildmatch("*\\***[!", "a*b", true));  // an unterminated class matches nothing
}

TEST(Gitignore, HostilePatternsStayCheap) {
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "b";
  const std::string text(4000, 'a');
  EXPECT_FALSE(wildmatch(pattern, text, true));
  EXPECT_FALSE(wildmatch(pattern, text, false));
  std::string stars;
  for (int i = 0; i < 300; ++i) stars += "**/";
  EXPECT_TRUE(wildmatch(stars + "x", std::string(2000, 'a') + "/x", true));
}

TEST(Gitignore, ParsingLines) {
  const GitignoreFile f = GitignoreFile::parse(
      "\xEF\xBB\xBF# comment\n\n!keep\nbuild/\n/anchored\na/b\n  lead\ntrail \\ \r\n!\n/\n",
      ".gitignore", "");
  ASSERT_EQ(f.rules.size(), 6u);
  EXPECT_TRUE(f.rules[0].negative);
  EXPECT_EQ(f.rules[0].pattern, "keep");
  EXPECT_TRUE(f.rules[0].anywhere);
  EXPECT_TRUE(f.rules[1].must_be_dir);
  EXPECT_EQ(f.rules[1].pattern, "build");
  EXPECT_TRUE(f.rules[1].anywhere);
  EXPECT_FALSE(f.rules[2].anywhere);
  EXPECT_EQ(f.rules[2].pattern, "/anchored");
  EXPECT_FALSE(f.rules[3].anywhere);
  EXPECT_EQ(f.rules[4].pattern, "  lead");     // leading blanks are part of the pattern
  EXPECT_EQ(f.rules[5].pattern, "trail \\ ");  // an escaped space is kept
  EXPECT_EQ(f.rules[5].line, 8u);
}

}  // namespace
}  // namespace clearance::ignorefile
