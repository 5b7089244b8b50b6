#include "census/massive_table_view.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/massive_table_model.h"

namespace rs::gui {

MassiveTableView::MassiveTableView(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);
    filter_label_ = new QLabel(this);
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("filter_edit"));
    filter_->setClearButtonEnabled(true);
    filter_label_->setBuddy(filter_);
    site_label_ = new QLabel(this);
    site_filter_ = new QComboBox(this);
    site_filter_->setObjectName(QStringLiteral("site_filter"));
    site_filter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    site_filter_->addItem(QString(), -1);
    for (CensusSite s : kAllCensusSites) site_filter_->addItem(site_display_name(s), static_cast<int>(s));
    site_label_->setBuddy(site_filter_);
    hint_ = new QLabel(this);
    hint_->setObjectName(QStringLiteral("hint"));
    hint_->setWordWrap(true);

    model_ = new MassiveTableModel(this);
    proxy_ = new MassiveFilterProxy(this);
    proxy_->setSourceModel(model_);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("massive_table"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(false);
    // The largest deviations from the median first: what Sun et al. call massive.
    table_->sortByColumn(MassiveTableModel::RatioColumn, Qt::DescendingOrder);

    auto* filters = new QHBoxLayout;
    filters->addWidget(filter_label_);
    filters->addWidget(filter_, 1);
    filters->addSpacing(12);
    filters->addWidget(site_label_);
    filters->addWidget(site_filter_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addLayout(filters);
    layout->addWidget(hint_);
    layout->addWidget(table_, 1);

    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->set_text(text);
        update_hint();
    });
    connect(site_filter_, &QComboBox::currentIndexChanged, this, [this] {
        proxy_->set_site(site_filter_->currentData().toInt());
        update_hint();
    });
    connect(table_, &QTableView::clicked, this, &MassiveTableView::on_row);
    connect(table_, &QTableView::activated, this, &MassiveTableView::on_row);
    retranslate();
}

void MassiveTableView::set_report(const CensusReport* report) {
    report_ = report;
    model_->set_report(report);
    table_->resizeColumnsToContents();
    update_hint();
}

void MassiveTableView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void MassiveTableView::retranslate() {
    explanation_->set_explanation(
        tr("Every massive activation the census listed: a value with |x| above an absolute threshold "
           "and above a multiple of the median |x| of its hidden state (Sun et al. 2024). They sit at "
           "few channels and few tokens (often the first one), and act like biases the model relies "
           "on. Click a header to sort, type to filter by token, site or number, and click a row to "
           "see its cell on the heatmap."));
    filter_label_->setText(tr("&Filter:"));
    filter_->setPlaceholderText(tr("token, site or number"));
    site_label_->setText(tr("&Site:"));
    site_filter_->setItemText(0, tr("All sites"));
    model_->retranslate();
    update_hint();
}

void MassiveTableView::update_hint() {
    QString text;
    if (!report_) {
        text = tr("Open a model and run a census, or open a report.");
    } else if (model_->rowCount() == 0) {
        const CensusConfig& c = report_->census.config;
        text = tr("No massive activations were found: no value had |x| > %1 and |x| ≥ %2 × the median |x| "
                  "of its hidden state. Small or randomly initialised models often have none.")
                   .arg(format_number(c.massive_abs), format_number(c.massive_ratio));
    } else if (proxy_->rowCount() == 0) {
        text = tr("No row matches the filter (%n massive activation(s) listed).", nullptr, model_->rowCount());
    } else {
        text = tr("%n massive activation(s) listed", nullptr, model_->rowCount());
        if (model_->found() > static_cast<uint64_t>(model_->rowCount()))
            text += tr(" (%1 found; the census lists at most %2 per site)")
                        .arg(model_->found())
                        .arg(report_->census.config.max_massive_per_site);
        if (proxy_->rowCount() != model_->rowCount()) text += tr(", %n shown", nullptr, proxy_->rowCount());
        // The full stop is the language's own (Chinese ends a sentence with 。).
        text = tr("%1.", "ends the sentence about the listed massive activations").arg(text);
    }
    hint_->setText(text);
}

void MassiveTableView::on_row(const QModelIndex& proxy_index) {
    const QModelIndex source = proxy_->mapToSource(proxy_index);
    if (!source.isValid()) return;
    const MassiveTableModel::Row& r = model_->row(source.row());
    emit entry_activated(r.layer, r.site, r.window, r.position, r.channel);
}

}  // namespace rs::gui
