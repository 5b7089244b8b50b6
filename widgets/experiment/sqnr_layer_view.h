// The output SQNR of one kind of linear (q_proj, down_proj, ...) across the layers, one line per
// compared run, from the runs' per-linear probes. It sits under the error histograms so that the
// chosen layer can be seen against its neighbours.
#pragma once
#include <QColor>
#include <QWidget>
#include <memory>
#include <vector>

#include "model/model.h"

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;

namespace rs {
struct RunResult;
}

namespace rs::gui {

// Colour of the i-th compared run (Okabe & Ito first, then distinct hues); shared by the
// histogram and SQNR plots so that one run has one colour in both.
QColor run_color(int position);
// The run's name, or "run <n>" (1-based) when it has none.
QString run_label(const RunResult& run, int index);

class SqnrLayerView : public QWidget {
    Q_OBJECT
public:
    explicit SqnrLayerView(QWidget* parent = nullptr);

    // The compared runs, in legend order, with their labels; null entries are skipped.
    void set_runs(std::vector<std::shared_ptr<const RunResult>> runs, QStringList labels);
    // Which kind of linear to plot, and the layer to mark (-1: the LM head).
    void set_linear(int layer, Role role);
    // Off: no legend, and no room kept for one (for a view that shows the run colours nearby).
    void set_legend_visible(bool visible);
    bool legend_visible() const { return legend_visible_; }

    QCustomPlot* plot() const { return plot_; }
    // One graph per run given to set_runs, in that order: (layer, output SQNR dB) for every
    // probed linear of the role; the LM head sits at x = number of layers. Exact linears
    // (infinite SQNR) are left out.
    QCPGraph* run_graph(int i) const;
    int run_graph_count() const { return static_cast<int>(graphs_.size()); }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();

    std::vector<std::shared_ptr<const RunResult>> runs_;
    QStringList labels_;
    int layer_ = 0;
    Role role_ = Role::AttnQ;
    QCustomPlot* plot_ = nullptr;
    std::vector<QCPGraph*> graphs_;
    QCPItemStraightLine* marker_ = nullptr;
    QCPItemText* message_ = nullptr;
    QCPTextElement* title_ = nullptr;
    bool legend_visible_ = true;
};

}  // namespace rs::gui
