// Defaults of the sanitizer runtimes for every program and test of the sanitizer build
// (cmake/Sanitizers.cmake makes the linker keep this file).
#ifdef ROTOSCOPE_SANITIZE

// Debian's HDF5 1.10 leaks a few small objects on some of the error paths by which it refuses
// a damaged file; that is the library's, and LeakSanitizer would otherwise report it on every
// damaged report the tests and the fuzzers read.
extern "C" const char* __lsan_default_suppressions() { return "leak:libhdf5\n"; }
// ...without listing the suppressions it used on stderr, where every error is one line.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

#endif
