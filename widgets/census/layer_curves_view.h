// Tab 1: per layer, the three largest magnitudes and the median |x| of one site kind, on a log
// axis, where massive activations show up as a jump that then persists.
#pragma once
#include <QWidget>

#include "report/census_report.h"

class QComboBox;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;

namespace rs::gui {

class ExplanationLabel;

class LayerCurvesView : public QWidget {
    Q_OBJECT
public:
    explicit LayerCurvesView(QWidget* parent = nullptr);

    // Not owned; must outlive the view or be replaced. nullptr clears.
    void set_report(const CensusReport* report);
    // A block site (lm_head_in has a single layer and is not offered).
    void set_site(CensusSite site);
    CensusSite site() const;

    QCustomPlot* plot() const { return plot_; }
    // Graph of |top[rank].value| per layer, rank 0..2; points only where the site has that rank.
    QCPGraph* top_graph(int rank) const { return top_[rank]; }
    QCPGraph* median_graph() const { return median_; }
    // The massive_abs threshold of the census, drawn as a dashed line.
    QCPGraph* threshold_graph() const { return threshold_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();

    const CensusReport* report_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    QLabel* site_label_ = nullptr;
    QComboBox* site_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* top_[3] = {};
    QCPGraph* median_ = nullptr;
    QCPGraph* threshold_ = nullptr;
    QCPItemText* message_ = nullptr;
};

}  // namespace rs::gui
