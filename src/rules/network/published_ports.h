#pragma once
// Helpers shared by the port rules (CLR201-CLR203): whether a service's `ports:` take effect,
// and how to name a port entry and where to point at it.
#include <string>

#include "compose/interpolation.h"
#include "model/container_spec.h"
#include "yaml/node.h"

namespace clearance::rules::network {

// Ports are only published on the project's (or a named) network: with `network_mode: host`
// Compose ignores them (CLR111 reports the mode), and `none`, `service:x` and `container:x` cannot
// publish. An unknown network mode is treated as one that cannot publish: the rules do not guess.
inline bool publishes_ports(const model::ContainerSpec& service) {
  const model::Text& mode = service.network_mode;
  if (!mode.present || mode.value.empty()) return true;
  if (mode.unknown()) return false;
  const std::string& m = mode.value;
  return m != "host" && m != "none" && m.rfind("service:", 0) != 0 && m.rfind("container:", 0) != 0;
}

// True when something that decides where the port is published could not be resolved.
inline bool port_unknown(const model::Port& port) {
  if (port.published_unknown || port.host_ip.unknown()) return true;
  // Long syntax: a `published:` that interpolated to nothing reads as null, and the model then
  // takes the port as published at random; it is unknown.
  if (port.node && port.node->is_mapping())
    if (const yaml::Node* published = port.node->get("published"))
      return published->interpolation && published->interpolation->unknown;
  return false;
}

inline std::string range_text(uint32_t lo, uint32_t hi) {
  return lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi);
}

// The entry as the user wrote it (resolved): "8080:80" for the short syntax, and the same shape
// built from `host_ip`, `published` and `target` for the long syntax.
inline std::string port_text(const model::Port& port) {
  if (port.node && port.node->is_scalar()) return port.node->value;
  std::string out;
  if (port.host_ip.present && !port.host_ip.value.empty()) out += port.host_ip.value + ":";
  if (port.published_start) out += range_text(*port.published_start, *port.published_end) + ":";
  out += range_text(port.target_start, port.target_end);
  if (port.protocol != "tcp") out += "/" + port.protocol;
  return out;
}

// Where a finding about the binding points: the short-syntax entry, or in the long syntax the
// `host_ip` value, else the `published` value, else the entry.
inline model::Span binding_span(const model::Port& port) {
  if (port.node && port.node->is_scalar()) return port.span;
  if (port.host_ip.present) return port.host_ip.span;
  if (port.published_span.valid()) return port.published_span;
  return port.span;
}

}  // namespace clearance::rules::network
