// The main window. For now it is a shell: menus, a placeholder plot and persisted window state.
// Loading models and running pipelines from the GUI come later; until then the window says so
// instead of offering controls that do nothing.
#pragma once
#include <QMainWindow>

class QAction;
class QActionGroup;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QMenu;

namespace rs::gui {

class Translations;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `translations` must outlive the window; View > Language switches it.
    explicit MainWindow(Translations& translations, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The text of Help > About (rich text), public so that tests can read it without a modal dialog.
    QString about_text() const;

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void create_menus();
    void create_placeholder_plot();
    void retranslate();
    void choose_language(const QString& code);
    void show_about();
    void restore_window_state();
    void save_window_state() const;

    Translations& translations_;

    QMenu* file_menu_ = nullptr;
    QMenu* view_menu_ = nullptr;
    QMenu* language_menu_ = nullptr;
    QMenu* help_menu_ = nullptr;
    QAction* quit_action_ = nullptr;
    QAction* about_action_ = nullptr;
    QAction* about_qt_action_ = nullptr;
    QAction* system_language_action_ = nullptr;
    QActionGroup* language_group_ = nullptr;

    QCustomPlot* plot_ = nullptr;
    QCPTextElement* plot_title_ = nullptr;
    QCPItemText* plot_hint_ = nullptr;
    QLabel* status_label_ = nullptr;
};

}  // namespace rs::gui
