// Tab 4: the kurtosis of every site per layer (how heavy the tails of its values are), one curve
// per block site and the LM-head input as a single point after the last layer.
#pragma once
#include <QWidget>

#include "report/census_report.h"

class QCPGraph;
class QCPItemText;
class QCustomPlot;

namespace rs::gui {

class ExplanationLabel;

class KurtosisView : public QWidget {
    Q_OBJECT
public:
    explicit KurtosisView(QWidget* parent = nullptr);

    void set_report(const CensusReport* report);  // not owned; nullptr clears

    QCustomPlot* plot() const { return plot_; }
    // key = layer, value = SiteCensus::kurtosis() (only positive values: the axis is logarithmic).
    // For lm_head_in the single point sits at key = n_layers.
    QCPGraph* graph(CensusSite site) const { return graphs_[static_cast<int>(site)]; }
    // The normal distribution's kurtosis, 3, as a dashed reference line.
    QCPGraph* normal_graph() const { return normal_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();

    const CensusReport* report_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* graphs_[6] = {};
    QCPGraph* normal_ = nullptr;
    QCPItemText* message_ = nullptr;
};

}  // namespace rs::gui
