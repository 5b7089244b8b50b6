#include "census/site_selector.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include "census/census_text.h"

namespace rs::gui {

SiteSelector::SiteSelector(QWidget* parent) : QWidget(parent) {
    layer_label_ = new QLabel(this);
    layer_ = new QComboBox(this);
    layer_->setObjectName(QStringLiteral("layer_combo"));
    layer_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    site_label_ = new QLabel(this);
    site_ = new QComboBox(this);
    site_->setObjectName(QStringLiteral("site_combo"));
    site_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (CensusSite s : kAllCensusSites) site_->addItem(site_display_name(s), static_cast<int>(s));
    layer_label_->setBuddy(layer_);
    site_label_->setBuddy(site_);

    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(layer_label_);
    row->addWidget(layer_);
    row->addSpacing(12);
    row->addWidget(site_label_);
    row->addWidget(site_);

    connect(layer_, &QComboBox::currentIndexChanged, this, &SiteSelector::on_layer_picked);
    connect(site_, &QComboBox::currentIndexChanged, this, &SiteSelector::on_site_picked);
    retranslate();
    set_census(nullptr);
}

void SiteSelector::retranslate() {
    layer_label_->setText(tr("&Layer:"));
    site_label_->setText(tr("&Site:"));
    site_->setToolTip(tr("Where the activations were read: the input of a linear layer, "
                         "or the residual stream after a block"));
    const int head = layer_->findData(-1);
    if (head >= 0) layer_->setItemText(head, tr("LM head"));
}

void SiteSelector::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void SiteSelector::set_census(const Census* census) {
    census_ = census;
    {
        const QSignalBlocker block(layer_);
        layer_->clear();
        if (census_) {
            for (int l = 0; l < census_->n_layers; ++l) layer_->addItem(QString::number(l), l);
            layer_->addItem(tr("LM head"), -1);
        }
    }
    layer_->setEnabled(census_ != nullptr);
    site_->setEnabled(census_ != nullptr);
    if (!census_) return;
    int layer = layer_value_;
    CensusSite site = site_value_;
    if (!census_->find(layer, site)) {
        layer = census_->n_layers > 0 ? 0 : -1;
        site = census_->n_layers > 0 ? CensusSite::Residual : CensusSite::LmHeadIn;
    }
    updating_ = true;
    select(layer, site);
    updating_ = false;
}

void SiteSelector::set_site(int layer, CensusSite site) {
    if (!census_) return;
    if (site == CensusSite::LmHeadIn) layer = -1;
    if (layer < -1 || layer >= census_->n_layers || (layer == -1 && site != CensusSite::LmHeadIn)) return;
    if (layer == layer_value_ && site == site_value_) return;
    updating_ = true;
    select(layer, site);
    updating_ = false;
    emit changed();
}

void SiteSelector::select(int layer, CensusSite site) {
    layer_value_ = layer;
    site_value_ = site;
    if (layer >= 0) {
        last_block_layer_ = layer;
        last_block_site_ = site;
    }
    const QSignalBlocker b1(layer_), b2(site_);
    layer_->setCurrentIndex(layer_->findData(layer));
    site_->setCurrentIndex(site_->findData(static_cast<int>(site)));
}

int SiteSelector::layer() const { return layer_value_; }
CensusSite SiteSelector::site() const { return site_value_; }

const SiteCensus* SiteSelector::current() const { return census_ ? census_->find(layer_value_, site_value_) : nullptr; }

void SiteSelector::on_layer_picked() {
    if (updating_ || !census_ || layer_->currentIndex() < 0) return;
    const int layer = layer_->currentData().toInt();
    CensusSite site = site_value_;
    if (layer < 0) site = CensusSite::LmHeadIn;
    else if (site == CensusSite::LmHeadIn) site = last_block_site_;
    set_site(layer, site);
}

void SiteSelector::on_site_picked() {
    if (updating_ || !census_ || site_->currentIndex() < 0) return;
    const auto site = static_cast<CensusSite>(site_->currentData().toInt());
    int layer = layer_value_;
    if (site == CensusSite::LmHeadIn) layer = -1;
    else if (layer < 0) layer = last_block_layer_;
    set_site(layer, site);
}

}  // namespace rs::gui
