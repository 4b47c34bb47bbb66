#include "source/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clearance::source {

namespace {

// Reads `size` bytes of `fd` (fewer when the file shrank meanwhile) and closes it.
std::string read_all(int fd, uint64_t size) {
  std::string bytes;
  bytes.resize(static_cast<size_t>(size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);
  return bytes;
}

}  // namespace

ReadResult read_source_file(const std::string& absolute_path, const std::string& display_path,
                            uint64_t max_size) {
  ReadResult result;
  // O_NONBLOCK: a FIFO named like a compose file or a Dockerfile must not stop the run at the
  // open (fstat then refuses it); it changes nothing for a regular file.
  const int fd = ::open(absolute_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
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
  return read_opened_file(fd, static_cast<uint64_t>(st.st_size), absolute_path, display_path, max_size);
}

ReadResult read_opened_file(int fd, uint64_t size, const std::string& absolute_path,
                            const std::string& display_path, uint64_t max_size) {
  ReadResult result;
  if (size > max_size) {
    ::close(fd);
    result.too_large = true;
    result.error = "file is " + std::to_string(size) + " bytes, over the limit of " +
                   std::to_string(max_size) + " bytes; not checked";
    result.file = std::make_shared<SourceFile>(display_path, absolute_path, std::string());
    return result;
  }
  result.file = std::make_shared<SourceFile>(display_path, absolute_path, read_all(fd, size));
  return result;
}

std::optional<std::string> read_bytes(const std::string& path, uint64_t max_size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) > max_size) {
    ::close(fd);
    return std::nullopt;
  }
  return read_all(fd, static_cast<uint64_t>(st.st_size));
}

}  // namespace clearance::source
