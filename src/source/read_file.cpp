#include "source/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clearance::source {

ReadResult read_source_file(const std::string& absolute_path, const std::string& display_path,
                            uint64_t max_size) {
  ReadResult result;
  const int fd = ::open(absolute_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.error = std::string("cannot open: ") + std::strerror(errno);
    return result;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    result.error = "not a regular file";
    return result;
  }
  if (static_cast<uint64_t>(st.st_size) > max_size) {
    ::close(fd);
    result.too_large = true;
    result.error = "file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                   std::to_string(max_size) + " bytes; not checked";
    result.file = std::make_shared<SourceFile>(display_path, absolute_path, std::string());
    return result;
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);  // the file may have shrunk while we read it
  result.file = std::make_shared<SourceFile>(display_path, absolute_path, std::move(bytes));
  return result;
}

}  // namespace clearance::source
