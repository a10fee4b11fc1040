// Tests only: the text poppler's pdftotext extracts from PDF bytes, as a
// reader's tools would see it (Debian poppler-utils).
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "platform/testing/test_database.hpp"

namespace moim::certificates::testing {

inline std::string pdf_text(const std::string& pdf) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("moim-cert-" + moim::testing::unique_suffix() + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  const std::string command = "pdftotext -enc UTF-8 '" + path.string() + "' - 2>/dev/null";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 4096> buffer{};
    std::size_t read = 0;
    while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      out.append(buffer.data(), read);
    pclose(pipe);
  }
  std::filesystem::remove(path);
  return out;
}

// What zbarimg (Debian zbar-tools) reads from the page's QR code, after
// pdftoppm rasterises it; empty when nothing decodes.
inline std::string pdf_qr_text(const std::string& pdf) {
  const std::string stem =
      (std::filesystem::temp_directory_path() / ("moim-qr-" + moim::testing::unique_suffix()))
          .string();
  std::ofstream(stem + ".pdf", std::ios::binary) << pdf;
  const std::string command = "pdftoppm -png -r 150 -singlefile '" + stem + ".pdf' '" + stem +
                              "' && zbarimg -q --raw '" + stem + ".png' 2>/dev/null";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 4096> buffer{};
    std::size_t read = 0;
    while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      out.append(buffer.data(), read);
    pclose(pipe);
  }
  std::filesystem::remove(stem + ".pdf");
  std::filesystem::remove(stem + ".png");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace moim::certificates::testing
