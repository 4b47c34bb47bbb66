#include "rules/build/script_cache.h"

#include <memory>
#include <unordered_map>

namespace clearance::rules::build {

namespace {

struct Cache {
  // The Dockerfile's source file, held weakly: while the cache holds it, its control block is
  // not reused, so "the same owner" cannot be a new file at a recycled address.
  std::weak_ptr<const source::SourceFile> owner;
  std::unordered_map<const dockerfile::Instruction*, dockerfile::shell::Script> scripts;
};

bool same_owner(const std::weak_ptr<const source::SourceFile>& cached, const source::SourceFilePtr& file) {
  return !cached.expired() && !cached.owner_before(file) && !file.owner_before(cached);
}

}  // namespace

const dockerfile::shell::Script& analysed(const dockerfile::Dockerfile& dockerfile,
                                          const dockerfile::Instruction& instruction) {
  thread_local Cache cache;
  if (!same_owner(cache.owner, dockerfile.file)) {
    cache.scripts.clear();
    cache.owner = dockerfile.file;
  }
  auto it = cache.scripts.find(&instruction);
  if (it == cache.scripts.end()) it = cache.scripts.emplace(&instruction, dockerfile::shell::analyse(instruction)).first;
  return it->second;
}

}  // namespace clearance::rules::build
