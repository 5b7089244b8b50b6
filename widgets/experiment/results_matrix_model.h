// The results table as a matrix: two recipe fields as rows and columns (by default rotation ×
// formats), each cell one metric (PPL, ΔPPL, KL mean, top-1) as mean ± std over the runs that
// fall into it (the seeds of a recipe, or every recipe sharing the two fields), coloured from
// best to worst. The weight method can split each column (RTN and GPTQ side by side) or be an
// axis itself. Rows and columns appear in the order their first run arrived. The model only reads
// RunResults; exporting is csv() here and a picture in ResultsMatrixView.
#pragma once
#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>
#include <memory>
#include <string>
#include <vector>

namespace rs {
struct RunResult;
}

namespace rs::gui {

class ResultsMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Field { RotationField, SmoothingField, FormatsField, WeightsField, ActivationsField, KvField, MethodField,
                 BitsField, FieldCount };
    enum Metric { PplMetric, DeltaPplMetric, KlMeanMetric, Top1Metric, MetricCount };
    static constexpr int MeanRole = Qt::UserRole;      // double; NaN for an empty cell
    static constexpr int StdRole = Qt::UserRole + 1;   // double: sample std (0 for one run)
    static constexpr int CountRole = Qt::UserRole + 2; // int: runs in the cell
    static constexpr int RunsRole = Qt::UserRole + 3;  // QList<int>: their indices into runs()

    explicit ResultsMatrixModel(QObject* parent = nullptr);

    void set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs);
    const std::vector<std::shared_ptr<const rs::RunResult>>& runs() const { return runs_; }

    void set_row_field(Field f);
    void set_column_field(Field f);
    void set_metric(Metric m);
    // Each column split by weight method when the runs use more than one and the method is not
    // an axis already.
    void set_split_by_method(bool split);
    Field row_field() const { return row_field_; }
    Field column_field() const { return column_field_; }
    Metric metric() const { return metric_; }
    bool split_by_method() const { return split_; }
    // Whether the columns are split now (asked for, and it makes a difference).
    bool columns_split() const;

    // Titles for the combos and headers, translated; keys for CSV ("rotation", "ppl").
    static QString field_title(Field f);
    static QString metric_title(Metric m);
    static const char* field_key(Field f);
    static const char* metric_key(Metric m);
    // A run's value of a field as the row and column headers show it: "rhadamard", "W int4 A
    // int4:token", "GPTQ (act-order)", "—" where the recipe has none (not quantized, no rotation).
    static QString field_value(Field f, const rs::RunResult& run);
    // The metric of one run (Top-1 in percent).
    static double metric_value(Metric m, const rs::RunResult& run);
    static bool lower_is_better(Metric m);

    // The labels of the rows and columns (with the method after " · " in split columns).
    const QStringList& row_labels() const { return row_labels_; }
    const QStringList& column_labels() const { return column_labels_; }
    // The cell's colour: green for the best mean among the cells, orange for the worst.
    QColor cell_color(int row, int column) const;

    // The matrix as CSV: a header row, then one row per row label with mean, std and the number
    // of runs of every column; numbers in C locale, empty where a cell has no run.
    std::string csv() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Re-reads every label in the current language.
    void retranslate();

private:
    struct Cell {
        std::vector<int> runs;
        double mean = 0, std = 0;
    };
    void rebuild();
    const Cell* cell(int row, int column) const;
    QString format_value(double x) const;

    std::vector<std::shared_ptr<const rs::RunResult>> runs_;
    Field row_field_ = RotationField;
    Field column_field_ = FormatsField;
    Metric metric_ = PplMetric;
    bool split_ = true;
    QStringList row_labels_, column_labels_;
    std::vector<Cell> cells_;  // row-major
    double best_ = 0, worst_ = 0;
};

}  // namespace rs::gui
