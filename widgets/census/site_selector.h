// Layer and site combo boxes, shared by the views that show one site at a time. The two are
// coupled: lm_head_in has no block layer, so picking it selects the "LM head" layer entry and
// the other way round.
#pragma once
#include <QWidget>

#include "calib/census.h"

class QComboBox;
class QLabel;

namespace rs::gui {

class SiteSelector : public QWidget {
    Q_OBJECT
public:
    explicit SiteSelector(QWidget* parent = nullptr);

    // Fills the layer combo from `census` (nullptr empties and disables both). The current
    // choice is kept when the new census has it, else residual of the first layer.
    void set_census(const Census* census);

    // Emits changed() when the choice differs. Out-of-range layers are ignored.
    void set_site(int layer, CensusSite site);
    int layer() const;  // -1 for the LM head
    CensusSite site() const;
    // The chosen site's statistics; nullptr without a census or when the census lacks it.
    const SiteCensus* current() const;

    QComboBox* layer_combo() const { return layer_; }
    QComboBox* site_combo() const { return site_; }

signals:
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void on_layer_picked();
    void on_site_picked();
    void select(int layer, CensusSite site);

    const Census* census_ = nullptr;
    QLabel* layer_label_ = nullptr;
    QComboBox* layer_ = nullptr;
    QLabel* site_label_ = nullptr;
    QComboBox* site_ = nullptr;
    int layer_value_ = 0;
    CensusSite site_value_ = CensusSite::Residual;
    int last_block_layer_ = 0;
    CensusSite last_block_site_ = CensusSite::Residual;
    bool updating_ = false;
};

}  // namespace rs::gui
