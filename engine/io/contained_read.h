// Reading a report that may have been crafted to crash the HDF5 library. Debian's HDF5 trusts
// the file's fractal heaps and B-trees: edited blocks with recomputed checksums make it read
// wild pointers inside H5Aexists/H5Lexists, below any check Rotoscope can make. So every read
// of a report first runs in a forked child process, limited in memory and time; the program
// itself reads the file only when the child has read it without incident. A child that dies,
// exceeds its limits or hangs turns into one BadInput line naming the file.
#pragma once
#include <functional>
#include <string>

#include "core/progress.h"

namespace rs::h5 {

// Headroom of the child's address space above the program's size at the time of the check, and
// its time limits: far above what reading any real report needs.
inline constexpr uint64_t kCheckMemoryBytes = uint64_t{4} << 30;
inline constexpr int kCheckSeconds = 120;

// Runs `read` in a child process. Returns when it finished normally; throws what it threw when
// that was an rs::Error (the message travels back through a pipe); throws BadInput
// "<path>: damaged report: ..." when the child crashed, ran out of memory or time. `progress`
// is polled while waiting, so that Cancel still works. Not for use while another thread holds
// the HDF5 lock across a fork-unsafe section: the lock is taken around the fork.
// `seconds` replaces kCheckSeconds (tests).
void check_in_child(const std::string& path, const std::function<void()>& read, const Progress& progress = {},
                    int seconds = kCheckSeconds);

}  // namespace rs::h5
