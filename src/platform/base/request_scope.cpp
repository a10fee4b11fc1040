#include "platform/base/request_scope.hpp"

namespace moim::request_scope {

namespace {
thread_local std::uint64_t current = 0;  // 0: not serving a request
thread_local std::uint64_t counter = 0;
}  // namespace

Scope::Scope() { current = ++counter; }
Scope::~Scope() { current = 0; }

std::uint64_t generation() { return current; }

void forget() {
  if (current != 0) current = ++counter;
}

}  // namespace moim::request_scope
