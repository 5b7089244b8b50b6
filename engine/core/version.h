// The build's identity, recorded in every report. The commit lives in one generated source
// file (build/engine/version.cpp) so that a new commit recompiles that file only.
#pragma once

namespace rs {

const char* tool_version();  // PROJECT_VERSION, e.g. "0.1.0"
const char* git_commit();    // `git rev-parse --short HEAD` at configure time, or "unknown"

}  // namespace rs
