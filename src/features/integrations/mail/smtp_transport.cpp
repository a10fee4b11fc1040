// SMTP through libcurl: STARTTLS required unless told otherwise (local test
// servers), authentication when a user is set. Each delivery thread keeps
// one curl handle, so its SMTP connection is reused from mail to mail
// (libcurl checks a kept connection is alive before reusing it and opens a
// new one for another server or login).
#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "features/integrations/mail/mail_connector.hpp"

namespace moim::automation {

namespace {

struct Reader {
  const std::string* message;
  std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* reader = static_cast<Reader*>(user);
  const std::size_t room = size * count;
  const std::size_t left = reader->message->size() - reader->offset;
  const std::size_t chunk = std::min(room, left);
  std::memcpy(buffer, reader->message->data() + reader->offset, chunk);
  reader->offset += chunk;
  return chunk;
}

// The calling thread's handle; cleaned up when the thread ends.
class ThreadHandle {
 public:
  ~ThreadHandle() {
    if (curl_ != nullptr) curl_easy_cleanup(curl_);
  }
  CURL* fresh() {
    if (curl_ == nullptr) {
      curl_ = curl_easy_init();
    } else {
      curl_easy_reset(curl_);  // options only: the kept connection stays
    }
    return curl_;
  }

 private:
  CURL* curl_ = nullptr;
};

class SmtpTransport : public MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions options) : options_(std::move(options)) {
    static std::once_flag initialised;
    std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Delivery send(const MailContent& mail, const std::string& message) override {
    thread_local ThreadHandle handle;
    CURL* curl = handle.fresh();
    if (curl == nullptr) return Delivery::retry("libcurl could not start");
    Reader reader{&message};
    const std::string from = "<" + mail.from.address + ">";
    const std::string to = "<" + mail.to.address + ">";
    curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
    char error_text[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(curl, CURLOPT_MAXAGE_CONN, 30L);  // servers drop idle sessions
    if (options_.url.starts_with("smtp://")) {
      curl_easy_setopt(curl, CURLOPT_USE_SSL,
                       options_.require_starttls ? static_cast<long>(CURLUSESSL_ALL)
                                                 : static_cast<long>(CURLUSESSL_NONE));
    }
    if (!options_.user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    // Drop the options (they point at this frame) but keep the connection.
    curl_easy_reset(curl);
    curl_slist_free_all(recipients);
    if (code == CURLE_OK) return Delivery::done(std::to_string(reply) + " accepted");
    std::string error =
        "SMTP: " + std::string(error_text[0] ? error_text : curl_easy_strerror(code));
    if (reply != 0) error += " (reply " + std::to_string(reply) + ")";
    // 5xx is the server refusing this mail for good (no such mailbox,
    // policy); everything else (4xx, network, TLS, login) may pass later.
    if (reply >= 500 && reply < 600 && code != CURLE_LOGIN_DENIED)
      return Delivery::permanent(error);
    return Delivery::retry(error);
  }

 private:
  SmtpOptions options_;
};

}  // namespace

std::unique_ptr<MailTransport> make_smtp_transport(SmtpOptions options) {
  return std::make_unique<SmtpTransport>(std::move(options));
}

}  // namespace moim::automation
