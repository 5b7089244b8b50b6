#include "census/channel_absmax_view.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/plot_style.h"
#include "census/site_selector.h"

namespace rs::gui {

namespace {

// Median with the two middle values averaged for an even count.
double median_of(std::vector<float> v) {
    if (v.empty()) return 0;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    double m = v[mid];
    if (v.size() % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
    return m;
}

}  // namespace

ChannelAbsmaxView::ChannelAbsmaxView(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);
    selector_ = new SiteSelector(this);
    factor_label_ = new QLabel(this);
    factor_ = new QDoubleSpinBox(this);
    factor_->setObjectName(QStringLiteral("factor_spin"));
    factor_->setRange(1.0, 10000.0);
    factor_->setDecimals(1);
    factor_->setSingleStep(1.0);
    factor_->setValue(5.0);
    factor_label_->setBuddy(factor_);
    log_ = new QCheckBox(this);
    log_->setObjectName(QStringLiteral("log_check"));

    plot_ = new QCustomPlot(this);
    style_plot(plot_);
    put_legend_below(plot_);
    bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    bars_->setWidth(1.0);
    bars_->setPen(Qt::NoPen);
    bars_->setBrush(QColor(70, 120, 180));
    outlier_bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    outlier_bars_->setWidth(1.0);
    // A minimum pixel width keeps a single outlier visible among thousands of channels.
    outlier_bars_->setPen(QPen(QColor(215, 40, 30), 1.5));
    outlier_bars_->setBrush(QColor(215, 40, 30));
    threshold_ = plot_->addGraph();
    threshold_->setPen(QPen(QColor(110, 110, 110), 1.2, Qt::DashLine));
    message_ = add_plot_message(plot_);

    outlier_label_ = new QLabel(this);
    outlier_label_->setObjectName(QStringLiteral("outlier_label"));
    outlier_label_->setWordWrap(true);
    outlier_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* selectors = new QHBoxLayout;
    selectors->addWidget(selector_);
    selectors->addSpacing(12);
    selectors->addWidget(factor_label_);
    selectors->addWidget(factor_);
    selectors->addSpacing(12);
    selectors->addWidget(log_);
    selectors->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addLayout(selectors);
    layout->addWidget(plot_, 1);
    layout->addWidget(outlier_label_);

    connect(selector_, &SiteSelector::changed, this, &ChannelAbsmaxView::rebuild);
    connect(factor_, &QDoubleSpinBox::valueChanged, this, &ChannelAbsmaxView::rebuild);
    connect(log_, &QCheckBox::toggled, this, &ChannelAbsmaxView::rebuild);
    retranslate();
}

void ChannelAbsmaxView::set_report(const CensusReport* report) {
    report_ = report;
    selector_->set_census(report ? &report->census : nullptr);
    rebuild();
}

void ChannelAbsmaxView::set_site(int layer, CensusSite site) { selector_->set_site(layer, site); }
void ChannelAbsmaxView::set_factor(double factor) { factor_->setValue(factor); }
double ChannelAbsmaxView::factor() const { return factor_->value(); }
void ChannelAbsmaxView::set_log_scale(bool on) { log_->setChecked(on); }
bool ChannelAbsmaxView::log_scale() const { return log_->isChecked(); }

void ChannelAbsmaxView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ChannelAbsmaxView::retranslate() {
    explanation_->set_explanation(
        tr("The largest |x| of each input channel over all calibration tokens. In most LLMs a few "
           "<i>outlier channels</i> are far larger than the rest (red: above the factor times the "
           "median over channels). One shared quantization scale must cover them, so every other "
           "channel loses precision; a rotation mixes the channels and spreads the outliers out."));
    factor_label_->setText(tr("Outlier &factor:"));
    factor_->setToolTip(tr("A channel is an outlier when its absmax exceeds this factor times the "
                           "median absmax over channels"));
    log_->setText(tr("&Log scale"));
    bars_->setName(tr("absmax of a channel"));
    plot_->xAxis->setLabel(tr("channel"));
    plot_->yAxis->setLabel(tr("max |x| over all tokens"));
    rebuild();
}

void ChannelAbsmaxView::rebuild() {
    outliers_.clear();
    threshold_value_ = 0;
    threshold_->data()->clear();
    const SiteCensus* s = selector_->current();
    const bool have = s && !s->channel_absmax.empty();
    const bool log = log_scale();
    const int n = have ? static_cast<int>(s->channel_absmax.size()) : 0;
    QVector<double> values(n), bar_keys, bar_values;
    bar_keys.reserve(n);
    bar_values.reserve(n);
    for (int c = 0; c < n; ++c) {
        values[c] = s->channel_absmax[static_cast<size_t>(c)];
        // A log axis has no place for 0 (a dead channel).
        if (log && !(values[c] > 0)) continue;
        bar_keys.push_back(c);
        bar_values.push_back(values[c]);
    }
    bars_->setData(bar_keys, bar_values, true);

    QVector<double> okeys, ovalues;
    if (have) {
        threshold_value_ = factor() * median_of(s->channel_absmax);
        for (int c = 0; c < n; ++c)
            if (values[c] > threshold_value_) outliers_.push_back(c);
        std::stable_sort(outliers_.begin(), outliers_.end(),
                         [&](int a, int b) { return values[a] > values[b]; });
        std::vector<int> by_channel = outliers_;
        std::sort(by_channel.begin(), by_channel.end());
        for (int c : by_channel) {
            okeys.push_back(c);
            ovalues.push_back(values[c]);
        }
        threshold_->addData(-0.5, threshold_value_);
        threshold_->addData(n - 0.5, threshold_value_);
    }
    outlier_bars_->setData(okeys, ovalues, true);
    outlier_bars_->setName(tr("outlier channel (> %1 × median)").arg(format_number(factor())));
    threshold_->setName(tr("%1 × median = %2").arg(format_number(factor()), format_number(threshold_value_)));
    threshold_->setVisible(have);

    if (!report_) {
        set_plot_message(message_, tr("Open a model and run a census, or open a report."));
        outlier_label_->clear();
    } else if (!have) {
        set_plot_message(message_, tr("No channel statistics for this site."));
        outlier_label_->clear();
    } else {
        set_plot_message(message_, QString());
        if (outliers_.empty()) {
            outlier_label_->setText(tr("No outlier channel: every absmax is at most %1 (%2 × the median %3).")
                                        .arg(format_number(threshold_value_), format_number(factor()),
                                             format_number(threshold_value_ / factor())));
        } else {
            QStringList shown;
            for (size_t i = 0; i < outliers_.size() && i < 10; ++i)
                shown << tr("%1 (%2)").arg(outliers_[i]).arg(format_number(values[outliers_[i]]));
            QString text = tr("%n outlier channel(s) of %1, largest first: ", nullptr, static_cast<int>(outliers_.size()))
                               .arg(n) +
                           shown.join(QStringLiteral(", "));
            if (outliers_.size() > 10) text += tr(", and %n more", nullptr, static_cast<int>(outliers_.size() - 10));
            outlier_label_->setText(text);
        }
    }

    show_axes(plot_, have);
    plot_->xAxis->setRange(-0.5, std::max(n, 1) - 0.5);
    double top = 0, bottom = INFINITY;
    for (double v : bar_values) {
        top = std::max(top, v);
        bottom = std::min(bottom, v);
    }
    top = std::max(top, threshold_value_);
    if (log) {
        set_log_axis(plot_->yAxis);
        const QCPRange range = padded_log_range(std::min(bottom, threshold_value_ > 0 ? threshold_value_ : bottom), top);
        plot_->yAxis->setRange(range);
        // Bars rise from the bottom of the axis, as 0 is not on it.
        bars_->setBaseValue(range.lower);
        outlier_bars_->setBaseValue(range.lower);
    } else {
        set_linear_axis(plot_->yAxis);
        plot_->yAxis->setRange(0, top > 0 ? top * 1.08 : 1);
        bars_->setBaseValue(0);
        outlier_bars_->setBaseValue(0);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace rs::gui
