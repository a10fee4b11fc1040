// What one request reads more than once, kept for that request only.
//
// A request is served start to finish on the thread that read it
// (http::Pipeline), and a page looks the same rows up several times: the
// community row is read by the page, its section navigation and each service
// it calls. Services may keep such a read for the request in progress:
// `Scope` marks it (the pipeline holds one per request), and every committed
// write on the thread (db::Transaction::commit) starts a new generation, so
// a request that changes the row reads it again. Outside a request (the
// outbox worker, the CLI) nothing is kept.
#pragma once

#include <cstdint>
#include <utility>

namespace moim::request_scope {

class Scope {
 public:
  Scope();
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

// 0 outside a request; otherwise a number that changes with each request and
// each committed write on this thread.
std::uint64_t generation();
// Called by db::Transaction::commit.
void forget();

// One remembered value, valid while generation() stays what it was when
// stored. Declare it thread_local.
template <class Key, class Value>
struct Memo {
  std::uint64_t generation = 0;
  Key key{};
  Value value{};

  const Value* find(const Key& wanted) const {
    const std::uint64_t now = request_scope::generation();
    return now != 0 && now == generation && wanted == key ? &value : nullptr;
  }
  void store(Key stored_key, Value stored) {
    generation = request_scope::generation();
    if (generation == 0) return;
    key = std::move(stored_key);
    value = std::move(stored);
  }
};

}  // namespace moim::request_scope
