// Runs a parameterised test suite on every database kind of this environment:
//   INSTANTIATE_TEST_SUITE_P(Drivers, MyTest, moim::testing::AllDatabases(),
//                            moim::testing::DatabaseName);
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/testing/test_database.hpp"

namespace moim::testing {

inline auto AllDatabases() {
  std::vector<std::string> names;
  for (const auto& kind : database_kinds()) names.push_back(kind.name);
  return ::testing::ValuesIn(names);
}

inline std::string DatabaseName(const ::testing::TestParamInfo<std::string>& param_info) {
  return param_info.param;
}

}  // namespace moim::testing
