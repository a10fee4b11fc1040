# Small helpers so that every folder declares its targets the same way.

# moim_add_gtest(NAME name SOURCES a_test.cpp ... LIBS lib ...)
# One GoogleTest executable, its tests discovered by ctest one by one.
function(moim_add_gtest)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS" ${ARGN})
  if(NOT MOIM_BUILD_TESTS)
    return()
  endif()
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  # PRE_TEST: discover when ctest runs, so environment-dependent cases
  # (the PostgreSQL runs) are listed under the test environment.
  gtest_discover_tests(${ARG_NAME} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()

# moim_add_bench(NAME name SOURCES a_bench.cpp ... LIBS lib ...)
# One Google Benchmark executable; `make bench` runs every one of them.
function(moim_add_bench)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS" ${ARGN})
  if(NOT MOIM_BUILD_BENCH)
    return()
  endif()
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} benchmark::benchmark)
  set_property(GLOBAL APPEND PROPERTY MOIM_BENCHMARKS ${ARG_NAME})
endfunction()
