#pragma once
// Facts that several rules derive from the same project (where credentials are set, ...):
// computed by the first rule that asks, kept for the project's other rules. The rules of one
// project run one after another on one thread, so the store needs no lock.
#include <memory>
#include <typeinfo>
#include <unordered_map>
#include <utility>

namespace clearance::model {

class DerivedFacts {
 public:
  // The fact of type T, made by make() on first use.
  template <class T, class Make>
  const T& get(Make&& make) const {
    std::shared_ptr<void>& slot = slots_[&typeid(T)];
    if (!slot) slot = std::make_shared<T>(std::forward<Make>(make)());
    return *static_cast<const T*>(slot.get());
  }

  // A T that rules fill in as they go (facts kept per file of the project), empty at first.
  template <class T>
  T& scratch() const {
    std::shared_ptr<void>& slot = slots_[&typeid(T)];
    if (!slot) slot = std::make_shared<T>();
    return *static_cast<T*>(slot.get());
  }

 private:
  // Keyed by the address of the type's type_info, which is unique within the one program
  // clearance is (std::type_index would hash the type's mangled name on every lookup, and
  // rules ask for facts per file).
  mutable std::unordered_map<const std::type_info*, std::shared_ptr<void>> slots_;
};

}  // namespace clearance::model
