#include "census/max_pool_color_map.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace rs::gui {

namespace {

// Visible cell indices [first, last] of an axis range over cells 0..n-1 centred on integers.
void visible_cells(const QCPRange& range, int n, int& first, int& last) {
    first = std::clamp(static_cast<int>(std::floor(range.lower + 0.5)), 0, n - 1);
    last = std::clamp(static_cast<int>(std::ceil(range.upper - 0.5)), 0, n - 1);
}

}  // namespace

void MaxPoolColorMap::draw(QCPPainter* painter) {
    QCPColorMapData* d = data();
    const int nx = d->keySize(), ny = d->valueSize();
    QCPAxis* kx = keyAxis();
    QCPAxis* vy = valueAxis();
    if (nx <= 0 || ny <= 0 || !kx || !vy) return;
    // Cells are addressed by integer coordinates (the census maps data ranges 0..n-1 onto cells).
    const QCPRange kr = d->keyRange(), vr = d->valueRange();
    const double kstep = nx > 1 ? (kr.upper - kr.lower) / (nx - 1) : 1.0;
    const double vstep = ny > 1 ? (vr.upper - vr.lower) / (ny - 1) : 1.0;
    const QCPRange kvis((kx->range().lower - kr.lower) / kstep, (kx->range().upper - kr.lower) / kstep);
    const QCPRange vvis((vy->range().lower - vr.lower) / vstep, (vy->range().upper - vr.lower) / vstep);
    int c0, c1, r0, r1;
    visible_cells(kvis, nx, c0, c1);
    visible_cells(vvis, ny, r0, r1);
    const int cells_x = c1 - c0 + 1, cells_y = r1 - r0 + 1;

    const double x_a = kx->coordToPixel(kr.lower + (c0 - 0.5) * kstep);
    const double x_b = kx->coordToPixel(kr.lower + (c1 + 0.5) * kstep);
    const double y_a = vy->coordToPixel(vr.lower + (r0 - 0.5) * vstep);
    const double y_b = vy->coordToPixel(vr.lower + (r1 + 0.5) * vstep);
    const int out_x = std::clamp(static_cast<int>(std::ceil(std::fabs(x_b - x_a))), 1, cells_x);
    const int out_y = std::clamp(static_cast<int>(std::ceil(std::fabs(y_b - y_a))), 1, cells_y);

    // pooled[j * out_x + i]: max over the cells of output column i and row j (row j counts from r0).
    std::vector<double> pooled(static_cast<size_t>(out_x) * out_y, -INFINITY);
    std::vector<int> col_of(static_cast<size_t>(cells_x));
    for (int c = 0; c < cells_x; ++c) col_of[static_cast<size_t>(c)] = static_cast<int>(static_cast<int64_t>(c) * out_x / cells_x);
    for (int r = 0; r < cells_y; ++r) {
        double* row = &pooled[static_cast<size_t>(static_cast<int64_t>(r) * out_y / cells_y) * out_x];
        for (int c = 0; c < cells_x; ++c) {
            double& p = row[col_of[static_cast<size_t>(c)]];
            p = std::max(p, d->cell(c0 + c, r0 + r));
        }
    }
    // Cells narrower than a pixel: widen every pooled maximum by one pixel on each side, so that a
    // single massive channel is a 3-pixel line rather than a hairline.
    if (out_x < cells_x && out_x > 2) {
        std::vector<double> row(static_cast<size_t>(out_x));
        for (int j = 0; j < out_y; ++j) {
            double* p = &pooled[static_cast<size_t>(j) * out_x];
            std::copy(p, p + out_x, row.begin());
            for (int i = 0; i < out_x; ++i)
                p[i] = std::max({row[static_cast<size_t>(std::max(i - 1, 0))], row[static_cast<size_t>(i)],
                                 row[static_cast<size_t>(std::min(i + 1, out_x - 1))]});
        }
    }
    const bool log = dataScaleType() == QCPAxis::stLogarithmic;
    const QCPRange range = dataRange();
    // A log colour scale cannot place 0 (or anything below its range): such cells take its low end.
    if (log)
        for (double& p : pooled) p = std::max(p, range.lower);

    QImage image(out_x, out_y, QImage::Format_ARGB32_Premultiplied);
    QCPColorGradient g = gradient();
    // Image row 0 is at the top of the target rectangle; mirror when the axis puts r0 at the bottom.
    const bool r0_on_top = y_a < y_b;
    const bool c0_on_left = x_a < x_b;
    std::vector<QRgb> line(static_cast<size_t>(out_x));
    for (int j = 0; j < out_y; ++j) {
        g.colorize(&pooled[static_cast<size_t>(j) * out_x], range, line.data(), out_x, 1, log);
        auto* scan = reinterpret_cast<QRgb*>(image.scanLine(r0_on_top ? j : out_y - 1 - j));
        if (c0_on_left) std::copy(line.begin(), line.end(), scan);
        else std::reverse_copy(line.begin(), line.end(), scan);
    }
    last_size_ = QSize(out_x, out_y);

    const QRectF target(QPointF(std::min(x_a, x_b), std::min(y_a, y_b)), QPointF(std::max(x_a, x_b), std::max(y_a, y_b)));
    const bool smooth = painter->renderHints().testFlag(QPainter::SmoothPixmapTransform);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(target, image);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, smooth);
}

}  // namespace rs::gui
