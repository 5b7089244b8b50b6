# Sanitizer and fuzzing builds (docs/hardening.md).
#
# ROTOSCOPE_SANITIZE=ON instruments everything with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc or clang). Every report aborts, so a test that trips one fails. float-cast-overflow is
# named explicitly because gcc's "undefined" group leaves it out.
#
# ROTOSCOPE_FUZZ=ON (clang only) adds libFuzzer's coverage instrumentation to all code and builds
# the harnesses of tests/fuzz as libFuzzer programs; without it the same harnesses are built
# with a small driver that replays files, which is how ctest replays the regression corpus in
# every build.
option(ROTOSCOPE_SANITIZE "Build with -fsanitize=address,undefined" OFF)
option(ROTOSCOPE_FUZZ "Build the libFuzzer harnesses of tests/fuzz (needs clang)" OFF)

if(ROTOSCOPE_SANITIZE)
  set(ROTOSCOPE_SANITIZER_FLAGS
      -fsanitize=address,undefined,float-cast-overflow
      -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:${ROTOSCOPE_SANITIZER_FLAGS}>")
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
  # Tests that cannot hold under AddressSanitizer (an address-space limit) say so by this.
  add_compile_definitions(ROTOSCOPE_SANITIZE=1)
  # engine/core/sanitizer_defaults.cpp: the runtimes' defaults, kept by every executable.
  add_link_options(-Wl,--undefined=__lsan_default_suppressions)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # Line tables only: readable stack traces at a fraction of -g's compile and link time.
    add_compile_options($<$<COMPILE_LANGUAGE:C,CXX>:-gline-tables-only>)
  else()
    add_compile_options($<$<COMPILE_LANGUAGE:C,CXX>:-g1>)
  endif()
endif()

if(ROTOSCOPE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ROTOSCOPE_FUZZ needs clang (configure with CC=clang CXX=clang++)")
  endif()
  add_compile_options($<$<COMPILE_LANGUAGE:C,CXX>:-fsanitize=fuzzer-no-link>)
endif()
