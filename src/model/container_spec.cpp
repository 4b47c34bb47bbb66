#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

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

namespace {

// A host IP as the address it spells, whatever its spelling (`::`, `[0:0:0:0:0:0:0:0]`,
// `::ffff:127.0.0.1`): an IPv4 address (IPv4-mapped IPv6 ones included) or an IPv6 one; nullopt
// for what is no address (a name, text left by an unset variable).
struct HostAddress {
  bool v6 = false;
  in_addr v4_address{};
  in6_addr v6_address{};
};

std::optional<HostAddress> parse_host_ip(std::string ip) {
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  HostAddress a;
  if (::inet_pton(AF_INET, ip.c_str(), &a.v4_address) == 1) return a;
  if (::inet_pton(AF_INET6, ip.c_str(), &a.v6_address) != 1) return std::nullopt;
  if (IN6_IS_ADDR_V4MAPPED(&a.v6_address)) {
    std::memcpy(&a.v4_address, a.v6_address.s6_addr + 12, 4);
    return a;
  }
  a.v6 = true;
  return a;
}

}  // namespace

bool Port::loopback() const {
  if (!host_ip.present) return false;
  if (host_ip.value == "localhost") return true;
  const std::optional<HostAddress> a = parse_host_ip(host_ip.value);
  if (!a) return false;
  if (a->v6) return IN6_IS_ADDR_LOOPBACK(&a->v6_address);
  return (ntohl(a->v4_address.s_addr) >> 24) == 127;  // 127.0.0.0/8
}

bool Port::all_interfaces() const {
  if (!host_ip.present || host_ip.value.empty()) return true;
  const std::optional<HostAddress> a = parse_host_ip(host_ip.value);
  if (!a) return false;
  if (a->v6) return IN6_IS_ADDR_UNSPECIFIED(&a->v6_address);
  return a->v4_address.s_addr == htonl(INADDR_ANY);
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
