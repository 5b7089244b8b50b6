// A QCPColorMap that never loses a cell when many cells share one pixel: QCustomPlot scales its
// image down by sampling, which drops a single bright channel among thousands (exactly what the
// heatmap is for). This one draws the visible cells itself, taking the maximum of the cells that
// fall in each pixel, so one massive activation always lights its pixel (and, being that narrow,
// its neighbours). Zoomed in (a cell wider than a pixel) it draws every cell as a crisp block.
#pragma once
#include <qcustomplot.h>

namespace rs::gui {

class MaxPoolColorMap : public QCPColorMap {
    Q_OBJECT
public:
    MaxPoolColorMap(QCPAxis* key_axis, QCPAxis* value_axis) : QCPColorMap(key_axis, value_axis) {}

    // The image last drawn: how many pooled columns and rows it had (for tests).
    QSize last_image_size() const { return last_size_; }

protected:
    void draw(QCPPainter* painter) override;

private:
    QSize last_size_;
};

}  // namespace rs::gui
