#pragma once
// One container's runtime posture, normalised from a Compose service (and later from a live
// engine's `docker inspect`), so that one rule serves both. Every field keeps the span where
// its value was written; `node` gives rules access to interpolation provenance.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "envfile/env_file.h"
#include "source/source_file.h"
#include "yaml/node.h"

namespace clearance::model {

using source::Span;

// A value as configured, with where it was written.
template <class T>
struct Field {
  T value{};
  bool present = false;
  Span span;                        // the value; for a key without value, the key
  const yaml::Node* node = nullptr; // null when not from YAML
  // Provenance. When the whole value came from one variable set in an env file (`${MOUNT}` with
  // MOUNT=/var/run/docker.sock in .env), `span` is that .env value and `written_at` is where the
  // compose file wrote the reference; otherwise `written_at` is invalid.
  Span written_at;
  // Where the value was merged into the service when it was written elsewhere: the `<<` key of
  // an anchor merge, the `extends` key of the extending service, or the service key of the
  // earlier compose file that an override file's value was merged onto. Invalid otherwise.
  Span merged_at;

  // True when interpolation left the value unknown (an unset variable without default).
  bool unknown() const;
  explicit operator bool() const { return present; }
};

using Text = Field<std::string>;

struct Mount {
  enum class Type { kBind, kVolume, kTmpfs, kNpipe, kCluster, kImage, kUnknown };
  Type type = Type::kUnknown;
  Text source;  // host path (bind) or volume name; empty for an anonymous volume
  Text target;  // path in the container
  bool read_only = false;
  Text propagation;  // rprivate, private, rshared, shared, rslave, slave
  Span span;         // the whole entry
  const yaml::Node* node = nullptr;
  bool unknown = false;  // some part could not be resolved
};

struct TmpfsMount {
  Text target;
  std::vector<Text> options;  // "exec", "noexec", "size=64m", "mode=1777", ...
  Span span;
};

struct Device {
  Text host_path;
  std::string container_path;
  std::string permissions;
  Span span;
};

struct Port {
  // Short syntax "[HOST_IP:][PUBLISHED[-END]:]TARGET[-END][/PROTOCOL]" or the long syntax.
  Text host_ip;                 // present only when given
  std::optional<uint32_t> published_start, published_end;  // absent when not published
  bool published_unknown = false;  // published part came from an unresolved variable
  bool published_random = false;   // "3000": Docker picks a free host port
  uint32_t target_start = 0, target_end = 0;
  std::string protocol = "tcp";
  Span span;                    // the whole entry
  Span published_span;          // the published part when it can be told apart
  const yaml::Node* node = nullptr;
  const yaml::Node* published_node = nullptr;  // long syntax: the `published:` value

  bool is_published() const {
    return published_start.has_value() || published_unknown || published_random;
  }
  // Bound to a loopback address (127.0.0.0/8, ::1, localhost).
  bool loopback() const;
  // Listens on every interface: no host IP, 0.0.0.0 or ::.
  bool all_interfaces() const;
};

struct EnvVar {
  std::string name;
  std::optional<std::string> value;  // nullopt: `- NAME` / `NAME:` (taken from the shell)
  Span span;        // the entry (list form) or the key (map form)
  Span value_span;  // the value as written; the entry for list form
  const yaml::Node* value_node = nullptr;
  // List form whose variables are all in the name (`${PREFIX}_PASSWORD=s3cret`): the value is
  // literal text (value_span then points at it alone).
  bool literal_value_of_list_entry = false;
};

struct Healthcheck {
  bool present = false;  // a `healthcheck:` key
  bool disabled = false; // disable: true or test: ["NONE"]
  Span span;             // the `healthcheck` key, or the disabling value when disabled
  Text test;
};

struct Logging {
  bool present = false;
  Text driver;  // empty: the engine default (json-file)
  std::vector<std::pair<std::string, Text>> options;
  Span span;    // the `logging` key
  const Text* option(std::string_view name) const;
};

struct Resources {
  Text memory;     // mem_limit or deploy.resources.limits.memory
  Text cpus;       // cpus or deploy.resources.limits.cpus
  Text cpu_quota;
  Text pids;       // pids_limit or deploy.resources.limits.pids
};

struct Build {
  bool present = false;
  Text context;
  Text dockerfile;
  Text target;
  Field<bool> privileged;
  std::vector<Text> entitlements;
  std::vector<std::pair<std::string, Text>> args;
  Text dockerfile_inline;
  Span span;
  // Resolved by the loader: the local context folder and the Dockerfile in it, absolute; empty
  // when remote (a git URL), interpolated from unset variables, missing, or inline.
  std::string context_dir;
  std::string dockerfile_path;
};

// An `env_file:` entry of a service, read (not used for interpolation, as in Compose).
struct EnvFileRef {
  Text path;              // as written (rebased when it came from another folder)
  std::string absolute;   // resolved against the project directory
  bool required = true;   // `required: false` in the long form
  source::SourceFilePtr file;                 // null when missing or unreadable
  std::shared_ptr<const envfile::EnvFile> parsed;  // its entries, with spans into `file`
};

struct SecretRef {
  Text source;
  Text target;
  Span span;
};

struct ContainerSpec {
  std::string name;
  Span name_span;  // the service key; where "missing" findings point
  const yaml::Node* node = nullptr;
  std::vector<std::string> profiles;
  // False for a fragment that names no image, build or extends (an overlay file checked on its
  // own): rules about something missing skip fragments, since the base file may provide it.
  bool complete = false;
  // Its image is built by this project: its own `build:`, or another service's build that
  // produces the image it names. Such an image's user and health check come from a Dockerfile.
  bool image_built_here = false;

  Text image;
  Text user;
  Field<bool> privileged;
  std::vector<Text> cap_add;
  std::vector<Text> cap_drop;
  Span cap_drop_key;  // the `cap_drop` key when present
  std::vector<Text> security_opt;
  Span security_opt_key;
  Text network_mode;
  std::vector<Text> networks;
  Text pid, ipc, uts, userns_mode, cgroup, cgroup_parent;
  std::vector<Mount> volumes;
  std::vector<TmpfsMount> tmpfs;
  std::vector<Device> devices;
  std::vector<Port> ports;
  std::vector<Text> expose;
  Field<bool> read_only;
  Resources limits;
  Healthcheck healthcheck;
  Logging logging;
  Text restart;
  Text restart_policy_condition;     // deploy.restart_policy.condition
  Text restart_policy_max_attempts;  // deploy.restart_policy.max_attempts
  std::vector<EnvVar> environment;
  std::vector<SecretRef> secrets;
  Build build;
  std::vector<EnvFileRef> env_files;
  std::vector<std::string> depends_on;  // service names, list or mapping form

  const EnvVar* env(std::string_view name) const;
  bool has_cap_drop_all() const;
};

}  // namespace clearance::model
