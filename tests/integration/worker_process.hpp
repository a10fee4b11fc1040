// `moim worker` as a child process with its output in a file, for the crash
// tests that kill -9 a worker mid-delivery and start another.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace moim::integration {

class WorkerProcess {
 public:
  // `flags` follow `moim worker`; `name` tells the log files apart.
  WorkerProcess(const std::string& name, const std::vector<std::string>& flags);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  std::string log() const;
  // It logged that it leads the outbox.
  bool leads() const;
  // SIGKILL, as a crash: no chance to record anything.
  void kill_hard();
  // SIGTERM; the exit code, or -1.
  int stop();

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

template <class Predicate>
bool wait_until(Predicate done, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace moim::integration
