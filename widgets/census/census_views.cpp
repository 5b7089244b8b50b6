#include "census/census_views.h"

#include <algorithm>

#include <QEvent>

#include "census/channel_absmax_view.h"
#include "census/heatmap_view.h"
#include "census/histogram_view.h"
#include "census/kurtosis_view.h"
#include "census/layer_curves_view.h"
#include "census/massive_table_view.h"

namespace rs::gui {

CensusViews::CensusViews(QWidget* parent) : QTabWidget(parent) {
    setObjectName(QStringLiteral("census_views"));
    layer_curves_ = new LayerCurvesView(this);
    channel_absmax_ = new ChannelAbsmaxView(this);
    heatmap_ = new HeatmapView(this);
    kurtosis_ = new KurtosisView(this);
    histogram_ = new HistogramView(this);
    massive_table_ = new MassiveTableView(this);
    // Added in the order of the Tab enum.
    addTab(layer_curves_, QString());
    addTab(channel_absmax_, QString());
    addTab(heatmap_, QString());
    addTab(kurtosis_, QString());
    addTab(histogram_, QString());
    addTab(massive_table_, QString());

    connect(massive_table_, &MassiveTableView::entry_activated, this,
            [this](int layer, CensusSite site, int window, int position, int channel) {
                heatmap_->set_site(layer, site);
                heatmap_->mark(position, channel, window);
                setCurrentIndex(HeatmapTab);
            });
    retranslate();
}

CensusViews::~CensusViews() = default;

void CensusViews::set_report(std::shared_ptr<const CensusReport> report) {
    // The views hold plain pointers into the report; keep it alive until all of them let go.
    std::shared_ptr<const CensusReport> old = std::move(report_);
    report_ = std::move(report);
    const CensusReport* r = report_.get();
    layer_curves_->set_report(r);
    channel_absmax_->set_report(r);
    heatmap_->set_report(r);
    kurtosis_->set_report(r);
    histogram_->set_report(r);
    massive_table_->set_report(r);
    // Open the per-site views where the story is: the site holding the largest |x|.
    if (r && !r->census.sites.empty()) {
        const auto& sites = r->census.sites;
        const auto loudest = std::max_element(sites.begin(), sites.end(),
                                              [](const SiteCensus& a, const SiteCensus& b) { return a.absmax < b.absmax; });
        channel_absmax_->set_site(loudest->layer, loudest->site);
        heatmap_->set_site(loudest->layer, loudest->site);
        histogram_->set_site(loudest->layer, loudest->site);
    }
}

QCustomPlot* CensusViews::current_plot() const {
    switch (currentIndex()) {
        case LayerCurvesTab: return layer_curves_->plot();
        case ChannelAbsmaxTab: return channel_absmax_->plot();
        case HeatmapTab: return heatmap_->plot();
        case KurtosisTab: return kurtosis_->plot();
        case HistogramTab: return histogram_->plot();
        default: return nullptr;
    }
}

void CensusViews::show_heatmap(int layer, CensusSite site, int position, int channel) {
    heatmap_->set_site(layer, site);
    heatmap_->mark(position, channel);
    setCurrentIndex(HeatmapTab);
}

void CensusViews::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QTabWidget::changeEvent(event);
}

void CensusViews::retranslate() {
    setTabText(LayerCurvesTab, tr("Per layer"));
    setTabText(ChannelAbsmaxTab, tr("Channels"));
    setTabText(HeatmapTab, tr("Heatmap"));
    setTabText(KurtosisTab, tr("Kurtosis"));
    setTabText(HistogramTab, tr("Histogram"));
    setTabText(MassiveTableTab, tr("Massive activations"));
    setTabToolTip(LayerCurvesTab, tr("Largest and median |x| per layer"));
    setTabToolTip(ChannelAbsmaxTab, tr("Largest |x| of each channel, with outlier channels"));
    setTabToolTip(HeatmapTab, tr("|x| per token and channel of the captured window"));
    setTabToolTip(KurtosisTab, tr("Heaviness of the tails per layer and site"));
    setTabToolTip(HistogramTab, tr("Distribution of |x| on a log2 grid"));
    setTabToolTip(MassiveTableTab, tr("Every massive activation, sortable and filterable"));
}

}  // namespace rs::gui
