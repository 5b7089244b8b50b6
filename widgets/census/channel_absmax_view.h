// Tab 2: the largest |x| of every input channel of one site, with the outlier channels (absmax
// above a factor times the median over channels) highlighted and listed.
#pragma once
#include <QWidget>
#include <vector>

#include "report/census_report.h"

class QCheckBox;
class QCPBars;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;

namespace rs::gui {

class ExplanationLabel;
class SiteSelector;

class ChannelAbsmaxView : public QWidget {
    Q_OBJECT
public:
    explicit ChannelAbsmaxView(QWidget* parent = nullptr);

    void set_report(const CensusReport* report);  // not owned; nullptr clears
    void set_site(int layer, CensusSite site);
    void set_factor(double factor);
    double factor() const;
    // Log y axis (off by default: linear shows how far the outliers stand out, log shows the rest).
    void set_log_scale(bool on);
    bool log_scale() const;

    QCustomPlot* plot() const { return plot_; }
    SiteSelector* selector() const { return selector_; }
    // One bar per channel (key = channel, value = channel_absmax; on the log scale only the
    // channels with absmax > 0).
    QCPBars* bars() const { return bars_; }
    // The outlier channels again, drawn over `bars` in the highlight colour.
    QCPBars* outlier_bars() const { return outlier_bars_; }
    // Every outlier channel, largest absmax first (the label lists the first ten).
    const std::vector<int>& outlier_channels() const { return outliers_; }
    // factor x median of channel_absmax (0 without data).
    double threshold() const { return threshold_value_; }
    QLabel* outlier_label() const { return outlier_label_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();

    const CensusReport* report_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    SiteSelector* selector_ = nullptr;
    QLabel* factor_label_ = nullptr;
    QDoubleSpinBox* factor_ = nullptr;
    QCheckBox* log_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPBars* bars_ = nullptr;
    QCPBars* outlier_bars_ = nullptr;
    QCPGraph* threshold_ = nullptr;
    QCPItemText* message_ = nullptr;
    QLabel* outlier_label_ = nullptr;
    std::vector<int> outliers_;
    double threshold_value_ = 0;
};

}  // namespace rs::gui
