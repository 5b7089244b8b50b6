// GPTQ's gain over round to nearest, per linear: for one GPTQ run (and optionally a second one)
// the proxy loss tr((W - Q) H (W - Q)ᵀ) of GPTQ's weight and of RTN's with the same format on the
// same calibration Hessian (rs::LinearQuantError::proxy_loss, proxy_loss_rtn), and their ratio.
// One row per (layer, linear) that a given run solved, in layer order, then Role order. Runs
// without the losses (RTN runs, reports without them) contribute no rows.
#pragma once
#include <QAbstractTableModel>
#include <array>
#include <memory>
#include <vector>

#include "model/model.h"

namespace rs {
struct RunResult;
}

namespace rs::gui {

class GptqGainModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Per run: its GPTQ loss, RTN loss and GPTQ / RTN ratio, from column FirstRunColumn + 3·i.
    enum Column { LayerColumn, LinearColumn, FirstRunColumn };
    static constexpr int GptqLoss = 0, RtnLoss = 1, Ratio = 2, ColumnsPerRun = 3;
    static constexpr int kMaxRuns = 2;
    // The cell's number (NaN where the run did not solve the linear); the layer for LayerColumn
    // (-1: the LM head), the Role as int for LinearColumn.
    static constexpr int ValueRole = Qt::UserRole;

    explicit GptqGainModel(QObject* parent = nullptr);

    // Whether a run carries GPTQ's proxy losses (a GPTQ run with its weight report).
    static bool has_losses(const rs::RunResult& run);

    // At most kMaxRuns runs, in order (with two, the headers call them A and B); null runs and
    // runs without losses are dropped first, runs past kMaxRuns after.
    void set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs);
    const std::vector<std::shared_ptr<const rs::RunResult>>& runs() const { return runs_; }

    struct Row {
        int layer = 0;
        Role role = Role::AttnQ;
        std::array<double, kMaxRuns> gptq{}, rtn{};  // NaN where that run did not solve it
    };
    const std::vector<Row>& rows() const { return rows_; }
    // GPTQ / RTN of run `run` in row `row` (NaN when missing or RTN's loss is 0).
    double ratio(int row, int run) const;
    // exp(mean log ratio) over the linears where run `run` has a ratio: GPTQ's typical gain.
    double geometric_mean_ratio(int run) const;
    int ratio_count(int run) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Header texts are translated at paint time; the view calls this on a language change.
    void retranslate();

private:
    std::vector<std::shared_ptr<const rs::RunResult>> runs_;
    std::vector<Row> rows_;
};

}  // namespace rs::gui
