#pragma once
// libgit2, loaded with dlopen when the first repository is opened instead of being linked.
// Linked, it and what it depends on (TLS, SSH and Kerberos libraries: fifteen in all) are
// loaded and relocated at every start, which took longer than checking a small project; and
// its initialisation reads the system's TLS certificates. A scan outside any repository never
// needs it. The headers are the -dev package's; the library is the one its SONAME names.
#include <git2.h>

#include <string>

namespace clearance::ignorefile {

// Every libgit2 function clearance calls.
#define CLEARANCE_LIBGIT2_FUNCTIONS(X)                                                         \
  X(git_libgit2_init) X(git_libgit2_opts) X(git_repository_open_ext) X(git_error_last)         \
  X(git_repository_workdir) X(git_repository_index) X(git_repository_config_snapshot)          \
  X(git_config_get_bool) X(git_config_get_path) X(git_buf_dispose) X(git_repository_commondir) \
  X(git_index_get_bypath) X(git_index_find_prefix) X(git_repository_free) X(git_index_free)    \
  X(git_config_free)

struct Libgit2 {
#define CLEARANCE_LIBGIT2_POINTER(name) decltype(&::name) name = nullptr;
  CLEARANCE_LIBGIT2_FUNCTIONS(CLEARANCE_LIBGIT2_POINTER)
#undef CLEARANCE_LIBGIT2_POINTER
  std::string error;  // why the library cannot be used; empty when it can

  bool available() const { return error.empty(); }
};

// The library, loaded and initialised on the first call (repository ownership checks turned
// off, see git_status.h); safe from any thread. Never unloaded.
const Libgit2& libgit2();

}  // namespace clearance::ignorefile
