// The census views: six tabs over one CensusReport (see docs/gui.md). Each tab holds a short
// "what am I seeing" explanation for students, its own selectors (layer, site, window, ...),
// and a QCustomPlot (the massive-activation tab holds a sortable, filterable table instead).
// The views only read the report; they never run anything.
#pragma once
#include <QTabWidget>
#include <memory>

#include "calib/census.h"
#include "report/census_report.h"

class QCustomPlot;

namespace rs::gui {

class LayerCurvesView;
class ChannelAbsmaxView;
class HeatmapView;
class KurtosisView;
class HistogramView;
class MassiveTableView;

class CensusViews : public QTabWidget {
    Q_OBJECT
public:
    enum Tab { LayerCurvesTab, ChannelAbsmaxTab, HeatmapTab, KurtosisTab, HistogramTab, MassiveTableTab };

    explicit CensusViews(QWidget* parent = nullptr);
    ~CensusViews() override;

    // nullptr clears every view (they then say that there is nothing to show yet).
    void set_report(std::shared_ptr<const CensusReport> report);
    const CensusReport* report() const { return report_.get(); }

    // The plot of the current tab, for File > Export plot; nullptr on the table tab.
    QCustomPlot* current_plot() const;

    // Switches to the heatmap of (layer, site) of the captured window, marking (position, channel).
    // Clicking a row of the massive-activation table calls this.
    void show_heatmap(int layer, CensusSite site, int position, int channel);

    LayerCurvesView* layer_curves() const { return layer_curves_; }
    ChannelAbsmaxView* channel_absmax() const { return channel_absmax_; }
    HeatmapView* heatmap() const { return heatmap_; }
    KurtosisView* kurtosis() const { return kurtosis_; }
    HistogramView* histogram() const { return histogram_; }
    MassiveTableView* massive_table() const { return massive_table_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    std::shared_ptr<const CensusReport> report_;
    LayerCurvesView* layer_curves_ = nullptr;
    ChannelAbsmaxView* channel_absmax_ = nullptr;
    HeatmapView* heatmap_ = nullptr;
    KurtosisView* kurtosis_ = nullptr;
    HistogramView* histogram_ = nullptr;
    MassiveTableView* massive_table_ = nullptr;
};

}  // namespace rs::gui
