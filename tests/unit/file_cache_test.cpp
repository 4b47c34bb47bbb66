// The run's cache of parsed compose files (compose/file_cache.h): bounded by the memory the
// trees take, the entry used longest ago making room for a new one.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "compose/file_cache.h"
#include "yaml/node.h"

namespace clearance::compose {
namespace {

FileCache::Entry entry_for(const std::string& path, int services) {
  std::string text = "services:\n";
  for (int i = 0; i < services; ++i) text += "  s" + std::to_string(i) + ":\n    image: nginx:1.27\n";
  auto file = std::make_shared<source::SourceFile>(path, path, text);
  return {file, std::shared_ptr<const yaml::Document>(yaml::parse(*file))};
}

TEST(FileCache, KeepsWhatFitsAndFindsIt) {
  FileCache cache(1 << 20);
  cache.insert("/p/a.yaml", entry_for("/p/a.yaml", 3));
  const std::optional<FileCache::Entry> hit = cache.find("/p/a.yaml");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->file->path(), "/p/a.yaml");
  ASSERT_TRUE(hit->document->root);
  EXPECT_FALSE(cache.find("/p/b.yaml"));
}

TEST(FileCache, TheEntryUsedLongestAgoMakesRoom) {
  // Room for about two entries of this size.
  const uint64_t one = FileCache::bytes_of(entry_for("/probe", 20));
  FileCache cache(2 * one + one / 2);
  cache.insert("/p/a.yaml", entry_for("/p/a.yaml", 20));
  cache.insert("/p/b.yaml", entry_for("/p/b.yaml", 20));
  ASSERT_TRUE(cache.find("/p/a.yaml"));  // a is now the most recently used
  cache.insert("/p/c.yaml", entry_for("/p/c.yaml", 20));
  EXPECT_TRUE(cache.find("/p/a.yaml"));
  EXPECT_FALSE(cache.find("/p/b.yaml"));
  EXPECT_TRUE(cache.find("/p/c.yaml"));
}

TEST(FileCache, AnEntryLargerThanTheCacheIsNotKept) {
  FileCache cache(1024);
  cache.insert("/p/big.yaml", entry_for("/p/big.yaml", 50));
  EXPECT_FALSE(cache.find("/p/big.yaml"));
}

}  // namespace
}  // namespace clearance::compose
