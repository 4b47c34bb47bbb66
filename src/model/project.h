#pragma once
// Everything clearance knows about one Compose project: its files, its resolved services and
// the diagnostics found while loading it. Rules read this; they never touch raw text.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compose/interpolation.h"
#include "model/container_spec.h"
#include "source/source_file.h"
#include "yaml/node.h"

namespace clearance::model {

struct NamedVolume {
  std::string name;
  Span span;  // its key under top-level `volumes:`
  Text driver;
  std::vector<std::pair<std::string, Text>> driver_opts;
  const Text* driver_opt(std::string_view key) const;
};

// A problem met while loading, turned into a finding by the diagnostics rules (CLR9xx).
struct Diagnostic {
  std::string rule_id;  // CLR901, CLR902, CLR903, CLR906
  Span span;
  std::string message;
};

struct ComposeFile {
  source::SourceFilePtr file;
  std::unique_ptr<yaml::Document> document;
};

struct Project {
  std::string directory;  // absolute path of the project directory
  std::vector<source::SourceFilePtr> files;  // every file read for this project (keeps spans alive)
  std::vector<ComposeFile> compose_files;
  compose::Environment environment;
  std::vector<std::unique_ptr<compose::Interpolation>> interpolations;  // storage for provenance
  std::vector<ContainerSpec> services;
  std::map<std::string, NamedVolume, std::less<>> volumes;
  std::vector<Diagnostic> diagnostics;

  const NamedVolume* volume(std::string_view name) const;
};

}  // namespace clearance::model
