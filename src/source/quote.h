#pragma once
// Quoting text from an input file inside a message, the way Go's %q does, cut short so that a
// 10 MB value stays readable: `"a\tb..."`. Control characters are escaped, never printed.
#include <string>
#include <string_view>

namespace clearance::source {

std::string quote_excerpt(std::string_view text, size_t max_bytes = 120);

}  // namespace clearance::source
