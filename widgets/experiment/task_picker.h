// The "Tasks" box of the experiment dock: which tasks of rs::task_table() to score beside
// perplexity (one check box per row of the table), the folder holding their files, the shots and
// the question limit. It edits rs::TaskSettings (the experiment's eval.tasks) and nothing else;
// the files are read when the experiment runs, and any problem with them is reported then.
#pragma once
#include <QGroupBox>
#include <vector>

#include "tasks/task_settings.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace rs::gui {

class TaskPicker : public QGroupBox {
    Q_OBJECT
public:
    explicit TaskPicker(QWidget* parent = nullptr);

    rs::TaskSettings settings() const;
    void set_settings(const rs::TaskSettings& s);
    // Empty when the settings can run (no task, or tasks with an existing folder); else one sentence.
    QString problem() const;

    QCheckBox* task_check(const char* key) const;
    QLineEdit* data_edit() const { return data_; }
    QSpinBox* shots_spin() const { return shots_; }
    QSpinBox* limit_spin() const { return limit_; }

    void load_settings();
    void save_settings() const;

signals:
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    std::vector<QCheckBox*> checks_;  // one per row of rs::task_table()
    QLabel* data_label_ = nullptr;
    QLineEdit* data_ = nullptr;
    QToolButton* browse_ = nullptr;
    QLabel* shots_label_ = nullptr;
    QSpinBox* shots_ = nullptr;
    QLabel* limit_label_ = nullptr;
    QSpinBox* limit_ = nullptr;
};

}  // namespace rs::gui
