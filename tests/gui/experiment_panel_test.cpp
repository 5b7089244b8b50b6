// The experiment dock: the Recipe it builds from its widgets (R1–R4 kinds and block sizes,
// smoothing, W/A/KV formats, the weight method with GPTQ's options and calibration set, seeds,
// evaluation settings), what it refuses and why (the engine's own message for act-order with
// fixed-block formats), its settings round trip; and, through the main window on a tiny generated
// model, a real quantized run that ends as one row of the results table (with the reference logits
// computed once per session), a GPTQ run whose report stores its method, options and calibration
// (and which the CLI reproduces), cancelling GPTQ mid-layer, and the census after rotation beside
// the original census.
// Runs on QT_QPA_PLATFORM=offscreen; waits with QSignalSpy, never with sleeps.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

#include "calibration_panel.h"
#include "census/census_views.h"
#include "engine/support/model_files.h"
#include "engine/support/tiny_gguf.h"
#include "engine/support/tiny_model.h"
#include "core/json_io.h"
#include "experiment/error_histogram_view.h"
#include "experiment/export_dialog.h"
#include "model/loader.h"
#include "experiment/experiment_config.h"
#include "experiment/gptq_gain_model.h"
#include "experiment/gptq_gain_view.h"
#include "experiment/experiment_panel.h"
#include "experiment/experiment_view.h"
#include "experiment/results_table_model.h"
#include "experiment/task_picker.h"
#include "i18n.h"
#include "job_runner.h"
#include "job_status.h"
#include "report/run_report.h"
#include "main_window.h"
#include "support/window_waits.h"
#include "quant/format.h"

using rs::gui::testing::wait_idle;
using rs::gui::ExperimentPanel;
using rs::gui::JobRunner;
using rs::gui::MainWindow;

namespace {
constexpr int kJobTimeoutMs = 180000;

rs::RotationSpec spec(rs::RotationKind kind, int block = 0, uint64_t seed = 0) {
    rs::RotationSpec s;
    s.kind = kind;
    s.block = block;
    s.seed = seed;
    return s;
}

// Every stage a job reported, in order, by key.
QStringList stages(const QSignalSpy& progress) {
    QStringList out;
    for (const QList<QVariant>& args : progress) out << QLatin1String(rs::stage_key(static_cast<rs::Stage>(args.at(0).toInt())));
    return out;
}
}  // namespace

class ExperimentPanelTest : public QObject {
    Q_OBJECT

private:
    rs::gui::Translations translations_;
    QTemporaryDir dir_;
    QString model_path_;
    QString corpus_path_;

    // A small, fast evaluation: two windows of 32 tokens, the probe on 16.
    void small_eval(ExperimentPanel& panel) { panel.set_eval(corpus_path_, 32, 2, 16); }

    // With ROTOSCOPE_SCREENSHOT_DIR set, a picture to look at.
    void save_screenshot(QWidget& w, const QString& name) {
        const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty()) return;
        QDir().mkpath(dir);
        w.resize(1400, 900);
        QCoreApplication::sendPostedEvents();  // the views' queued replots
        QVERIFY(w.grab().save(QDir(dir).filePath(name)));
    }

    void load_model(MainWindow& w) {
        QSignalSpy loaded(&w, &MainWindow::model_loaded);
        QVERIFY(w.open_model(model_path_));
        QVERIFY(wait_idle(w));
        QVERIFY2(loaded.count() == 1, qPrintable(w.last_error()));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Rotoscope"));
        QCoreApplication::setApplicationName(QStringLiteral("rotoscope-experiment-panel-test"));
        QApplication::setQuitOnLastWindowClosed(false);
        QVERIFY(translations_.apply(QStringLiteral("en")));
        QVERIFY(dir_.isValid());

        rs::ModelConfig c = rs::testing::tiny_config(rs::Arch::Llama);
        c.n_vocab = 260;
        c.max_context = 4096;
        const rs::Model model = rs::testing::random_model(c, 5);
        model_path_ = dir_.filePath(QStringLiteral("tiny.gguf"));
        rs::testing::write_model_gguf(model, "llama", model_path_.toStdString(), [](rs::GgufWriter& w) {
            rs::testing::add_tiny_byte_bpe_tokenizer(w);
            w.set_string("general.name", "tiny-experiment");
        });

        QString text;
        const QStringList words = {QStringLiteral("rotate"), QStringLiteral("the"),    QStringLiteral("residual"),
                                   QStringLiteral("stream"), QStringLiteral("before"), QStringLiteral("rounding"),
                                   QStringLiteral("weights"), QStringLiteral("to"),    QStringLiteral("four"),
                                   QStringLiteral("bits.")};
        QRandomGenerator rng(9);
        for (int i = 0; i < 2000; ++i) text += words[rng.bounded(words.size())] + QLatin1Char(i % 13 == 12 ? '\n' : ' ');
        corpus_path_ = dir_.filePath(QStringLiteral("corpus.txt"));
        QFile f(corpus_path_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
    }

    void init() { QSettings().clear(); }
    void cleanup() { QSettings().clear(); }

    // ---- the panel alone ----

    void builds_the_recipe_of_its_widgets() {
        ExperimentPanel panel;
        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::RandomHadamard);
        panel.set_placement(ExperimentPanel::R2, true, rs::RotationKind::BlockHadamard, 16);
        panel.set_placement(ExperimentPanel::R3, false, rs::RotationKind::Hadamard);
        panel.set_placement(ExperimentPanel::R4, true, rs::RotationKind::RandomOrthogonal);
        panel.set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:asym:g32"));
        panel.set_format(ExperimentPanel::Activations, true, QStringLiteral("mxfp4"));
        panel.set_format(ExperimentPanel::KvCache, true, QStringLiteral("int8"));
        panel.set_smoothing(true, 0.65, true, false, false);
        panel.set_seeds(QStringLiteral("5, 7"));
        panel.set_eval(QStringLiteral("wikitext2"), 256, 4, 64);
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));

        // The widgets say what was set.
        QCOMPARE(panel.format_combo(ExperimentPanel::Weights)->currentText(), QStringLiteral("int4"));
        QCOMPARE(panel.format_options(ExperimentPanel::Weights)->text(), QStringLiteral("asym:g32"));
        QVERIFY(!panel.placement_check(ExperimentPanel::R3)->isChecked());

        rs::Recipe expected;
        expected.rotation.r1_on = true;
        expected.rotation.r1 = spec(rs::RotationKind::RandomHadamard, 0, 5);  // the first seed
        expected.rotation.r2_on = true;
        expected.rotation.r2 = spec(rs::RotationKind::BlockHadamard, 16);
        expected.rotation.r4_on = true;
        expected.rotation.r4 = spec(rs::RotationKind::RandomOrthogonal, 0, 5);
        expected.smooth.on = true;
        expected.smooth.alpha = 0.65;
        expected.smooth.down = true;
        rs::quant::FormatSpec w;
        w.kind = rs::quant::FormatKind::Int;
        w.bits = 4;
        w.symmetric = false;
        w.granularity = rs::quant::Granularity::Group;
        w.group = 32;
        expected.weights = w;
        expected.activations = rs::quant::default_format_spec(rs::quant::FormatKind::MxFp4);
        rs::quant::FormatSpec kv;
        kv.kind = rs::quant::FormatKind::Int;
        kv.bits = 8;
        expected.kv = kv;
        const rs::Recipe r = panel.recipe();
        QVERIFY(r.rotation.r1 == expected.rotation.r1);
        QVERIFY(r.rotation.r2 == expected.rotation.r2);
        QVERIFY(!r.rotation.r3_on);
        QVERIFY(r.rotation.r4 == expected.rotation.r4);
        QVERIFY(r.weights == expected.weights);
        QVERIFY(r.activations == expected.activations);
        QVERIFY(r.kv == expected.kv);
        QVERIFY(r.smooth == expected.smooth);
        QVERIFY(r == expected);

        const rs::EvalSettings eval = panel.eval_settings();
        QCOMPARE(eval.corpus, std::string("wikitext2"));
        QCOMPARE(eval.ctx, 256);
        QCOMPARE(eval.windows, 4);
        QCOMPARE(eval.probe_tokens, 64);

        // Random rotations with two seeds: one recipe per seed, the seed at every random placement,
        // the deterministic block Hadamard untouched, both in one mean ± std group.
        const rs::RecipeMatrix m = panel.matrix();
        QCOMPARE(m.recipes.size(), size_t(2));
        QVERIFY(m.eval == eval);
        QCOMPARE(m.seeds, (std::vector<uint64_t>{5, 7}));
        QCOMPARE(m.seed_of, (std::vector<int>{5, 7}));
        QCOMPARE(m.group_of[0], m.group_of[1]);
        for (size_t i = 0; i < 2; ++i) {
            const uint64_t seed = i == 0 ? 5 : 7;
            QCOMPARE(m.recipes[i].rotation.r1.seed, seed);
            QCOMPARE(m.recipes[i].rotation.r4.seed, seed);
            QVERIFY(m.recipes[i].rotation.r2 == expected.rotation.r2);
            QVERIFY(m.recipes[i].weights == expected.weights);
        }
        QVERIFY(m.recipes[0] == expected);
        QVERIFY(!QString::fromStdString(m.group_of[0]).contains(QStringLiteral("seed=")));
    }

    void deterministic_rotations_run_once_whatever_the_seeds() {
        ExperimentPanel panel;
        for (auto p : {ExperimentPanel::R1, ExperimentPanel::R2, ExperimentPanel::R3, ExperimentPanel::R4})
            panel.set_placement(p, false, rs::RotationKind::Hadamard);
        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel.set_placement(ExperimentPanel::R4, true, rs::RotationKind::BlockHadamard, 64);
        panel.set_seeds(QStringLiteral("0 1 2"));
        QVERIFY(panel.problem().isEmpty());
        const rs::RecipeMatrix m = panel.matrix();
        QCOMPARE(m.recipes.size(), size_t(1));
        QCOMPARE(m.seed_of, std::vector<int>{-1});
        QVERIFY(m.recipes[0].rotation.r1 == spec(rs::RotationKind::Hadamard));
        QVERIFY(m.recipes[0].rotation.r4 == spec(rs::RotationKind::BlockHadamard, 64));

        // "none" at a checked placement is no rotation; an unchecked format is no quantization.
        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::Identity);
        panel.set_format(ExperimentPanel::Activations, false, QStringLiteral("int4:token"));
        const rs::Recipe r = panel.recipe();
        QVERIFY(!r.rotation.r1_on);
        QVERIFY(r.rotation.r4_on);
        QVERIFY(!r.activations.has_value());
        QVERIFY(r.weights.has_value());
    }

    void block_size_only_for_block_hadamard() {
        ExperimentPanel panel;
        panel.set_placement(ExperimentPanel::R2, true, rs::RotationKind::Hadamard);
        QVERIFY(!panel.block_spin(ExperimentPanel::R2)->isEnabled());
        panel.kind_combo(ExperimentPanel::R2)->setCurrentIndex(3);  // block Hadamard
        QVERIFY(panel.block_spin(ExperimentPanel::R2)->isEnabled());
        panel.block_spin(ExperimentPanel::R2)->setValue(8);
        QCOMPARE(panel.recipe().rotation.r2, spec(rs::RotationKind::BlockHadamard, 8));
        panel.placement_check(ExperimentPanel::R2)->setChecked(false);
        QVERIFY(!panel.block_spin(ExperimentPanel::R2)->isEnabled());
        QVERIFY(!panel.kind_combo(ExperimentPanel::R2)->isEnabled());
        QVERIFY(!panel.recipe().rotation.r2_on);
    }

    void a_fitted_rotation_is_a_kind_with_a_file() {
        ExperimentPanel panel;
        panel.set_run_enabled(true);
        panel.show();
        auto* path = panel.findChild<QLineEdit*>(QStringLiteral("r1_path"));
        QVERIFY(path);
        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        QVERIFY(!path->isVisible());
        QVERIFY(panel.block_spin(ExperimentPanel::R1)->isVisible());
        // The kind list is the engine's table: "from a file" is listed and shows the path instead
        // of the block size.
        const int file_index = panel.kind_combo(ExperimentPanel::R1)->findData(QStringLiteral("file"));
        QVERIFY(file_index >= 0);
        panel.kind_combo(ExperimentPanel::R1)->setCurrentIndex(file_index);
        QVERIFY(path->isVisible());
        QVERIFY(!panel.block_spin(ExperimentPanel::R1)->isVisible());
        QVERIFY(panel.problem().contains(QStringLiteral("R1")));
        QVERIFY(!panel.run_button()->isEnabled());

        // A file of the wrong size is refused once the model's shapes are known, in the engine's words.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("R1.f64"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8 * 10, '\0'));
        }
        path->setText(file);
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));  // no model: shapes unknown
        const rs::RotationSpec r1 = panel.recipe().rotation.r1;
        QCOMPARE(r1.kind, rs::RotationKind::File);
        QCOMPARE(QString::fromStdString(r1.path), file);
        panel.set_model_config(rs::testing::tiny_config(rs::Arch::Llama));
        QVERIFY(panel.problem().contains(QStringLiteral("holds 80 bytes")));
        // An orthogonal matrix of order d_model = 48 is accepted.
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            std::vector<double> eye(48 * 48, 0.0);
            for (int i = 0; i < 48; ++i) eye[static_cast<size_t>(i * 48 + i)] = 1.0;
            f.write(reinterpret_cast<const char*>(eye.data()), static_cast<qint64>(eye.size() * 8));
        }
        path->setText(QString());
        path->setText(file);
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
        QVERIFY(panel.run_button()->isEnabled());
        if (const QString shots = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR"); !shots.isEmpty()) {
            // In Russian, whose words are the longest, as wide as the dock is by default.
            QVERIFY(translations_.apply(QStringLiteral("ru")));
            QCoreApplication::sendPostedEvents();
            QDir().mkpath(shots);
            panel.resize(380, panel.sizeHint().height());
            QVERIFY(panel.grab().save(QDir(shots).filePath(QStringLiteral("experiment-panel-rotation-file-ru.png"))));
            QVERIFY(translations_.apply(QStringLiteral("en")));
        }
        // The path is kept with the other settings.
        panel.save_settings();
        ExperimentPanel other;
        other.load_settings();
        QCOMPARE(other.findChild<QLineEdit*>(QStringLiteral("r1_path"))->text(), file);
    }

    void same_rotation_preset_copies_r1() {
        ExperimentPanel panel;
        panel.set_placement(ExperimentPanel::R2, false, rs::RotationKind::Hadamard);
        panel.set_placement(ExperimentPanel::R3, false, rs::RotationKind::Hadamard);
        panel.set_placement(ExperimentPanel::R4, false, rs::RotationKind::RandomOrthogonal);
        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::BlockHadamard, 32);
        panel.findChild<QPushButton*>(QStringLiteral("same_rotation_preset"))->click();
        const rs::FusePlan plan = panel.recipe().rotation;
        QVERIFY(plan.r1_on && plan.r2_on && plan.r4_on);
        QVERIFY(!plan.r3_on);  // R3 is not part of the preset
        for (const rs::RotationSpec& s : {plan.r1, plan.r2, plan.r4}) QVERIFY(s == spec(rs::RotationKind::BlockHadamard, 32));
    }

    void refuses_invalid_input_with_the_reason() {
        ExperimentPanel panel;
        panel.set_run_enabled(true);
        QVERIFY(panel.run_button()->isEnabled());

        struct Bad {
            ExperimentPanel::Operand operand;
            const char* spec;
        };
        // An unknown option, a clip ratio above 1, a block format given a granularity, an INT width
        // that does not exist.
        for (const Bad& bad : {Bad{ExperimentPanel::Weights, "int4:banana"}, Bad{ExperimentPanel::Activations, "int4:token:clip1.5"},
                               Bad{ExperimentPanel::Weights, "nvfp4:channel"}, Bad{ExperimentPanel::KvCache, "int5"}}) {
            panel.set_format(bad.operand, true, QLatin1String(bad.spec));
            QVERIFY2(!panel.problem().isEmpty(), bad.spec);
            QVERIFY2(!panel.run_button()->isEnabled(), bad.spec);
            QVERIFY(panel.format_error(bad.operand)->isVisibleTo(&panel));
            QVERIFY(!panel.format_error(bad.operand)->text().isEmpty());
            QVERIFY(panel.problem_label()->isVisibleTo(&panel));
            QCOMPARE(panel.problem_label()->text(), panel.problem());
            QCOMPARE(panel.run_button()->toolTip(), panel.problem());
            const QString who = bad.operand == ExperimentPanel::Weights ? QStringLiteral("W format")
                                : bad.operand == ExperimentPanel::Activations ? QStringLiteral("A format")
                                                                              : QStringLiteral("KV format");
            QVERIFY2(panel.problem().startsWith(who), qPrintable(panel.problem()));
            // Switching the operand off takes the error away with it.
            panel.format_check(bad.operand)->setChecked(false);
            QVERIFY(panel.problem().isEmpty());
            QVERIFY(!panel.format_error(bad.operand)->isVisibleTo(&panel));
            QVERIFY(panel.run_button()->isEnabled());
        }

        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::RandomHadamard);
        for (const char* seeds : {"", "0, x", "1, 2, 1", "-3"}) {
            panel.set_seeds(QLatin1String(seeds));
            QVERIFY2(!panel.problem().isEmpty(), seeds);
            QVERIFY2(!panel.run_button()->isEnabled(), seeds);
            QVERIFY(panel.matrix().recipes.size() <= 1);
        }
        panel.set_seeds(QStringLiteral("0,1,2"));
        QVERIFY(panel.problem().isEmpty());
        QCOMPARE(panel.matrix().recipes.size(), size_t(3));

        panel.set_smoothing(true, 0.5, false, false, false);
        QVERIFY(!panel.problem().isEmpty());
        panel.set_smoothing(true, 0.5, true, false, false);
        QVERIFY(panel.problem().isEmpty());

        // The window's reason (no model, a job running) disables Run even for a good recipe.
        panel.set_run_enabled(false, QStringLiteral("Open a model first."));
        QVERIFY(!panel.run_button()->isEnabled());
        QVERIFY(!panel.run_matrix_button()->isEnabled());
        QCOMPARE(panel.problem_label()->text(), QStringLiteral("Open a model first."));
    }

    void checks_the_recipe_against_the_model() {
        ExperimentPanel panel;
        panel.set_run_enabled(true);
        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel.set_placement(ExperimentPanel::R4, true, rs::RotationKind::BlockHadamard, 32);
        QVERIFY(panel.problem().isEmpty());  // no model: shapes unknown
        // d_ff = 80 is not a multiple of 32, but of 16.
        const rs::ModelConfig cfg = rs::testing::tiny_config(rs::Arch::Llama);
        QCOMPARE(cfg.d_ff % 32 != 0, true);
        panel.set_model_config(cfg);
        QVERIFY(!panel.problem().isEmpty());
        QVERIFY(!panel.run_button()->isEnabled());
        QVERIFY(!panel.rotated_census_button()->isEnabled());
        panel.block_spin(ExperimentPanel::R4)->setValue(16);
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
        QVERIFY(panel.run_button()->isEnabled());
        QVERIFY(panel.rotated_census_button()->isEnabled());
        // A group that does not divide the weights' rows (d_model = 48 in, d_ff = 80 in).
        panel.set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:g32"));
        QVERIFY(!panel.problem().isEmpty());
        panel.set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:g16"));
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
    }

    // ---- the weight method ----

    void gptq_options_show_only_for_gptq_and_go_into_the_config() {
        ExperimentPanel panel;
        panel.set_run_enabled(true);
        // RTN by default, the first row of the engine's table; GPTQ's options hidden.
        QCOMPARE(panel.method_combo()->count(), int(std::size(rs::kWeightMethods)));
        QCOMPARE(panel.method_combo()->currentData().toString(), QStringLiteral("rtn"));
        QCOMPARE(panel.method_combo()->currentText(), QStringLiteral("Round to nearest"));
        QVERIFY(!panel.gptq_options()->isVisibleTo(&panel));
        QCOMPARE(panel.recipe().method, rs::WeightMethod::Rtn);
        // The weight tooltip no longer says the weights are always rounded to nearest.
        const QString w_tip = panel.format_check(ExperimentPanel::Weights)->toolTip();
        QVERIFY2(w_tip.contains(QLatin1String("GPTQ")) && !w_tip.contains(QLatin1String("once.")), qPrintable(w_tip));
        // Every GPTQ option says what it does.
        for (QWidget* wdg : std::initializer_list<QWidget*>{panel.method_combo(), panel.gptq_damp_spin(), panel.gptq_block_spin(),
                                                            panel.gptq_act_order_check(), panel.gptq_static_groups_check(),
                                                            panel.gptq_true_sequential_check(), panel.gptq_corpus_combo(),
                                                            panel.gptq_windows_spin(), panel.gptq_ctx_spin(), panel.gptq_seed_spin()})
            QVERIFY2(wdg->toolTip().size() > 20, qPrintable(wdg->objectName()));

        panel.method_combo()->setCurrentIndex(1);
        QCOMPARE(panel.method_combo()->currentData().toString(), QStringLiteral("gptq"));
        QVERIFY(panel.gptq_options()->isVisibleTo(&panel));
        QVERIFY(panel.gptq_options()->isEnabled());
        panel.gptq_damp_spin()->setValue(0.05);
        panel.gptq_block_spin()->setValue(64);
        panel.gptq_act_order_check()->setChecked(true);
        panel.gptq_static_groups_check()->setChecked(true);
        panel.gptq_true_sequential_check()->setChecked(false);
        panel.gptq_corpus_combo()->setCurrentText(corpus_path_);
        panel.gptq_windows_spin()->setValue(8);
        panel.gptq_ctx_spin()->setValue(64);
        panel.gptq_seed_spin()->setValue(11);
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
        QVERIFY(panel.problem_label()->text().contains(QLatin1String("GPTQ")));
        if (const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            // As wide as the dock is by default.
            QDir().mkpath(dir);
            panel.resize(380, panel.sizeHint().height());
            QVERIFY(panel.grab().save(QDir(dir).filePath(QStringLiteral("experiment-panel-gptq.png"))));
        }

        rs::GptqOptions expected;
        expected.damp = 0.05;
        expected.block = 64;
        expected.act_order = true;
        expected.static_groups = true;
        expected.true_sequential = false;
        const rs::Recipe r = panel.recipe();
        QCOMPARE(r.method, rs::WeightMethod::Gptq);
        QVERIFY(r.gptq == expected);
        const rs::CalibrationSettings calibration{corpus_path_.toStdString(), 8, 64, 11};
        QVERIFY(panel.gptq_calibration() == calibration);
        // What Run runs: the matrix carries the method, its options and the calibration set...
        const rs::RecipeMatrix m = panel.matrix();
        QCOMPARE(m.recipes.size(), size_t(1));
        QVERIFY(m.recipes[0] == r);
        QVERIFY(m.gptq_calibration == calibration);
        QVERIFY(rs::uses_calibration(m));
        // ...and the configuration built from it round-trips through JSON.
        rs::ExperimentConfig config;
        config.matrix = m;
        const rs::ExperimentConfig back = rs::experiment_from_json(rs::experiment_to_json(config), "config");
        QVERIFY(back.matrix.recipes == config.matrix.recipes);
        QVERIFY(back.matrix.gptq_calibration == calibration);

        // An empty corpus is the default calibration corpus.
        panel.gptq_corpus_combo()->setCurrentText(QString());
        QCOMPARE(panel.gptq_calibration().corpus, std::string());
        QVERIFY(panel.problem().isEmpty());

        // Without a weight format there is nothing for a method to quantize.
        panel.format_check(ExperimentPanel::Weights)->setChecked(false);
        QVERIFY(!panel.method_combo()->isEnabled());
        QVERIFY(!panel.gptq_options()->isEnabled());
        QVERIFY(!panel.recipe().weights);
        QCOMPARE(panel.recipe().method, rs::WeightMethod::Rtn);
        QVERIFY(panel.recipe().gptq == rs::GptqOptions{});
        QVERIFY(!rs::uses_calibration(panel.matrix()));
        panel.format_check(ExperimentPanel::Weights)->setChecked(true);

        // Back to RTN: the options hide, the recipe carries none.
        panel.set_weight_method(rs::WeightMethod::Rtn);
        QVERIFY(!panel.gptq_options()->isVisibleTo(&panel));
        QCOMPARE(panel.recipe().method, rs::WeightMethod::Rtn);
        QVERIFY(panel.recipe().gptq == rs::GptqOptions{});
    }

    void act_order_with_fixed_blocks_needs_static_groups() {
        ExperimentPanel panel;
        panel.set_run_enabled(true);
        // A model whose rows MXFP4's blocks of 32 divide.
        rs::ModelConfig cfg = rs::testing::tiny_config(rs::Arch::Llama);
        cfg.d_model = 64;
        cfg.n_heads = 4;
        cfg.n_kv_heads = 2;
        cfg.head_dim = 16;
        cfg.d_ff = 128;
        cfg.max_context = 512;
        panel.set_model_config(cfg);
        panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel.set_format(ExperimentPanel::Weights, true, QStringLiteral("mxfp4"));
        panel.set_format(ExperimentPanel::Activations, false, QStringLiteral("int4:token"));
        rs::GptqOptions o;
        o.act_order = true;
        panel.set_weight_method(rs::WeightMethod::Gptq, o);
        panel.set_gptq_calibration({"", 4, 64, 0});
        // The engine's one-line message, under the buttons and on Run's tooltip.
        const QString p = panel.problem();
        QVERIFY2(p.contains(QLatin1String("static groups")) && p.contains(QLatin1String("mxfp4")), qPrintable(p));
        QVERIFY(!p.contains(QLatin1Char('\n')));
        QVERIFY(!panel.run_button()->isEnabled());
        QCOMPARE(panel.problem_label()->text(), p);
        QCOMPARE(panel.run_button()->toolTip(), p);
        try {
            rs::validate_recipe(panel.recipe(), cfg, "recipe");
            QFAIL("the engine accepts act-order with MXFP4 and dynamic groups");
        } catch (const rs::Error& e) {
            QCOMPARE(p, QString::fromStdString(e.what()));
        }
        panel.gptq_static_groups_check()->setChecked(true);
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
        QVERIFY(panel.run_button()->isEnabled());
        // INT groups move with act-order: no static groups needed.
        panel.gptq_static_groups_check()->setChecked(false);
        panel.set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:g32"));
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
        // GPTQ's calibration windows longer than the model's context: the engine's words too.
        panel.gptq_ctx_spin()->setValue(1024);
        QVERIFY2(panel.problem().contains(QLatin1String("calibration: ctx 1024 exceeds")), qPrintable(panel.problem()));
        QVERIFY(!panel.run_button()->isEnabled());
        // RTN ignores the GPTQ settings.
        panel.set_weight_method(rs::WeightMethod::Rtn, o);
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
    }

    void settings_round_trip() {
        rs::Recipe saved;
        rs::EvalSettings saved_eval;
        rs::CalibrationSettings saved_calibration;
        {
            ExperimentPanel panel;
            panel.set_placement(ExperimentPanel::R1, true, rs::RotationKind::RandomOrthogonal);
            panel.set_placement(ExperimentPanel::R2, true, rs::RotationKind::BlockHadamard, 8);
            panel.set_placement(ExperimentPanel::R3, true, rs::RotationKind::Hadamard);
            panel.set_placement(ExperimentPanel::R4, false, rs::RotationKind::Hadamard);
            panel.set_format(ExperimentPanel::Weights, true, QStringLiteral("mxfp4:ceil"));
            panel.set_format(ExperimentPanel::Activations, false, QStringLiteral("fp8_e4m3"));
            panel.set_format(ExperimentPanel::KvCache, true, QStringLiteral("int4:asym:clip0.9"));
            panel.set_smoothing(true, 0.3, true, true, false);
            panel.set_seeds(QStringLiteral("3, 4"));
            panel.set_eval(corpus_path_, 128, 3, 32);
            rs::GptqOptions o;
            o.damp = 0.1;
            o.block = 32;
            o.act_order = true;
            o.static_groups = true;
            o.true_sequential = false;
            panel.set_weight_method(rs::WeightMethod::Gptq, o);
            panel.set_gptq_calibration({"wikitext2-train", 12, 96, 4});
            saved = panel.recipe();
            saved_eval = panel.eval_settings();
            saved_calibration = panel.gptq_calibration();
            panel.save_settings();
        }
        QCOMPARE(saved.method, rs::WeightMethod::Gptq);
        ExperimentPanel restored;
        QVERIFY(!(restored.recipe() == saved));
        restored.load_settings();
        QVERIFY(restored.recipe() == saved);
        QVERIFY(restored.eval_settings() == saved_eval);
        QVERIFY(restored.gptq_calibration() == saved_calibration);
        QVERIFY(restored.gptq_options()->isVisibleTo(&restored));
        QCOMPARE(restored.seeds_edit()->text(), QStringLiteral("3, 4"));
        QVERIFY(!restored.format_check(ExperimentPanel::Activations)->isChecked());
        QCOMPARE(restored.format_combo(ExperimentPanel::Activations)->currentText(), QStringLiteral("fp8_e4m3"));
    }

    // ---- through the window, on a real model ----

    void a_run_exports_its_model_with_verdicts() {
        MainWindow w(translations_);
        ExperimentPanel* panel = w.experiment_panel();
        load_model(w);
        for (auto p : {ExperimentPanel::R2, ExperimentPanel::R3, ExperimentPanel::R4})
            panel->set_placement(p, false, rs::RotationKind::Hadamard);
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel->set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:g16"));
        panel->set_format(ExperimentPanel::Activations, true, QStringLiteral("int8:token"));
        panel->set_format(ExperimentPanel::KvCache, false, QStringLiteral("int4"));
        panel->set_seeds(QStringLiteral("0"));
        small_eval(*panel);
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        QVERIFY(w.run_experiment());
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));

        // The verdict column: activations quantized, so no target runs the recipe as it is.
        rs::gui::ResultsTableModel* results = w.experiment_view()->results();
        const QModelIndex cell = results->index(0, rs::gui::ResultsTableModel::ExportColumn);
        QCOMPARE(cell.data().toString(), QStringLiteral("hf ✗  compressed-tensors ✗  gguf ✗"));
        QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("transformers does not quantize activations")));
        QCOMPARE(cell.data(rs::gui::ResultsTableModel::SortRole).toInt(), 0);

        // The dialog says the same, and offers the offline part.
        const rs::RunResult& run = *results->runs().front();
        rs::gui::ExportDialog dialog(run.recipe, rs::ModelConfig{});
        dialog.set_target(rs::ExportTarget::Hf);
        QVERIFY(!dialog.can_accept());
        QVERIFY(dialog.verdict_text().contains(QStringLiteral("does not quantize activations")));
        dialog.set_offline_only(true);
        QVERIFY(dialog.can_accept());
        QVERIFY(dialog.options().offline_only);

        // The export button wants exactly one selected run.
        QVERIFY(!w.experiment_view()->export_model_button()->isEnabled());
        w.experiment_view()->table_view()->selectRow(0);
        QVERIFY(w.experiment_view()->export_model_button()->isEnabled());

        QSignalSpy exported(&w, &MainWindow::model_exported);
        QSignalSpy progress(w.job_runner(), &JobRunner::progress);
        const QString out = dir_.filePath(QStringLiteral("exported-hf"));
        rs::ExportOptions options = dialog.options();
        options.dtype = rs::ExportDtype::F32;
        QVERIFY(w.export_run_model(0, out, options));
        QVERIFY(wait_idle(w));
        QVERIFY2(exported.count() == 1, qPrintable(w.last_error()));
        QVERIFY(stages(progress).contains(QStringLiteral("exporting")));
        const rs::Model m = rs::load_model(out.toStdString());
        QCOMPARE(m.cfg.n_layers, 2);
        QVERIFY(!m.cfg.tied_embeddings);  // R1 folded the output norm into the head

        // Without --offline-only the engine refuses in one line, and nothing is written.
        const QString refused = dir_.filePath(QStringLiteral("refused-hf"));
        QVERIFY(w.export_run_model(0, refused, dialog.options() /* offline */));
        QVERIFY(wait_idle(w));
        rs::ExportOptions strict = options;
        strict.offline_only = false;
        QVERIFY(w.export_run_model(0, refused + QStringLiteral("-strict"), strict));
        QVERIFY(wait_idle(w));
        QVERIFY(w.last_error().contains(QStringLiteral("does not quantize activations")));
        QVERIFY(!QFileInfo::exists(refused + QStringLiteral("-strict")));
    }

    // The Tasks box: the settings it describes go into the experiment's eval (and so its matrix
    // and report), a missing folder stops Run with one sentence, and a run scores the tasks.
    void a_run_scores_the_chosen_tasks() {
        MainWindow w(translations_);
        ExperimentPanel* panel = w.experiment_panel();
        load_model(w);
        panel->set_placement(ExperimentPanel::R1, false, rs::RotationKind::Hadamard);
        for (auto p : {ExperimentPanel::R2, ExperimentPanel::R3, ExperimentPanel::R4})
            panel->set_placement(p, false, rs::RotationKind::Hadamard);
        panel->set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:channel"));
        panel->set_format(ExperimentPanel::Activations, false, QStringLiteral("int4:token"));
        panel->set_format(ExperimentPanel::KvCache, false, QStringLiteral("int4"));
        panel->set_seeds(QStringLiteral("0"));
        small_eval(*panel);
        rs::gui::TaskPicker* tasks = panel->task_picker();
        tasks->task_check("piqa")->setChecked(true);
        tasks->data_edit()->setText(dir_.filePath(QStringLiteral("no-such-folder")));
        QVERIFY(!panel->run_button()->isEnabled());
        QVERIFY(panel->problem_label()->text().contains(QStringLiteral("does not exist")));
        tasks->data_edit()->setText(QStringLiteral(ROTOSCOPE_SOURCE_DIR "/tests/data/tasks"));
        tasks->limit_spin()->setValue(3);
        QVERIFY2(panel->run_button()->isEnabled(), qPrintable(panel->problem_label()->text()));
        const rs::EvalSettings eval = panel->eval_settings();
        QCOMPARE(eval.tasks.tasks, std::vector<std::string>{"piqa"});
        QCOMPARE(eval.tasks.limit, 3);
        QCOMPARE(panel->matrix().eval.tasks, eval.tasks);

        rs::gui::ResultsTableModel* results = w.experiment_view()->results();
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        QSignalSpy progress(w.job_runner(), &JobRunner::progress);
        panel->run_button()->click();
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));
        QVERIFY(stages(progress).contains(QStringLiteral("tasks")));
        QCOMPARE(results->columnCount(), int(rs::gui::ResultsTableModel::ColumnCount) + 1);
        const rs::RunResult& run = *results->runs().front();
        QCOMPARE(run.tasks.size(), size_t{1});
        QCOMPARE(run.tasks[0].n, 3);
        QCOMPARE(results->index(0, rs::gui::ResultsTableModel::ColumnCount).data(rs::gui::ResultsTableModel::SortRole).toDouble(),
                 100.0 * run.tasks[0].acc);
        panel->save_settings();
        ExperimentPanel fresh;
        fresh.load_settings();
        QCOMPARE(fresh.eval_settings().tasks, eval.tasks);
    }

    void a_real_run_adds_one_row() {
        MainWindow w(translations_);
        ExperimentPanel* panel = w.experiment_panel();
        QVERIFY(!panel->run_button()->isEnabled());  // no model yet
        load_model(w);

        for (auto p : {ExperimentPanel::R2, ExperimentPanel::R3, ExperimentPanel::R4})
            panel->set_placement(p, false, rs::RotationKind::Hadamard);
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel->set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:channel"));
        panel->set_format(ExperimentPanel::Activations, true, QStringLiteral("int4:token"));
        panel->set_format(ExperimentPanel::KvCache, false, QStringLiteral("int4"));
        panel->set_seeds(QStringLiteral("0"));
        small_eval(*panel);
        QVERIFY2(panel->run_button()->isEnabled(), qPrintable(panel->problem_label()->text()));

        rs::gui::ResultsTableModel* results = w.experiment_view()->results();
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        QSignalSpy added(&w, &MainWindow::run_result_added);
        QSignalSpy progress(w.job_runner(), &JobRunner::progress);
        panel->run_button()->click();
        QVERIFY(w.job_runner()->busy());
        QVERIFY(!panel->run_button()->isEnabled());  // one job at a time
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));
        QCOMPARE(finished.front().at(0).toInt(), 1);
        QCOMPARE(added.count(), 1);
        QCOMPARE(results->rowCount(), 1);
        QVERIFY(stages(progress).filter(QStringLiteral("reference")).size() > 0);

        const rs::RunResult& run = *results->runs().front();
        QVERIFY(run.recipe == panel->recipe());
        QVERIFY(run.metrics.reference.full > 1.0);
        QVERIFY(run.metrics.candidate.full > 1.0);
        QVERIFY(run.metrics.kl.mean > 0.0);  // W4A4 changes the predictions
        QVERIFY(run.metrics.top1_agreement >= 0.0 && run.metrics.top1_agreement <= 1.0);
        QCOMPARE(results->index(0, rs::gui::ResultsTableModel::PplColumn).data(rs::gui::ResultsTableModel::SortRole).toDouble(),
                 run.metrics.candidate.full);
        QCOMPARE(results->index(0, rs::gui::ResultsTableModel::DeltaPplColumn).data(rs::gui::ResultsTableModel::SortRole).toDouble(),
                 run.metrics.candidate.full - run.metrics.reference.full);
        QVERIFY(!run.linears.empty());  // the probe ran
        QVERIFY(w.experiment_view()->reference_label()->text().contains(QStringLiteral("perplexity")));
        QCOMPARE(w.experiment_view()->histograms()->selected(), QList<int>{0});

        // Same evaluation settings: the session keeps the reference logits, a second run only
        // evaluates. Other settings: a new session, a new reference.
        progress.clear();
        panel->set_format(ExperimentPanel::Activations, true, QStringLiteral("int8:token"));
        panel->run_button()->click();
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 2, qPrintable(w.last_error()));
        QCOMPARE(results->rowCount(), 2);
        QVERIFY2(stages(progress).filter(QStringLiteral("reference")).isEmpty(), qPrintable(stages(progress).join(u',')));
        QCOMPARE(results->runs()[1]->metrics.reference.full, run.metrics.reference.full);
        // INT8 activations are closer to the unquantized model than INT4 ones.
        QVERIFY(results->runs()[1]->metrics.kl.mean < run.metrics.kl.mean);

        progress.clear();
        panel->set_eval(corpus_path_, 24, 2, 16);
        panel->run_button()->click();
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 3, qPrintable(w.last_error()));
        QVERIFY(stages(progress).filter(QStringLiteral("reference")).size() > 0);
        QCOMPARE(results->rowCount(), 3);
    }

    // A GPTQ run made in the window: its row carries GPTQ's proxy losses, the status line named
    // the layer and linears being solved, and the configuration stored in its report has the
    // method, the options and the calibration set of the dock (and reads back as it was written).
    void a_gptq_run_stores_its_method_options_and_calibration() {
        MainWindow w(translations_);
        load_model(w);
        ExperimentPanel* panel = w.experiment_panel();
        for (auto p : {ExperimentPanel::R2, ExperimentPanel::R3, ExperimentPanel::R4})
            panel->set_placement(p, false, rs::RotationKind::Hadamard);
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel->set_format(ExperimentPanel::Weights, true, QStringLiteral("int4:g16"));
        panel->set_format(ExperimentPanel::Activations, false, QStringLiteral("int4:token"));
        panel->set_format(ExperimentPanel::KvCache, false, QStringLiteral("int4"));
        rs::GptqOptions options;
        options.damp = 0.02;
        options.block = 16;
        options.act_order = true;
        options.true_sequential = false;
        panel->set_weight_method(rs::WeightMethod::Gptq, options);
        const rs::CalibrationSettings calibration{corpus_path_.toStdString(), 3, 32, 5};
        panel->set_gptq_calibration(calibration);
        panel->set_seeds(QStringLiteral("0"));
        small_eval(*panel);
        QVERIFY2(panel->run_button()->isEnabled(), qPrintable(panel->problem_label()->text()));

        auto* status = w.findChild<rs::gui::JobStatus*>();
        QVERIFY(status);
        QStringList status_texts;
        connect(w.job_runner(), &JobRunner::progress, this, [&](int stage) {
            if (stage == static_cast<int>(rs::Stage::Gptq)) status_texts << status->stage_text();
        });
        QSignalSpy progress(w.job_runner(), &JobRunner::progress);
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        panel->run_button()->click();
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));
        disconnect(w.job_runner(), &JobRunner::progress, this, nullptr);

        // The gptq stage, every step with its layer and input, and the status line said which.
        QStringList items;
        for (const QList<QVariant>& args : progress)
            if (args.at(0).toInt() == static_cast<int>(rs::Stage::Gptq)) items << args.at(5).toString();
        QVERIFY2(items.contains(QStringLiteral("layer 0 qkv")), qPrintable(items.join(u',')));
        QVERIFY2(items.contains(QStringLiteral("layer 1 down")), qPrintable(items.join(u',')));
        QVERIFY(!status_texts.isEmpty());
        QVERIFY2(status_texts.front().contains(QStringLiteral("GPTQ")) && status_texts.front().contains(QStringLiteral("layer 0")),
                 qPrintable(status_texts.front()));
        QVERIFY2(status_texts.join(u'|').contains(QStringLiteral("down_proj")), qPrintable(status_texts.join(u'|')));

        rs::gui::ResultsTableModel* results = w.experiment_view()->results();
        QCOMPARE(results->rowCount(), 1);
        const rs::RunResult& run = *results->runs().front();
        QVERIFY(run.recipe == panel->recipe());
        QCOMPARE(run.recipe.method, rs::WeightMethod::Gptq);
        QVERIFY(run.recipe.gptq == options);
        QVERIFY(run.weights && rs::gui::GptqGainModel::has_losses(run));
        // GPTQ minimizes the proxy loss that RTN leaves: over the model it is lower.
        double gptq = 0, rtn = 0;
        for (const rs::LinearQuantError& e : run.weights->linears)
            if (std::isfinite(e.proxy_loss)) {
                gptq += e.proxy_loss;
                rtn += e.proxy_loss_rtn;
            }
        QVERIFY2(gptq < rtn, qPrintable(QStringLiteral("%1 vs %2").arg(gptq).arg(rtn)));
        // The GPTQ gain view shows it, one line per role.
        rs::gui::GptqGainView* gain = w.experiment_view()->gptq_gain();
        QCOMPARE(gain->shown(), QList<int>{0});
        QCOMPARE(gain->model()->rowCount(), 2 * 7);
        QVERIFY(gain->graph(0, rs::Role::FfnDown));
        w.census_views()->setCurrentIndex(w.experiments_tab());
        w.experiment_view()->detail_tabs()->setCurrentIndex(rs::gui::ExperimentView::GptqGainTab);
        save_screenshot(w, QStringLiteral("gptq-run-gain.png"));

        const QString path = dir_.filePath(QStringLiteral("gptq-run.h5"));
        QSignalSpy exported(&w, &MainWindow::report_exported);
        QVERIFY(w.export_run_report(path));
        QVERIFY(wait_idle(w));
        QVERIFY2(exported.count() == 1, qPrintable(w.last_error()));
        const rs::RunReport report = rs::read_run_report(path.toStdString());
        QCOMPARE(report.runs.size(), size_t(1));
        QVERIFY(report.runs[0].recipe == run.recipe);
        const nlohmann::json stored_json = rs::parse_json(report.meta.config_json, "config");
        const rs::ExperimentConfig stored = rs::experiment_from_json(stored_json, "config");
        QCOMPARE(stored.matrix.recipes.size(), size_t(1));
        QCOMPARE(stored.matrix.recipes[0].method, rs::WeightMethod::Gptq);
        QVERIFY(stored.matrix.recipes[0].gptq == options);
        QVERIFY(stored.matrix.gptq_calibration == calibration);
        QCOMPARE(QString::fromStdString(stored_json.at("recipes").at(0).at("method").get<std::string>()), QStringLiteral("gptq"));
        // The stored configuration round-trips through JSON unchanged.
        const rs::ExperimentConfig again = rs::experiment_from_json(rs::experiment_to_json(stored), "again");
        QVERIFY(again.matrix.recipes == stored.matrix.recipes);
        QVERIFY(again.matrix.gptq_calibration == stored.matrix.gptq_calibration);
        QVERIFY(again.matrix.eval == stored.matrix.eval);
        QCOMPARE(rs::experiment_to_json(again), rs::experiment_to_json(stored));
        // The proxy losses are in the report, as the view showed them.
        const auto& lin = report.runs[0].weights->linears;
        QCOMPARE(lin.size(), run.weights->linears.size());
        for (size_t i = 0; i < lin.size(); ++i) QCOMPARE(lin[i].proxy_loss, run.weights->linears[i].proxy_loss);

        // One configuration, one experiment: the CLI runs the stored configuration and gets the
        // same GPTQ weights (the same proxy losses) and the same numbers.
        QProcess cli;
        const QString cli_report = dir_.filePath(QStringLiteral("gptq-cli.h5"));
        cli.start(QStringLiteral(ROTOSCOPE_CLI_PATH), {QStringLiteral("compare"), path, QStringLiteral("-o"), cli_report});
        QVERIFY(cli.waitForFinished(300000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        const rs::RunReport b = rs::read_run_report(cli_report.toStdString());
        QCOMPARE(b.runs.size(), size_t(1));
        QVERIFY(b.runs[0].recipe == run.recipe);
        QCOMPARE(b.runs[0].metrics.candidate.full, run.metrics.candidate.full);
        QCOMPARE(b.runs[0].metrics.kl.mean, run.metrics.kl.mean);
        QVERIFY(b.runs[0].weights);
        QCOMPARE(b.runs[0].weights->linears.size(), lin.size());
        for (size_t i = 0; i < lin.size(); ++i) {
            QCOMPARE(b.runs[0].weights->linears[i].proxy_loss, lin[i].proxy_loss);
            QCOMPARE(b.runs[0].weights->linears[i].proxy_loss_rtn, lin[i].proxy_loss_rtn);
        }
        const rs::ExperimentConfig cli_config =
            rs::experiment_from_json(rs::parse_json(b.meta.config_json, "cli config"), "cli config");
        QVERIFY(cli_config.matrix.gptq_calibration == calibration);
    }

    // Cancel while GPTQ solves: the engine stops between solves, nothing reaches the table, no
    // evaluation starts, and the next run works.
    void cancelling_gptq_mid_layer_changes_nothing() {
        MainWindow w(translations_);
        load_model(w);
        ExperimentPanel* panel = w.experiment_panel();
        for (auto p : {ExperimentPanel::R2, ExperimentPanel::R3, ExperimentPanel::R4})
            panel->set_placement(p, false, rs::RotationKind::Hadamard);
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel->set_format(ExperimentPanel::Weights, true, QStringLiteral("int4"));
        panel->set_format(ExperimentPanel::Activations, false, QStringLiteral("int4:token"));
        panel->set_weight_method(rs::WeightMethod::Gptq);
        // Enough calibration tokens that the solves of the tiny model take a while.
        panel->set_gptq_calibration({corpus_path_.toStdString(), 192, 512, 0});
        small_eval(*panel);
        QVERIFY2(panel->problem().isEmpty(), qPrintable(panel->problem()));

        QSignalSpy progress(w.job_runner(), &JobRunner::progress);
        QSignalSpy failed(&w, &MainWindow::job_failed);
        QString item_when_cancelled;
        // Cancel at the first GPTQ step, from the GUI thread as the Cancel button would.
        connect(w.job_runner(), &JobRunner::progress, this, [&](int stage, qint64, qint64, int, int, const QString& item) {
            if (stage != static_cast<int>(rs::Stage::Gptq) || !item_when_cancelled.isEmpty()) return;
            item_when_cancelled = item;
            w.cancel();
        });
        QVERIFY(w.run_experiment());
        QVERIFY(wait_idle(w));
        disconnect(w.job_runner(), &JobRunner::progress, this, nullptr);
        QVERIFY(!item_when_cancelled.isEmpty());
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.front().at(1).toBool(), true);
        QVERIFY(w.last_error().isEmpty());  // a notice, not an error
        QCOMPARE(w.experiment_view()->results()->rowCount(), 0);
        const QStringList seen = stages(progress);
        QVERIFY2(!seen.contains(QStringLiteral("evaluating")), qPrintable(seen.join(u',')));
        // The last GPTQ step reported is not the last of the model: it stopped inside.
        qint64 done = 0, total = 0;
        for (const QList<QVariant>& args : progress)
            if (args.at(0).toInt() == static_cast<int>(rs::Stage::Gptq)) {
                done = args.at(1).toLongLong();
                total = args.at(2).toLongLong();
            }
        QVERIFY2(total > 0 && done < total, qPrintable(QStringLiteral("%1 of %2").arg(done).arg(total)));

        // The next run, with a small calibration set, finishes.
        panel->set_gptq_calibration({corpus_path_.toStdString(), 2, 32, 0});
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        QVERIFY(w.run_experiment());
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));
        QCOMPARE(w.experiment_view()->results()->rowCount(), 1);
    }

    void cancelling_leaves_the_table_and_the_next_run_works() {
        MainWindow w(translations_);
        load_model(w);
        ExperimentPanel* panel = w.experiment_panel();
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::RandomHadamard);
        panel->set_seeds(QStringLiteral("0, 1, 2"));
        small_eval(*panel);
        QSignalSpy failed(&w, &MainWindow::job_failed);
        QVERIFY(w.run_experiment());
        w.cancel();
        QVERIFY(wait_idle(w));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.front().at(1).toBool(), true);
        QVERIFY(w.last_error().isEmpty());  // a notice, not an error
        QCOMPARE(w.experiment_view()->results()->rowCount(), 0);

        // The session cancelled half-way is rebuilt: three seeds, three rows.
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        QVERIFY(w.run_experiment());
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));
        rs::gui::ResultsTableModel* results = w.experiment_view()->results();
        QCOMPARE(results->rowCount(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(results->runs()[static_cast<size_t>(i)]->seed, i);
            QCOMPARE(results->runs()[static_cast<size_t>(i)]->recipe.rotation.r1.seed, uint64_t(i));
        }
        // Different random rotations give different (if close) results.
        QVERIFY(results->runs()[0]->metrics.kl.mean != results->runs()[1]->metrics.kl.mean);
        QCOMPARE(results->runs()[0]->group, results->runs()[2]->group);
    }

    void a_matrix_file_is_checked_before_it_runs() {
        MainWindow w(translations_);
        load_model(w);
        // Malformed JSON, and a block size that does not divide d_model = 48: refused at once.
        const QString broken = dir_.filePath(QStringLiteral("broken.json"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{ \"rotations\": [\"none\", ");
        }
        QVERIFY(!w.run_matrix_file(broken));
        QVERIFY(!w.job_runner()->busy());
        QVERIFY(w.last_error().contains(broken));
        const QString impossible = dir_.filePath(QStringLiteral("impossible.json"));
        {
            QFile f(impossible);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(
                nlohmann::json{{"rotations", {"block32"}}, {"formats", {"int4"}}, {"eval", {{"corpus", corpus_path_.toStdString()}, {"ctx", 32}, {"windows", 1}, {"probe_tokens", 0}}}}
                    .dump()));
        }
        QVERIFY(!w.run_matrix_file(impossible));
        QVERIFY(!w.job_runner()->busy());
        QVERIFY2(w.last_error().contains(QStringLiteral("32")), qPrintable(w.last_error()));
        QCOMPARE(w.experiment_view()->results()->rowCount(), 0);

        // A good one: two rotations × one format, every run a row.
        const QString good = dir_.filePath(QStringLiteral("good.json"));
        {
            QFile f(good);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(
                nlohmann::json{{"name", "tiny-matrix"}, {"rotations", {"none", "block4"}}, {"formats", {"int4"}},
                               {"eval", {{"corpus", corpus_path_.toStdString()}, {"ctx", 32}, {"windows", 1}, {"probe_tokens", 0}}}}
                    .dump()));
        }
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        QVERIFY(w.run_matrix_file(good));
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));
        QCOMPARE(w.experiment_view()->results()->rowCount(), 2);
    }

    // A run made in the GUI is reproducible by the CLI from the configuration stored in its report:
    // `rotoscope-cli compare REPORT.h5` runs the same experiment and gets the same numbers.
    void a_gui_run_is_reproduced_by_the_cli_from_its_report() {
        MainWindow w(translations_);
        load_model(w);
        rs::gui::CalibrationPanel* calibration = w.calibration_panel();
        calibration->set_corpus(corpus_path_);
        calibration->set_windows(3);
        calibration->set_ctx(24);
        ExperimentPanel* panel = w.experiment_panel();
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::RandomHadamard);
        panel->set_placement(ExperimentPanel::R2, false, rs::RotationKind::Hadamard);
        panel->set_placement(ExperimentPanel::R3, false, rs::RotationKind::Hadamard);
        panel->set_placement(ExperimentPanel::R4, true, rs::RotationKind::Hadamard);
        panel->set_smoothing(true, 0.5, true, false, false);
        panel->set_format(ExperimentPanel::Weights, true, QStringLiteral("int4"));
        panel->set_format(ExperimentPanel::Activations, true, QStringLiteral("int8:token"));
        panel->set_seeds(QStringLiteral("3"));
        small_eval(*panel);
        QSignalSpy finished(&w, &MainWindow::experiment_finished);
        QVERIFY(w.run_experiment());
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));

        const QString gui_report = dir_.filePath(QStringLiteral("gui-run.h5"));
        QSignalSpy exported(&w, &MainWindow::report_exported);
        QVERIFY(w.export_run_report(gui_report));
        QVERIFY(wait_idle(w));
        QVERIFY2(exported.count() == 1, qPrintable(w.last_error()));
        const rs::RunReport a = rs::read_run_report(gui_report.toStdString());
        QCOMPARE(a.runs.size(), size_t(1));
        QVERIFY(a.runs[0].recipe.smooth.on && a.runs[0].recipe.rotation.r1_on);
        // The smoothing calibration the run used is in the stored configuration.
        const rs::ExperimentConfig stored =
            rs::experiment_from_json(rs::parse_json(a.meta.config_json, "config"), "config");
        QCOMPARE(stored.matrix.smooth_calibration.windows, 3);
        QCOMPARE(stored.matrix.smooth_calibration.ctx, 24);
        QCOMPARE(QString::fromStdString(stored.matrix.smooth_calibration.corpus), corpus_path_);

        QProcess cli;
        const QString cli_report = dir_.filePath(QStringLiteral("cli-run.h5"));
        cli.start(QStringLiteral(ROTOSCOPE_CLI_PATH), {QStringLiteral("compare"), gui_report, QStringLiteral("-o"), cli_report});
        QVERIFY(cli.waitForFinished(300000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        const rs::RunReport b = rs::read_run_report(cli_report.toStdString());
        QCOMPARE(b.runs.size(), a.runs.size());
        const rs::RunResult& x = a.runs[0];
        const rs::RunResult& y = b.runs[0];
        QVERIFY(x.recipe == y.recipe);
        QCOMPARE(y.name, x.name);
        QCOMPARE(y.seed, x.seed);
        QCOMPARE(y.metrics.candidate.full, x.metrics.candidate.full);
        QCOMPARE(y.metrics.reference.full, x.metrics.reference.full);
        QCOMPARE(y.metrics.kl.mean, x.metrics.kl.mean);
        QCOMPARE(y.metrics.kl.p99, x.metrics.kl.p99);
        QCOMPARE(y.metrics.top1_agreement, x.metrics.top1_agreement);
        QCOMPARE(y.linears.size(), x.linears.size());
        for (size_t i = 0; i < x.linears.size(); ++i) QCOMPARE(y.linears[i].output_sqnr_db, x.linears[i].output_sqnr_db);
        QCOMPARE(b.eval_tokens, a.eval_tokens);
        QCOMPARE(b.corpus_sha256, a.corpus_sha256);
        QCOMPARE(b.seeds, a.seeds);
    }

    void census_after_rotation_sits_beside_the_original() {
        MainWindow w(translations_);
        load_model(w);
        rs::gui::CalibrationPanel* calibration = w.calibration_panel();
        calibration->set_corpus(corpus_path_);
        calibration->set_windows(2);
        calibration->set_ctx(16);
        calibration->set_capture_tokens(16);
        QSignalSpy ready(&w, &MainWindow::report_ready);
        QVERIFY(w.run_census());
        QVERIFY(wait_idle(w));
        QVERIFY2(ready.count() == 1, qPrintable(w.last_error()));
        const rs::CensusReport* original = w.report();
        QVERIFY(original);
        QVERIFY(w.census_source_combo()->count() == 1);

        ExperimentPanel* panel = w.experiment_panel();
        for (auto p : {ExperimentPanel::R2, ExperimentPanel::R3, ExperimentPanel::R4})
            panel->set_placement(p, false, rs::RotationKind::Hadamard);
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        QVERIFY(panel->rotated_census_button()->isEnabled());
        QSignalSpy rotated_ready(&w, &MainWindow::rotated_census_ready);
        panel->rotated_census_button()->click();
        QVERIFY(wait_idle(w));
        QVERIFY2(rotated_ready.count() == 1, qPrintable(w.last_error()));

        const rs::CensusReport* rotated = w.rotated_report();
        QVERIFY(rotated && rotated != original);
        QVERIFY(w.shows_rotated_census());
        QCOMPARE(w.census_views()->report(), rotated);
        QCOMPARE(w.census_source_combo()->count(), 2);
        QVERIFY(w.census_source_combo()->currentText().contains(QStringLiteral("R1 hadamard")));
        QVERIFY(QString::fromStdString(rotated->meta.config_json).contains(QStringLiteral("hadamard")));
        QVERIFY(w.census_source_combo()->isVisibleTo(&w));
        w.census_views()->setCurrentIndex(rs::gui::CensusViews::ChannelAbsmaxTab);
        save_screenshot(w, QStringLiteral("rotated-census.png"));
        w.census_views()->setCurrentIndex(w.experiments_tab());
        QVERIFY(!w.census_source_combo()->isVisibleTo(&w));  // not a census tab
        w.census_views()->setCurrentIndex(rs::gui::CensusViews::HeatmapTab);

        // Same windows, different basis: the residual stream's channel maxima change under R1.
        const rs::SiteCensus* a = original->census.find(1, rs::CensusSite::Residual);
        const rs::SiteCensus* b = rotated->census.find(1, rs::CensusSite::Residual);
        QVERIFY(a && b);
        QCOMPARE(a->channels, b->channels);
        QVERIFY(a->channel_absmax != b->channel_absmax);
        // ...while an orthogonal R1 keeps each token's |x|², so Σ_j rms_j² (the mean over tokens
        // of |x|²) agrees.
        double energy_a = 0, energy_b = 0;
        for (double r : a->channel_rms) energy_a += r * r;
        for (double r : b->channel_rms) energy_b += r * r;
        QVERIFY2(std::fabs(energy_a - energy_b) <= 1e-4 * energy_a, qPrintable(QStringLiteral("%1 vs %2").arg(energy_a).arg(energy_b)));

        // Back to the original and forth again: both reports are kept.
        QVERIFY(w.show_census(false));
        QCOMPARE(w.census_views()->report(), original);
        QVERIFY(!w.shows_rotated_census());
        w.census_source_combo()->setCurrentIndex(1);
        emit w.census_source_combo()->activated(1);
        QCOMPARE(w.census_views()->report(), rotated);

        // A second rotation keeps the first one's census: the two can be compared in turn.
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::BlockHadamard, 8);
        panel->rotated_census_button()->click();
        QVERIFY(wait_idle(w));
        QVERIFY2(rotated_ready.count() == 2, qPrintable(w.last_error()));
        const rs::CensusReport* block = w.rotated_report();
        QVERIFY(block && block != rotated);
        QCOMPARE(w.rotated_census_count(), 2);
        QCOMPARE(w.census_source_combo()->count(), 3);
        QVERIFY(w.census_source_combo()->currentText().contains(QStringLiteral("block")));
        emit w.census_source_combo()->activated(1);
        QCOMPARE(w.census_views()->report(), rotated);
        QVERIFY(w.show_rotated_census(1));
        QCOMPARE(w.census_views()->report(), block);
        QVERIFY(!w.show_rotated_census(2));
        // The same rotation again replaces its own entry.
        panel->set_placement(ExperimentPanel::R1, true, rs::RotationKind::Hadamard);
        panel->rotated_census_button()->click();
        QVERIFY(wait_idle(w));
        QCOMPARE(w.rotated_census_count(), 2);
        QCOMPARE(w.census_source_combo()->count(), 3);
    }
};

QTEST_MAIN(ExperimentPanelTest)
#include "experiment_panel_test.moc"
