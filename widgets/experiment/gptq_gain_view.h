// "GPTQ gain": how much GPTQ lowers the output error of each linear against round to nearest, for
// the run selected in the results table (and a second one to compare with). The plot shows per
// layer, one series per linear role on a log axis, either the ratio GPTQ / RTN of the proxy losses
// (below 1: GPTQ better; the first run solid, the second dashed) or the first run's two losses
// (GPTQ solid, RTN dashed). The table under it lists every number (GptqGainModel). RTN runs have
// no proxy loss: the view says so instead of drawing. It only reads RunResults.
#pragma once
#include <QList>
#include <QWidget>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "model/model.h"

class QComboBox;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QSplitter;
class QTableView;

namespace rs {
struct RunResult;
}

namespace rs::gui {

class ExplanationLabel;
class GptqGainModel;

class GptqGainView : public QWidget {
    Q_OBJECT
public:
    enum Mode { RatioMode, LossMode };

    explicit GptqGainView(QWidget* parent = nullptr);

    // Every run of the results table; the selection keeps the indices still in range.
    void set_runs(std::vector<std::shared_ptr<const RunResult>> runs);
    // Indices into the runs, in table order: the first two that carry GPTQ's proxy losses are
    // shown (A and B); the others are ignored.
    void set_selected(const QList<int>& run_indices);
    // The indices of the runs shown (at most two).
    QList<int> shown() const { return shown_; }
    void set_mode(Mode mode);
    Mode mode() const;

    GptqGainModel* model() const { return model_; }
    QCustomPlot* plot() const { return plot_; }
    QComboBox* mode_combo() const { return mode_; }
    QTableView* table() const { return table_; }
    QLabel* summary_label() const { return summary_; }
    // The centred text over the plot (the empty state); hidden when there is something to draw.
    QCPItemText* plot_message() const { return message_; }
    QSplitter* splitter() const { return splitter_; }
    // RatioMode: run 0 or 1's ratio per layer for `role`; LossMode: run 0's GPTQ (rtn false) or
    // RTN (rtn true) loss. Null when not drawn.
    QCPGraph* graph(int run, Role role, bool rtn = false) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();
    QString empty_text() const;

    std::vector<std::shared_ptr<const RunResult>> runs_;
    QList<int> selected_;
    QList<int> shown_;
    GptqGainModel* model_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    QLabel* mode_label_ = nullptr;
    QComboBox* mode_ = nullptr;
    QLabel* summary_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPTextElement* title_ = nullptr;
    QCPItemText* message_ = nullptr;
    QCPItemStraightLine* one_ = nullptr;
    QTableView* table_ = nullptr;
    QSplitter* splitter_ = nullptr;
    std::map<std::tuple<int, int, bool>, QCPGraph*> graphs_;
};

}  // namespace rs::gui
