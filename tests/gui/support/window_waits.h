// What the GUI tests share: waiting for the window's job to end with QSignalSpy (never with
// sleeps), and reading a plot's points.
#pragma once
#include <QElapsedTimer>
#include <QSignalSpy>
#include <qcustomplot.h>
#include <utility>
#include <vector>

#include "job_runner.h"
#include "main_window.h"

namespace rs::gui::testing {

// Waits until the window's job has ended, however it ended; false when it is still running
// after `timeout_ms`.
inline bool wait_idle(MainWindow& w, int timeout_ms = 180000) {
    JobRunner* runner = w.job_runner();
    QSignalSpy spy(runner, &JobRunner::busy_changed);
    QElapsedTimer clock;
    clock.start();
    while (runner->busy()) {
        const int left = timeout_ms - static_cast<int>(clock.elapsed());
        if (left <= 0 || !spy.wait(left)) return !runner->busy();
    }
    return true;
}

inline std::vector<std::pair<double, double>> points(const QCPGraph* graph) {
    std::vector<std::pair<double, double>> out;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) out.emplace_back(it->key, it->value);
    return out;
}

}  // namespace rs::gui::testing
