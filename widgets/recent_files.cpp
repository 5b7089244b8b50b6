#include "recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace rs::gui {
namespace {
constexpr auto kRecentKey = "recent/files";

QString normalized(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

void store(const QStringList& list) { QSettings().setValue(QLatin1String(kRecentKey), list); }
}  // namespace

FileKind file_kind(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) return FileKind::Model;
    const QString suffix = info.suffix().toLower();
    if (suffix == QLatin1String("gguf")) return FileKind::Model;
    if (suffix == QLatin1String("h5") || suffix == QLatin1String("hdf5")) return FileKind::Report;
    return FileKind::Unknown;
}

namespace recent_files {

QStringList load() {
    QStringList list = QSettings().value(QLatin1String(kRecentKey)).toStringList();
    list.removeAll(QString());
    while (list.size() > kMax) list.removeLast();
    return list;
}

void add(const QString& path) {
    const QString p = normalized(path);
    QStringList list = load();
    list.removeAll(p);
    list.prepend(p);
    while (list.size() > kMax) list.removeLast();
    store(list);
}

void remove(const QString& path) {
    QStringList list = load();
    list.removeAll(path);
    list.removeAll(normalized(path));
    store(list);
}

void clear() { store({}); }

}  // namespace recent_files
}  // namespace rs::gui
