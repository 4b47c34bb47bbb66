#pragma once
// Writing a report or a baseline so that no reader ever sees half of it: the text goes to a
// temporary file beside the target, which is renamed into place when complete. A target that
// is not a regular file (/dev/null, /dev/stdout, a FIFO) is written directly, since renaming
// onto it would replace the device or pipe with a file. A symbolic link is followed: the file
// it points to is replaced, the link stays.
#include <fstream>
#include <ostream>
#include <string>

namespace clearance::engine {

class FileOutput {
 public:
  explicit FileOutput(std::string path);
  ~FileOutput();
  FileOutput(const FileOutput&) = delete;
  FileOutput& operator=(const FileOutput&) = delete;

  bool ok() const { return file_.is_open(); }
  std::ostream& stream() { return file_; }
  // Completes the file; false (and nothing replaced) when anything failed.
  bool commit();

 private:
  std::string target_;     // the file to replace (the link's target for a symbolic link)
  std::string temporary_;  // empty when the target is written directly
  std::ofstream file_;
  bool committed_ = false;
};

}  // namespace clearance::engine
