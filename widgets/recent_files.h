// What the workbench opens (a model or a census report, told apart by the path) and the
// File > Open Recent list kept in QSettings, newest first.
#pragma once
#include <QString>
#include <QStringList>

namespace rs::gui {

enum class FileKind { Model, Report, Unknown };

// .gguf files and directories are models, .h5/.hdf5 files reports. The path need not exist
// (a directory is recognised only when it does).
FileKind file_kind(const QString& path);

namespace recent_files {
inline constexpr int kMax = 10;
QStringList load();
// Moves `path` (made absolute) to the front, dropping the oldest beyond kMax.
void add(const QString& path);
void remove(const QString& path);
void clear();
}  // namespace recent_files

}  // namespace rs::gui
