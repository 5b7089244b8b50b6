// Runs one engine job at a time on a worker thread, so that the window never freezes.
// A job is a function of rs::Progress; its result comes back to the GUI thread by a queued call,
// never by pumping the event loop. Cancelling sets the job's CancelToken, which the engine
// checks between units of work (a tensor, a window) and answers with Error{Cancelled}.
#pragma once
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <any>
#include <functional>
#include <memory>

#include "core/progress.h"

class QThread;

namespace rs::gui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Runs on the worker thread. Throwing rs::Error (or any std::exception) fails the job.
    using Work = std::function<std::any(const rs::Progress&)>;
    // Runs on the GUI thread with the work's result, before finished() is emitted.
    using Done = std::function<void(std::any&)>;

    explicit JobRunner(QObject* parent = nullptr);
    // Cancels a running job and waits for it: the work may reference what its owner holds.
    ~JobRunner() override;

    // Starts `work` unless a job is running (then returns false and does nothing).
    // `title` names the job in the GUI ("Loading model", ...).
    bool start(const QString& title, Work work, Done done = {});
    void cancel();

    bool busy() const { return busy_; }
    QString title() const { return title_; }
    bool cancel_requested() const { return token_.cancelled(); }

    // Blocks until the worker thread has returned. Results still arrive by queued call.
    void wait_for_worker();

signals:
    void started(const QString& title);
    // Throttled: at most one per stage change, per finished stage, or per 50 ms; and every change
    // of the item in a stage whose steps are long (GPTQ's layer and input), so that the item shown
    // is the one being worked on. `stage` is an rs::Stage; `run` of `runs` (1-based) places it in
    // a matrix of runs, 0 outside one; `item` is rs::ProgressStep::item as the engine wrote it.
    void progress(int stage, qint64 done, qint64 total, int run, int runs, const QString& item);
    void finished(const std::any& result);
    void failed(const QString& message, bool cancelled);
    void busy_changed(bool busy);

private:
    void deliver(quint64 generation, std::shared_ptr<std::any> result, QString error, bool cancelled);
    void set_busy(bool busy);

    rs::CancelToken token_;
    QThread* thread_ = nullptr;
    Done done_;
    QString title_;
    bool busy_ = false;
    // Bumped per job, so that a late queued call from an older job is recognised and dropped.
    quint64 generation_ = 0;
};

}  // namespace rs::gui
