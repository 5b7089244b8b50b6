#include "job_runner.h"

#include <QThread>
#include <new>
#include <string>

#include "core/error.h"

namespace rs::gui {
namespace {
constexpr qint64 kProgressIntervalMs = 50;

// Decides on the worker thread which progress calls are worth a queued call: the engine may
// report every tensor or every megabyte, and flooding the GUI thread's queue would freeze it.
class ProgressThrottle {
public:
    ProgressThrottle() { clock_.start(); }
    bool pass(const rs::ProgressStep& step) {
        const int64_t done = step.done, total = step.total;
        const bool new_stage = step.stage != stage_ || step.run != run_;
        const bool stage_done = total > 0 && done >= total;
        // A stage of few, long steps: a step dropped here would leave the status line naming the
        // previous item for the whole of the next one.
        const bool new_item = coarse(step.stage) && step.item != item_;
        if (!new_stage && !stage_done && !new_item && clock_.elapsed() < kProgressIntervalMs) return false;
        stage_ = step.stage;
        run_ = step.run;
        item_.assign(step.item);
        clock_.restart();
        return true;
    }

private:
    // GPTQ reports four steps per layer (a Hessian captured and solved each); the loading and
    // census stages report thousands of small ones, where the time throttle is what keeps up.
    static bool coarse(rs::Stage stage) { return stage == rs::Stage::Gptq; }

    QElapsedTimer clock_;
    rs::Stage stage_ = rs::Stage::Count;
    int run_ = -1;
    std::string item_;
};
}  // namespace

JobRunner::JobRunner(QObject* parent) : QObject(parent) {}

JobRunner::~JobRunner() {
    token_.cancel();
    wait_for_worker();
}

void JobRunner::wait_for_worker() {
    if (!thread_) return;
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
}

void JobRunner::set_busy(bool busy) {
    if (busy_ == busy) return;
    busy_ = busy;
    emit busy_changed(busy);
}

bool JobRunner::start(const QString& title, Work work, Done done) {
    if (busy_) return false;
    // The previous worker has delivered its result already; it may still be returning.
    wait_for_worker();
    token_.reset();
    done_ = std::move(done);
    title_ = title;
    const quint64 generation = ++generation_;

    thread_ = QThread::create([this, generation, work = std::move(work)] {
        auto throttle = std::make_shared<ProgressThrottle>();
        rs::Progress reporter;
        reporter.cancel = &token_;
        reporter.report = [this, generation, throttle](const rs::ProgressStep& step) {
            if (!throttle->pass(step)) return;
            const int stage = static_cast<int>(step.stage);
            const qint64 done = step.done, total = step.total;
            const int run = step.run, runs = step.runs;
            const QString item = QString::fromUtf8(step.item.data(), static_cast<qsizetype>(step.item.size()));
            QMetaObject::invokeMethod(
                this,
                [this, generation, stage, done, total, run, runs, item] {
                    if (generation == generation_ && busy_) emit progress(stage, done, total, run, runs, item);
                },
                Qt::QueuedConnection);
        };
        auto result = std::make_shared<std::any>();
        QString error;
        bool cancelled = false;
        try {
            *result = work(reporter);
        } catch (const rs::Error& e) {
            error = QString::fromStdString(e.what());
            cancelled = e.kind() == rs::ErrorKind::Cancelled;
        } catch (const std::bad_alloc&) {
            error = tr("out of memory");
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, generation, result, error, cancelled] { deliver(generation, result, error, cancelled); },
            Qt::QueuedConnection);
    });
    thread_->setObjectName(QStringLiteral("rotoscope-job"));
    set_busy(true);
    emit started(title_);
    thread_->start();
    return true;
}

void JobRunner::cancel() {
    if (busy_) token_.cancel();
}

void JobRunner::deliver(quint64 generation, std::shared_ptr<std::any> result, QString error, bool cancelled) {
    if (generation != generation_) return;
    // A job that got past its last cancellation point still counts as cancelled: the user asked
    // for nothing to change.
    if (error.isEmpty() && token_.cancelled()) {
        error = tr("cancelled");
        cancelled = true;
    }
    Done done = std::move(done_);
    done_ = {};
    // Not busy any more before the handlers run, so that they may start the next job.
    set_busy(false);
    if (!error.isEmpty()) {
        emit failed(error, cancelled);
        return;
    }
    try {
        if (done) done(*result);
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()), false);
        return;
    }
    emit finished(*result);
}

}  // namespace rs::gui
