<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>rs::gui::CalibrationPanel</name>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="173"/>
        <source>Choose the text file to calibrate on.</source>
        <translation>Выберите текстовый файл для калибровки.</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="225"/>
        <source>Calibration text</source>
        <translation>Текст для калибровки</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="226"/>
        <source>Text files (*.txt *.md *.raw);;All files (*)</source>
        <translation>Текстовые файлы (*.txt *.md *.raw);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="251"/>
        <source>Run the activation census of the loaded model on %1 windows of %2 tokens.</source>
        <translation>Собрать статистику активаций загруженной модели (окон: %1, токенов в окне: %2).</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="257"/>
        <source>Corpus:</source>
        <translation>Корпус:</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="258"/>
        <source>Text file…</source>
        <translation>Текстовый файл…</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="259"/>
        <source>The text the calibration windows are drawn from.</source>
        <translation>Текст, из которого берутся калибровочные окна.</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="260"/>
        <source>Path of a UTF-8 text file</source>
        <translation>Путь к текстовому файлу в UTF-8</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="261"/>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="262"/>
        <source>Windows:</source>
        <translation>Число окон:</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="263"/>
        <source>How many windows of text run through the model.</source>
        <translation>Сколько окон текста прогоняется через модель.</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="264"/>
        <source>Tokens per window:</source>
        <translation>Токенов в окне:</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="265"/>
        <source>The length of each window, in tokens (the first may be the BOS token).</source>
        <translation>Длина каждого окна в токенах (первым может быть токен BOS).</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="266"/>
        <source>Seed:</source>
        <translation>Зерно:</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="267"/>
        <source>Picks where the windows start; the same seed picks the same windows.</source>
        <translation>Определяет, где начинаются окна; при одном и том же зерне выбираются одни и те же окна.</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="268"/>
        <source>Advanced</source>
        <translation>Дополнительно</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="269"/>
        <source>Captured window:</source>
        <translation>Сохраняемое окно:</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="270"/>
        <source>The window whose token × channel values are kept for the heatmap.</source>
        <translation>Окно, значения которого (токен × канал) сохраняются для тепловой карты.</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="271"/>
        <source>Captured tokens:</source>
        <translation>Сохраняемых токенов:</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="272"/>
        <source>How many tokens of the captured window the heatmap shows.</source>
        <translation>Сколько токенов сохраняемого окна показывает тепловая карта.</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="273"/>
        <source>Massive if |x| &gt;</source>
        <translation>Массивная, если |x| &gt;</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="274"/>
        <source>A massive activation exceeds this magnitude (Sun et al. 2024 use 100).</source>
        <translation>Модуль массивной активации превышает это значение (у Sun et al. 2024 — 100).</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="275"/>
        <source>and |x| / median ≥</source>
        <translation>и |x| / медиана ≥</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="277"/>
        <source>…and is this many times the median magnitude of its hidden state (Sun et al. 2024 use 1000).</source>
        <translation>…и не менее чем во столько раз превышает медиану модулей своего скрытого состояния (у Sun et al. 2024 — 1000).</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="278"/>
        <source>Run census</source>
        <translation>Собрать статистику</translation>
    </message>
</context>
<context>
    <name>rs::gui::CensusViews</name>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="88"/>
        <source>Per layer</source>
        <translation>По слоям</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="89"/>
        <source>Channels</source>
        <translation>Каналы</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="90"/>
        <source>Heatmap</source>
        <translation>Тепловая карта</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="91"/>
        <source>Kurtosis</source>
        <translation>Куртозис</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="92"/>
        <source>Histogram</source>
        <translation>Гистограмма</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="93"/>
        <source>Massive activations</source>
        <translation>Массивные активации</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="94"/>
        <source>Largest and median |x| per layer</source>
        <translation>Наибольшие и медианные |x| по слоям</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="95"/>
        <source>Largest |x| of each channel, with outlier channels</source>
        <translation>Наибольший |x| каждого канала с выделением каналов-выбросов</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="96"/>
        <source>|x| per token and channel of the captured window</source>
        <translation>|x| по токенам и каналам сохранённого окна</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="97"/>
        <source>Heaviness of the tails per layer and site</source>
        <translation>Тяжесть хвостов по слоям и точкам</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="98"/>
        <source>Distribution of |x| on a log2 grid</source>
        <translation>Распределение |x| на сетке log2</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="99"/>
        <source>Every massive activation, sortable and filterable</source>
        <translation>Все массивные активации, с сортировкой и фильтром</translation>
    </message>
</context>
<context>
    <name>rs::gui::ChannelAbsmaxView</name>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="107"/>
        <source>The largest |x| of each input channel over all calibration tokens. In most LLMs a few &lt;i&gt;outlier channels&lt;/i&gt; are far larger than the rest (red: above the factor times the median over channels). One shared quantization scale must cover them, so every other channel loses precision; a rotation mixes the channels and spreads the outliers out.</source>
        <translation>Наибольший |x| каждого входного канала по всем калибровочным токенам. В большинстве LLM несколько &lt;i&gt;каналов-выбросов&lt;/i&gt; намного превосходят остальные (красным: выше медианы по каналам, умноженной на множитель). Общий масштаб квантования должен охватывать и их, поэтому все остальные каналы теряют точность; вращение перемешивает каналы и распределяет выбросы между ними.</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="111"/>
        <source>Outlier &amp;factor:</source>
        <translation>&amp;Множитель выбросов:</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="112"/>
        <source>A channel is an outlier when its absmax exceeds this factor times the median absmax over channels</source>
        <translation>Канал считается выбросом, если его absmax больше медианы absmax по каналам, умноженной на этот множитель</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="114"/>
        <source>&amp;Log scale</source>
        <translation>&amp;Логарифмическая шкала</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="115"/>
        <source>absmax of a channel</source>
        <translation>absmax канала</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="116"/>
        <source>channel</source>
        <translation>канал</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="117"/>
        <source>max |x| over all tokens</source>
        <translation>max |x| по всем токенам</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="158"/>
        <source>outlier channel (&gt; %1 × median)</source>
        <translation>канал-выброс (&gt; %1 × медиана)</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="159"/>
        <source>%1 × median = %2</source>
        <translation>%1 × медиана = %2</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="163"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>Откройте модель и соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="166"/>
        <source>No channel statistics for this site.</source>
        <translation>Для этой точки нет статистики по каналам.</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="171"/>
        <source>No outlier channel: every absmax is at most %1 (%2 × the median %3).</source>
        <translation>Каналов-выбросов нет: ни один absmax не превышает %1 (%2 × медиана %3).</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="177"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/channel_absmax_view.cpp" line="178"/>
        <source>%n outlier channel(s) of %1, largest first: </source>
        <translation>
            <numerusform>%n канал-выброс из %1, по убыванию: </numerusform>
            <numerusform>%n канала-выброса из %1, по убыванию: </numerusform>
            <numerusform>%n каналов-выбросов из %1, по убыванию: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/channel_absmax_view.cpp" line="181"/>
        <source>, and %n more</source>
        <translation>
            <numerusform> и ещё %n</numerusform>
            <numerusform> и ещё %n</numerusform>
            <numerusform> и ещё %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::gui::ExplanationLabel</name>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="17"/>
        <source>What am I seeing?</source>
        <translation>Что здесь показано?</translation>
    </message>
</context>
<context>
    <name>rs::gui::HeatmapView</name>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="140"/>
        <source>|x| of every channel (columns) at every token (rows) of one calibration window, the one the census kept whole. Massive activations are the few bright cells: typically in one or two fixed channels, at the first token and at delimiters such as “.” or a newline (↵; ␣ marks a space). Scroll to zoom, drag to pan, hover over a cell to read it; clicking a row of the massive-activation table marks its cell here.</source>
        <translation>|x| каждого канала (столбцы) на каждом токене (строки) одного калибровочного окна — того, которое при сборе статистики сохранено целиком. Массивные активации — это несколько ярких клеток: обычно в одном-двух постоянных каналах, на первом токене и на разделителях, таких как «.» или перевод строки (↵; ␣ обозначает пробел). Прокрутка масштабирует, перетаскивание сдвигает, при наведении на клетку показывается её значение; щелчок по строке таблицы массивных активаций отмечает здесь соответствующую клетку.</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="145"/>
        <source>&amp;Log colour scale</source>
        <translation>&amp;Логарифмическая цветовая шкала</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="146"/>
        <source>Show &amp;all</source>
        <translation>Показать &amp;всё</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="147"/>
        <source>channel</source>
        <translation>канал</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="148"/>
        <source>token (position)</source>
        <translation>токен (позиция)</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="149"/>
        <source>|x|</source>
        <translation>|x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="165"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>Откройте модель и соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="167"/>
        <source>The census has no data for this site.</source>
        <translation>В статистике нет данных для этой точки.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/heatmap_view.cpp" line="169"/>
        <source>Nothing was captured: the census kept %n token(s) of its capture window.</source>
        <translation>
            <numerusform>Ничего не сохранено: из сохраняемого окна оставлен %n токен.</numerusform>
            <numerusform>Ничего не сохранено: из сохраняемого окна оставлено %n токена.</numerusform>
            <numerusform>Ничего не сохранено: из сохраняемого окна оставлено %n токенов.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="200"/>
        <source>Hover over a cell to read its token, channel and value.</source>
        <translation>Наведите указатель на клетку, чтобы увидеть её токен, канал и значение.</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="255"/>
        <source>Marked: %1</source>
        <translation>Отмечено: %1</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="257"/>
        <source>The cell (window %1, position %2, channel %3) cannot be shown: nothing was captured.</source>
        <translation>Клетку (окно %1, позиция %2, канал %3) нельзя показать: ничего не сохранено.</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="260"/>
        <source>The exact cell (window %1, position %2, channel %3) is outside the captured rows: the heatmap holds positions 0–%4 of window %5 only.</source>
        <translation>Клетка (окно %1, позиция %2, канал %3) лежит за пределами сохранённых строк: тепловая карта содержит только позиции 0–%4 окна %5.</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="310"/>
        <source>token “%1” at position %2, channel %3: x = %4</source>
        <translation>токен «%1» в позиции %2, канал %3: x = %4</translation>
    </message>
</context>
<context>
    <name>rs::gui::HistogramView</name>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="101"/>
        <source>How many values of this site have each magnitude |x|, positive (blue) and negative (orange) apart. Both axes are logarithmic. The census counts on a log2 grid: every octave [2&lt;sup&gt;e&lt;/sup&gt;, 2&lt;sup&gt;e+1&lt;/sup&gt;), such as [1, 2) or [2, 4), is split into 4 equal bins, so equal steps to the right multiply |x|. Most values form one hump; massive activations are the thin tail far to the right. Empty bins leave a gap.</source>
        <translation>Сколько значений в этой точке приходится на каждую величину |x|, отдельно для положительных (синие) и отрицательных (оранжевые). Обе оси логарифмические. Значения подсчитываются на сетке log2: каждая октава [2&lt;sup&gt;e&lt;/sup&gt;, 2&lt;sup&gt;e+1&lt;/sup&gt;), например [1, 2) или [2, 4), делится на 4 равных интервала, так что равные шаги вправо умножают |x|. Большинство значений образует один горб; массивные активации — тонкий хвост далеко справа. Пустые интервалы оставляют разрыв.</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="106"/>
        <source>positive values</source>
        <translation>положительные значения</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="107"/>
        <source>negative values</source>
        <translation>отрицательные значения</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="108"/>
        <source>|x| (log scale, lower bin edge)</source>
        <translation>|x| (логарифмическая шкала, нижняя граница интервала)</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="109"/>
        <source>values in the bin (log scale)</source>
        <translation>значений в интервале (логарифмическая шкала)</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="124"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>Откройте модель и соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="125"/>
        <source>The census has no data for this site.</source>
        <translation>В статистике нет данных для этой точки.</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="126"/>
        <source>No value of this site falls on the histogram grid.</source>
        <translation>Ни одно значение этой точки не попадает на сетку гистограммы.</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="137"/>
        <source>massive
threshold
%1</source>
        <translation>порог
массивных
%1</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="144"/>
        <source>%1 values in all. Not on the grid: %2 exact zeros, %3 below 2&lt;sup&gt;%4&lt;/sup&gt;, %5 at or above 2&lt;sup&gt;%6&lt;/sup&gt;, %7 NaN or infinite.</source>
        <translation>Всего значений: %1. Вне сетки: точных нулей — %2, меньше 2&lt;sup&gt;%4&lt;/sup&gt; — %3, не меньше 2&lt;sup&gt;%6&lt;/sup&gt; — %5, NaN или бесконечных — %7.</translation>
    </message>
</context>
<context>
    <name>rs::gui::JobRunner</name>
    <message>
        <location filename="../widgets/job_runner.cpp" line="85"/>
        <source>out of memory</source>
        <translation>недостаточно памяти</translation>
    </message>
    <message>
        <location filename="../widgets/job_runner.cpp" line="109"/>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
</context>
<context>
    <name>rs::gui::JobStatus</name>
    <message>
        <location filename="../widgets/job_status.cpp" line="43"/>
        <location filename="../widgets/job_status.cpp" line="99"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="48"/>
        <source>Loading weights</source>
        <translation>Загрузка весов</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="49"/>
        <source>Hashing files</source>
        <translation>Вычисление хешей файлов</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="50"/>
        <source>Tokenizing the corpus</source>
        <translation>Токенизация корпуса</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="51"/>
        <source>Running windows</source>
        <translation>Прогон окон</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="52"/>
        <source>Writing the report</source>
        <translation>Запись отчёта</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="53"/>
        <source>Reading the report</source>
        <translation>Чтение отчёта</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="88"/>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="90"/>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="91"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="92"/>
        <source>%1: %2, %3</source>
        <translation>%1: %2, %3</translation>
    </message>
</context>
<context>
    <name>rs::gui::KurtosisView</name>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="57"/>
        <source>Kurtosis says how heavy the tails of a distribution are: a normal distribution has 3 (dashed line), and a tensor where a few values are huge has far more. Heavy tails are what makes low-bit quantization hard: the scale must reach the rare large values, so the many small ones get only a few levels. Rotations (QuaRot, SpinQuant) bring the linear inputs back near 3; the residual stream itself is not rotated by them.</source>
        <translation>Куртозис показывает, насколько тяжелы хвосты распределения: у нормального распределения он равен 3 (пунктирная линия), а у тензора, в котором несколько значений огромны, — гораздо больше. Именно тяжёлые хвосты затрудняют низкобитное квантование: масштаб должен охватывать редкие большие значения, и многочисленным малым достаётся лишь несколько уровней. Вращения (QuaRot, SpinQuant) возвращают куртозис входов линейных слоёв почти к 3; сам остаточный поток они не вращают.</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="62"/>
        <source>normal distribution (3)</source>
        <translation>нормальное распределение (3)</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="63"/>
        <source>layer</source>
        <translation>слой</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="64"/>
        <source>kurtosis (log scale)</source>
        <translation>куртозис (логарифмическая шкала)</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="73"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>Откройте модель и соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="90"/>
        <source>No kurtosis values: the census saw no values.</source>
        <translation>Куртозис не вычислен: при сборе статистики не встретилось ни одного значения.</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="93"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
</context>
<context>
    <name>rs::gui::LayerCurvesView</name>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="79"/>
        <source>For every layer, the three largest magnitudes |x| of a hidden state at the chosen site (one calibration window), averaged over the windows, and the median |x|. &lt;i&gt;Massive activations&lt;/i&gt; (Sun et al. 2024) are a handful of values thousands of times larger than the median: they appear suddenly at one early layer and then persist in the residual stream, so the top curves jump while the median stays flat. Such values wreck a shared quantization scale.</source>
        <translation>Для каждого слоя — три наибольших модуля |x| скрытого состояния в выбранной точке (одного калибровочного окна), усреднённые по окнам, и медиана |x|. &lt;i&gt;Массивные активации&lt;/i&gt; (Sun et al. 2024) — это горстка значений, в тысячи раз превышающих медиану: они внезапно появляются на одном из ранних слоёв и затем сохраняются в остаточном потоке, поэтому верхние кривые резко подскакивают, а медиана остаётся ровной. Такие значения губят общий масштаб квантования.</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="85"/>
        <source>&amp;Site:</source>
        <translation>&amp;Точка:</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="86"/>
        <source>largest |x|</source>
        <translation>наибольший |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="87"/>
        <source>2nd largest |x|</source>
        <translation>2-й по величине |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="88"/>
        <source>3rd largest |x|</source>
        <translation>3-й по величине |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="89"/>
        <source>median |x|</source>
        <translation>медиана |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="90"/>
        <source>layer</source>
        <translation>слой</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="91"/>
        <source>|x| (log scale)</source>
        <translation>|x| (логарифмическая шкала)</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="104"/>
        <source>The census holds no layers.</source>
        <translation>В статистике нет ни одного слоя.</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="105"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>Откройте модель и соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="138"/>
        <source>massive threshold |x| = %1</source>
        <translation>порог массивных активаций |x| = %1</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="146"/>
        <source>No values were recorded at %1.</source>
        <translation>В точке %1 не записано ни одного значения.</translation>
    </message>
</context>
<context>
    <name>rs::gui::MainWindow</name>
    <message>
        <location filename="../widgets/main_window.cpp" line="236"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="237"/>
        <source>&amp;Open Model…</source>
        <translation>&amp;Открыть модель…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="238"/>
        <source>Open Model &amp;Directory…</source>
        <translation>Открыть &amp;каталог модели…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="239"/>
        <source>Open De&amp;fault Model</source>
        <translation>Открыть модель по &amp;умолчанию</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="240"/>
        <source>Open &amp;Report…</source>
        <translation>Открыть о&amp;тчёт…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="241"/>
        <source>Open Re&amp;cent</source>
        <translation>&amp;Недавние файлы</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="242"/>
        <source>&amp;Export Census…</source>
        <translation>&amp;Экспорт статистики…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="243"/>
        <source>Export &amp;Plot…</source>
        <translation>Экспорт &amp;графика…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="244"/>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="245"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="246"/>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="247"/>
        <source>System</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="248"/>
        <source>&amp;Run</source>
        <translation>&amp;Запуск</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="249"/>
        <source>Run &amp;Census</source>
        <translation>&amp;Собрать статистику</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="250"/>
        <source>C&amp;ancel</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="251"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="252"/>
        <source>&amp;About Rotoscope</source>
        <translation>&amp;О программе Rotoscope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="253"/>
        <source>About &amp;Qt</source>
        <translation>О &amp;Qt</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="254"/>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="255"/>
        <source>Calibration</source>
        <translation>Калибровка</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="278"/>
        <source>Open the model to run a census: a report holds the census, not the model.</source>
        <translation>Чтобы собрать статистику, откройте модель: отчёт содержит статистику, но не саму модель.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="279"/>
        <source>Open a model to run a census.</source>
        <translation>Откройте модель, чтобы собрать статистику.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="281"/>
        <source>This model&apos;s tokenizer cannot be used: %1</source>
        <translation>Токенизатор этой модели нельзя использовать: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="283"/>
        <source>A job is running.</source>
        <translation>Выполняется задача.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="286"/>
        <source>Run the activation census of the loaded model.</source>
        <translation>Собрать статистику активаций загруженной модели.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="297"/>
        <source>%1 — Rotoscope</source>
        <translation>%1 — Rotoscope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="303"/>
        <source>Model: %1</source>
        <translation>Модель: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="305"/>
        <source>No model loaded</source>
        <translation>Модель не загружена</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="308"/>
        <source>Census: %1 windows × %2 tokens of %3</source>
        <translation>Статистика по %3: окон — %1, токенов в окне — %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="356"/>
        <source>%1 is still running; wait for it or cancel it first.</source>
        <translation>Задача «%1» ещё выполняется: дождитесь её завершения или сначала отмените её.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="363"/>
        <source>Cancelled: %1. Nothing was changed.</source>
        <translation>Задача «%1» отменена. Ничего не изменилось.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="365"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="382"/>
        <source>%1: not a model (.gguf or a model directory) or a census report (.h5)</source>
        <translation>%1: это не модель (.gguf или каталог модели) и не отчёт со статистикой (.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="390"/>
        <source>No model given.</source>
        <translation>Модель не указана.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="395"/>
        <source>Could not open the model</source>
        <translation>Не удалось открыть модель</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="420"/>
        <source>%1: the model loaded, but its tokenizer cannot be used, so no census can run: %2</source>
        <translation>%1: модель загружена, но её токенизатор нельзя использовать, поэтому собрать статистику невозможно: %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="428"/>
        <location filename="../widgets/main_window.cpp" line="453"/>
        <source>Opening %1</source>
        <translation>Открытие %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="434"/>
        <source>Could not open the report</source>
        <translation>Не удалось открыть отчёт</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="466"/>
        <source>Open Model</source>
        <translation>Открыть модель</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="467"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>Модели GGUF (*.gguf);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="472"/>
        <source>Open Model Directory (config.json, *.safetensors)</source>
        <translation>Открыть каталог модели (config.json, *.safetensors)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="480"/>
        <source>Open Census Report</source>
        <translation>Открыть отчёт со статистикой</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="481"/>
        <source>Census reports (*.h5 *.hdf5);;All files (*)</source>
        <translation>Отчёты со статистикой (*.h5 *.hdf5);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="491"/>
        <source>%1 (report)</source>
        <translation>%1 (отчёт)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="492"/>
        <source>%1 (model)</source>
        <translation>%1 (модель)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="500"/>
        <source>No recent files</source>
        <translation>Нет недавних файлов</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="502"/>
        <source>&amp;Clear List</source>
        <translation>&amp;Очистить список</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="512"/>
        <source>%1 no longer exists; it was removed from the recent files.</source>
        <translation>%1 больше не существует; файл удалён из списка недавних.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="535"/>
        <source>The census failed</source>
        <translation>Не удалось собрать статистику</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="543"/>
        <source>Census finished in %1 s.</source>
        <translation>Статистика собрана за %1 с.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="546"/>
        <source>Census</source>
        <translation>Сбор статистики</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="554"/>
        <source>There is no census to export yet: run one or open a report.</source>
        <translation>Экспортировать пока нечего: соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="558"/>
        <source>Could not export the census</source>
        <translation>Не удалось экспортировать статистику</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="568"/>
        <source>Saved the census to %1.</source>
        <translation>Статистика сохранена в %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="571"/>
        <source>Exporting the census</source>
        <translation>Экспорт статистики</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="581"/>
        <source>Export Census</source>
        <translation>Экспорт статистики</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="581"/>
        <source>Census reports (*.h5)</source>
        <translation>Отчёты со статистикой (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="605"/>
        <source>There is no plot to export: open a census and pick a tab with a plot.</source>
        <translation>Нет графика для экспорта: откройте статистику и выберите вкладку с графиком.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="620"/>
        <source>%1: unknown image format; use .png, .svg, .pdf or .jpg</source>
        <translation>%1: неизвестный формат изображения; используйте .png, .svg, .pdf или .jpg</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="624"/>
        <source>%1: could not write the image</source>
        <translation>%1: не удалось записать изображение</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="628"/>
        <source>Saved the plot to %1.</source>
        <translation>График сохранён в %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="633"/>
        <source>PNG image (*.png)</source>
        <translation>Изображение PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="633"/>
        <source>PDF document (*.pdf)</source>
        <translation>Документ PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="633"/>
        <source>SVG drawing (*.svg)</source>
        <translation>Рисунок SVG (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="634"/>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>Изображение JPEG (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="637"/>
        <source>Export Plot</source>
        <translation>Экспорт графика</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="325"/>
        <source>No translation for this language; showing English.</source>
        <translation>Для этого языка нет перевода; интерфейс показан на английском.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="330"/>
        <source>CUDA backend: built in, a device is available</source>
        <translation>Бэкенд CUDA: встроен, устройство доступно</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="331"/>
        <source>CUDA backend: built in, but no CUDA device found</source>
        <translation>Бэкенд CUDA: встроен, но устройство CUDA не найдено</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="333"/>
        <source>CUDA backend: not built in (CPU only)</source>
        <translation>Бэкенд CUDA: не встроен (только CPU)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="337"/>
        <source>A workbench for rotation-based low-bit quantization of large language models.</source>
        <translation>Инструментарий для низкобитного квантования больших языковых моделей на основе вращений.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="338"/>
        <source>Git commit: %1</source>
        <translation>Коммит Git: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="339"/>
        <source>Built with Qt %1 and QCustomPlot %2</source>
        <translation>Собрано с Qt %1 и QCustomPlot %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="344"/>
        <source>About Rotoscope</source>
        <translation>О программе Rotoscope</translation>
    </message>
</context>
<context>
    <name>rs::gui::MassiveTableModel</name>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="59"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="85"/>
        <source>token id %1: “%2”</source>
        <translation>id токена %1: «%2»</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="86"/>
        <source>|value| / median of |x| over the hidden state it was found in</source>
        <translation>|значение| / медиана |x| по скрытому состоянию, в котором оно найдено</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="115"/>
        <source>Layer</source>
        <translation>Слой</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="116"/>
        <source>Site</source>
        <translation>Точка</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="117"/>
        <source>Window</source>
        <translation>Окно</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="118"/>
        <source>Position</source>
        <translation>Позиция</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="119"/>
        <source>Token</source>
        <translation>Токен</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="120"/>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="121"/>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="122"/>
        <source>Median |x|</source>
        <translation>Медиана |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="123"/>
        <source>|Value| / median</source>
        <translation>|Значение| / медиана</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="129"/>
        <source>Calibration window the value was seen in</source>
        <translation>Калибровочное окно, в котором встретилось значение</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="130"/>
        <source>Token position in that window</source>
        <translation>Позиция токена в этом окне</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="131"/>
        <source>Median |x| of the hidden state (all tokens and channels of the window)</source>
        <translation>Медиана |x| скрытого состояния (все токены и каналы окна)</translation>
    </message>
</context>
<context>
    <name>rs::gui::MassiveTableView</name>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="92"/>
        <source>Every massive activation the census listed: a value with |x| above an absolute threshold and above a multiple of the median |x| of its hidden state (Sun et al. 2024). They sit at few channels and few tokens (often the first one), and act like biases the model relies on. Click a header to sort, type to filter by token, site or number, and click a row to see its cell on the heatmap.</source>
        <translation>Все массивные активации, занесённые в статистику: значения, у которых |x| выше абсолютного порога и выше заданного кратного медианы |x| их скрытого состояния (Sun et al. 2024). Они сосредоточены в немногих каналах и на немногих токенах (часто на первом) и действуют как смещения, на которые опирается модель. Щёлкните заголовок, чтобы отсортировать; введите текст, чтобы отфильтровать по токену, точке или числу; щёлкните строку, чтобы увидеть её клетку на тепловой карте.</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="97"/>
        <source>&amp;Filter:</source>
        <translation>&amp;Фильтр:</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="98"/>
        <source>token, site or number</source>
        <translation>токен, точка или число</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="99"/>
        <source>&amp;Site:</source>
        <translation>&amp;Точка:</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="100"/>
        <source>All sites</source>
        <translation>Все точки</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="108"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>Откройте модель и соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="111"/>
        <source>No massive activations were found: no value had |x| &gt; %1 and |x| ≥ %2 × the median |x| of its hidden state. Small or randomly initialised models often have none.</source>
        <translation>Массивных активаций не найдено: ни одно значение не удовлетворяет условиям |x| &gt; %1 и |x| ≥ %2 × медиана |x| его скрытого состояния. У маленьких или случайно инициализированных моделей их часто нет.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/massive_table_view.cpp" line="115"/>
        <source>No row matches the filter (%n massive activation(s) listed).</source>
        <translation>
            <numerusform>Ни одна строка не подходит под фильтр (в списке %n массивная активация).</numerusform>
            <numerusform>Ни одна строка не подходит под фильтр (в списке %n массивные активации).</numerusform>
            <numerusform>Ни одна строка не подходит под фильтр (в списке %n массивных активаций).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/massive_table_view.cpp" line="117"/>
        <source>%n massive activation(s) listed</source>
        <translation>
            <numerusform>В списке %n массивная активация</numerusform>
            <numerusform>В списке %n массивные активации</numerusform>
            <numerusform>В списке %n массивных активаций</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="119"/>
        <source> (%1 found; the census lists at most %2 per site)</source>
        <translation> (найдено %1; в список попадает не более %2 на точку)</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/massive_table_view.cpp" line="122"/>
        <source>, %n shown</source>
        <translation>
            <numerusform>, из них показано %n</numerusform>
            <numerusform>, из них показано %n</numerusform>
            <numerusform>, из них показано %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::gui::MessageBar</name>
    <message>
        <location filename="../widgets/message_bar.cpp" line="49"/>
        <location filename="../widgets/message_bar.cpp" line="80"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>rs::gui::ModelPanel</name>
    <message>
        <location filename="../widgets/model_panel.cpp" line="82"/>
        <source>Open a model or a census report (File menu, or drop a file here).</source>
        <translation>Откройте модель или отчёт со статистикой (меню «Файл» или перетащите файл сюда).</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="90"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="91"/>
        <source>Architecture</source>
        <translation>Архитектура</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="92"/>
        <source>Layers</source>
        <translation>Число слоёв</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="93"/>
        <source>Hidden size</source>
        <translation>Скрытая размерность</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="94"/>
        <source>Heads</source>
        <translation>Головы внимания</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="94"/>
        <source>%1 query, %2 key/value, %3 wide</source>
        <translation>запросов: %1, ключей/значений: %2, размерность: %3</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="95"/>
        <source>FFN size</source>
        <translation>Размерность FFN</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="96"/>
        <source>Vocabulary</source>
        <translation>Размер словаря</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="97"/>
        <source>Parameters</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="100"/>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="101"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="104"/>
        <source>Tensor types</source>
        <translation>Типы тензоров</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="118"/>
        <source>From the report: the model itself is not loaded. Open the model to run a census.</source>
        <translation>Данные из отчёта: сама модель не загружена. Чтобы собрать статистику, откройте модель.</translation>
    </message>
</context>
<context>
    <name>rs::gui::ModelTreeModel</name>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="97"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="107"/>
        <source>Layer %1</source>
        <translation>Слой %1</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="138"/>
        <source>%1 outputs × %2 inputs</source>
        <translation>выходы × входы: %1 × %2</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="164"/>
        <source>Layer</source>
        <translation>Слой</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="166"/>
        <source>Shape (out × in)</source>
        <translation>Форма (выход × вход)</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="168"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="170"/>
        <source>Parameters</source>
        <translation>Параметры</translation>
    </message>
</context>
<context>
    <name>rs::gui::SiteSelector</name>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="41"/>
        <source>&amp;Layer:</source>
        <translation>&amp;Слой:</translation>
    </message>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="42"/>
        <source>&amp;Site:</source>
        <translation>&amp;Точка:</translation>
    </message>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="43"/>
        <source>Where the activations were read: the input of a linear layer, or the residual stream after a block</source>
        <translation>Где сняты активации: вход линейного слоя или остаточный поток после блока</translation>
    </message>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="46"/>
        <location filename="../widgets/census/site_selector.cpp" line="61"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
</context>
</TS>
