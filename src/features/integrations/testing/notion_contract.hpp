// Runs tests/contract/check_notion_requests.mjs (node, with the pinned
// @notionhq/client and typescript of tests/contract/node_modules) on a
// Notion stand-in's request log: every request moim sent must fit Notion's
// own request types. The tests call it when they end.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace moim::automation::testing {

// A fresh path for a stand-in's --request-log.
inline std::string notion_request_log_path() {
  static int counter = 0;
  return (std::filesystem::temp_directory_path() /
          ("moim_notion_requests_" + std::to_string(getpid()) + "_" + std::to_string(counter++) +
           ".jsonl"))
      .string();
}

// Checks the log (an absent log is no requests) and removes it.
inline void expect_notion_requests_fit_types(const std::string& source_dir,
                                             const std::string& log) {
  if (!std::filesystem::exists(log)) return;
  const std::string command =
      "node " + source_dir + "/tests/contract/check_notion_requests.mjs " + log + " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr) << command;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << "Notion requests that do not fit @notionhq/client's types (is "
                          "tests/contract installed? scripts/install-deps.sh):\n"
                       << output;
  if (status == 0) std::filesystem::remove(log);
}

}  // namespace moim::automation::testing
