// The run's index of folders discovery read (source/folder_index.h): what it answers without a
// system call, and where it must send the caller to the disk instead.
#include <gtest/gtest.h>

#include "source/folder_index.h"

namespace clearance::source {
namespace {

FolderIndex sample() {
  FolderIndex index;
  index.add("/srv/app", {{"compose.yaml", EntryType::kOther},
                         {"src", EntryType::kFolder},
                         {".env", EntryType::kOther},
                         {"shared", EntryType::kLink}});
  index.add("/", {{"srv", EntryType::kFolder}});
  return index;
}

TEST(FolderIndex, EntriesAreSortedByName) {
  const FolderIndex index = sample();
  const std::vector<FolderEntry>* entries = index.entries("/srv/app");
  ASSERT_NE(entries, nullptr);
  std::vector<std::string> names;
  for (const FolderEntry& e : *entries) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{".env", "compose.yaml", "shared", "src"}));
  EXPECT_NE(FolderIndex::find(*entries, "src"), nullptr);
  EXPECT_EQ(FolderIndex::find(*entries, "Src"), nullptr);  // names are compared exactly
}

TEST(FolderIndex, StateOfAPath) {
  const FolderIndex index = sample();
  using State = FolderIndex::State;
  EXPECT_EQ(index.state("/srv/app/.env"), State::kOther);
  EXPECT_EQ(index.state("/srv/app/src"), State::kFolder);
  EXPECT_EQ(index.state("/srv/app/.env.local"), State::kAbsent);
  // A link may lead to a file or a folder: the disk tells.
  EXPECT_EQ(index.state("/srv/app/shared"), State::kUnknown);
  // A folder that was not read, and paths that name no entry.
  EXPECT_EQ(index.state("/srv/app/src/main.py"), State::kUnknown);
  EXPECT_EQ(index.state("/srv/app/"), State::kUnknown);
  EXPECT_EQ(index.state("relative/.env"), State::kUnknown);
  EXPECT_EQ(index.state("/srv"), State::kFolder);  // an entry of the root folder
}

TEST(FolderIndex, StopsKeepingFoldersPastItsBound) {
  FolderIndex index(3);
  index.add("/big", {{"a", EntryType::kOther}, {"b", EntryType::kOther}, {"c", EntryType::kOther}});
  index.add("/more", {{"g", EntryType::kOther}});
  EXPECT_NE(index.entries("/big"), nullptr);
  // Not kept: a caller asks the disk, never hears "absent" from an index that stopped.
  EXPECT_EQ(index.entries("/more"), nullptr);
  EXPECT_EQ(index.state("/more/g"), FolderIndex::State::kUnknown);
}

}  // namespace
}  // namespace clearance::source
