#pragma once
// How the resource-limit rules (CLR304-CLR306) read a limit's value.
#include <cstdlib>
#include <string>
#include <string_view>

namespace clearance::rules {

// True for a value that Docker reads as "no limit": a number that is 0 or negative, with or
// without a unit ("0", "-1", "0g", "0.0"). Anything else, including text that is not a number,
// is taken as a limit: the rules do not guess.
inline bool means_unlimited(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  size_t end = 0;
  if (end < value.size() && (value[end] == '-' || value[end] == '+')) ++end;
  const size_t digits_from = end;
  while (end < value.size() && ((value[end] >= '0' && value[end] <= '9') || value[end] == '.')) ++end;
  if (end == digits_from) return false;
  const std::string number(value.substr(0, end));
  char* stop = nullptr;
  const double v = std::strtod(number.c_str(), &stop);
  if (stop != number.c_str() + number.size()) return false;
  return v <= 0;
}

}  // namespace clearance::rules
