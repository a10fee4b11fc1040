// Runs one of the local stand-ins beside this file (smtp_sink.py,
// webhook_receiver.py) for a test: a fresh folder, the port it listens on,
// and what it recorded. Stopped (SIGKILL) and cleaned up on destruction.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace moim::automation::testing {

class HelperProcess {
 public:
  // script: path to the .py file; extra: its options after the folder.
  HelperProcess(const std::string& script, const std::vector<std::string>& extra = {}) {
    static int counter = 0;
    folder_ =
        std::filesystem::temp_directory_path() /
        ("moim_helper_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000));
    std::filesystem::create_directories(folder_);
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<std::string> args{"/usr/bin/python3", script, folder_.string()};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!std::filesystem::exists(folder_ / "port")) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("helper " + script + " did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::ifstream(folder_ / "port") >> port_;
  }
  ~HelperProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  HelperProcess(const HelperProcess&) = delete;
  HelperProcess& operator=(const HelperProcess&) = delete;

  int port() const { return port_; }
  // Every recorded file (.eml or .json), in arrival order.
  std::vector<std::string> records() const {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
      const auto extension = entry.path().extension();
      if (extension == ".eml" || extension == ".json") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> out;
    for (const auto& path : paths) {
      std::ifstream file(path, std::ios::binary);
      std::stringstream text;
      text << file.rdbuf();
      out.push_back(text.str());
    }
    return out;
  }
  // Waits until at least `count` records exist (or the timeout passes).
  std::vector<std::string> wait_for(std::size_t count, int timeout_ms = 15000) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    auto found = records();
    while (found.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      found = records();
    }
    return found;
  }

 private:
  std::filesystem::path folder_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// The value of a header in a raw message ("" when absent); unfolds continuation lines.
inline std::string header_value(const std::string& message, const std::string& name) {
  const std::string head = message.substr(0, message.find("\r\n\r\n"));
  std::string needle = "\n" + name + ": ";
  std::size_t at = ("\n" + head).find(needle);
  if (at == std::string::npos) return "";
  std::string value;
  std::size_t pos = at + needle.size() - 1;  // offset into head (we prefixed one '\n')
  while (pos < head.size()) {
    std::size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    value += head.substr(pos, end - pos);
    pos = end + 2;
    if (pos >= head.size() || (head[pos] != ' ' && head[pos] != '\t')) break;
  }
  return value;
}

}  // namespace moim::automation::testing
