#include <algorithm>
#include <cctype>

#include "compose/interpolation.h"
#include "model/container_spec.h"
#include "model/project.h"

namespace clearance::model {

template <class T>
bool Field<T>::unknown() const {
  return node && node->interpolation && node->interpolation->unknown;
}
template struct Field<std::string>;
template struct Field<bool>;

bool Port::loopback() const {
  if (!host_ip.present) return false;
  const std::string& ip = host_ip.value;
  return ip.rfind("127.", 0) == 0 || ip == "::1" || ip == "[::1]" || ip == "localhost";
}

bool Port::all_interfaces() const {
  if (!host_ip.present || host_ip.value.empty()) return true;
  const std::string& ip = host_ip.value;
  return ip == "0.0.0.0" || ip == "::" || ip == "[::]";
}

const Text* Logging::option(std::string_view name) const {
  for (const auto& [k, v] : options)
    if (k == name) return &v;
  return nullptr;
}

const EnvVar* ContainerSpec::env(std::string_view var) const {
  for (const EnvVar& e : environment)
    if (e.name == var) return &e;
  return nullptr;
}

bool ContainerSpec::has_cap_drop_all() const {
  return std::any_of(cap_drop.begin(), cap_drop.end(), [](const Text& t) {
    std::string v = t.value;
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return v == "ALL" || v == "CAP_ALL";
  });
}

const Text* NamedVolume::driver_opt(std::string_view key) const {
  for (const auto& [k, v] : driver_opts)
    if (k == key) return &v;
  return nullptr;
}

const NamedVolume* Project::volume(std::string_view name) const {
  auto it = volumes.find(name);
  return it == volumes.end() ? nullptr : &it->second;
}

}  // namespace clearance::model
