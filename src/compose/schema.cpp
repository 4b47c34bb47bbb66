// Compose's keys and the types of their values, written by hand from the Compose specification
// (https://github.com/compose-spec/compose-spec, schema/compose-spec.json, and the Compose file
// reference at https://docs.docker.com/reference/compose-file/), plus the legacy file-format 2.x
// keys that Docker Compose v2 still accepts (`volume_driver`). One table, in one place.
//
// What is checked is what Compose's schema rejects and a reader would not guess:
//   - an unknown key in an object whose keys Compose knows (with "did you mean" for a close one);
//   - a value of the wrong shape: a mapping where a list or a string is expected, a list where
//     a string is expected, a scalar where a mapping or a list is expected;
//   - a few closed vocabularies (long volume `type`, `depends_on` condition, `cgroup`, watch
//     `action`) and Go durations, on values written literally (never on interpolated text);
//   - resource names (services, networks, volumes, secrets, configs) that Compose refuses.
// Scalars are not checked against each other (a number where the schema says string): Compose
// converts many of them and the difference never changes what a container runs with. A null
// value is never an error here: Compose treats most of them as absent, and `!reset` is one.
#include "compose/schema.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>

#include "source/quote.h"

namespace clearance::compose {
namespace {

using yaml::Node;

enum Accept : uint8_t { kScalar = 1, kSequence = 2, kMapping = 4 };
enum class Check : uint8_t { kNone, kDuration, kBoolean };

struct Field;

// What a value may be. A mapping is either an object (keys from `fields`, which are sorted)
// or a map with free keys whose values follow `values` (no `values`: anything goes).
struct Schema {
  uint8_t accepts = 0;
  std::string_view expected;  // for messages: "a list", "a string or a list"
  std::span<const Field> fields = {};
  bool object = false;             // keys must be among `fields` (or `x-` when `extensions`)
  bool extensions = true;          // `x-` keys allowed in this object
  const Schema* values = nullptr;  // map with free keys: each value
  const Schema* items = nullptr;   // sequence: each item
  std::span<const std::string_view> one_of = {};  // closed vocabulary of a literal scalar
  Check check = Check::kNone;
  bool names = false;  // map keys are resource names: ^[a-zA-Z0-9._-]+$
};

struct Field {
  std::string_view key;
  const Schema* schema;
};

constexpr bool kNoExtensions = false;

// A mapping whose keys Compose knows (`fields`, sorted), with or without `x-` keys.
constexpr Schema object(std::span<const Field> fields, bool extensions = true) {
  return {.accepts = kMapping,
          .expected = "a mapping",
          .fields = fields,
          .object = true,
          .extensions = extensions};
}

constexpr Schema list_of(const Schema& item) {
  return {.accepts = kSequence, .expected = "a list", .items = &item};
}

constexpr bool sorted(std::span<const Field> fields) {
  for (size_t i = 1; i < fields.size(); ++i)
    if (!(fields[i - 1].key < fields[i].key)) return false;
  return true;
}

// ---- Leaves ------------------------------------------------------------------------------
constexpr Schema kString{.accepts = kScalar, .expected = "a string"};
constexpr Schema kNumber{.accepts = kScalar, .expected = "a number"};
constexpr Schema kBoolean{.accepts = kScalar, .expected = "a boolean", .check = Check::kBoolean};
constexpr Schema kStringOrNumber{.accepts = kScalar, .expected = "a string or a number"};
constexpr Schema kBytes{.accepts = kScalar,
                        .expected = "a byte value (a number or a string such as \"2g\")"};
constexpr Schema kDuration{.accepts = kScalar, .expected = "a duration", .check = Check::kDuration};
constexpr Schema kAnyMapping{.accepts = kMapping, .expected = "a mapping"};
constexpr Schema kListOfStrings = list_of(kString);
constexpr Schema kStringOrList{
    .accepts = kScalar | kSequence, .expected = "a string or a list", .items = &kString};
constexpr Schema kScalarMap{.accepts = kMapping, .expected = "a mapping", .values = &kString};
// list_or_dict: `KEY=VALUE` entries or a mapping of scalars.
constexpr Schema kListOrDict{.accepts = kSequence | kMapping,
                             .expected = "a mapping or a list",
                             .values = &kString,
                             .items = &kString};
constexpr Schema kCommand{
    .accepts = kScalar | kSequence, .expected = "a string or a list", .items = &kString};
constexpr Schema kExtraHosts{.accepts = kSequence | kMapping,
                             .expected = "a mapping or a list",
                             .values = &kStringOrList,
                             .items = &kString};

constexpr std::string_view kCgroupModes[] = {"host", "private"};
constexpr Schema kCgroup{.accepts = kScalar, .expected = "a string", .one_of = kCgroupModes};

// ---- Service: nested structures ------------------------------------------------------------
constexpr Field kBlkioLimitFields[] = {{"path", &kString}, {"rate", &kBytes}};
constexpr Schema kBlkioLimit = object(kBlkioLimitFields, kNoExtensions);
constexpr Schema kBlkioLimits = list_of(kBlkioLimit);
constexpr Field kBlkioWeightFields[] = {{"path", &kString}, {"weight", &kNumber}};
constexpr Schema kBlkioWeight = object(kBlkioWeightFields, kNoExtensions);
constexpr Schema kBlkioWeights = list_of(kBlkioWeight);
constexpr Field kBlkioFields[] = {
    {"device_read_bps", &kBlkioLimits},
    {"device_read_iops", &kBlkioLimits},
    {"device_write_bps", &kBlkioLimits},
    {"device_write_iops", &kBlkioLimits},
    {"weight", &kNumber},
    {"weight_device", &kBlkioWeights},
};
constexpr Schema kBlkio = object(kBlkioFields, kNoExtensions);

constexpr Field kUlimitFields[] = {{"hard", &kNumber}, {"soft", &kNumber}};
constexpr Schema kUlimit{.accepts = kScalar | kMapping,
                         .expected = "a number or a mapping of soft and hard",
                         .fields = kUlimitFields,
                         .object = true};
constexpr Schema kUlimits{.accepts = kMapping, .expected = "a mapping", .values = &kUlimit};

constexpr Field kConfigOrSecretRefFields[] = {
    {"gid", &kString},    {"mode", &kNumber}, {"source", &kString},
    {"target", &kString}, {"uid", &kString},
};
constexpr Schema kConfigOrSecretRef{.accepts = kScalar | kMapping,
                                    .expected = "a string or a mapping",
                                    .fields = kConfigOrSecretRefFields,
                                    .object = true};
constexpr Schema kConfigOrSecretRefs = list_of(kConfigOrSecretRef);

constexpr Field kBuildFields[] = {
    {"additional_contexts", &kListOrDict},
    {"args", &kListOrDict},
    {"cache_from", &kListOfStrings},
    {"cache_to", &kListOfStrings},
    {"context", &kString},
    {"dockerfile", &kString},
    {"dockerfile_inline", &kString},
    {"entitlements", &kListOfStrings},
    {"extra_hosts", &kExtraHosts},
    {"isolation", &kString},
    {"labels", &kListOrDict},
    {"network", &kString},
    {"no_cache", &kBoolean},
    {"platforms", &kListOfStrings},
    {"privileged", &kBoolean},
    {"provenance", &kString},
    {"pull", &kBoolean},
    {"sbom", &kString},
    {"secrets", &kConfigOrSecretRefs},
    {"shm_size", &kBytes},
    {"ssh", &kListOrDict},
    {"tags", &kListOfStrings},
    {"target", &kString},
    {"ulimits", &kUlimits},
};
constexpr Schema kBuild{.accepts = kScalar | kMapping,
                        .expected = "a string or a mapping",
                        .fields = kBuildFields,
                        .object = true};

constexpr Field kCredentialSpecFields[] = {
    {"config", &kString}, {"file", &kString}, {"registry", &kString}};
constexpr Schema kCredentialSpec = object(kCredentialSpecFields);

constexpr std::string_view kConditions[] = {"service_completed_successfully", "service_healthy",
                                            "service_started"};
constexpr Schema kCondition{.accepts = kScalar, .expected = "a string", .one_of = kConditions};
constexpr Field kDependencyFields[] = {
    {"condition", &kCondition}, {"required", &kBoolean}, {"restart", &kBoolean}};
constexpr Schema kDependency = object(kDependencyFields);
constexpr Schema kDependsOn{.accepts = kSequence | kMapping,
                            .expected = "a list or a mapping",
                            .values = &kDependency,
                            .items = &kString,
                            .names = true};

constexpr Field kDeviceFields[] = {
    {"permissions", &kString}, {"source", &kString}, {"target", &kString}};
constexpr Schema kDevice{.accepts = kScalar | kMapping,
                         .expected = "a string or a mapping",
                         .fields = kDeviceFields,
                         .object = true};
constexpr Schema kDevices = list_of(kDevice);

constexpr Field kEnvFileEntryFields[] = {
    {"format", &kString}, {"path", &kString}, {"required", &kBoolean}};
constexpr Schema kEnvFileEntry{.accepts = kScalar | kMapping,
                               .expected = "a string or a mapping",
                               .fields = kEnvFileEntryFields,
                               .object = true,
                               .extensions = false};
constexpr Schema kEnvFile{
    .accepts = kScalar | kSequence, .expected = "a string or a list", .items = &kEnvFileEntry};

constexpr Schema kExpose = list_of(kStringOrNumber);

constexpr Field kExtendsFields[] = {{"file", &kString}, {"service", &kString}};
constexpr Schema kExtends{.accepts = kScalar | kMapping,
                          .expected = "a string or a mapping",
                          .fields = kExtendsFields,
                          .object = true,
                          .extensions = false};

// Device requests (gpus, deploy.resources.reservations.devices).
constexpr Field kDeviceRequestFields[] = {
    {"capabilities", &kListOfStrings}, {"count", &kStringOrNumber},
    {"device_ids", &kListOfStrings},   {"driver", &kString},
    {"options", &kListOrDict},
};
constexpr Schema kDeviceRequest = object(kDeviceRequestFields);
constexpr Schema kDeviceRequests = list_of(kDeviceRequest);
constexpr Schema kGpus{
    .accepts = kScalar | kSequence, .expected = "\"all\" or a list", .items = &kDeviceRequest};

constexpr Field kHealthcheckFields[] = {
    {"disable", &kBoolean},         {"interval", &kDuration},     {"retries", &kNumber},
    {"start_interval", &kDuration}, {"start_period", &kDuration}, {"test", &kCommand},
    {"timeout", &kDuration},
};
constexpr Schema kHealthcheck = object(kHealthcheckFields);

constexpr Field kLoggingFields[] = {{"driver", &kString}, {"options", &kScalarMap}};
constexpr Schema kLogging = object(kLoggingFields);

constexpr Field kServiceModelFields[] = {{"endpoint_var", &kString}, {"model_var", &kString}};
constexpr Schema kServiceModel = object(kServiceModelFields);
constexpr Schema kServiceModels{.accepts = kSequence | kMapping,
                                .expected = "a list or a mapping",
                                .values = &kServiceModel,
                                .items = &kString};

constexpr Field kServiceNetworkFields[] = {
    {"aliases", &kListOfStrings},        {"driver_opts", &kScalarMap}, {"gw_priority", &kNumber},
    {"interface_name", &kString},        {"ipv4_address", &kString},   {"ipv6_address", &kString},
    {"link_local_ips", &kListOfStrings}, {"mac_address", &kString},    {"priority", &kNumber},
};
constexpr Schema kServiceNetwork = object(kServiceNetworkFields);
constexpr Schema kServiceNetworks{.accepts = kSequence | kMapping,
                                  .expected = "a list or a mapping",
                                  .values = &kServiceNetwork,
                                  .items = &kString,
                                  .names = true};

constexpr Field kPortFields[] = {
    {"app_protocol", &kString},   {"host_ip", &kString},  {"mode", &kString},
    {"name", &kString},           {"protocol", &kString}, {"published", &kStringOrNumber},
    {"target", &kStringOrNumber},
};
constexpr Schema kPort{.accepts = kScalar | kMapping,
                       .expected = "a string, a number or a mapping",
                       .fields = kPortFields,
                       .object = true};
constexpr Schema kPorts = list_of(kPort);

constexpr Schema kProviderOption{
    .accepts = kScalar | kSequence, .expected = "a scalar or a list", .items = &kString};
constexpr Schema kProviderOptions{
    .accepts = kMapping, .expected = "a mapping", .values = &kProviderOption};
constexpr Field kProviderFields[] = {{"options", &kProviderOptions}, {"type", &kString}};
constexpr Schema kProvider = object(kProviderFields);

constexpr Field kHookFields[] = {
    {"command", &kCommand}, {"environment", &kListOrDict}, {"privileged", &kBoolean},
    {"user", &kString},     {"working_dir", &kString},
};
constexpr Schema kHook = object(kHookFields);
constexpr Schema kHooks = list_of(kHook);
// `pre_start` is newer than the published schema and runs a container of its own (image,
// volumes, ...): its entries are only required to be mappings.
constexpr Schema kPreStartHooks = list_of(kAnyMapping);

constexpr std::string_view kMountTypes[] = {"bind", "cluster", "image", "npipe", "tmpfs", "volume"};
constexpr Schema kMountType{.accepts = kScalar, .expected = "a string", .one_of = kMountTypes};
constexpr std::string_view kRecursive[] = {"disabled", "enabled", "readonly", "writable"};
constexpr Schema kRecursiveMode{.accepts = kScalar, .expected = "a string", .one_of = kRecursive};
constexpr Field kBindOptionFields[] = {
    {"create_host_path", &kBoolean},
    {"propagation", &kString},
    {"recursive", &kRecursiveMode},
    {"selinux", &kString},
};
constexpr Schema kBindOptions = object(kBindOptionFields);
constexpr Field kVolumeOptionFields[] = {
    {"labels", &kListOrDict}, {"nocopy", &kBoolean}, {"subpath", &kString}};
constexpr Schema kVolumeOptions = object(kVolumeOptionFields);
constexpr Field kTmpfsOptionFields[] = {{"mode", &kNumber}, {"size", &kBytes}};
constexpr Schema kTmpfsOptions = object(kTmpfsOptionFields);
constexpr Field kImageOptionFields[] = {{"subpath", &kString}};
constexpr Schema kImageOptions = object(kImageOptionFields);
constexpr Field kMountFields[] = {
    {"bind", &kBindOptions},   {"consistency", &kString}, {"image", &kImageOptions},
    {"read_only", &kBoolean},  {"source", &kString},      {"target", &kString},
    {"tmpfs", &kTmpfsOptions}, {"type", &kMountType},     {"volume", &kVolumeOptions},
};
constexpr Schema kMount{.accepts = kScalar | kMapping,
                        .expected = "a string or a mapping",
                        .fields = kMountFields,
                        .object = true};
constexpr Schema kMounts = list_of(kMount);

// deploy
constexpr Field kResourceLimitFields[] = {
    {"cpus", &kStringOrNumber}, {"memory", &kBytes}, {"pids", &kNumber}};
constexpr Schema kResourceLimits = object(kResourceLimitFields);
constexpr Field kDiscreteResourceFields[] = {{"kind", &kString}, {"value", &kNumber}};
constexpr Schema kDiscreteResource = object(kDiscreteResourceFields);
constexpr Field kGenericResourceFields[] = {{"discrete_resource_spec", &kDiscreteResource}};
constexpr Schema kGenericResource = object(kGenericResourceFields);
constexpr Schema kGenericResources = list_of(kGenericResource);
constexpr Field kReservationFields[] = {
    {"cpus", &kStringOrNumber},
    {"devices", &kDeviceRequests},
    {"generic_resources", &kGenericResources},
    {"memory", &kBytes},
};
constexpr Schema kReservations = object(kReservationFields);
constexpr Field kResourcesFields[] = {{"limits", &kResourceLimits},
                                      {"reservations", &kReservations}};
constexpr Schema kResources = object(kResourcesFields);
constexpr Field kRestartPolicyFields[] = {
    {"condition", &kString},
    {"delay", &kDuration},
    {"max_attempts", &kNumber},
    {"window", &kDuration},
};
constexpr Schema kRestartPolicy = object(kRestartPolicyFields);
constexpr Field kUpdateConfigFields[] = {
    {"delay", &kDuration},   {"failure_action", &kString}, {"max_failure_ratio", &kNumber},
    {"monitor", &kDuration}, {"order", &kString},          {"parallelism", &kNumber},
};
constexpr Schema kUpdateConfig = object(kUpdateConfigFields);
constexpr Field kPreferenceFields[] = {{"spread", &kString}};
constexpr Schema kPreference = object(kPreferenceFields);
constexpr Schema kPreferences = list_of(kPreference);
constexpr Field kPlacementFields[] = {
    {"constraints", &kListOfStrings},
    {"max_replicas_per_node", &kNumber},
    {"preferences", &kPreferences},
};
constexpr Schema kPlacement = object(kPlacementFields);
constexpr Field kDeployFields[] = {
    {"endpoint_mode", &kString},
    {"labels", &kListOrDict},
    {"mode", &kString},
    {"placement", &kPlacement},
    {"replicas", &kNumber},
    {"resources", &kResources},
    {"restart_policy", &kRestartPolicy},
    {"rollback_config", &kUpdateConfig},
    {"update_config", &kUpdateConfig},
};
constexpr Schema kDeploy = object(kDeployFields);

// develop
constexpr std::string_view kWatchActions[] = {"rebuild", "restart", "sync", "sync+exec",
                                              "sync+restart"};
constexpr Schema kWatchAction{.accepts = kScalar, .expected = "a string", .one_of = kWatchActions};
constexpr Field kWatchFields[] = {
    {"action", &kWatchAction},   {"exec", &kHook},
    {"ignore", &kStringOrList},  {"include", &kStringOrList},
    {"initial_sync", &kBoolean}, {"path", &kString},
    {"target", &kString},
};
constexpr Schema kWatch = object(kWatchFields);
constexpr Schema kWatches = list_of(kWatch);
constexpr Field kDevelopFields[] = {{"watch", &kWatches}};
constexpr Schema kDevelop = object(kDevelopFields);

// ---- Service -------------------------------------------------------------------------------
constexpr Field kServiceFields[] = {
    {"annotations", &kListOrDict},
    {"attach", &kBoolean},
    {"blkio_config", &kBlkio},
    {"build", &kBuild},
    {"cap_add", &kListOfStrings},
    {"cap_drop", &kListOfStrings},
    {"cgroup", &kCgroup},
    {"cgroup_parent", &kString},
    {"command", &kCommand},
    {"configs", &kConfigOrSecretRefs},
    {"container_name", &kString},
    {"cpu_count", &kNumber},
    {"cpu_percent", &kNumber},
    {"cpu_period", &kStringOrNumber},
    {"cpu_quota", &kStringOrNumber},
    {"cpu_rt_period", &kStringOrNumber},
    {"cpu_rt_runtime", &kStringOrNumber},
    {"cpu_shares", &kStringOrNumber},
    {"cpus", &kStringOrNumber},
    {"cpuset", &kString},
    {"credential_spec", &kCredentialSpec},
    {"depends_on", &kDependsOn},
    {"deploy", &kDeploy},
    {"develop", &kDevelop},
    {"device_cgroup_rules", &kListOfStrings},
    {"devices", &kDevices},
    {"dns", &kStringOrList},
    {"dns_opt", &kListOfStrings},
    {"dns_search", &kStringOrList},
    {"domainname", &kString},
    {"entrypoint", &kCommand},
    {"env_file", &kEnvFile},
    {"environment", &kListOrDict},
    {"expose", &kExpose},
    {"extends", &kExtends},
    {"external_links", &kListOfStrings},
    {"extra_hosts", &kExtraHosts},
    {"gpus", &kGpus},
    {"group_add", &kExpose},
    {"healthcheck", &kHealthcheck},
    {"hostname", &kString},
    {"image", &kString},
    {"init", &kBoolean},
    {"ipc", &kString},
    {"isolation", &kString},
    {"label_file", &kStringOrList},
    {"labels", &kListOrDict},
    {"links", &kListOfStrings},
    {"logging", &kLogging},
    {"mac_address", &kString},
    {"mem_limit", &kBytes},
    {"mem_reservation", &kBytes},
    {"mem_swappiness", &kNumber},
    {"memswap_limit", &kBytes},
    {"models", &kServiceModels},
    {"network_mode", &kString},
    {"networks", &kServiceNetworks},
    {"oom_kill_disable", &kBoolean},
    {"oom_score_adj", &kNumber},
    {"pid", &kString},
    {"pids_limit", &kNumber},
    {"platform", &kString},
    {"ports", &kPorts},
    {"post_start", &kHooks},
    {"pre_start", &kPreStartHooks},
    {"pre_stop", &kHooks},
    {"privileged", &kBoolean},
    {"profiles", &kListOfStrings},
    {"provider", &kProvider},
    {"pull_policy", &kString},
    {"pull_refresh_after", &kString},
    {"read_only", &kBoolean},
    {"restart", &kString},
    {"runtime", &kString},
    {"scale", &kNumber},
    {"secrets", &kConfigOrSecretRefs},
    {"security_opt", &kListOfStrings},
    {"shm_size", &kBytes},
    {"stdin_open", &kBoolean},
    {"stop_grace_period", &kDuration},
    {"stop_signal", &kString},
    {"storage_opt", &kAnyMapping},
    {"sysctls", &kListOrDict},
    {"tmpfs", &kStringOrList},
    {"tty", &kBoolean},
    {"ulimits", &kUlimits},
    {"use_api_socket", &kBoolean},
    {"user", &kString},
    {"userns_mode", &kString},
    {"uts", &kString},
    {"volume_driver", &kString},  // file format 2.x; still accepted
    {"volumes", &kMounts},
    {"volumes_from", &kListOfStrings},
    {"working_dir", &kString},
};
constexpr Schema kService = object(kServiceFields);
constexpr Schema kServices{
    .accepts = kMapping, .expected = "a mapping", .values = &kService, .names = true};

// ---- Top-level resources ---------------------------------------------------------------------
constexpr Field kExternalFields[] = {{"name", &kString}};
constexpr Schema kExternal{.accepts = kScalar | kMapping,
                           .expected = "a boolean or a mapping",
                           .fields = kExternalFields,
                           .object = true};

constexpr Field kIpamConfigFields[] = {
    {"aux_addresses", &kScalarMap},
    {"gateway", &kString},
    {"ip_range", &kString},
    {"subnet", &kString},
};
constexpr Schema kIpamConfig = object(kIpamConfigFields);
constexpr Schema kIpamConfigs = list_of(kIpamConfig);
constexpr Field kIpamFields[] = {
    {"config", &kIpamConfigs}, {"driver", &kString}, {"options", &kScalarMap}};
constexpr Schema kIpam = object(kIpamFields);
constexpr Field kNetworkFields[] = {
    {"attachable", &kBoolean},  {"driver", &kString},       {"driver_opts", &kScalarMap},
    {"enable_ipv4", &kBoolean}, {"enable_ipv6", &kBoolean}, {"external", &kExternal},
    {"internal", &kBoolean},    {"ipam", &kIpam},           {"labels", &kListOrDict},
    {"name", &kString},
};
constexpr Schema kNetwork = object(kNetworkFields);
constexpr Schema kNetworks{
    .accepts = kMapping, .expected = "a mapping", .values = &kNetwork, .names = true};

constexpr Field kVolumeFields[] = {
    {"driver", &kString},     {"driver_opts", &kScalarMap}, {"external", &kExternal},
    {"labels", &kListOrDict}, {"name", &kString},
};
constexpr Schema kVolume = object(kVolumeFields);
constexpr Schema kVolumes{
    .accepts = kMapping, .expected = "a mapping", .values = &kVolume, .names = true};

constexpr Field kSecretFields[] = {
    {"driver", &kString},      {"driver_opts", &kScalarMap},
    {"environment", &kString}, {"external", &kExternal},
    {"file", &kString},        {"labels", &kListOrDict},
    {"name", &kString},        {"template_driver", &kString},
};
constexpr Schema kSecret = object(kSecretFields);
constexpr Schema kSecrets{
    .accepts = kMapping, .expected = "a mapping", .values = &kSecret, .names = true};

constexpr Field kConfigFields[] = {
    {"content", &kString},         {"environment", &kString},
    {"external", &kExternal},      {"file", &kString},
    {"labels", &kListOrDict},      {"name", &kString},
    {"template_driver", &kString},
};
constexpr Schema kConfig = object(kConfigFields);
constexpr Schema kConfigs{
    .accepts = kMapping, .expected = "a mapping", .values = &kConfig, .names = true};

constexpr Field kModelFields[] = {
    {"context_size", &kNumber},
    {"model", &kString},
    {"name", &kString},
    {"runtime_flags", &kListOfStrings},
};
constexpr Schema kModel = object(kModelFields);
constexpr Schema kModels{
    .accepts = kMapping, .expected = "a mapping", .values = &kModel, .names = true};

constexpr Field kIncludeFields[] = {
    {"env_file", &kStringOrList},
    {"path", &kStringOrList},
    {"project_directory", &kString},
};
constexpr Schema kIncludeEntry{.accepts = kScalar | kMapping,
                               .expected = "a string or a mapping",
                               .fields = kIncludeFields,
                               .object = true,
                               .extensions = false};
constexpr Schema kInclude = list_of(kIncludeEntry);

constexpr Field kTopLevelFields[] = {
    {"configs", &kConfigs},   {"include", &kInclude},   {"models", &kModels},
    {"name", &kString},       {"networks", &kNetworks}, {"secrets", &kSecrets},
    {"services", &kServices}, {"version", &kString},    {"volumes", &kVolumes},
};
constexpr Schema kTopLevel = object(kTopLevelFields);

// Every object's keys are sorted: lookups are a binary search.
static_assert(sorted(kBlkioLimitFields) && sorted(kBlkioWeightFields) && sorted(kBlkioFields));
static_assert(sorted(kUlimitFields) && sorted(kConfigOrSecretRefFields) && sorted(kBuildFields));
static_assert(sorted(kCredentialSpecFields) && sorted(kDependencyFields) && sorted(kDeviceFields));
static_assert(sorted(kEnvFileEntryFields) && sorted(kExtendsFields) &&
              sorted(kDeviceRequestFields));
static_assert(sorted(kHealthcheckFields) && sorted(kLoggingFields) && sorted(kServiceModelFields));
static_assert(sorted(kServiceNetworkFields) && sorted(kPortFields) && sorted(kProviderFields));
static_assert(sorted(kHookFields) && sorted(kBindOptionFields) && sorted(kVolumeOptionFields));
static_assert(sorted(kTmpfsOptionFields) && sorted(kImageOptionFields) && sorted(kMountFields));
static_assert(sorted(kResourceLimitFields) && sorted(kDiscreteResourceFields) &&
              sorted(kGenericResourceFields));
static_assert(sorted(kReservationFields) && sorted(kResourcesFields) &&
              sorted(kRestartPolicyFields));
static_assert(sorted(kUpdateConfigFields) && sorted(kPreferenceFields) && sorted(kPlacementFields));
static_assert(sorted(kDeployFields) && sorted(kWatchFields) && sorted(kDevelopFields));
static_assert(sorted(kServiceFields) && sorted(kExternalFields) && sorted(kIpamConfigFields));
static_assert(sorted(kIpamFields) && sorted(kNetworkFields) && sorted(kVolumeFields) &&
              sorted(kSecretFields));
static_assert(sorted(kConfigFields) && sorted(kModelFields) && sorted(kIncludeFields) &&
              sorted(kTopLevelFields));

// ---- Walking ---------------------------------------------------------------------------------

// Where a value sits, for messages; built into a string only when something is reported.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;  // empty for a list entry
  size_t index = 0;
};

void append_path(std::string& out, const Path* p) {
  if (!p) return;
  append_path(out, p->parent);
  if (p->key.empty()) {
    out += '[';
    out += std::to_string(p->index);
    out += ']';
    return;
  }
  if (p->parent) out += '.';
  out += p->key;
}

std::string path_text(const Path* p) {
  if (!p) return "the top level";
  std::string out;
  append_path(out, p);
  return out;
}

// Edit distance where case and '-'/'_' do not count, for "did you mean". Keys are short; longer
// ones get no suggestion.
size_t distance(std::string_view a, std::string_view b) {
  constexpr size_t kMax = 40;
  if (a.size() >= kMax || b.size() >= kMax) return kMax;
  auto fold = [](char c) {
    if (c == '-') return '_';
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  std::array<size_t, kMax + 1> prev{};
  std::array<size_t, kMax + 1> cur{};
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    prev = cur;
  }
  return prev[b.size()];
}

std::string_view closest(std::string_view key, std::span<const Field> fields) {
  const size_t limit = key.size() <= 4 ? 1 : (key.size() <= 8 ? 2 : 3);
  std::string_view best;
  size_t best_distance = limit + 1;
  for (const Field& f : fields) {
    const size_t d = distance(key, f.key);
    if (d < best_distance) {
      best_distance = d;
      best = f.key;
    }
  }
  return best;
}

const Schema* find_field(std::span<const Field> fields, std::string_view key) {
  auto it = std::lower_bound(fields.begin(), fields.end(), key,
                             [](const Field& f, std::string_view k) { return f.key < k; });
  return it != fields.end() && it->key == key ? it->schema : nullptr;
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Go's time.ParseDuration grammar: [-+]? ( digits [. digits] unit )+ , or "0".
bool valid_duration(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == "0") return true;
  if (s.empty()) return false;
  while (!s.empty()) {
    size_t i = 0;
    bool digits = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, digits = true;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, digits = true;
    }
    if (!digits) return false;
    s.remove_prefix(i);
    static constexpr std::string_view kUnits[] = {"ns", "us", "\xC2\xB5s", "\xCE\xBCs",
                                                  "ms", "s",  "m",         "h"};
    bool unit = false;
    for (std::string_view u : kUnits) {
      if (s.substr(0, u.size()) == u) {
        s.remove_prefix(u.size());
        unit = true;
        break;
      }
    }
    if (!unit) return false;
  }
  return true;
}

std::string_view kind_name(const Node& n) {
  if (n.is_mapping()) return "a mapping";
  if (n.is_sequence()) return "a list";
  return "a scalar";
}

class Validator {
 public:
  explicit Validator(std::vector<model::Diagnostic>& out) : out_(out), first_(out.size()) {}

  void value(const Node& n, const Schema& s, const Path* path) {
    if (n.is_null() || std::string_view(n.tag) == "!reset") return;
    const uint8_t kind = n.is_mapping() ? kMapping : n.is_sequence() ? kSequence : kScalar;
    if (!(s.accepts & kind)) {
      report(n.span, path_text(path) + " must be " + std::string(s.expected) + ", not " +
                         std::string(kind_name(n)));
      return;
    }
    if (kind == kScalar)
      scalar(n, s, path);
    else if (kind == kSequence)
      sequence(n, s, path);
    else
      mapping(n, s, path);
  }

 private:
  void scalar(const Node& n, const Schema& s, const Path* path) {
    // What interpolation produced is never judged: it may differ wherever the project runs.
    if (n.interpolation) return;
    if (!s.one_of.empty()) {
      if (std::find(s.one_of.begin(), s.one_of.end(), n.value) != s.one_of.end()) return;
      std::string allowed;
      for (std::string_view v : s.one_of) {
        if (!allowed.empty()) allowed += ", ";
        allowed += '"';
        allowed += v;
        allowed += '"';
      }
      report(n.span, path_text(path) + " must be one of " + allowed + ", not " +
                         source::quote_excerpt(n.value));
      return;
    }
    if (s.check == Check::kBoolean && !n.is_null() && !n.value.empty() && !n.compose_boolean())
      report(n.span, path_text(path) + " must be a boolean (true or false), not " + source::quote_excerpt(n.value));
    if (s.check == Check::kDuration && n.type == yaml::Type::kString && !valid_duration(n.value))
      report(n.span, path_text(path) +
                         " must be a duration such as \"1m30s\" (units ns, us, ms, s, m, h), not " +
                         source::quote_excerpt(n.value));
  }

  void sequence(const Node& n, const Schema& s, const Path* path) {
    if (!s.items) return;
    for (size_t i = 0; i < n.items.size(); ++i) {
      const Path here{path, {}, i};
      value(*n.items[i], *s.items, &here);
    }
  }

  void mapping(const Node& n, const Schema& s, const Path* path) {
    for (const yaml::Pair& p : n.pairs) {
      if (!p.key->is_scalar()) continue;
      const std::string_view key = p.key->value;
      const Path here{path, key, 0};
      if (s.object) {
        if (const Schema* f = find_field(s.fields, key)) {
          value(*p.value, *f, &here);
          continue;
        }
        if (s.extensions && key.starts_with("x-")) continue;
        unknown_key(*p.key, *p.value, s, path);
        continue;
      }
      if (s.names && !valid_name(key)) {
        report(p.key->span, "invalid name " + source::quote_excerpt(key) + " in " +
                                path_text(path) +
                                ": Compose allows only letters, digits, '.', '_' and '-'");
        continue;
      }
      if (s.values) value(*p.value, *s.values, &here);
    }
  }

  void unknown_key(const Node& key, const Node& val, const Schema& s, const Path* path) {
    std::string message =
        path ? "unknown key " + source::quote_excerpt(key.value) + " in " + path_text(path)
             : "unknown top-level key " + source::quote_excerpt(key.value);
    const std::string_view suggestion = closest(key.value, s.fields);
    if (!suggestion.empty()) {
      message += "; did you mean \"";
      message += suggestion;
      message += "\"?";
    } else if (!path && val.is_mapping() && (val.get("image") || val.get("build"))) {
      // The version 1 file format put services at the top level; Compose v2 refuses it.
      message +=
          "; services belong under \"services:\" (the version 1 file format is no longer "
          "supported)";
    }
    report(key.span, std::move(message));
  }

  // Aliased nodes are shared: an anchor merged into several services is reported once.
  void report(const source::Span& span, std::string message) {
    for (size_t i = first_; i < out_.size(); ++i)
      if (out_[i].span.file == span.file && out_[i].span.begin == span.begin) return;
    out_.push_back(model::Diagnostic{"CLR902", span, std::move(message)});
  }

  std::vector<model::Diagnostic>& out_;
  size_t first_;
};

}  // namespace

void validate_schema(const yaml::Node& root, std::vector<model::Diagnostic>& out) {
  try {
    Validator(out).value(root, kTopLevel, nullptr);
  } catch (...) {
    // Only allocation can fail here; what was found so far stands.
  }
}

}  // namespace clearance::compose
