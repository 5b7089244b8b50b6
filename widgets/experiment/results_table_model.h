// The experiment results as a table, one row per finished run: recipe name, bits, perplexity and
// its change against the unquantized model on the same tokens, KL divergence (mean and p99),
// top-1 agreement, time, and which runtimes the run can be exported to (rs::check_all_exports;
// the reasons in its tooltip); then one column per task any run scored (accuracy in %, columns
// ColumnCount and up, added as runs bring new tasks). Rows only accumulate (or are cleared); sorting happens in a
// QSortFilterProxyModel on SortRole, which holds the numbers rather than their text.
#pragma once
#include <QAbstractTableModel>
#include <map>
#include <memory>
#include <vector>

#include "export/export_target.h"
#include "pipeline/quantize.h"

namespace rs::gui {

class ResultsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, BitsColumn, PplColumn, DeltaPplColumn, KlMeanColumn, KlP99Column, Top1Column, TimeColumn,
                  ExportColumn, ColumnCount };
    // The column's value as a number (a string for the name and the bits).
    static constexpr int SortRole = Qt::UserRole;
    // The row's index into runs(), whatever the proxy's order.
    static constexpr int RunIndexRole = Qt::UserRole + 1;

    explicit ResultsTableModel(QObject* parent = nullptr);

    void append(std::shared_ptr<const rs::RunResult> run);
    // The task of a task column (ColumnCount + i), or nullptr for the fixed columns.
    const std::string* task_of_column(int column) const;
    void set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs);
    void clear();
    // The configuration of the runs' model, for the export verdicts (they depend on it only
    // through its RoPE scaling); a default one until set.
    void set_model_config(const rs::ModelConfig& cfg);

    const std::vector<std::shared_ptr<const rs::RunResult>>& runs() const { return runs_; }
    std::vector<rs::RunResult> run_values() const;
    // rs::summary_table_csv of every row, in the order they arrived.
    std::string csv() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString tooltip(const rs::RunResult& run) const;
    QString export_text(const rs::RunResult& run) const;
    QString export_tooltip(const rs::RunResult& run) const;
    // check_all_exports of a run against cfg_, computed once per run (paints, sorts and tooltips
    // ask often); forgotten when the runs or the model change.
    const std::vector<rs::ExportVerdict>& verdicts(const rs::RunResult& run) const;
    QVariant task_data(const rs::RunResult& run, const std::string& task, int role) const;
    // Adds the tasks of `runs` not yet shown to task_keys_ (no signals; callers emit).
    std::vector<std::string> new_tasks(const std::vector<std::shared_ptr<const rs::RunResult>>& runs) const;

    std::vector<std::shared_ptr<const rs::RunResult>> runs_;
    std::vector<std::string> task_keys_;  // the task columns, in order of first appearance
    rs::ModelConfig cfg_;
    mutable std::map<const rs::RunResult*, std::vector<rs::ExportVerdict>> verdicts_;
};

}  // namespace rs::gui
