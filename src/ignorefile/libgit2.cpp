#include "ignorefile/libgit2.h"

#include <dlfcn.h>

namespace clearance::ignorefile {

namespace {

Libgit2 load() {
  Libgit2 lib;
  void* handle = ::dlopen(CLEARANCE_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    lib.error = std::string("libgit2 (" CLEARANCE_LIBGIT2_SONAME ") cannot be loaded") + (why ? std::string(": ") + why : "");
    return lib;
  }
#define CLEARANCE_LIBGIT2_RESOLVE(name)                                                   \
  lib.name = reinterpret_cast<decltype(lib.name)>(::dlsym(handle, #name));                \
  if (!lib.name) {                                                                        \
    lib.error = "libgit2 (" CLEARANCE_LIBGIT2_SONAME ") lacks " #name;                    \
    return lib;                                                                           \
  }
  CLEARANCE_LIBGIT2_FUNCTIONS(CLEARANCE_LIBGIT2_RESOLVE)
#undef CLEARANCE_LIBGIT2_RESOLVE
  lib.git_libgit2_init();
  lib.git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
  return lib;
}

}  // namespace

const Libgit2& libgit2() {
  static const Libgit2 lib = load();
  return lib;
}

}  // namespace clearance::ignorefile
