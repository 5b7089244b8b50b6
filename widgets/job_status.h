// The status bar's view of the running job: what it is doing, how far along, and a Cancel
// button. Visible only while a job runs.
#pragma once
#include <QWidget>

#include "core/progress.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace rs::gui {

class JobRunner;

class JobStatus : public QWidget {
    Q_OBJECT
public:
    JobStatus(JobRunner& runner, QWidget* parent = nullptr);

    // An engine stage as the user reads it, translated; in a matrix, "Run 2 of 6: Fusing rotations".
    static QString stage_title(rs::Stage stage, int run = 0, int runs = 0);
    // The item of a progress step as the status line shows it, empty when it shows none: for
    // GPTQ the layer and the linears being solved ("layer 3 gate_up" reads "layer 3: gate_proj,
    // up_proj"); other stages report many small items (tensors, windows) and show the count only.
    static QString item_text(rs::Stage stage, const QString& item);

    QString stage_text() const;
    QPushButton* cancel_button() const { return cancel_; }
    QProgressBar* progress_bar() const { return bar_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void on_started(const QString& title);
    void on_progress(int stage, qint64 done, qint64 total, int run, int runs, const QString& item);
    void update_label();

    JobRunner& runner_;
    QLabel* label_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QString title_;
    bool has_stage_ = false;
    rs::Stage stage_ = rs::Stage::Loading;
    int run_ = 0, runs_ = 0;
    qint64 done_ = 0, total_ = 0;
    QString item_;
};

}  // namespace rs::gui
