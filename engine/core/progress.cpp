#include "core/progress.h"

#include "core/progress_stages.h"

namespace rs {

const char* stage_key(Stage s) {
    if (s >= Stage::Count) return "unknown";
    return kStageTraits[static_cast<size_t>(s)].key;
}
const char* stage_title(Stage s) {
    if (s >= Stage::Count) return "Working";
    return kStageTraits[static_cast<size_t>(s)].title;
}

std::string progress_label(const ProgressStep& s) {
    std::string out;
    if (s.runs > 0) out = "[" + std::to_string(s.run) + "/" + std::to_string(s.runs) + "] ";
    out += stage_key(s.stage);
    if (!s.item.empty()) out.append(" ").append(s.item);
    return out;
}

}  // namespace rs
