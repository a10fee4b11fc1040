#include "moim_process.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace moim::integration {

namespace {

size_t collect_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t collect_header(char* data, size_t size, size_t count, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(data, size * count);
  return size * count;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && text[start] == ' ') ++start;
  return text.substr(start);
}

std::string temp_dir() {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("moim_it_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace

HttpResult Client::request(const std::string& method, const std::string& path,
                           const std::string& body, const std::string& content_type,
                           const std::vector<std::string>& extra_headers) {
  // curl_easy_reset clears the last request's options but keeps the
  // handle's open connection.
  CURL* curl = kept_.handle ? static_cast<CURL*>(kept_.handle.get()) : curl_easy_init();
  if (kept_.handle) curl_easy_reset(curl);
  HttpResult result;
  std::vector<std::string> header_lines;
  const std::string url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &header_lines);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_slist* headers = nullptr;
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  if (!content_type.empty())
    headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  headers = curl_slist_append(headers, "Expect:");
  std::string cookie_line;
  for (const auto& [name, value] : cookies_)
    cookie_line += (cookie_line.empty() ? "" : "; ") + name + "=" + value;
  if (!cookie_line.empty())
    headers = curl_slist_append(headers, ("Cookie: " + cookie_line).c_str());
  for (const auto& line : extra_headers) headers = curl_slist_append(headers, line.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_slist_free_all(headers);
  if (!kept_.handle) curl_easy_cleanup(curl);
  for (const auto& raw : header_lines) {
    const std::size_t colon = raw.find(':');
    if (colon == std::string::npos) continue;
    std::string name = raw.substr(0, colon);
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string value = trim(raw.substr(colon + 1));
    if (name == "set-cookie") {
      result.set_cookies.push_back(value);
      const std::size_t eq = value.find('=');
      const std::string cookie_name = value.substr(0, eq);
      const std::string cookie_value = value.substr(eq + 1, value.find(';') - eq - 1);
      if (value.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(cookie_name);
      } else {
        cookies_[cookie_name] = cookie_value;
      }
    }
    result.headers[name] = value;
  }
  return result;
}

void Client::keep_connection() {
  if (!kept_.handle)
    kept_.handle.reset(curl_easy_init(), [](void* curl) { curl_easy_cleanup(curl); });
}

std::optional<std::string> Client::cookie(const std::string& name) const {
  auto found = cookies_.find(name);
  if (found == cookies_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> Client::bearer_headers() const {
  if (bearer_.empty()) return {};
  return {"Authorization: Bearer " + bearer_};
}

std::string raw_exchange(int port, const std::string& bytes, int timeout_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "";
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t wrote = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (wrote <= 0) break;
    sent += static_cast<std::size_t>(wrote);
  }
  std::string received;
  char buffer[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, 100) <= 0) continue;
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    received.append(buffer, static_cast<std::size_t>(got));
  }
  close(fd);
  return received;
}

int connect_from(const std::string& source_address, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in source{};
  source.sin_family = AF_INET;
  inet_pton(AF_INET, source_address.c_str(), &source.sin_addr);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string MoimProcess::log_text() const {
  std::ifstream log(work_dir_ + "/server.log");
  return std::string((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
}

MoimProcess::MoimProcess(const std::string& database_url,
                         const std::vector<std::string>& extra_flags, const std::string& web_root,
                         const std::string& log_level) {
  work_dir_ = temp_dir();
  const std::string port_file = work_dir_ + "/port";
  std::vector<std::string> args{MOIM_BINARY_PATH, "serve",   "--listen",    "127.0.0.1:0",
                                "--port-file",    port_file, "--database",  database_url,
                                "--web-root",     web_root,  "--log-level", log_level};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  // MOIM_TEST_WRAP="gdb -batch -ex run -ex bt --args" runs the server under a
  // debugger (or valgrind, or strace) when a test needs investigating.
  if (const char* wrap = std::getenv("MOIM_TEST_WRAP"); wrap != nullptr && *wrap != '\0') {
    std::vector<std::string> wrapped;
    std::istringstream words(wrap);
    for (std::string word; words >> word;) wrapped.push_back(word);
    args.insert(args.begin(), wrapped.begin(), wrapped.end());
  }
  pid_ = fork();
  if (pid_ == 0) {
    const int log_fd =
        open((work_dir_ + "/server.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream file(port_file);
    if (file >> port_) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      std::ifstream log(work_dir_ + "/server.log");
      std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
      pid_ = -1;
      throw std::runtime_error("moim exited before listening: " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("moim did not start listening in time");
}

int MoimProcess::terminate(int wait_ms) {
  if (pid_ <= 0) return -1;
  int early_status = 0;
  if (waitpid(pid_, &early_status, WNOHANG) == pid_) {
    // It died on its own: a crash. Show why, for whoever reads the test log.
    std::ifstream log(work_dir_ + "/server.log");
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    std::fprintf(stderr,
                 "moim (pid %d) died before shutdown, status %d (signal %d); its log:\n%s\n", pid_,
                 early_status, WIFSIGNALED(early_status) ? WTERMSIG(early_status) : 0,
                 text.substr(text.size() > 8000 ? text.size() - 8000 : 0).c_str());
    pid_ = -1;
    return -1;
  }
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

MoimProcess::~MoimProcess() {
  terminate();
  if (std::getenv("MOIM_TEST_WRAP") != nullptr) {  // investigating: show what the wrapper saw
    std::ifstream log(work_dir_ + "/server.log");
    std::fprintf(stderr, "%s\n", std::string((std::istreambuf_iterator<char>(log)), {}).c_str());
  }
  std::error_code ignored;
  std::filesystem::remove_all(work_dir_, ignored);
}

int run_moim(const std::vector<std::string>& args, std::string* output) {
  std::string command = MOIM_BINARY_PATH;
  for (const auto& arg : args) {
    command += " '";
    for (char ch : arg) {
      if (ch == '\'')
        command += "'\\''";
      else
        command += ch;
    }
    command += "'";
  }
  command += " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string text;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe)) text += buffer;
  const int status = pclose(pipe);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string csrf_from(const std::string& html) {
  const std::string marker = "name=\"_csrf\" value=\"";
  const std::size_t start = html.find(marker);
  if (start == std::string::npos) return "";
  const std::size_t value_start = start + marker.size();
  return html.substr(value_start, html.find('"', value_start) - value_start);
}

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

}  // namespace moim::integration
