// The status bar's view of the running job: what it is doing, how far along, and a Cancel
// button. Visible only while a job runs.
#pragma once
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace rs::gui {

class JobRunner;

class JobStatus : public QWidget {
    Q_OBJECT
public:
    JobStatus(JobRunner& runner, QWidget* parent = nullptr);

    // The engine's stage names ("loading", "census", ...) as the user reads them.
    static QString stage_title(const QString& stage);

    QString stage_text() const;
    QPushButton* cancel_button() const { return cancel_; }
    QProgressBar* progress_bar() const { return bar_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void on_started(const QString& title);
    void on_progress(const QString& stage, qint64 done, qint64 total);
    void update_label();

    JobRunner& runner_;
    QLabel* label_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QString title_;
    QString stage_;
    qint64 done_ = 0, total_ = 0;
};

}  // namespace rs::gui
