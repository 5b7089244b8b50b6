// Tab 5: the census's log2 histogram of |x| at one site, positive and negative values as two
// step curves on log-log axes.
#pragma once
#include <QWidget>

#include "report/census_report.h"

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;

namespace rs::gui {

class ExplanationLabel;
class SiteSelector;

class HistogramView : public QWidget {
    Q_OBJECT
public:
    explicit HistogramView(QWidget* parent = nullptr);

    void set_report(const CensusReport* report);  // not owned; nullptr clears
    void set_site(int layer, CensusSite site);

    QCustomPlot* plot() const { return plot_; }
    SiteSelector* selector() const { return selector_; }
    // Step curves (lsStepLeft): a point (bin_lower_edge(i), count) for every non-empty bin i;
    // a run of non-empty bins ends with a NaN point at the upper edge of its last bin, so
    // that empty bins (which a log axis cannot show) leave a gap.
    QCPGraph* positive_graph() const { return pos_; }
    QCPGraph* negative_graph() const { return neg_; }
    // Zeros, underflow, overflow and non-finite counts, which have no place on the log grid.
    QLabel* summary_label() const { return summary_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();

    const CensusReport* report_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    SiteSelector* selector_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* pos_ = nullptr;
    QCPGraph* neg_ = nullptr;
    QCPItemStraightLine* threshold_ = nullptr;
    QCPItemText* threshold_text_ = nullptr;
    QCPItemText* message_ = nullptr;
    QLabel* summary_ = nullptr;
};

}  // namespace rs::gui
