#include "model_tree_model.h"

#include <QLocale>
#include <set>

namespace rs::gui {
namespace {
// Child rows carry their parent's row + 1 as internal id; top-level rows carry 0.
constexpr quintptr kTopLevel = 0;

QString dtype_summary(const std::set<std::string>& dtypes) {
    QStringList names;
    for (const std::string& d : dtypes) names << QString::fromStdString(d);
    return names.join(QStringLiteral(", "));
}
}  // namespace

ModelTreeModel::ModelTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

QString ModelTreeModel::shape_text(int64_t out, int64_t in) {
    return QStringLiteral("%1 \u00d7 %2").arg(out).arg(in);
}

void ModelTreeModel::clear() {
    beginResetModel();
    identity_ = {};
    groups_.clear();
    endResetModel();
}

void ModelTreeModel::set_identity(const rs::ModelIdentity& identity) {
    beginResetModel();
    identity_ = identity;
    groups_.clear();
    std::vector<int> head;
    for (int i = 0; i < static_cast<int>(identity_.linears.size()); ++i) {
        const int layer = identity_.linears[i].layer;
        if (layer < 0) {
            head.push_back(i);
            continue;
        }
        if (groups_.empty() || groups_.back().layer != layer) groups_.push_back(Group{layer, {}});
        groups_.back().linears.push_back(i);
    }
    // One leaf per head linear (there is one; a future tied/untied split would show two).
    for (int i : head) groups_.push_back(Group{-1, {i}});
    endResetModel();
}

void ModelTreeModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    // Numbers follow the language's locale too, so every cell may change (not the structure).
    if (groups_.empty()) return;
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    for (int row = 0; row < rowCount(); ++row) {
        const QModelIndex parent = index(row, 0);
        if (const int n = rowCount(parent); n > 0) emit dataChanged(index(0, 0, parent), index(n - 1, ColumnCount - 1, parent));
    }
}

QModelIndex ModelTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (column < 0 || column >= ColumnCount || row < 0) return {};
    if (!parent.isValid()) {
        if (row >= static_cast<int>(groups_.size())) return {};
        return createIndex(row, column, kTopLevel);
    }
    if (parent.internalId() != kTopLevel) return {};
    const Group& group = groups_[parent.row()];
    if (group.is_head() || row >= static_cast<int>(group.linears.size())) return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex ModelTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kTopLevel) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kTopLevel);
}

int ModelTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(groups_.size());
    if (parent.column() != 0 || parent.internalId() != kTopLevel) return 0;
    const Group& group = groups_[parent.row()];
    return group.is_head() ? 0 : static_cast<int>(group.linears.size());
}

int ModelTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ModelTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    if (index.internalId() == kTopLevel) return group_data(groups_[index.row()], index.column(), role);
    const Group& group = groups_[index.internalId() - 1];
    return linear_data(identity_.linears[group.linears[index.row()]], index.column(), role);
}

QVariant ModelTreeModel::group_data(const Group& group, int column, int role) const {
    if (group.is_head()) {
        const rs::LinearInfo& head = identity_.linears[group.linears.front()];
        if (role == Qt::DisplayRole && column == NameColumn) return tr("LM head");
        return linear_data(head, column, role);
    }
    if (role == LayerRole) return group.layer;
    if (role == IsLinearRole) return false;
    if (role == Qt::TextAlignmentRole && column == ParametersColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case NameColumn:
            return tr("Layer %1").arg(group.layer);
        case DtypeColumn: {
            std::set<std::string> dtypes;
            for (int i : group.linears) dtypes.insert(identity_.linears[i].dtype);
            return dtype_summary(dtypes);
        }
        case ParametersColumn: {
            qint64 params = 0;
            for (int i : group.linears) params += identity_.linears[i].out * identity_.linears[i].in;
            return QLocale().toString(params);
        }
        default:
            return {};
    }
}

QVariant ModelTreeModel::linear_data(const rs::LinearInfo& linear, int column, int role) const {
    switch (role) {
        case LayerRole:
            return linear.layer;
        case OutRole:
            return static_cast<qint64>(linear.out);
        case InRole:
            return static_cast<qint64>(linear.in);
        case IsLinearRole:
            return true;
        case Qt::TextAlignmentRole:
            if (column == ParametersColumn || column == ShapeColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case Qt::ToolTipRole:
            if (column == ShapeColumn) return tr("%1 outputs × %2 inputs").arg(linear.out).arg(linear.in);
            return {};
        case Qt::DisplayRole:
            break;
        default:
            return {};
    }
    switch (column) {
        case NameColumn:
            // Role names ("attn_q", ...) are the engine's vocabulary, shown as is.
            return QString::fromStdString(linear.role);
        case ShapeColumn:
            return shape_text(linear.out, linear.in);
        case DtypeColumn:
            return QString::fromStdString(linear.dtype);
        case ParametersColumn:
            return QLocale().toString(static_cast<qint64>(linear.out * linear.in));
        default:
            return {};
    }
}

QVariant ModelTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn:
            return tr("Layer");
        case ShapeColumn:
            return tr("Shape (out × in)");
        case DtypeColumn:
            return tr("Type");
        case ParametersColumn:
            return tr("Parameters");
        default:
            return {};
    }
}

}  // namespace rs::gui
