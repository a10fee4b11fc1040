// What many requests read alike (a cohort's project catalog, the cohorts a
// community page chooses from), kept in memory across requests and used
// only while the version it was read at is still the current one.
//
// The version is the caller's to read, from the database and in the same
// request, before it reads the value it stores: a value is then never older
// than its version, and a request never gets a value older than the version
// it read itself. Writers bump the version in the transaction that changes
// the rows (for communities: content_versions, migration 0026), so every
// instance on a shared PostgreSQL sees a write by any other.
//
// The version is an int64 counter by default; any type with == will do (the
// kept pages and community rows use the database's change stamp,
// platform/db/change_stamp.hpp, with the clock's second beside it).
//
// Values are shared, immutable and handed out by shared_ptr: a hit costs a
// lock and a reference count, never a copy of the value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace moim {

template <class Key, class Value, class Version = std::int64_t>
class VersionedCache {
 public:
  explicit VersionedCache(std::size_t capacity = 64) : capacity_(capacity) {}
  VersionedCache(const VersionedCache&) = delete;
  VersionedCache& operator=(const VersionedCache&) = delete;

  // The value kept for `key` at exactly `version` (a database restored to
  // an older state may count the same numbers again: an older or newer
  // entry is never taken for this one), or null.
  std::shared_ptr<const Value> find(const Key& key, const Version& version) const {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found == entries_.end() || found->second.version != version) return nullptr;
    return found->second.value;
  }

  // Keeps `value` as `key` at `version`, in place of what was kept. At
  // capacity, an arbitrary other entry goes: what is read often comes back
  // at the next read.
  std::shared_ptr<const Value> store(const Key& key, const Version& version, Value value) {
    auto shared = std::make_shared<const Value>(std::move(value));
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_ && !entries_.contains(key)) entries_.erase(entries_.begin());
    entries_.insert_or_assign(key, Entry{version, shared});
    return shared;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    Version version{};
    std::shared_ptr<const Value> value;
  };
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<Key, Entry> entries_;  // guarded by mutex_
};

}  // namespace moim
