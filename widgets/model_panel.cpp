#include "model_panel.h"

#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTextDocument>
#include <QTreeView>
#include <QVBoxLayout>

#include "model_tree_model.h"

namespace rs::gui {
namespace {
QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

// 134515008 -> "134.5 M": parameter counts are read at a glance, not digit by digit.
QString short_count(int64_t n) {
    const QLocale locale;
    if (n >= 1'000'000'000) return QStringLiteral("%1 B").arg(locale.toString(n / 1e9, 'f', 2));
    if (n >= 1'000'000) return QStringLiteral("%1 M").arg(locale.toString(n / 1e6, 'f', 1));
    return locale.toString(static_cast<qint64>(n));
}
}  // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("model_summary"));
    summary_->setTextFormat(Qt::RichText);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    origin_note_ = new QLabel(this);
    origin_note_->setObjectName(QStringLiteral("model_origin_note"));
    origin_note_->setWordWrap(true);
    QFont note_font = origin_note_->font();
    note_font.setItalic(true);
    origin_note_->setFont(note_font);
    origin_note_->setForegroundRole(QPalette::PlaceholderText);

    tree_model_ = new ModelTreeModel(this);
    tree_view_ = new QTreeView(this);
    tree_view_->setObjectName(QStringLiteral("model_tree"));
    tree_view_->setModel(tree_model_);
    tree_view_->setUniformRowHeights(true);
    tree_view_->setAlternatingRowColors(true);
    tree_view_->header()->setStretchLastSection(false);
    tree_view_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(summary_);
    layout->addWidget(origin_note_);
    layout->addWidget(tree_view_, 1);
    retranslate();
}

void ModelPanel::set_identity(const rs::ModelIdentity& identity, Origin origin) {
    identity_ = identity;
    origin_ = origin;
    tree_model_->set_identity(identity);
    // One block opened shows what a layer holds; the others look the same.
    if (tree_model_->rowCount() > 1) tree_view_->expand(tree_model_->index(0, 0));
    retranslate();
}

void ModelPanel::clear() {
    identity_.reset();
    tree_model_->clear();
    retranslate();
}

QString ModelPanel::summary_text() const {
    QTextDocument doc;
    doc.setHtml(summary_->text());
    return doc.toPlainText();
}

QString ModelPanel::summary_html() const {
    if (!identity_) return QStringLiteral("<i>%1</i>").arg(tr("Open a model or a census report (File menu, or drop a file here)."));
    const rs::ModelConfig& c = identity_->cfg;
    const rs::SourceInfo& s = identity_->source;
    const QLocale locale;
    QString rows;
    auto row = [&rows](const QString& key, const QString& value) {
        rows += QStringLiteral("<tr><td style='padding-right:8px'><b>%1</b></td><td>%2</td></tr>").arg(key, value);
    };
    row(tr("Name"), esc(s.name.empty() ? QFileInfo(QString::fromStdString(s.path)).fileName().toStdString() : s.name));
    row(tr("Architecture"), QString::fromLatin1(rs::arch_name(c.arch)));
    row(tr("Layers"), locale.toString(c.n_layers));
    row(tr("Hidden size"), locale.toString(c.d_model));
    row(tr("Heads"), tr("%1 query, %2 key/value, %3 wide").arg(c.n_heads).arg(c.n_kv_heads).arg(c.head_dim));
    row(tr("FFN size"), locale.toString(c.d_ff));
    row(tr("Vocabulary"), locale.toString(c.n_vocab));
    if (s.parameter_count > 0) row(tr("Parameters"), short_count(s.parameter_count));
    QString source = esc(s.format);
    if (!s.file_type.empty()) source += QStringLiteral(", ") + esc(s.file_type);
    row(tr("Source"), source);
    row(tr("File"), QFileInfo(QString::fromStdString(s.path)).fileName().toHtmlEscaped());
    QStringList dtypes;
    for (const auto& [dtype, count] : s.dtype_counts) dtypes << QStringLiteral("%1 \u00d7 %2").arg(esc(dtype)).arg(count);
    if (!dtypes.isEmpty()) row(tr("Tensor types"), dtypes.join(QStringLiteral(", ")));
    return QStringLiteral("<table cellspacing='0' cellpadding='1'>%1</table>").arg(rows);
}

void ModelPanel::retranslate() {
    summary_->setText(summary_html());
    QString tip;
    if (identity_) {
        tip = QString::fromStdString(identity_->source.path).toHtmlEscaped();
        for (const rs::FileHash& f : identity_->files)
            tip += QStringLiteral("<br/>%1: sha256 %2")
                       .arg(QFileInfo(QString::fromStdString(f.path)).fileName().toHtmlEscaped(), esc(f.sha256));
    }
    summary_->setToolTip(tip);
    origin_note_->setText(tr("From the report: the model itself is not loaded. Open the model to run a census."));
    origin_note_->setVisible(shows_report());
    tree_model_->retranslate();
}

void ModelPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

}  // namespace rs::gui
