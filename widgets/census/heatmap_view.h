// Tab 3: |x| of the captured window at one site as a token x channel heatmap (rows = token
// positions, labelled with their text; columns = channels), with a log or linear colour scale,
// hover read-out, and a marker for one cell (set from the massive-activation table).
#pragma once
#include <QString>
#include <QWidget>
#include <optional>
#include <utility>

#include "report/census_report.h"

class QCheckBox;
class QCPAxisTickerText;
class QCPColorMap;
class QCPColorScale;
class QCPItemText;
class QCPItemTracer;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace rs::gui {

class ExplanationLabel;
class SiteSelector;

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);

    void set_report(const CensusReport* report);  // not owned; nullptr clears
    void set_site(int layer, CensusSite site);
    void set_log_scale(bool on);
    bool log_scale() const;

    // Marks (position, channel) of calibration window `window` (-1: the captured window) and
    // centres the view on it. When that cell is not among the captured rows, no marker is drawn
    // and notice() says so. The mark stays when another layer or site is chosen, so that the
    // same token and channel can be followed through the layers.
    void mark(int position, int channel, int window = -1);
    void clear_mark();
    // (position, channel) of the marker; empty when none is drawn.
    std::optional<std::pair<int, int>> marked_cell() const;
    // Shows the whole captured window again.
    void reset_zoom();

    QCustomPlot* plot() const { return plot_; }
    SiteSelector* selector() const { return selector_; }
    // key = channel, value = position; cell(channel, position) = |captured(position, channel)|.
    QCPColorMap* color_map() const { return map_; }
    QCPColorScale* color_scale() const { return scale_; }
    // The y axis ticker: tick at a position -> that token's text (every k-th row when crowded).
    QSharedPointer<QCPAxisTickerText> token_ticker() const { return ticker_; }
    // The line about the marked cell (or why it is not shown).
    QString notice() const;
    // The hover read-out for (position, channel), as shown under the plot when the mouse is there.
    QString describe_cell(int position, int channel) const;
    QString hover_text() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuild();
    void update_token_ticks();
    void update_color_range();
    void update_notice();
    void on_mouse_move(QMouseEvent* event);
    void center_on(int position, int channel);
    const SiteCensus* site() const;
    int rows() const;
    int cols() const;

    const CensusReport* report_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    SiteSelector* selector_ = nullptr;
    QCheckBox* log_ = nullptr;
    QPushButton* reset_ = nullptr;
    QLabel* notice_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPColorMap* map_ = nullptr;
    QCPColorScale* scale_ = nullptr;
    QSharedPointer<QCPAxisTickerText> ticker_;
    QCPItemTracer* ring_ = nullptr;  // the marker

    QCPItemText* message_ = nullptr;
    QLabel* hover_ = nullptr;

    // What mark() was asked for, kept across site changes.
    struct Mark {
        int position = 0, channel = 0, window = -1;
    };
    std::optional<Mark> mark_;
    bool marked_visible_ = false;
};

}  // namespace rs::gui
