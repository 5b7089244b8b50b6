// The model's linear layers as a tree: one row per transformer block holding its linears
// (q, k, v, o, gate, up, down), then the LM head as a top-level leaf. Built from a
// ModelIdentity, so that a loaded model and a report's record of one look the same.
#pragma once
#include <QAbstractItemModel>
#include <vector>

#include "report/model_identity.h"

namespace rs::gui {

class ModelTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ShapeColumn, DtypeColumn, ParametersColumn, ColumnCount };
    enum Roles {
        LayerRole = Qt::UserRole,  // int: block index, -1 for the LM head
        OutRole,                   // qint64: output features (leaves only)
        InRole,                    // qint64: input features (leaves only)
        IsLinearRole,              // bool: a leaf describing one linear layer
    };

    explicit ModelTreeModel(QObject* parent = nullptr);

    void set_identity(const rs::ModelIdentity& identity);
    void clear();
    bool empty() const { return groups_.empty(); }
    // After a language change: the headers and the "Layer n" / "LM head" names are translated.
    void retranslate();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "out × in", as the shape column shows it.
    static QString shape_text(int64_t out, int64_t in);

private:
    // A top-level row: a block with its linears, or the LM head alone (a leaf).
    struct Group {
        int layer = 0;
        std::vector<int> linears;  // indices into identity_.linears
        bool is_head() const { return layer < 0; }
    };

    QVariant group_data(const Group& group, int column, int role) const;
    QVariant linear_data(const rs::LinearInfo& linear, int column, int role) const;

    rs::ModelIdentity identity_;
    std::vector<Group> groups_;
};

}  // namespace rs::gui
