#pragma once
// Which services a value of a compose file belongs to. A finding about a value written in a
// service (a credential in `environment:`, an interpolation default) must name that service,
// so that per-service excludes and baseline fingerprints see it; a value written once under an
// anchor or an `extends` base belongs to every service it was merged into.
#include <string_view>
#include <vector>

#include "model/project.h"

namespace clearance::model {

struct ServiceValue {
  const ContainerSpec* service = nullptr;
  // The `<<`, `extends` or override site that brought the value into this service; invalid
  // when the service wrote it itself.
  Span merged_at;
};

// The services whose definition holds the scalar written at `at` or around it (a password
// inside a URL), in the order of project.services; empty for a value outside every service.
std::vector<ServiceValue> services_at(const Project& project, const Span& at);

// The site that merged `node` into the service named `service`: Project::merge_site, unless
// that site is written inside another service. A base service's own values are shared with
// the services that extend it, and the `extends` of one of those is not the base's.
Span merge_site_in_service(const Project& project, const yaml::Node* node, std::string_view service);

}  // namespace clearance::model
