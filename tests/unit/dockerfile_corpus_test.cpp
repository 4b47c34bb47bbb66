// Every Dockerfile of the team's real-world corpus (../shared/corpus/real, or $CLEARANCE_CORPUS)
// parses and splits without a crash, with every span inside its file at the line:column that
// LineIndex computes. Skipped where the corpus is absent: the product stands alone.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "dockerfile/expand.h"
#include "dockerfile/shell.h"
#include "dockerfile/syntax.h"

namespace clearance::dockerfile {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() {
  if (const char* env = std::getenv("CLEARANCE_CORPUS")) return env;
  return fs::path(CLEARANCE_SOURCE_DIR) / ".." / "shared" / "corpus" / "real";
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile*; not the workflows and ignore files
// that only share the name (dockerfile.yaml, Dockerfile.dockerignore).
bool is_dockerfile_name(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ends_with(name, ".dockerignore") || ends_with(name, ".yml") || ends_with(name, ".yaml"))
    return false;
  return name.find("dockerfile") != std::string::npos || name.rfind("containerfile", 0) == 0;
}

bool span_ok(const Span& s) {
  if (!s.file) return true;
  const std::string_view bytes = s.file->bytes();
  if (s.begin > s.end || s.end > bytes.size()) return false;
  const source::Position a = s.file->lines().position(bytes, s.begin);
  const source::Position b = s.file->lines().position(bytes, s.end);
  return a.line == s.start().line && a.column == s.start().column && b.line == s.stop().line &&
         b.column == s.stop().column;
}

size_t bad_script_spans(const shell::Script& script) {
  size_t bad = !span_ok(script.span);
  for (const shell::Command& c : script.commands) {
    bad += !span_ok(c.span);
    for (const shell::Word& w : c.words) bad += !span_ok(w.span);
    for (const shell::Script& n : c.nested) bad += bad_script_spans(n);
  }
  return bad;
}

size_t bad_spans(const Instruction& ins) {
  size_t bad = !span_ok(ins.span) + !span_ok(ins.extent) + !span_ok(ins.keyword_span);
  for (const Word& w : ins.words) bad += !span_ok(w.span);
  for (const Flag& f : ins.flags) bad += !span_ok(f.span) + !span_ok(f.value_span);
  for (const KeyValue& kv : ins.pairs) bad += !span_ok(kv.key.span) + !span_ok(kv.value.span);
  for (const Heredoc& h : ins.heredocs) bad += !span_ok(h.body_span) + !span_ok(h.marker);
  for (const Problem& p : ins.problems) bad += !span_ok(p.span);
  bad += bad_script_spans(shell::analyse(ins));
  if (ins.trigger) bad += bad_spans(*ins.trigger);
  return bad;
}

TEST(DockerfileCorpus, RealDockerfilesParseWithExactSpans) {
  const fs::path dir = corpus_dir();
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
  std::vector<source::SourceFilePtr> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || !is_dockerfile_name(entry.path().filename().string())) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    files.push_back(std::make_shared<source::SourceFile>(entry.path().string(),
                                                         entry.path().string(), bytes.str()));
  }
  ASSERT_FALSE(files.empty());
  const auto start = std::chrono::steady_clock::now();
  std::vector<Dockerfile> parsed;
  parsed.reserve(files.size());
  for (const source::SourceFilePtr& f : files) parsed.push_back(parse(f));
  const auto parse_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  size_t instructions = 0, bad = 0;
  std::map<std::string, std::string> refused;  // file -> its first error, for the log
  for (const Dockerfile& df : parsed) {
    instructions += df.instructions.size();
    for (const Instruction& ins : df.instructions) bad += bad_spans(ins);
    for (const Problem* p : df.all_problems()) {
      EXPECT_NE(p->kind, ProblemKind::kLimit) << df.file->path() << ": " << p->message;
      if (p->kind == ProblemKind::kError) refused.emplace(df.file->path(), p->message);
    }
  }
  EXPECT_EQ(bad, 0u);
  std::cout << files.size() << " Dockerfiles, " << instructions << " instructions parsed in "
            << parse_ms << " ms; " << refused.size() << " that BuildKit would refuse:";
  for (const auto& [path, message] : refused)
    std::cout << "\n  " << fs::path(path).lexically_relative(dir).string() << ": " << message;
  std::cout << std::endl;
}

}  // namespace
}  // namespace clearance::dockerfile
