// The format lab: its table must hold what fake_quant gives for the block and what the OCP MX
// rule gives by hand, the grid must have as many points as the element format has distinct
// values, the NVFP4 tensor scale must come from the whole source, the weight source must read the
// right row, and bad input (format strings, typed values) must show an inline error.
// ROTOSCOPE_SCREENSHOT_DIR=<dir> also saves PNGs of the lab on a realistic activation row.
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>
#include <random>

#include "census/census_text.h"
#include "engine/support/tiny_model.h"
#include "format_lab/format_lab.h"
#include "quant/fake_quant.h"

using namespace rs;
using namespace rs::gui;

namespace {

double cell(const FormatLab& lab, int row, int column) {
    return lab.table()->item(row, column)->data(Qt::UserRole).toDouble();
}
int code_at(const FormatLab& lab, int row) { return lab.table()->item(row, FormatLab::CodeColumn)->data(Qt::UserRole).toInt(); }

// 64 values: block 0 has amax 5.0 (scale exponent floor(log2 5) - 2 = 0), block 1 has amax 20
// (exponent 4 - 2 = 2, scale 4).
std::vector<float> mx_values() {
    std::vector<float> v(64);
    for (int i = 0; i < 64; ++i) v[static_cast<size_t>(i)] = 0.037f * static_cast<float>((i * 11) % 23 - 11);
    const float head0[] = {5.0f, -0.3f, 0.25f, -3.5f, 2.6f, 0.74f, 1.25f};
    for (int i = 0; i < 7; ++i) v[static_cast<size_t>(i)] = head0[i];
    const float head1[] = {20.0f, 13.0f, -7.0f, 0.9f};
    for (int i = 0; i < 4; ++i) v[static_cast<size_t>(32 + i)] = head1[i];
    return v;
}

std::vector<double> graph_keys(const QCPGraph* g) {
    std::vector<double> out;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) out.push_back(it->key);
    return out;
}

bool hidden(const QWidget* w) { return w->isHidden(); }

}  // namespace

class FormatLabTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QApplication::setQuitOnLastWindowClosed(false); }

    void mxfp4_block_matches_fake_quant_and_the_ocp_rule() {
        const std::vector<float> v = mx_values();
        FormatLab lab;
        lab.set_format(QStringLiteral("mxfp4"));
        lab.set_values(v, QStringLiteral("test row"));
        QCOMPARE(lab.source(), FormatLab::GivenSource);
        QVERIFY(hidden(lab.error_label()));
        QCOMPARE(lab.table()->rowCount(), 32);
        QCOMPARE(lab.block_spin()->maximum(), 1);

        // fake_quant on the block, called here directly.
        const auto ref = quant::fake_quant(v.data(), 1, 32, quant::parse_format_spec("mxfp4"), true);
        for (int i = 0; i < 32; ++i) {
            QCOMPARE(cell(lab, i, FormatLab::ValueColumn), double(v[static_cast<size_t>(i)]));
            QCOMPARE(cell(lab, i, FormatLab::DequantColumn), double(ref.dequant[static_cast<size_t>(i)]));
            QCOMPARE(code_at(lab, i), ref.codes[static_cast<size_t>(i)]);
            QCOMPARE(cell(lab, i, FormatLab::ErrorColumn), double(ref.dequant[static_cast<size_t>(i)]) - v[static_cast<size_t>(i)]);
        }
        // By hand: amax 5 -> e = floor(log2 5) - emax(E2M1) = 2 - 2 = 0, X = 1, E2M1 grid
        // {0, 0.5, 1, 1.5, 2, 3, 4, 6}, ties to the even mantissa. Codes S EE M.
        struct Hand { int i; double deq; int code; };
        const Hand hand[] = {
            {0, 4.0, 0b0110},    // 5.0 ties between 4 (1.0 x 2^2) and 6 (1.1 x 2^2): 4
            {1, -0.5, 0b1001},   // -0.3: 0.5 is nearer than 0
            {2, 0.0, 0b0000},    // 0.25 ties between 0 and 0.5 (mantissa 1): 0
            {3, -4.0, 0b1110},   // -3.5 ties between 3 (mantissa 1) and 4: 4
            {4, 3.0, 0b0101},    // 2.6 -> 3
            {6, 1.0, 0b0010},    // 1.25 ties between 1 and 1.5: 1
        };
        for (const Hand& h : hand) {
            QCOMPARE(cell(lab, h.i, FormatLab::DequantColumn), h.deq);
            QCOMPARE(code_at(lab, h.i), h.code);
            QCOMPARE(cell(lab, h.i, FormatLab::ScaledColumn), double(v[static_cast<size_t>(h.i)]));  // X = 1
        }
        QCOMPARE(lab.table()->item(0, FormatLab::CodeColumn)->text(), QStringLiteral("0 11 0"));
        QCOMPARE(lab.table()->item(3, FormatLab::CodeColumn)->text(), QStringLiteral("1 11 0"));
        QVERIFY(lab.block().has_value());
        QCOMPARE(lab.block()->multiplier, 1.0);
        QCOMPARE(int(lab.block()->result.scale_bytes.front()), 127);
        const QString steps = lab.scale_label()->text();
        QVERIFY2(steps.contains(QStringLiteral("2 − 2 = <b>0</b>")), qPrintable(steps));
        QVERIFY(steps.contains(QStringLiteral("e + 127 = 127")));

        // Block 1: amax 20 -> e = 4 - 2 = 2, X = 4.
        lab.set_block_index(1);
        QCOMPARE(cell(lab, 0, FormatLab::IndexColumn), 32.0);
        QCOMPARE(lab.block()->multiplier, 4.0);
        QCOMPARE(cell(lab, 0, FormatLab::ScaledColumn), 5.0);
        QCOMPARE(cell(lab, 0, FormatLab::DequantColumn), 16.0);   // 20/4 = 5 ties -> 4, times 4
        QCOMPARE(cell(lab, 1, FormatLab::DequantColumn), 12.0);   // 13/4 = 3.25 -> 3
        QCOMPARE(cell(lab, 2, FormatLab::DequantColumn), -8.0);   // -7/4 = -1.75 ties 1.5 / 2 -> 2
        QCOMPARE(code_at(lab, 2), 0b1100);
        QCOMPARE(cell(lab, 3, FormatLab::DequantColumn), 0.0);    // 0.9/4 = 0.225: 0 is nearer than 0.5
        QCOMPARE(code_at(lab, 3), 0);
        const auto ref1 = quant::fake_quant(v.data() + 32, 1, 32, quant::parse_format_spec("mxfp4"), true);
        for (int i = 0; i < 32; ++i) QCOMPARE(cell(lab, i, FormatLab::DequantColumn), double(ref1.dequant[static_cast<size_t>(i)]));

        // The number line: the block's values on top, the dequantized ones on the axis, the
        // grid = E2M1 values times 4.
        QCOMPARE(lab.value_graph()->dataCount(), 32);
        QCOMPARE(lab.rounded_graph()->dataCount(), 32);
        const std::vector<double> e2m1 = {-6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6};
        std::vector<double> want;
        for (double g : e2m1) want.push_back(4 * g);
        QCOMPARE(graph_keys(lab.grid_graph()), want);

        // The summary: MSE and SQNR of the block, recomputed here.
        double se = 0, sx = 0;
        for (int i = 0; i < 32; ++i) {
            const double e = double(ref1.dequant[static_cast<size_t>(i)]) - v[static_cast<size_t>(32 + i)];
            se += e * e;
            sx += double(v[static_cast<size_t>(32 + i)]) * v[static_cast<size_t>(32 + i)];
        }
        QVERIFY2(lab.summary_label()->text().contains(format_number(se / 32)), qPrintable(lab.summary_label()->text()));
        QVERIFY(lab.summary_label()->text().contains(format_number(10 * std::log10(sx / se))));
    }

    void grid_count_follows_the_format() {
        FormatLab lab;
        lab.set_values(mx_values(), QStringLiteral("row"));
        // Distinct values from the format definitions: E2M1 16 codes with +-0 merged; E2M3/E3M2
        // 64 codes -> 63; E4M3 256 codes less 2 NaN, +-0 merged -> 253; E5M2 256 less 2 Inf
        // and 6 NaN -> 247; INT4 symmetric -7..7; asymmetric 0..15; INT8 -127..127; MXINT8
        // -127..127 / 64; NF4 16 levels.
        const std::pair<const char*, int> cases[] = {
            {"mxfp4", 15},      {"nvfp4", 15},      {"mxfp6_e2m3", 63}, {"mxfp6_e3m2", 63},
            {"mxfp8_e4m3", 253}, {"fp8_e4m3", 253}, {"fp8_e5m2", 247},  {"mxfp8_e5m2", 247},
            {"int4", 15},       {"int4:asym", 16},  {"int2", 3},        {"int8", 255},
            {"mxint8", 255},    {"nf4", 16},
        };
        for (const auto& [spec, count] : cases) {
            lab.set_format(QLatin1String(spec));
            QVERIFY2(hidden(lab.error_label()), spec);
            QVERIFY2(lab.grid_graph()->dataCount() == count,
                     qPrintable(QStringLiteral("%1: %2 grid points").arg(QLatin1String(spec)).arg(lab.grid_graph()->dataCount())));
            QVERIFY(lab.grid_graph()->name().contains(QString::number(count)));
        }
        // Picking from the combo rewrites the spec and the block length.
        lab.format_combo()->setCurrentIndex(lab.format_combo()->findData(QStringLiteral("nf4")));
        QCOMPARE(lab.spec_edit()->text(), QStringLiteral("nf4"));
        QCOMPARE(lab.table()->rowCount(), 64);
        QVERIFY(!lab.group_spin()->isEnabled());
        lab.format_combo()->setCurrentIndex(lab.format_combo()->findData(QStringLiteral("int8")));
        QCOMPARE(lab.spec_edit()->text(), QStringLiteral("int8"));
        QVERIFY(lab.group_spin()->isEnabled());
        QCOMPARE(lab.table()->rowCount(), 32);  // the default group
        lab.group_spin()->setValue(16);
        QCOMPARE(lab.table()->rowCount(), 16);
        QCOMPARE(lab.block_spin()->maximum(), 3);
        // NF4's grid is its levels times the block's absmax.
        lab.set_format(QStringLiteral("nf4"));
        const auto keys = graph_keys(lab.grid_graph());
        QCOMPARE(keys.back(), 20.0);
        QCOMPARE(keys.front(), -20.0);
    }

    void int_asymmetric_by_hand() {
        FormatLab lab;
        lab.set_format(QStringLiteral("int4:asym:g8"));
        QCOMPARE(lab.group_spin()->value(), 8);
        lab.set_values({-1.0f, 0.0f, 0.45f, 2.0f, 0.13f, 1.0f, -0.62f, 1.73f}, QStringLiteral("eight"));
        // lo = -1, hi = 2, s = 3/15 = 0.2, z = round(1/0.2) = 5; q = round(x/s) + z.
        QVERIFY(std::fabs(lab.block()->multiplier - 0.2) < 1e-7);
        QCOMPARE(lab.block()->zero_point, 5);
        const int codes[] = {0, 5, 7, 15, 6, 10, 2, 14};  // e.g. 0.45/0.2 = 2.25 -> 2 + 5; 1.73/0.2 = 8.65 -> 9 + 5
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(code_at(lab, i), codes[i]);
            QVERIFY(std::fabs(cell(lab, i, FormatLab::DequantColumn) - (codes[i] - 5) * 0.2) < 1e-6);
        }
        QCOMPARE(lab.grid_graph()->dataCount(), 16);
        QVERIFY(std::fabs(graph_keys(lab.grid_graph()).front() - (-1.0)) < 1e-6);
    }

    void nvfp4_takes_the_tensor_scale_from_the_whole_source() {
        std::vector<float> v(64);
        for (int i = 0; i < 64; ++i) v[static_cast<size_t>(i)] = 0.13f * static_cast<float>((i * 7) % 19 - 9);
        v[50] = 30.0f;  // the tensor amax, in block 3
        FormatLab lab;
        lab.set_format(QStringLiteral("nvfp4"));
        lab.set_values(v, QStringLiteral("row"));
        QCOMPARE(lab.table()->rowCount(), 16);
        // fake_quant over the whole row computes the same tensor scale as the lab must use.
        const auto whole = quant::fake_quant(v.data(), 1, 64, quant::parse_format_spec("nvfp4"), true);
        QCOMPARE(lab.block()->result.tensor_scale, 30.0f / (6.0f * 448.0f));
        QCOMPARE(lab.block()->result.tensor_scale, whole.tensor_scale);
        for (int b : {0, 3}) {
            lab.set_block_index(b);
            QCOMPARE(lab.block()->result.scales.front(), whole.scales[static_cast<size_t>(b)]);
            for (int i = 0; i < 16; ++i) {
                QCOMPARE(cell(lab, i, FormatLab::DequantColumn), double(whole.dequant[static_cast<size_t>(16 * b + i)]));
                QCOMPARE(code_at(lab, i), whole.codes[static_cast<size_t>(16 * b + i)]);
            }
        }
        QVERIFY(lab.scale_label()->text().contains(QStringLiteral("all the given values")));
    }

    void bad_input_shows_an_inline_error() {
        FormatLab lab;
        QCOMPARE(lab.source(), FormatLab::TypedSource);  // no model, no values: the example
        QVERIFY(lab.block().has_value());
        lab.spec_edit()->setText(QStringLiteral("mxfp4:bogus"));
        QVERIFY(!hidden(lab.error_label()));
        QVERIFY2(lab.error_label()->text().contains(QStringLiteral("bogus")), qPrintable(lab.error_label()->text()));
        QVERIFY(!lab.block().has_value());
        QCOMPARE(lab.table()->rowCount(), 0);
        QCOMPARE(lab.grid_graph()->dataCount(), 0);
        lab.spec_edit()->setText(QStringLiteral("int5"));
        QVERIFY(!hidden(lab.error_label()));
        lab.spec_edit()->setText(QStringLiteral("int4:g16"));
        QVERIFY(hidden(lab.error_label()));
        QCOMPARE(lab.group_spin()->value(), 16);
        QCOMPARE(lab.table()->rowCount(), 16);
        QCOMPARE(lab.format_combo()->currentData().toString(), QStringLiteral("int4"));

        lab.typed_edit()->setText(QStringLiteral("1, 2, abc"));
        QVERIFY(!hidden(lab.error_label()));
        QVERIFY(lab.error_label()->text().contains(QStringLiteral("abc")));
        QVERIFY(!lab.block().has_value());
        lab.typed_edit()->setText(QStringLiteral("1, inf"));  // fake_quant refuses non-finite input
        QVERIFY(!hidden(lab.error_label()));
        QVERIFY(!lab.block().has_value());
        lab.typed_edit()->setText(QString());
        QVERIFY(!hidden(lab.error_label()));
        lab.typed_edit()->setText(QStringLiteral("1; -2  3,4"));
        QVERIFY(hidden(lab.error_label()));
        QCOMPARE(cell(lab, 3, FormatLab::ValueColumn), 4.0);
        QCOMPARE(cell(lab, 4, FormatLab::ValueColumn), 0.0);  // padding
        QCOMPARE(lab.value_graph()->dataCount(), 4);           // padding is not drawn
        // An all-zero block gives zeros and no division by zero.
        lab.typed_edit()->setText(QStringLiteral("0, 0, 0"));
        QVERIFY(hidden(lab.error_label()));
        QCOMPARE(cell(lab, 0, FormatLab::DequantColumn), 0.0);
    }

    void weight_source_reads_the_chosen_row() {
        auto model = std::make_shared<Model>(rs::testing::random_model(rs::testing::tiny_config(Arch::Llama), 3));
        FormatLab lab;
        lab.set_model(model);
        QCOMPARE(lab.source(), FormatLab::WeightSource);
        lab.set_format(QStringLiteral("int4:g16"));
        lab.select_weight(1, Role::FfnUp, 5);
        lab.set_block_index(2);
        QVERIFY(hidden(lab.error_label()));
        QCOMPARE(lab.block_spin()->maximum(), 2);  // d_model 48 = 3 groups of 16
        QCOMPARE(lab.row_spin()->maximum(), model->cfg.d_ff - 1);
        const auto w = [&](int i) { return double(model->layers[1].up.w(5, 32 + i)); };
        float amax = 0;
        for (int i = 0; i < 16; ++i) amax = std::max(amax, std::fabs(model->layers[1].up.w(5, 32 + i)));
        const float s = amax / 7.0f;
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(cell(lab, i, FormatLab::IndexColumn), 32.0 + i);
            QCOMPARE(cell(lab, i, FormatLab::ValueColumn), w(i));
            const int q = static_cast<int>(std::clamp(std::nearbyint(w(i) / s), -7.0, 7.0));
            QCOMPARE(code_at(lab, i), q);
            QVERIFY(std::fabs(cell(lab, i, FormatLab::DequantColumn) - q * double(s)) < 1e-6);
        }
        // MXFP4 over 48 columns: the second block is padded with 16 zeros.
        lab.set_format(QStringLiteral("mxfp4"));
        lab.set_block_index(1);
        QCOMPARE(lab.table()->rowCount(), 32);
        QCOMPARE(lab.block()->real, 16);
        QCOMPARE(lab.table()->item(20, FormatLab::IndexColumn)->text(), QStringLiteral("pad"));

        lab.select_weight(0, Role::LmHead, 2);
        QVERIFY(!lab.layer_spin()->isEnabled());
        lab.set_block_index(0);
        for (int i = 0; i < 32; ++i) QCOMPARE(cell(lab, i, FormatLab::ValueColumn), double(model->lm_head.w(2, i)));

        lab.set_values({1.0f, 2.0f}, QStringLiteral("two"));
        QCOMPARE(lab.source(), FormatLab::GivenSource);
        lab.set_values({}, QString());  // nothing given any more: back to the weights
        QCOMPARE(lab.source(), FormatLab::WeightSource);
        lab.set_model(nullptr);
        QCOMPARE(lab.source(), FormatLab::TypedSource);
        QVERIFY(hidden(lab.error_label()));
    }

    void language_change_keeps_the_block() {
        FormatLab lab;
        lab.set_values(mx_values(), QStringLiteral("row"));
        QEvent e(QEvent::LanguageChange);
        QCoreApplication::sendEvent(&lab, &e);
        QVERIFY(lab.block().has_value());
        QCOMPARE(lab.table()->rowCount(), 32);
        QCOMPARE(lab.format_combo()->currentData().toString(), QStringLiteral("mxfp4"));
    }

    void screenshots() {
        const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty()) QSKIP("ROTOSCOPE_SCREENSHOT_DIR not set");
        QDir().mkpath(dir);
        // An activation row of a 1.5B model: Gaussian bulk, one massive channel.
        std::mt19937 rng(11);
        std::normal_distribution<float> n01;
        std::vector<float> row(1536);
        for (float& x : row) x = 0.4f * n01(rng);
        row[131] = -41.0f;
        row[1234] = 6.5f;
        FormatLab lab;
        lab.resize(1200, 900);
        lab.set_values(row, QStringLiteral("layer 5 residual, token 17"));
        lab.show();
        auto shot = [&](const QString& spec, int block, const QString& name) {
            lab.set_format(spec);
            lab.set_block_index(block);
            QCoreApplication::processEvents();
            QVERIFY(lab.grab().save(QDir(dir).filePath(name)));
        };
        shot(QStringLiteral("mxfp4"), 4, QStringLiteral("format_lab_mxfp4_outlier.png"));
        shot(QStringLiteral("mxfp4"), 5, QStringLiteral("format_lab_mxfp4.png"));
        shot(QStringLiteral("int4"), 5, QStringLiteral("format_lab_int4.png"));
        shot(QStringLiteral("nvfp4"), 10, QStringLiteral("format_lab_nvfp4.png"));
        shot(QStringLiteral("mxfp4:bogus"), 5, QStringLiteral("format_lab_error.png"));
    }
};

QTEST_MAIN(FormatLabTest)
#include "format_lab_test.moc"
