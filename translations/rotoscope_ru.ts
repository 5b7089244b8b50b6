<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>FitMethod</name>
    <message>
        <location filename="../engine/experiment/fit_config.h" line="42"/>
        <source>Refined R1 (DFRot&apos;s Procrustes)</source>
        <translation>Уточнённый R1 (прокрустова задача DFRot)</translation>
    </message>
    <message>
        <location filename="../engine/experiment/fit_config.h" line="43"/>
        <source>Learned R1 and R2 (SpinQuant&apos;s Cayley SGD)</source>
        <translation>Обученные R1 и R2 (SGD Кэли из SpinQuant)</translation>
    </message>
</context>
<context>
    <name>RotationKind</name>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="27"/>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="28"/>
        <source>Hadamard</source>
        <translation>Адамар</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="29"/>
        <source>random Hadamard</source>
        <translation>случайный Адамар</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="30"/>
        <source>block Hadamard</source>
        <translation>блочный Адамар</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="31"/>
        <source>random orthogonal</source>
        <translation>случайное ортогональное</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="32"/>
        <source>from a file</source>
        <translation>из файла</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../engine/core/progress_stages.h" line="22"/>
        <source>Loading weights</source>
        <translation>Загрузка весов</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="23"/>
        <source>Hashing files</source>
        <translation>Вычисление хешей файлов</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="24"/>
        <source>Tokenizing the corpus</source>
        <translation>Токенизация корпуса</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="25"/>
        <source>Running windows</source>
        <translation>Прогон окон</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="37"/>
        <source>Writing the report</source>
        <translation>Запись отчёта</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="38"/>
        <source>Reading the report</source>
        <translation>Чтение отчёта</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="26"/>
        <source>Collecting smoothing statistics</source>
        <translation>Сбор статистики для сглаживания</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="27"/>
        <source>Smoothing</source>
        <translation>Сглаживание</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="28"/>
        <source>Fitting the rotation</source>
        <translation>Подгонка поворота</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="29"/>
        <source>Fusing rotations</source>
        <translation>Встраивание вращений</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="30"/>
        <source>Quantizing weights</source>
        <translation>Квантование весов</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="31"/>
        <source>GPTQ: capturing Hessians and solving, layer by layer</source>
        <translation>GPTQ: сбор гессианов и решение, слой за слоем</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="32"/>
        <source>Reference logits (unquantized model)</source>
        <translation>Эталонные логиты (неквантованная модель)</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="33"/>
        <source>Evaluating the quantized model</source>
        <translation>Оценка квантованной модели</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="34"/>
        <source>Probing linears</source>
        <translation>Зондирование линейных слоёв</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="35"/>
        <source>Perplexity</source>
        <translation>Перплексия</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="36"/>
        <source>Generating text</source>
        <translation>Генерация текста</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="39"/>
        <source>Writing the exported model</source>
        <translation>Запись экспортированной модели</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="40"/>
        <source>Evaluating tasks</source>
        <translation>Оценка на задачах</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="41"/>
        <source>Calibrating activation ranges</source>
        <translation>Калибровка диапазонов активаций</translation>
    </message>
</context>
<context>
    <name>WeightMethod</name>
    <message>
        <location filename="../engine/experiment/recipe.h" line="48"/>
        <source>Round to nearest</source>
        <translation>Округление до ближайшего</translation>
    </message>
    <message>
        <location filename="../engine/experiment/recipe.h" line="49"/>
        <source>GPTQ</source>
        <translation>GPTQ</translation>
    </message>
</context>
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
    <name>rs::gui::ErrorHistogramView</name>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="237"/>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="298"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="281"/>
        <source>Each curve is one run: how the quantization errors e = Q(t) − t of one linear layer&apos;s input activations (or of its weights) are spread. The errors are divided by the RMS of the unquantized tensor t. An orthogonal rotation changes the values but not their RMS (it keeps lengths), so this unit means the same for every rotation, and the curves of differently rotated runs can be laid over each other. A narrow curve means small errors; wide shoulders, or errors beyond ±2 RMS (counted in the table), usually come from an outlier that stretched a shared scale. Below: the output SQNR of the same kind of linear in every layer (higher is better; the dashed line marks the chosen layer).</source>
        <translation>Каждая кривая — один прогон: как распределены ошибки квантования e = Q(t) − t входных активаций одного линейного слоя (или его весов). Ошибки поделены на RMS неквантованного тензора t. Ортогональное вращение меняет значения, но не их RMS (оно сохраняет длины), поэтому эта единица одна и та же для любого вращения, и кривые прогонов с разными вращениями можно накладывать друг на друга. Узкая кривая означает малые ошибки; широкие «плечи» или ошибки за пределами ±2 RMS (их число есть в таблице) обычно возникают из-за выброса, растянувшего общий масштаб. Ниже — SQNR выхода того же вида линейного слоя во всех слоях (чем выше, тем лучше; пунктир отмечает выбранный слой).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="289"/>
        <source>Each curve is one run: how the quantization errors of one linear&apos;s input (or weights) are spread, in units of the tensor&apos;s RMS. Narrower is better.</source>
        <translation>Каждая кривая — один прогон: как распределены ошибки квантования входа (или весов) одного линейного слоя, в единицах RMS тензора. Чем уже, тем лучше.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="291"/>
        <source>&amp;Layer:</source>
        <translation>&amp;Слой:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="292"/>
        <source>Li&amp;near:</source>
        <translation>Ли&amp;нейный слой:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="293"/>
        <source>&amp;Error of:</source>
        <translation>&amp;Ошибка:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="294"/>
        <source>input activations</source>
        <translation>входные активации</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="295"/>
        <source>weights</source>
        <translation>веса</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="296"/>
        <source>Log &amp;y axis</source>
        <translation>Логарифмическая ось &amp;y</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="299"/>
        <source>error / RMS of the tensor</source>
        <translation>ошибка / RMS тензора</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="301"/>
        <source>Run</source>
        <translation>Прогон</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="301"/>
        <source>RMS of
the tensor</source>
        <translation>RMS
тензора</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="301"/>
        <source>Relative
error</source>
        <translation>Относительная
ошибка</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="302"/>
        <source>Max |error|
/ RMS</source>
        <translation>Макс. |ошибка|
/ RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="302"/>
        <source>Below
−2 RMS</source>
        <translation>Ниже
−2 RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="302"/>
        <source>Above
+2 RMS</source>
        <translation>Выше
+2 RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="303"/>
        <source>Output
relative error</source>
        <translation>Относ. ошибка
выхода</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="303"/>
        <source>Output
SQNR (dB)</source>
        <translation>SQNR выхода
(дБ)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="369"/>
        <source>%1 (not probed)</source>
        <translation>%1 (не измерялся)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="370"/>
        <source>%1 (not quantized)</source>
        <translation>%1 (не квантуется)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="392"/>
        <source>This run did not probe this linear.</source>
        <translation>В этом прогоне этот линейный слой не измерялся.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="400"/>
        <source>%1 (%2%)</source>
        <translation>%1 (%2%)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="417"/>
        <source>No runs yet. Run recipes in the experiment panel, then pick the runs to compare.</source>
        <translation>Прогонов пока нет. Запустите рецепты на панели эксперимента, затем выберите прогоны для сравнения.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="418"/>
        <source>Pick one or more runs to compare.</source>
        <translation>Выберите один или несколько прогонов для сравнения.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="420"/>
        <source>The selected runs hold no per-linear probe data:
they ran with the probe off (probe tokens = 0).</source>
        <translation>В выбранных прогонах нет данных зонда по линейным слоям:
они запускались с выключенным зондом (токенов для зонда = 0).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="422"/>
        <source>None of the selected runs quantizes the weights of this linear.</source>
        <translation>Ни в одном из выбранных прогонов веса этого линейного слоя не квантуются.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="423"/>
        <source>None of the selected runs quantizes the input of this linear.</source>
        <translation>Ни в одном из выбранных прогонов вход этого линейного слоя не квантуется.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="429"/>
        <source>values per bin (log scale)</source>
        <translation>значений в интервале (лог. шкала)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="432"/>
        <source>values per bin</source>
        <translation>значений в интервале</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExperimentPanel</name>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="320"/>
        <source>Evaluation text</source>
        <translation>Текст для оценки</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="255"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="321"/>
        <source>Text files (*.txt *.md *.raw);;All files (*)</source>
        <translation>Текстовые файлы (*.txt *.md *.raw);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="254"/>
        <source>GPTQ calibration text</source>
        <translation>Текст для калибровки GPTQ</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="553"/>
        <source>%1 format: %2</source>
        <translation>Формат %1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="558"/>
        <source>R%1: choose the rotation file (written by rotoscope-cli fit-rotation or learn-rotation).</source>
        <translation>R%1: выберите файл поворота (его пишет rotoscope-cli fit-rotation или learn-rotation).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="559"/>
        <source>Give at least one seed (for example 0, 1, 2).</source>
        <translation>Укажите хотя бы одно зерно (например, 0, 1, 2).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="561"/>
        <source>Seeds must be whole numbers separated by commas, such as 0, 1, 2.</source>
        <translation>Зёрна должны быть целыми числами через запятую, например 0, 1, 2.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="564"/>
        <source>Seed %1 is listed twice.</source>
        <translation>Зерно %1 указано дважды.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="566"/>
        <source>Smoothing needs at least one site.</source>
        <translation>Для сглаживания нужна хотя бы одна точка.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="567"/>
        <source>Choose the evaluation corpus.</source>
        <translation>Выберите корпус для оценки.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="570"/>
        <source>The probe reads at most one window: %1 tokens are more than the %2 of a window.</source>
        <translation>Зонд читает не больше одного окна: %1 токенов — больше, чем %2 в окне.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="666"/>
        <source>Rotation file</source>
        <translation>Файл поворота</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="734"/>
        <source>%1 with GPTQ</source>
        <translation>%1 с GPTQ</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="735"/>
        <source>One run of %1.</source>
        <translation>Один прогон %1.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/experiment_panel.cpp" line="735"/>
        <source>%n runs of %1, one per seed.</source>
        <translation>
            <numerusform>%n прогон %1, по одному на зерно.</numerusform>
            <numerusform>%n прогона %1, по одному на зерно.</numerusform>
            <numerusform>%n прогонов %1, по одному на зерно.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="740"/>
        <source>Evaluate this recipe against the unquantized model.</source>
        <translation>Оценить этот рецепт в сравнении с неквантованной моделью.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="742"/>
        <source>Switch on at least one rotation (R1–R4) to see what it does to the activations.</source>
        <translation>Включите хотя бы одно вращение (R1–R4), чтобы увидеть, что оно делает с активациями.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="743"/>
        <source>Run the census (with the calibration dock&apos;s settings) on the model with these rotations fused, without quantizing, and compare it with the original census.</source>
        <translation>Собрать статистику (с настройками панели калибровки) для модели с этими встроенными вращениями, без квантования, и сравнить её с исходной статистикой.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="749"/>
        <source>Run a Recipe Matrix</source>
        <translation>Запуск матрицы рецептов</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="751"/>
        <source>Recipe matrices (*.json);;All files (*)</source>
        <translation>Матрицы рецептов (*.json);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="760"/>
        <source>Rotations</source>
        <translation>Вращения</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="762"/>
        <source>R1: the residual stream (d_model), fused into the embedding, every input linear, the o_proj and down_proj outputs and the LM head.</source>
        <translation>R1: остаточный поток (d_model); встраивается в эмбеддинг, во все входные линейные слои, в выходы o_proj и down_proj и в LM-голову.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="764"/>
        <source>R2: each attention head&apos;s V/O path (head_dim), fused into v_proj and o_proj.</source>
        <translation>R2: путь V/O каждой головы внимания (head_dim); встраивается в v_proj и o_proj.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="765"/>
        <source>R3: online on Q and K after RoPE (head_dim); it cancels in QKᵀ and matters for the KV cache.</source>
        <translation>R3: онлайн на Q и K после RoPE (head_dim); сокращается в QKᵀ и важно для KV-кэша.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="766"/>
        <source>R4: online before down_proj (d_ff); its inverse is fused into down_proj.</source>
        <translation>R4: онлайн перед down_proj (d_ff); обратное вращение встраивается в down_proj.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="773"/>
        <source>The order of each diagonal Hadamard block; it must divide the dimension.</source>
        <translation>Порядок каждого диагонального блока Адамара; размерность должна на него делиться.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="774"/>
        <source>block </source>
        <translation>блок </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="779"/>
        <source>Choose the rotation file.</source>
        <translation>Выбрать файл поворота.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="781"/>
        <source>Same at R1/R2/R4</source>
        <translation>То же в R1/R2/R4</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="782"/>
        <source>Use R1&apos;s rotation at R2 and R4 too, as QuaRot does.</source>
        <translation>Использовать вращение R1 также в R2 и R4, как в QuaRot.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="784"/>
        <source>Smoothing</source>
        <translation>Сглаживание</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="785"/>
        <source>Smooth before rotating</source>
        <translation>Сгладить перед вращением</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="786"/>
        <source>SmoothQuant-style per-channel scales from calibration statistics; at down_proj this is SmoothRot.</source>
        <translation>Поканальные масштабы в духе SmoothQuant по калибровочной статистике; на входе down_proj это SmoothRot.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="788"/>
        <source>α:</source>
        <translation>α:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="789"/>
        <source>Migration strength: 0 leaves the activations alone, 1 moves all of their range into the weights.</source>
        <translation>Сила переноса: 0 не трогает активации, 1 переносит весь их диапазон в веса.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="792"/>
        <source>Number formats</source>
        <translation>Числовые форматы</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="795"/>
        <source>Activations at every linear input, one scale per token.</source>
        <translation>Активации на входе каждого линейного слоя, один масштаб на токен.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="796"/>
        <source>The K and V cache, one scale per token and head.</source>
        <translation>Кэш K и V, один масштаб на токен и голову.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="799"/>
        <source>options, e.g. channel:mse</source>
        <translation>параметры, напр. channel:mse</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="801"/>
        <source>Options after the format name, separated by colons: sym/asym, tensor/channel/token/g128, clip0.9, mse; for MX formats floor/ceil/even/rceil.</source>
        <translation>Параметры после имени формата через двоеточие: sym/asym, tensor/channel/token/g128, clip0.9, mse; для форматов MX — floor/ceil/even/rceil.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="858"/>
        <source>Seeds:</source>
        <translation>Зёрна:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="859"/>
        <source>Random rotations run once per seed; the table then shows each run and the mean ± std.</source>
        <translation>Случайные вращения запускаются по разу на каждое зерно; таблица покажет каждый прогон, а также среднее ± ст. откл.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="861"/>
        <source>Evaluation</source>
        <translation>Оценка</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="847"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="862"/>
        <source>Corpus:</source>
        <translation>Корпус:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="863"/>
        <source>A corpus name, or the path of a UTF-8 text file.</source>
        <translation>Имя корпуса или путь к текстовому файлу в UTF-8.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="853"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="864"/>
        <source>Tokens per window:</source>
        <translation>Токенов в окне:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="667"/>
        <source>Rotations (*.h5 *.f64);;All files (*)</source>
        <translation>Повороты (*.h5 *.f64);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="775"/>
        <source>fit report#/rotation/r1, or a .f64 file</source>
        <translation>отчёт о подборе#/rotation/r1 или файл .f64</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="776"/>
        <source>A fitted rotation: a fit report written by rotoscope-cli fit-rotation -o or learn-rotation -o, with the dataset after &apos;#&apos; (fit.h5#/rotation/r1, fit.h5#/rotation/r2), or a raw float64 file; at R2 it may hold one matrix per layer.</source>
        <translation>Подобранный поворот: отчёт о подборе, записанный rotoscope-cli fit-rotation -o или learn-rotation -o, с набором данных после &apos;#&apos; (fit.h5#/rotation/r1, fit.h5#/rotation/r2), или сырой файл float64; для R2 он может содержать по матрице на слой.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="793"/>
        <source>Weights of every linear, quantized once before evaluation with the weight method below: round to nearest (RTN) or GPTQ.</source>
        <translation>Веса всех линейных слоёв, квантуемые один раз перед оценкой методом, выбранным ниже: округлением до ближайшего (RTN) или GPTQ.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="804"/>
        <source>Weight method</source>
        <translation>Метод для весов</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="805"/>
        <source>Method:</source>
        <translation>Метод:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="808"/>
        <source>How the weights are quantized to their format. Round to nearest rounds every weight on its own. GPTQ quantizes each linear&apos;s weight column by column and spreads every column&apos;s rounding error over the columns not yet quantized, using the second moments (Hessian) of the linear&apos;s input on calibration text, so that the linear&apos;s output changes least. GPTQ needs a weight format and does not quantize the LM head.</source>
        <translation>Как веса квантуются в свой формат. Округление до ближайшего округляет каждый вес отдельно. GPTQ квантует вес линейного слоя столбец за столбцом и распределяет ошибку округления каждого столбца по ещё не квантованным столбцам, используя вторые моменты (гессиан) входа слоя на калибровочном тексте, чтобы выход слоя изменился как можно меньше. GPTQ нужен формат весов; LM-голову он не квантует.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="814"/>
        <source>GPTQ</source>
        <translation>GPTQ</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="815"/>
        <source>Dampening:</source>
        <translation>Демпфирование:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="817"/>
        <source>λ added to the Hessian&apos;s diagonal, as a fraction of its mean diagonal (0.01 = 1 %). More dampening makes the solve steadier and its result closer to round to nearest; when the Hessian is not positive definite it is raised tenfold (at most three times) and the run says so.</source>
        <translation>λ, добавляемое к диагонали гессиана, в долях от её среднего (0,01 = 1 %). Чем больше демпфирование, тем устойчивее решение и тем ближе результат к округлению до ближайшего; если гессиан не положительно определён, λ увеличивается в десять раз (не более трёх раз), и прогон сообщает об этом.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="822"/>
        <source>Block size:</source>
        <translation>Размер блока:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="824"/>
        <source>Columns solved per lazy batch: errors are spread column by column inside a block and onto the later columns once per block. A speed setting: the result changes only by floating-point rounding.</source>
        <translation>Столбцов в одном отложенном пакете: внутри блока ошибки распределяются столбец за столбцом, на последующие столбцы — один раз за блок. Это настройка скорости: результат меняется лишь на ошибки округления с плавающей точкой.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="828"/>
        <source> columns</source>
        <translation> столбцов</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="829"/>
        <source>Act-order</source>
        <translation>Порядок по активациям (act-order)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="831"/>
        <source>Quantize the columns of the most active inputs (largest Hessian diagonal) first, while the most columns are left to absorb their error. With fixed-block formats (MX, NVFP4, NF4) it needs static groups.</source>
        <translation>Сначала квантовать столбцы самых активных входов (с наибольшей диагональю гессиана), пока остаётся больше всего столбцов, способных поглотить их ошибку. Для форматов с фиксированными блоками (MX, NVFP4, NF4) нужны статические группы.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="833"/>
        <source>Static groups</source>
        <translation>Статические группы</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="835"/>
        <source>Fit every scale group from the unquantized weights before the solve, instead of from the updated weights when the solve reaches the group. Needed for act-order with fixed-block formats.</source>
        <translation>Подбирать масштабы каждой группы по неквантованным весам до решения, а не по обновлённым весам, когда решение дойдёт до группы. Нужно для act-order с форматами с фиксированными блоками.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="837"/>
        <source>True sequential</source>
        <translation>Строго последовательно</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="839"/>
        <source>On: each linear&apos;s Hessian is taken on inputs computed through the linears of its layer already quantized (the GPTQ and QuaRot code). Off: every Hessian of a layer comes from one pass through its unquantized weights (llm-compressor).</source>
        <translation>Вкл.: гессиан каждого линейного слоя берётся на входах, вычисленных через уже квантованные линейные слои его блока (как в коде GPTQ и QuaRot). Выкл.: все гессианы блока берутся из одного прохода через его неквантованные веса (как в llm-compressor).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="842"/>
        <source>Calibration set</source>
        <translation>Калибровочный набор</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="844"/>
        <source>The text GPTQ&apos;s Hessians are collected on: windows of this many tokens at seeded random offsets. The papers use 128 windows of 2048 tokens on a GPU.</source>
        <translation>Текст, на котором собираются гессианы GPTQ: окна заданной длины в токенах со случайными смещениями, зависящими от зерна. В статьях используют 128 окон по 2048 токенов на GPU.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="848"/>
        <source>A corpus name, or the path of a UTF-8 text file; empty: the default calibration corpus (%1).</source>
        <translation>Имя корпуса или путь к текстовому файлу в UTF-8; пусто — калибровочный корпус по умолчанию (%1).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="851"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="865"/>
        <source>Windows:</source>
        <translation>Число окон:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="855"/>
        <source>Seed:</source>
        <translation>Зерно:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="856"/>
        <source>Chooses the windows&apos; offsets in the text.</source>
        <translation>Определяет смещения окон в тексте.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="866"/>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="867"/>
        <source>Non-overlapping windows scored for perplexity and KL divergence.</source>
        <translation>Непересекающиеся окна, по которым считаются перплексия и KL-дивергенция.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="868"/>
        <source>Probe tokens:</source>
        <translation>Токенов для зонда:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="869"/>
        <source>off</source>
        <translation>выкл.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="870"/>
        <source>Tokens of the first window run through every linear alone, for the error histograms.</source>
        <translation>Токены первого окна, пропускаемые через каждый линейный слой по отдельности, — для гистограмм ошибок.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="872"/>
        <source>Run recipe</source>
        <translation>Запустить рецепт</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="873"/>
        <source>Run matrix…</source>
        <translation>Запустить матрицу…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="874"/>
        <source>Run every recipe of a matrix JSON file (rotations × formats × seeds).</source>
        <translation>Запустить все рецепты из JSON-файла матрицы (вращения × форматы × зёрна).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="875"/>
        <source>Census after rotation</source>
        <translation>Статистика после вращения</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExperimentView</name>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="190"/>
        <source>Each row is one run: the model rotated and fake-quantized as its recipe says, evaluated on the same tokens as the unquantized model. Lower perplexity and KL divergence and a higher top-1 agreement are better. Click a column to sort; select two or more rows to overlay their error histograms below.</source>
        <translation>Каждая строка — один прогон: модель, повёрнутая и псевдоквантованная по своему рецепту и оценённая на тех же токенах, что и неквантованная модель. Чем ниже перплексия и KL-дивергенция и чем выше совпадение top-1, тем лучше. Щёлкните по заголовку столбца, чтобы отсортировать; выделите две строки или больше, чтобы наложить их гистограммы ошибок ниже.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="193"/>
        <source>Each row is one run, scored against the unquantized model on the same tokens; select rows to compare their error histograms below.</source>
        <translation>Каждая строка — один прогон, оценённый относительно неквантованной модели на тех же токенах; выделите строки, чтобы сравнить их гистограммы ошибок ниже.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="195"/>
        <source>Export CSV…</source>
        <translation>Экспорт CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="196"/>
        <source>The summary table, one row per run and one per recipe over its seeds.</source>
        <translation>Сводная таблица: по строке на каждый прогон и на каждый рецепт по всем его зёрнам.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="197"/>
        <source>Export Report…</source>
        <translation>Экспорт отчёта…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="198"/>
        <source>An HDF5 run report with every run&apos;s metrics, per-linear errors and histograms.</source>
        <translation>Отчёт о прогонах в HDF5 с метриками каждого прогона, ошибками по линейным слоям и гистограммами.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="199"/>
        <source>Export Model…</source>
        <translation>Экспорт модели…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="200"/>
        <source>Write the selected run&apos;s quantized model for transformers, vLLM (compressed-tensors) or llama.cpp (GGUF); the recipe is run again on the model file.</source>
        <translation>Записать квантованную модель выбранного запуска для transformers, vLLM (compressed-tensors) или llama.cpp (GGUF); рецепт выполняется заново на файле модели.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="202"/>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="203"/>
        <source>Error histograms</source>
        <translation>Гистограммы ошибок</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="204"/>
        <source>The quantization errors of one linear in the selected runs.</source>
        <translation>Ошибки квантования одного линейного слоя в выбранных прогонах.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="205"/>
        <source>GPTQ gain</source>
        <translation>Выигрыш GPTQ</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="206"/>
        <source>GPTQ&apos;s proxy loss against round to nearest&apos;s, per layer and linear.</source>
        <translation>Прокси-потери GPTQ в сравнении с округлением до ближайшего, по слоям и линейным слоям.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="207"/>
        <source>Matrix</source>
        <translation>Матрица</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="208"/>
        <source>Every run as a matrix of two recipe fields, one metric per cell.</source>
        <translation>Все прогоны в виде матрицы по двум полям рецепта, по одной метрике в ячейке.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="212"/>
        <source>No runs yet: run a recipe from the Experiment dock, or open a run report.</source>
        <translation>Прогонов пока нет: запустите рецепт на панели «Эксперимент» или откройте отчёт о прогонах.</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExplanationLabel</name>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="47"/>
        <source>What am I seeing?</source>
        <translation>Что здесь показано?</translation>
    </message>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="53"/>
        <source>More…</source>
        <translation>Подробнее…</translation>
    </message>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="55"/>
        <source>Less</source>
        <translation>Свернуть</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExportDialog</name>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="18"/>
        <source>Export Model</source>
        <translation>Экспорт модели</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="21"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="25"/>
        <source>Storage of the unquantized tensors (for hf: of every weight). f32 keeps Rotoscope&apos;s values exactly.</source>
        <translation>Тип хранения неквантованных тензоров (для hf — всех весов). f32 сохраняет значения Rotoscope точно.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="26"/>
        <source>Leave out what the runtime cannot run (online rotations, activation and KV quantizers)</source>
        <translation>Опустить то, что среда выполнения не умеет (онлайн-повороты, квантование активаций и KV)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="32"/>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="35"/>
        <source>Runtime:</source>
        <translation>Среда выполнения:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="36"/>
        <source>Float dtype:</source>
        <translation>Тип с плавающей точкой:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="38"/>
        <source>Recipe: %1</source>
        <translation>Рецепт: %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="79"/>
        <source>This runtime can run the recipe as exported.</source>
        <translation>Эта среда выполнения может выполнить экспортированный рецепт.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="79"/>
        <source>This runtime cannot run the recipe:</source>
        <translation>Эта среда выполнения не может выполнить рецепт:</translation>
    </message>
</context>
<context>
    <name>rs::gui::FitSitesModel</name>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="66"/>
        <source>Layer</source>
        <translation>Слой</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="67"/>
        <source>Site</source>
        <translation>Место</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="68"/>
        <source>max/median, start</source>
        <translation>макс./медиана, начало</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="69"/>
        <source>max/median, fitted</source>
        <translation>макс./медиана, после подбора</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="70"/>
        <source>Kurtosis, start</source>
        <translation>Эксцесс, начало</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="71"/>
        <source>Kurtosis, fitted</source>
        <translation>Эксцесс, после подбора</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="72"/>
        <source>Format error, start</source>
        <translation>Ошибка формата, начало</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="73"/>
        <source>Format error, fitted</source>
        <translation>Ошибка формата, после подбора</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="79"/>
        <source>Largest |x| over the median |x| of the site&apos;s activations (after R1): outliers.</source>
        <translation>Наибольшее |x|, делённое на медиану |x| активаций в этом месте (после R1): выбросы.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="81"/>
        <source>Kurtosis of the site&apos;s activations after R1 (3 for a Gaussian).</source>
        <translation>Эксцесс активаций в этом месте после R1 (3 для нормального распределения).</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="83"/>
        <source>‖x − Q(x)‖² / ‖x‖²: the share of the activations&apos; energy the format loses.</source>
        <translation>‖x − Q(x)‖² / ‖x‖²: доля энергии активаций, которую теряет формат.</translation>
    </message>
</context>
<context>
    <name>rs::gui::FitView</name>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="311"/>
        <source>Steps</source>
        <translation>Шаги</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="311"/>
        <source>Rounds</source>
        <translation>Раунды</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="317"/>
        <source>Fit the rotation on the loaded model.</source>
        <translation>Подобрать поворот на загруженной модели.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="320"/>
        <source>Save the fit report first: recipes name a fitted rotation by the report&apos;s path.</source>
        <translation>Сначала сохраните отчёт о подборе: рецепты ссылаются на подобранный поворот по пути к отчёту.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="321"/>
        <source>Use %1 as R1 (and R2) in the experiment panel.</source>
        <translation>Использовать %1 как R1 (и R2) в панели эксперимента.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="336"/>
        <source>Loss (nats per token) %1 at the first step, %2 after %3 steps.</source>
        <translation>Потери (нат на токен): %1 на первом шаге, %2 после %3 шагов.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="337"/>
        <source>Weighted quantization error %1 at the start, %2 after %3 rounds (%4 %).</source>
        <translation>Взвешенная ошибка квантования: %1 в начале, %2 после %3 раундов (%4 %).</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="343"/>
        <source>On the first calibration windows: start %1, learned %2.</source>
        <translation>На первых калибровочных окнах: начало %1, после обучения %2.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="345"/>
        <source>max |RᵀR − I| = %1.</source>
        <translation>max |RᵀR − I| = %1.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="346"/>
        <source>Saved as %1.</source>
        <translation>Сохранено как %1.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="356"/>
        <source>Fit R1 to the model&apos;s own activations for one activation format: DFRot refines it by alternating Procrustes on the activation quantizer&apos;s error; SpinQuant learns R1 and one R2 per layer by Cayley SGD on the loss of the fake-quantized model. A block size fits a block-diagonal R1 (for example 32 for MXFP4). The curve shows the loss of every round or step as it runs.</source>
        <translation>Подбор R1 по собственным активациям модели для одного формата активаций: DFRot уточняет его чередующейся прокрустовой задачей на ошибке квантователя активаций; SpinQuant обучает R1 и по одному R2 на слой методом SGD Кэли на потерях модели с имитацией квантования. Размер блока задаёт блочно-диагональный R1 (например, 32 для MXFP4). Кривая показывает потери каждого раунда или шага по ходу работы.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="360"/>
        <source>Method</source>
        <translation>Метод</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="363"/>
        <source>Activation format</source>
        <translation>Формат активаций</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="364"/>
        <source>The activation format the rotation is fitted for: INT/FP8 per token, or a block format.</source>
        <translation>Формат активаций, для которого подбирается поворот: INT/FP8 по токенам или блочный формат.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="365"/>
        <source>KV format</source>
        <translation>Формат KV</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="366"/>
        <source>16 bits</source>
        <translation>16 бит</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="367"/>
        <source>Block size</source>
        <translation>Размер блока</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="368"/>
        <source>dense</source>
        <translation>плотный</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="369"/>
        <source>Fit a block-diagonal R1 with blocks of this size (it must divide d_model); dense: one d_model × d_model rotation.</source>
        <translation>Подобрать блочно-диагональный R1 с блоками этого размера (он должен делить d_model); плотный: один поворот d_model × d_model.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="370"/>
        <source>Start seed</source>
        <translation>Начальное зерно</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="371"/>
        <source>Both methods start from a random Hadamard rotation drawn from this seed.</source>
        <translation>Оба метода начинают со случайного поворота Адамара, полученного из этого зерна.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="372"/>
        <source>Learning rate</source>
        <translation>Скорость обучения</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="373"/>
        <source>Massive-token weight α</source>
        <translation>Вес токенов с массивными активациями α</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="374"/>
        <source>Calibration corpus</source>
        <translation>Калибровочный корпус</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="375"/>
        <source>default (%1)</source>
        <translation>по умолчанию (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="376"/>
        <source>A corpus name or the path of a UTF-8 text file; empty: the default calibration corpus.</source>
        <translation>Имя корпуса или путь к текстовому файлу UTF-8; пусто: калибровочный корпус по умолчанию.</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="377"/>
        <source>Calibration windows</source>
        <translation>Калибровочные окна</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="378"/>
        <source>Tokens per window</source>
        <translation>Токенов в окне</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="379"/>
        <source>Fit</source>
        <translation>Подобрать</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="380"/>
        <source>Save fit report…</source>
        <translation>Сохранить отчёт о подборе…</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="381"/>
        <source>Use in experiment</source>
        <translation>Использовать в эксперименте</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="382"/>
        <source>Round or step</source>
        <translation>Раунд или шаг</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="383"/>
        <source>Loss</source>
        <translation>Потери</translation>
    </message>
</context>
<context>
    <name>rs::gui::FormatLab</name>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="249"/>
        <source>%1 — integers, one FP32 scale per group</source>
        <translation>%1 — целые числа, один масштаб FP32 на группу</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="252"/>
        <source>%1 — 8-bit floats, one FP32 scale per group</source>
        <translation>%1 — 8-битные числа с плавающей точкой, один масштаб FP32 на группу</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="255"/>
        <source>%1 — %2 elements, blocks of 32, power-of-two (E8M0) scale</source>
        <translation>%1 — элементы %2, блоки по 32, масштаб — степень двойки (E8M0)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="257"/>
        <source>%1 — E2M1 elements, blocks of 16, E4M3 scale × FP32 tensor scale</source>
        <translation>%1 — элементы E2M1, блоки по 16, масштаб E4M3 × масштаб тензора FP32</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="259"/>
        <source>%1 — 16 normal-quantile levels, blocks of 64, absmax scale</source>
        <translation>%1 — 16 уровней по квантилям нормального распределения, блоки по 64, масштаб absmax</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="384"/>
        <source>No model is open: pick another source.</source>
        <translation>Модель не открыта: выберите другой источник.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="390"/>
        <source>The model has no layer %1.</source>
        <translation>В модели нет слоя %1.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="396"/>
        <source>%1 has no row %2.</source>
        <translation>В %1 нет строки %2.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="405"/>
        <source>the whole weight matrix of lm_head</source>
        <translation>вся матрица весов lm_head</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="406"/>
        <source>the whole weight matrix of %1 in layer %2</source>
        <translation>вся матрица весов %1 в слое %2</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="413"/>
        <source>all the given values</source>
        <translation>все переданные значения</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="415"/>
        <source>No values were given: pick another source.</source>
        <translation>Значения не переданы: выберите другой источник.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="426"/>
        <source>&quot;%1&quot; is not a number. Type numbers separated by commas, such as 0.5, -1.25, 3.</source>
        <translation>«%1» — не число. Введите числа через запятую, например 0.5, -1.25, 3.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="432"/>
        <source>Type some numbers separated by commas, such as 0.5, -1.25, 3.</source>
        <translation>Введите несколько чисел через запятую, например 0.5, -1.25, 3.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="436"/>
        <source>all the typed values</source>
        <translation>все введённые значения</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="472"/>
        <source>Format: %1</source>
        <translation>Формат: %1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="491"/>
        <source>values %1–%2 of %3, padded with %4 zeros</source>
        <translation>значения %1–%2 из %3, дополнено нулями: %4</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="492"/>
        <source>values %1–%2 of %3</source>
        <translation>значения %1–%2 из %3</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="497"/>
        <source>Cannot quantize this block: %1</source>
        <translation>Не удаётся квантовать этот блок: %1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="508"/>
        <source>Nothing to show: see the message above.</source>
        <translation>Показывать нечего: см. сообщение выше.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="518"/>
        <source>&lt;b&gt;How the scale was chosen&lt;/b&gt;</source>
        <translation>&lt;b&gt;Как выбран масштаб&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="527"/>
        <source>grid: the %1 values %2 can give this block</source>
        <translation>сетка: значения, которые %2 может дать этому блоку (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="550"/>
        <source>the block&apos;s values</source>
        <translation>значения блока</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="551"/>
        <source>rounded (dequantized) values</source>
        <translation>округлённые (деквантованные) значения</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="569"/>
        <source>pad</source>
        <translation>доп.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="579"/>
        <source>Zero padding: the source has no more values for this block.</source>
        <translation>Дополнение нулями: в источнике больше нет значений для этого блока.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="598"/>
        <source>∞ (exact)</source>
        <translation>∞ (точно)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="599"/>
        <source>undefined (all values are 0)</source>
        <translation>не определено (все значения равны 0)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="600"/>
        <source>%1 dB</source>
        <translation>%1 дБ</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="601"/>
        <source>&lt;b&gt;This block:&lt;/b&gt; mean squared error %1 · max |error| %2 (element %3) · SQNR %4 · relative error ‖Q(x) − x‖ / ‖x‖ = %5</source>
        <translation>&lt;b&gt;Этот блок:&lt;/b&gt; средний квадрат ошибки %1 · макс. |ошибка| %2 (элемент %3) · SQNR %4 · относительная ошибка ‖Q(x) − x‖ / ‖x‖ = %5</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="615"/>
        <source>A low-bit format can store only a few different values. Here one block of real numbers goes through a format step by step. The block shares one scale, chosen from its largest magnitude (left below); the scale stretches the format&apos;s few element values into the grid of ticks on the number line. Every value (blue, top) moves to the nearest tick (orange, bottom), and the arrows show how far. The table lists each element&apos;s code, the bits a real encoder would store, and its error. Try a block with one large outlier: the scale grows to fit it, the ticks spread apart, and the small values round to zero. Rotations exist to avoid exactly that.</source>
        <translation>Формат с малым числом битов может хранить лишь несколько разных значений. Здесь один блок реальных чисел шаг за шагом проходит через формат. У блока один общий масштаб, выбранный по его наибольшему модулю (слева внизу); масштаб растягивает немногие значения элементов формата в сетку делений на числовой оси. Каждое значение (синее, вверху) сдвигается к ближайшему делению (оранжевое, внизу), а стрелки показывают, насколько. В таблице для каждого элемента указаны код — биты, которые сохранил бы настоящий кодировщик, — и ошибка. Попробуйте блок с одним крупным выбросом: масштаб вырастает, чтобы его вместить, деления расходятся, и малые значения округляются до нуля. Вращения нужны как раз для того, чтобы этого избежать.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="622"/>
        <source>&amp;Source:</source>
        <translation>&amp;Источник:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="623"/>
        <source>model weight</source>
        <translation>веса модели</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="624"/>
        <source>given values</source>
        <translation>переданные значения</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="625"/>
        <source>typed values</source>
        <translation>введённые значения</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="626"/>
        <source>&amp;Layer:</source>
        <translation>&amp;Слой:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="627"/>
        <source>&amp;Weight:</source>
        <translation>&amp;Веса:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="628"/>
        <source>&amp;Row:</source>
        <translation>С&amp;трока:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="630"/>
        <source>%1 (%2 values)</source>
        <translation>%1 (значений: %2)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="631"/>
        <source>numbers separated by commas</source>
        <translation>числа через запятую</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="632"/>
        <source>&amp;Block:</source>
        <translation>&amp;Блок:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="633"/>
        <source>&amp;Format:</source>
        <translation>&amp;Формат:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="634"/>
        <source>O&amp;ptions:</source>
        <translation>&amp;Параметры:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="635"/>
        <source>The format string, for example int4:asym, int8:clip0.9, fp8_e4m3, mxfp4:ceil, nvfp4.</source>
        <translation>Строка формата, например int4:asym, int8:clip0.9, fp8_e4m3, mxfp4:ceil, nvfp4.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="636"/>
        <source>&amp;Group size:</source>
        <translation>Размер &amp;группы:</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="637"/>
        <source>INT and FP8 have no fixed block: the values sharing one scale. The block formats fix it.</source>
        <translation>У INT и FP8 нет фиксированного блока — числа значений с общим масштабом; блочные форматы его фиксируют.</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="638"/>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Index</source>
        <translation>Индекс</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Value x</source>
        <translation>Значение x</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>x / scale</source>
        <translation>x / масштаб</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Dequantized</source>
        <translation>Деквантованное</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
</context>
<context>
    <name>rs::gui::GptqGainModel</name>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="103"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="117"/>
        <source>GPTQ&apos;s proxy loss is %1 % of RTN&apos;s: GPTQ removes %2 % of the output error on the calibration set.</source>
        <translation>Прокси-потеря GPTQ составляет %1 % от потери RTN: GPTQ устраняет %2 % ошибки выхода на калибровочном наборе.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="119"/>
        <source>GPTQ&apos;s proxy loss is %1 times RTN&apos;s: worse than rounding to nearest here.</source>
        <translation>Прокси-потеря GPTQ в %1 раза больше, чем у RTN: здесь хуже округления до ближайшего.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="130"/>
        <source>Layer</source>
        <translation>Слой</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="131"/>
        <source>Linear</source>
        <translation>Линейный слой</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="132"/>
        <source>GPTQ loss</source>
        <translation>Потеря GPTQ</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="132"/>
        <source>RTN loss</source>
        <translation>Потеря RTN</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="132"/>
        <source>GPTQ / RTN</source>
        <translation>GPTQ / RTN</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="133"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="138"/>
        <source>%1
GPTQ&apos;s proxy loss tr((W − Q) H (W − Q)ᵀ): the linear&apos;s output error on the calibration inputs that GPTQ minimizes (H = 2/n Σ xᵀx).</source>
        <translation>%1
Прокси-потеря GPTQ tr((W − Q) H (W − Q)ᵀ): ошибка выхода линейного слоя на калибровочных входах, которую минимизирует GPTQ (H = 2/n Σ xᵀx).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="141"/>
        <source>%1
The same proxy loss for round to nearest with the same format, on the same Hessian.</source>
        <translation>%1
Та же прокси-потеря для округления до ближайшего в том же формате, на том же гессиане.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="142"/>
        <source>%1
GPTQ&apos;s loss divided by RTN&apos;s: below 1, GPTQ&apos;s weight changes the output less.</source>
        <translation>%1
Потеря GPTQ, делённая на потерю RTN: меньше 1 — вес GPTQ меньше меняет выход.</translation>
    </message>
</context>
<context>
    <name>rs::gui::GptqGainView</name>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="132"/>
        <source>GPTQ quantizes a linear&apos;s weight column by column and pushes each column&apos;s rounding error onto the columns not yet quantized, so that the linear&apos;s output on the calibration text changes as little as possible. The &lt;i&gt;proxy loss&lt;/i&gt; tr((W − Q) H (W − Q)ᵀ) measures that output error with H, the second moment of the linear&apos;s input. Here it is compared with the proxy loss of round to nearest (RTN) with the same format on the same H, per layer and linear: a ratio below 1 is what GPTQ gains. Select one GPTQ run in the table, or two to compare their gains (the second drawn dashed).</source>
        <translation>GPTQ квантует вес линейного слоя столбец за столбцом и переносит ошибку округления каждого столбца на ещё не квантованные столбцы, чтобы выход слоя на калибровочном тексте изменился как можно меньше. &lt;i&gt;Прокси-потеря&lt;/i&gt; tr((W − Q) H (W − Q)ᵀ) измеряет эту ошибку выхода с помощью H — второго момента входа слоя. Здесь она сравнивается с прокси-потерей округления до ближайшего (RTN) в том же формате на той же H, по слоям и линейным слоям: отношение меньше 1 — это выигрыш GPTQ. Выберите в таблице один прогон GPTQ или два, чтобы сравнить их выигрыш (второй рисуется пунктиром).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="138"/>
        <source>GPTQ&apos;s proxy loss against round to nearest&apos;s, per layer and linear, for the GPTQ run selected above (or two).</source>
        <translation>Прокси-потери GPTQ в сравнении с округлением до ближайшего, по слоям и линейным слоям, для прогона GPTQ, выбранного выше (или двух).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="139"/>
        <source>Show:</source>
        <translation>Показать:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="140"/>
        <source>Ratio GPTQ / RTN</source>
        <translation>Отношение GPTQ / RTN</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="141"/>
        <source>Proxy losses</source>
        <translation>Прокси-потери</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="142"/>
        <source>The ratio of the two proxy losses per linear (for one or two runs), or the two losses of the first run themselves.</source>
        <translation>Отношение двух прокси-потерь для каждого линейного слоя (для одного или двух прогонов) или сами две потери первого прогона.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="144"/>
        <source>layer</source>
        <translation>слой</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="150"/>
        <source>No runs yet: run a recipe with the GPTQ weight method.</source>
        <translation>Прогонов пока нет: запустите рецепт с методом GPTQ для весов.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="160"/>
        <source>The selected GPTQ run carries no proxy losses
(a report written without them).</source>
        <translation>У выбранного прогона GPTQ нет прокси-потерь
(отчёт записан без них).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="164"/>
        <source>%1
leaves the weights unquantized: there is no GPTQ gain to show.</source>
        <translation>%1
не квантует веса: выигрыша GPTQ показать нельзя.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="165"/>
        <source>%1
rounds its weights to nearest (RTN).
GPTQ&apos;s gain is measured on GPTQ runs: select one in the table.</source>
        <translation>%1
округляет веса до ближайшего (RTN).
Выигрыш GPTQ измеряется на прогонах GPTQ: выберите такой в таблице.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="168"/>
        <source>None of these runs uses GPTQ: their weights are rounded to nearest (RTN).
Select a GPTQ run in the table.</source>
        <translation>Ни один из этих прогонов не использует GPTQ: их веса округлены до ближайшего (RTN).
Выберите прогон GPTQ в таблице.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="240"/>
        <source>GPTQ&apos;s proxy loss ÷ RTN&apos;s, per layer (below the dashed line at 1, GPTQ is better)</source>
        <translation>Прокси-потеря GPTQ ÷ потеря RTN по слоям (ниже пунктирной линии на 1 GPTQ лучше)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="241"/>
        <source>GPTQ / RTN</source>
        <translation>GPTQ / RTN</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="244"/>
        <source>Proxy loss per layer of run A: GPTQ (solid) and RTN with the same format (dashed)</source>
        <translation>Прокси-потеря по слоям для прогона A: GPTQ (сплошная) и RTN в том же формате (пунктир)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="245"/>
        <source>Proxy loss per layer: GPTQ (solid) and RTN with the same format (dashed)</source>
        <translation>Прокси-потеря по слоям: GPTQ (сплошная) и RTN в том же формате (пунктир)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="246"/>
        <source>proxy loss</source>
        <translation>прокси-потеря</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="248"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="282"/>
        <source>%1: GPTQ / RTN %2 (geometric mean over %n linears)</source>
        <translation>
            <numerusform>%1: GPTQ / RTN %2 (среднее геометрическое по %n линейному слою)</numerusform>
            <numerusform>%1: GPTQ / RTN %2 (среднее геометрическое по %n линейным слоям)</numerusform>
            <numerusform>%1: GPTQ / RTN %2 (среднее геометрическое по %n линейным слоям)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="287"/>
        <source>A (solid) %1</source>
        <translation>A (сплошная) %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="287"/>
        <source>B (dashed) %1</source>
        <translation>B (пунктир) %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="288"/>
        <source>A %1</source>
        <translation>A %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="288"/>
        <source>B %1 (in the table only)</source>
        <translation>B %1 (только в таблице)</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="290"/>
        <source>[%n warning(s): %1]</source>
        <translation>
            <numerusform>[%n предупреждение: %1]</numerusform>
            <numerusform>[%n предупреждения: %1]</numerusform>
            <numerusform>[%n предупреждений: %1]</numerusform>
        </translation>
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
        <location filename="../widgets/job_runner.cpp" line="100"/>
        <source>out of memory</source>
        <translation>недостаточно памяти</translation>
    </message>
    <message>
        <location filename="../widgets/job_runner.cpp" line="124"/>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
</context>
<context>
    <name>rs::gui::JobStatus</name>
    <message>
        <location filename="../widgets/job_status.cpp" line="46"/>
        <location filename="../widgets/job_status.cpp" line="119"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="52"/>
        <source>Run %1 of %2: %3</source>
        <translation>Прогон %1 из %2: %3</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="63"/>
        <source>layer %1 done</source>
        <translation>слой %1 готов</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="66"/>
        <source>layer %1: %2</source>
        <translation>слой %1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="107"/>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="109"/>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="110"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="111"/>
        <source>%1: %2, %3</source>
        <translation>%1: %2, %3</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="112"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
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
        <location filename="../widgets/census/kurtosis_view.cpp" line="94"/>
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
        <location filename="../widgets/main_window.cpp" line="388"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="389"/>
        <source>&amp;Open Model…</source>
        <translation>&amp;Открыть модель…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="390"/>
        <source>Open Model &amp;Directory…</source>
        <translation>Открыть &amp;каталог модели…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="391"/>
        <source>Open De&amp;fault Model</source>
        <translation>Открыть модель по &amp;умолчанию</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="392"/>
        <source>Open &amp;Report…</source>
        <translation>Открыть о&amp;тчёт…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="393"/>
        <source>Open Re&amp;cent</source>
        <translation>&amp;Недавние файлы</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="394"/>
        <source>&amp;Export Census…</source>
        <translation>&amp;Экспорт статистики…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="395"/>
        <source>Export &amp;Plot…</source>
        <translation>Экспорт &amp;графика…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="396"/>
        <source>Export Results as &amp;CSV…</source>
        <translation>Экспорт результатов в &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="397"/>
        <source>Export R&amp;un Report…</source>
        <translation>Экспорт отчёта о &amp;прогонах…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="398"/>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="399"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="400"/>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="401"/>
        <source>System</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="402"/>
        <source>&amp;Run</source>
        <translation>&amp;Запуск</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="403"/>
        <source>Run &amp;Census</source>
        <translation>&amp;Собрать статистику</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="404"/>
        <source>Run &amp;Recipe</source>
        <translation>Запустить &amp;рецепт</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="405"/>
        <source>Run &amp;Matrix…</source>
        <translation>Запустить &amp;матрицу…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="406"/>
        <source>Census &amp;after Rotation</source>
        <translation>Статистика &amp;после вращения</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="407"/>
        <source>C&amp;ancel</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="408"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="409"/>
        <source>&amp;About Rotoscope</source>
        <translation>&amp;О программе Rotoscope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="410"/>
        <source>About &amp;Qt</source>
        <translation>О &amp;Qt</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="411"/>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="412"/>
        <source>Calibration</source>
        <translation>Калибровка</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="413"/>
        <location filename="../widgets/main_window.cpp" line="1078"/>
        <source>Experiment</source>
        <translation>Эксперимент</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="414"/>
        <source>Experiments</source>
        <translation>Эксперименты</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="415"/>
        <source>Results of the quantized runs and their error histograms</source>
        <translation>Результаты квантованных прогонов и их гистограммы ошибок</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="416"/>
        <source>Format lab</source>
        <translation>Лаб. форматов</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="417"/>
        <source>One block of values through a number format, step by step</source>
        <translation>Один блок значений шаг за шагом проходит через числовой формат</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="418"/>
        <source>Rotation fitting</source>
        <translation>Подбор поворота</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="419"/>
        <source>Fit R1 (and R2) to the model&apos;s activations for a format, and watch the loss</source>
        <translation>Подобрать R1 (и R2) по активациям модели для формата и следить за потерями</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="420"/>
        <source>Census of:</source>
        <translation>Статистика:</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="451"/>
        <source>Open the model to run a census: a report holds the census, not the model.</source>
        <translation>Чтобы собрать статистику, откройте модель: отчёт содержит статистику, но не саму модель.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="452"/>
        <source>Open a model to run a census.</source>
        <translation>Откройте модель, чтобы собрать статистику.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="454"/>
        <location filename="../widgets/main_window.cpp" line="472"/>
        <source>This model&apos;s tokenizer cannot be used: %1</source>
        <translation>Токенизатор этой модели нельзя использовать: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="456"/>
        <location filename="../widgets/main_window.cpp" line="473"/>
        <source>A job is running.</source>
        <translation>Выполняется задача.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="459"/>
        <source>Run the activation census of the loaded model.</source>
        <translation>Собрать статистику активаций загруженной модели.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="471"/>
        <source>Open a model to run experiments: a report holds results, not the model.</source>
        <translation>Чтобы запускать эксперименты, откройте модель: отчёт содержит результаты, но не саму модель.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="487"/>
        <source>%1 — Rotoscope</source>
        <translation>%1 — Rotoscope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="493"/>
        <source>Model: %1</source>
        <translation>Модель: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="495"/>
        <source>No model loaded</source>
        <translation>Модель не загружена</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="498"/>
        <source>Census: %1 windows × %2 tokens of %3</source>
        <translation>Статистика по %3: окон — %1, токенов в окне — %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="502"/>
        <location filename="../widgets/main_window.cpp" line="970"/>
        <source>after rotation: %1</source>
        <translation>после вращения: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="505"/>
        <source>Runs in the table: %1</source>
        <translation>Прогонов в таблице: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="549"/>
        <source>%1 is still running; wait for it or cancel it first.</source>
        <translation>Задача «%1» ещё выполняется: дождитесь её завершения или сначала отмените её.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="556"/>
        <source>Cancelled: %1. The runs that finished stay in the table: %2.</source>
        <translation>Задача «%1» отменена. Завершённые прогоны остаются в таблице: %2.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="560"/>
        <source>Cancelled: %1. Nothing was changed.</source>
        <translation>Задача «%1» отменена. Ничего не изменилось.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="562"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="579"/>
        <source>%1: not a model (.gguf or a model directory) or a report (.h5)</source>
        <translation>%1: это не модель (.gguf или каталог модели) и не отчёт (.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="701"/>
        <source>Open Report</source>
        <translation>Открыть отчёт</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="702"/>
        <source>Census and run reports (*.h5 *.hdf5);;All files (*)</source>
        <translation>Отчёты со статистикой и о прогонах (*.h5 *.hdf5);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="832"/>
        <source>%1: the matrix exports as a PNG picture (or with Export CSV… as a table)</source>
        <translation>%1: матрица экспортируется как изображение PNG (или кнопкой «Экспорт CSV…» как таблица)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="966"/>
        <source>original</source>
        <translation>исходная</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1000"/>
        <source>Switch on at least one rotation (R1–R4) for a census after rotation.</source>
        <translation>Чтобы собрать статистику после вращения, включите хотя бы одно вращение (R1–R4).</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1015"/>
        <source>The census after rotation failed</source>
        <translation>Не удалось собрать статистику после вращения</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1034"/>
        <source>Census after rotation finished in %1 s.</source>
        <translation>Статистика после вращения собрана за %1 с.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1038"/>
        <source>Census after rotation</source>
        <translation>Сбор статистики после вращения</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1078"/>
        <source>Experiment (seeds %1)</source>
        <translation>Эксперимент (зёрна %1)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1096"/>
        <source>Could not run the matrix: %1</source>
        <translation>Не удалось запустить матрицу: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1100"/>
        <source>%1: the matrix holds no recipes</source>
        <translation>%1: в матрице нет рецептов</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1104"/>
        <source>Matrix %1</source>
        <translation>Матрица %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1111"/>
        <source>The experiment failed</source>
        <translation>Эксперимент не удался</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1135"/>
        <source>Finished runs: %1.</source>
        <translation>Завершено прогонов: %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1258"/>
        <source>Unquantized model: perplexity %1 (llama.cpp protocol %2) on %3 tokens of %4.</source>
        <translation>Неквантованная модель: перплексия %1 (по протоколу llama.cpp — %2) на %3 токенах из %4.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1261"/>
        <source>From %1.</source>
        <translation>Из %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1268"/>
        <location filename="../widgets/main_window.cpp" line="1285"/>
        <location filename="../widgets/main_window.cpp" line="1299"/>
        <location filename="../widgets/main_window.cpp" line="1330"/>
        <source>There are no results to export yet: run a recipe or open a run report.</source>
        <translation>Экспортировать пока нечего: запустите рецепт или откройте отчёт о прогонах.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1275"/>
        <location filename="../widgets/main_window.cpp" line="1306"/>
        <source>%1: could not write the file (%2)</source>
        <translation>%1: не удалось записать файл (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1279"/>
        <source>Saved the results to %1.</source>
        <translation>Результаты сохранены в %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1293"/>
        <location filename="../widgets/main_window.cpp" line="1310"/>
        <source>Saved the matrix to %1.</source>
        <translation>Матрица сохранена в %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1317"/>
        <location filename="../widgets/main_window.cpp" line="1318"/>
        <source>Export Matrix</source>
        <translation>Экспорт матрицы</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1334"/>
        <source>Could not export the run report</source>
        <translation>Не удалось экспортировать отчёт о прогонах</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1336"/>
        <source>The table holds runs with different models, evaluation, smoothing or GPTQ calibration settings; a run report holds one experiment. Clear the table and run the recipes again with one setting.</source>
        <translation>В таблице прогоны с разными моделями или настройками оценки, сглаживания либо калибровки GPTQ, а отчёт о прогонах содержит один эксперимент. Очистите таблицу и запустите рецепты заново с одними настройками.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1358"/>
        <source>Saved the run report to %1.</source>
        <translation>Отчёт о прогонах сохранён в %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1361"/>
        <source>Exporting the run report</source>
        <translation>Экспорт отчёта о прогонах</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1366"/>
        <source>Export Results</source>
        <translation>Экспорт результатов</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1390"/>
        <location filename="../widgets/main_window.cpp" line="1421"/>
        <source>Select one run in the results table to export its model.</source>
        <translation>Выберите один запуск в таблице результатов, чтобы экспортировать его модель.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1395"/>
        <source>The model these runs were computed on is not known; open it first.</source>
        <translation>Модель, на которой получены эти запуски, неизвестна; сначала откройте её.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1399"/>
        <source>Could not export the model</source>
        <translation>Не удалось экспортировать модель</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1411"/>
        <source>Exported the model to %1 (%2 MB).</source>
        <translation>Модель экспортирована в %1 (%2 МБ).</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1415"/>
        <source>Exporting the model</source>
        <translation>Экспорт модели</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1432"/>
        <source>Export Model</source>
        <translation>Экспорт модели</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1433"/>
        <source>GGUF files (*.gguf)</source>
        <translation>Файлы GGUF (*.gguf)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1433"/>
        <source>Model directories (*)</source>
        <translation>Каталоги моделей (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1473"/>
        <source>The rotation fit failed</source>
        <translation>Подбор поворота не удался</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1498"/>
        <source>Rotation fit finished in %1 s.</source>
        <translation>Подбор поворота завершён за %1 с.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1501"/>
        <source>Fitting the rotation</source>
        <translation>Подбор поворота</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1508"/>
        <source>There is no fitted rotation to save yet: run a fit first.</source>
        <translation>Пока нет подобранного поворота для сохранения: сначала выполните подбор.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1512"/>
        <source>Could not save the fit report</source>
        <translation>Не удалось сохранить отчёт о подборе</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1520"/>
        <source>Saved %1.</source>
        <translation>Сохранено: %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1523"/>
        <source>Saving the fit report</source>
        <translation>Сохранение отчёта о подборе</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1528"/>
        <source>Save Fit Report</source>
        <translation>Сохранить отчёт о подборе</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1528"/>
        <source>Fit reports (*.h5)</source>
        <translation>Отчёты о подборе (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1538"/>
        <source>Save the fit report first: recipes name a fitted rotation by the report&apos;s path.</source>
        <translation>Сначала сохраните отчёт о подборе: рецепты ссылаются на подобранный поворот по пути к отчёту.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1546"/>
        <source>The experiment panel now uses the fitted rotation.</source>
        <translation>Панель эксперимента теперь использует подобранный поворот.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1318"/>
        <location filename="../widgets/main_window.cpp" line="1366"/>
        <source>CSV tables (*.csv)</source>
        <translation>Таблицы CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="975"/>
        <source>Which census the tabs show: of the model as loaded, or with the experiment panel&apos;s rotations fused (nothing quantized); each rotation run keeps its census, so rotations can be compared by switching here.</source>
        <translation>Какую статистику показывают вкладки: модели в загруженном виде или с встроенными поворотами из панели эксперимента (без квантования); статистика каждого запущенного поворота сохраняется, так что повороты можно сравнивать, переключаясь здесь.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1375"/>
        <source>Export Run Report</source>
        <translation>Экспорт отчёта о прогонах</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1375"/>
        <source>Run reports (*.h5)</source>
        <translation>Отчёты о прогонах (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="587"/>
        <source>No model given.</source>
        <translation>Модель не указана.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="592"/>
        <source>Could not open the model</source>
        <translation>Не удалось открыть модель</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="618"/>
        <source>%1: the model loaded, but its tokenizer cannot be used, so no census can run: %2</source>
        <translation>%1: модель загружена, но её токенизатор нельзя использовать, поэтому собрать статистику невозможно: %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="626"/>
        <location filename="../widgets/main_window.cpp" line="672"/>
        <source>Opening %1</source>
        <translation>Открытие %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="632"/>
        <source>Could not open the report</source>
        <translation>Не удалось открыть отчёт</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="687"/>
        <source>Open Model</source>
        <translation>Открыть модель</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="688"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>Модели GGUF (*.gguf);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="693"/>
        <source>Open Model Directory (config.json, *.safetensors)</source>
        <translation>Открыть каталог модели (config.json, *.safetensors)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="712"/>
        <source>%1 (report)</source>
        <translation>%1 (отчёт)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="713"/>
        <source>%1 (model)</source>
        <translation>%1 (модель)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="721"/>
        <source>No recent files</source>
        <translation>Нет недавних файлов</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="723"/>
        <source>&amp;Clear List</source>
        <translation>&amp;Очистить список</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="733"/>
        <source>%1 no longer exists; it was removed from the recent files.</source>
        <translation>%1 больше не существует; файл удалён из списка недавних.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="756"/>
        <source>The census failed</source>
        <translation>Не удалось собрать статистику</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="764"/>
        <source>Census finished in %1 s.</source>
        <translation>Статистика собрана за %1 с.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="767"/>
        <source>Census</source>
        <translation>Сбор статистики</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="775"/>
        <source>There is no census to export yet: run one or open a report.</source>
        <translation>Экспортировать пока нечего: соберите статистику или откройте отчёт.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="779"/>
        <source>Could not export the census</source>
        <translation>Не удалось экспортировать статистику</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="790"/>
        <source>Saved the census to %1.</source>
        <translation>Статистика сохранена в %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="793"/>
        <source>Exporting the census</source>
        <translation>Экспорт статистики</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="804"/>
        <source>Export Census</source>
        <translation>Экспорт статистики</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="804"/>
        <source>Census reports (*.h5)</source>
        <translation>Отчёты со статистикой (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="846"/>
        <source>There is no plot to export: open a census and pick a tab with a plot.</source>
        <translation>Нет графика для экспорта: откройте статистику и выберите вкладку с графиком.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="861"/>
        <source>%1: unknown image format; use .png, .svg, .pdf or .jpg</source>
        <translation>%1: неизвестный формат изображения; используйте .png, .svg, .pdf или .jpg</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="865"/>
        <location filename="../widgets/main_window.cpp" line="1289"/>
        <source>%1: could not write the image</source>
        <translation>%1: не удалось записать изображение</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="869"/>
        <source>Saved the plot to %1.</source>
        <translation>График сохранён в %1.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="874"/>
        <location filename="../widgets/main_window.cpp" line="1317"/>
        <source>PNG image (*.png)</source>
        <translation>Изображение PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="874"/>
        <source>PDF document (*.pdf)</source>
        <translation>Документ PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="874"/>
        <source>SVG drawing (*.svg)</source>
        <translation>Рисунок SVG (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="875"/>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>Изображение JPEG (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="878"/>
        <source>Export Plot</source>
        <translation>Экспорт графика</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="518"/>
        <source>No translation for this language; showing English.</source>
        <translation>Для этого языка нет перевода; интерфейс показан на английском.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="523"/>
        <source>CUDA backend: built in, a device is available</source>
        <translation>Бэкенд CUDA: встроен, устройство доступно</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="524"/>
        <source>CUDA backend: built in, but no CUDA device found</source>
        <translation>Бэкенд CUDA: встроен, но устройство CUDA не найдено</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="526"/>
        <source>CUDA backend: not built in (CPU only)</source>
        <translation>Бэкенд CUDA: не встроен (только CPU)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="530"/>
        <source>A workbench for rotation-based low-bit quantization of large language models.</source>
        <translation>Инструментарий для низкобитного квантования больших языковых моделей на основе вращений.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="531"/>
        <source>Git commit: %1</source>
        <translation>Коммит Git: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="532"/>
        <source>Built with Qt %1 and QCustomPlot %2</source>
        <translation>Собрано с Qt %1 и QCustomPlot %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="537"/>
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
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="124"/>
        <source>%1.</source>
        <comment>ends the sentence about the listed massive activations</comment>
        <translation>%1.</translation>
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
        <translation>Форма (вых. × вх.)</translation>
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
    <name>rs::gui::ResultsMatrixModel</name>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="116"/>
        <source>Rotation</source>
        <translation>Вращение</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="117"/>
        <source>Smoothing</source>
        <translation>Сглаживание</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="118"/>
        <source>Formats (W, A, KV)</source>
        <translation>Форматы (W, A, KV)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="119"/>
        <source>Weight format</source>
        <translation>Формат весов</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="120"/>
        <source>Activation format</source>
        <translation>Формат активаций</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="121"/>
        <source>KV cache format</source>
        <translation>Формат KV-кэша</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="122"/>
        <source>Weight method</source>
        <translation>Метод для весов</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="123"/>
        <source>Bits</source>
        <translation>Биты</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="130"/>
        <source>PPL</source>
        <translation>PPL</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="131"/>
        <source>ΔPPL</source>
        <translation>ΔPPL</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="132"/>
        <source>KL mean</source>
        <translation>KL сред.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="133"/>
        <source>Top-1 %</source>
        <translation>Top-1, %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="295"/>
        <source>%1 ± %2</source>
        <translation>%1 ± %2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="304"/>
        <source>No run has this combination.</source>
        <translation>Ни один прогон не имеет такого сочетания.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="306"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="307"/>
        <source>%1: %2 over %n run(s)</source>
        <translation>
            <numerusform>%1: %2 по %n прогону</numerusform>
            <numerusform>%1: %2 по %n прогонам</numerusform>
            <numerusform>%1: %2 по %n прогонам</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="325"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="326"/>
        <source>Split by weight method.</source>
        <translation>Разделено по методу для весов.</translation>
    </message>
</context>
<context>
    <name>rs::gui::ResultsMatrixView</name>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="128"/>
        <source>No runs yet: run a recipe or a matrix, or open a run report.</source>
        <translation>Прогонов пока нет: запустите рецепт или матрицу либо откройте отчёт о прогонах.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="130"/>
        <source>%n run(s) in %1 × %2 cells; each cell is the mean ± sample std of %3 over its runs (the seeds of a recipe, and every recipe sharing the two fields). Green is the best cell, orange the worst.</source>
        <translation>
            <numerusform>%n прогон в %1 × %2 ячейках; в каждой ячейке — среднее ± выборочное ст. откл. %3 по её прогонам (зёрнам рецепта и всем рецептам с теми же двумя полями). Зелёная ячейка — лучшая, оранжевая — худшая.</numerusform>
            <numerusform>%n прогона в %1 × %2 ячейках; в каждой ячейке — среднее ± выборочное ст. откл. %3 по её прогонам (зёрнам рецепта и всем рецептам с теми же двумя полями). Зелёная ячейка — лучшая, оранжевая — худшая.</numerusform>
            <numerusform>%n прогонов в %1 × %2 ячейках; в каждой ячейке — среднее ± выборочное ст. откл. %3 по её прогонам (зёрнам рецепта и всем рецептам с теми же двумя полями). Зелёная ячейка — лучшая, оранжевая — худшая.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="137"/>
        <source>Rows and columns are the same field: only the diagonal is filled.</source>
        <translation>Строки и столбцы — одно и то же поле: заполнена только диагональ.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="144"/>
        <source>%1, split by weight method</source>
        <translation>%1, с разделением по методу для весов</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="145"/>
        <source>%1 — rows: %2; columns: %3</source>
        <translation>%1 — строки: %2; столбцы: %3</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="171"/>
        <source>mean ± std over the runs in each cell; green best, orange worst</source>
        <translation>среднее ± ст. откл. по прогонам в каждой ячейке; зелёный — лучше, оранжевый — хуже</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="205"/>
        <source>The results table folded into a matrix: choose which two recipe fields make the rows and the columns, and which metric fills the cells. A cell averages every run whose recipe has that row&apos;s and that column&apos;s value (the seeds of a random rotation, and any other recipes that share the two fields; the tooltip lists them) and shows mean ± sample standard deviation. Colours run from the best cell (green) to the worst (orange), on a log scale for perplexity and KL. With &lt;i&gt;Split by weight method&lt;/i&gt;, RTN and GPTQ runs of one column stand side by side.</source>
        <translation>Таблица результатов, свёрнутая в матрицу: выберите, какие два поля рецепта задают строки и столбцы и какая метрика заполняет ячейки. Ячейка усредняет все прогоны, у рецепта которых значения строки и столбца совпадают с её (зёрна случайного вращения и любые другие рецепты с теми же двумя полями; они перечислены во всплывающей подсказке), и показывает среднее ± выборочное стандартное отклонение. Цвета идут от лучшей ячейки (зелёная) к худшей (оранжевая), для перплексии и KL — в логарифмической шкале. С флажком &lt;i&gt;Разделить по методу для весов&lt;/i&gt; прогоны RTN и GPTQ одного столбца стоят рядом.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="211"/>
        <source>The runs as a matrix of two recipe fields, one metric per cell (mean ± std over the runs in it).</source>
        <translation>Прогоны в виде матрицы по двум полям рецепта, по одной метрике в ячейке (среднее ± ст. откл. по её прогонам).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="212"/>
        <source>Rows:</source>
        <translation>Строки:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="213"/>
        <source>Columns:</source>
        <translation>Столбцы:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="214"/>
        <source>Metric:</source>
        <translation>Метрика:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="221"/>
        <source>Split by weight method</source>
        <translation>Разделить по методу для весов</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="222"/>
        <source>Each column once per weight method (RTN, GPTQ and its options), side by side, when the runs use more than one.</source>
        <translation>Каждый столбец — отдельно для каждого метода для весов (RTN, GPTQ и его параметры), рядом друг с другом, если прогоны используют больше одного метода.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="224"/>
        <source>Export PNG…</source>
        <translation>Экспорт PNG…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="225"/>
        <source>The whole matrix as a picture, with its metric and fields as a title.</source>
        <translation>Вся матрица как изображение, с метрикой и полями в заголовке.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="226"/>
        <source>Export CSV…</source>
        <translation>Экспорт CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="227"/>
        <source>The matrix as CSV: per column the mean, the standard deviation and the number of runs.</source>
        <translation>Матрица в CSV: для каждого столбца среднее, стандартное отклонение и число прогонов.</translation>
    </message>
</context>
<context>
    <name>rs::gui::ResultsTableModel</name>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="76"/>
        <source>%1 (%2): can export</source>
        <translation>%1 (%2): экспорт возможен</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="77"/>
        <source>%1 (%2): cannot export</source>
        <translation>%1 (%2): экспорт невозможен</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="114"/>
        <source>%1: accuracy %2 ± %3 % over %4 questions, %5-shot</source>
        <translation>%1: точность %2 ± %3 % на %4 вопросах, примеров: %5</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="119"/>
        <source>Length-normalized accuracy %1 ± %2 %</source>
        <translation>Точность с нормировкой по длине %1 ± %2 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="121"/>
        <source>Perplexity of the last words %1</source>
        <translation>Перплексия последних слов %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="125"/>
        <source>%1 subjects had no file; the average is over the %2 present</source>
        <translation>Для %1 предметов нет файла; среднее — по %2 имеющимся</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="128"/>
        <source>%1 questions lost the start of their prompt to the window</source>
        <translation>У %1 вопросов начало подсказки не поместилось в окно</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="189"/>
        <source>Seed: %1</source>
        <translation>Зерно: %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="190"/>
        <source>Rotations: %1</source>
        <translation>Вращения: %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="191"/>
        <source>Perplexity %1 (unquantized %2); llama.cpp protocol %3 (unquantized %4)</source>
        <translation>Перплексия %1 (без квантования %2); по протоколу llama.cpp %3 (без квантования %4)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="196"/>
        <source>KL divergence: mean %1, median %2, p99 %3, max %4 nats over %5 tokens</source>
        <translation>KL-дивергенция: среднее %1, медиана %2, p99 %3, максимум %4 нат по %5 токенам</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="207"/>
        <source>%1 runs of this recipe: perplexity %2 ± %3, KL %4 ± %5, top-1 %6 ± %7 %</source>
        <translation>Прогонов этого рецепта: %1; перплексия %2 ± %3, KL %4 ± %5, top-1 %6 ± %7 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="218"/>
        <source>Weight quantization warnings: %1</source>
        <translation>Предупреждения при квантовании весов: %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="220"/>
        <source>Time: %1 s preparing (smoothing, rotation, weight quantization), %2 s evaluating</source>
        <translation>Время: %1 с на подготовку (сглаживание, вращение, квантование весов), %2 с на оценку</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="230"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="232"/>
        <source>Accuracy on %1, scored as lm-eval-harness does (docs/tasks.md).</source>
        <translation>Точность на %1, подсчитанная как в lm-eval-harness (docs/tasks.md).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="237"/>
        <source>Recipe</source>
        <translation>Рецепт</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="238"/>
        <source>Bits</source>
        <translation>Биты</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="239"/>
        <source>PPL</source>
        <translation>PPL</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="240"/>
        <source>ΔPPL</source>
        <translation>ΔPPL</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="241"/>
        <source>KL mean</source>
        <translation>KL сред.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="242"/>
        <source>KL p99</source>
        <translation>KL p99</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="243"/>
        <source>Top-1 %</source>
        <translation>Top-1, %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="244"/>
        <source>Time, s</source>
        <translation>Время, с</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="245"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="251"/>
        <source>Perplexity of the quantized model (every position after the first of each window).</source>
        <translation>Перплексия квантованной модели (все позиции каждого окна, кроме первой).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="252"/>
        <source>Perplexity minus the unquantized model&apos;s on the same tokens.</source>
        <translation>Перплексия минус перплексия неквантованной модели на тех же токенах.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="253"/>
        <source>Mean KL divergence from the unquantized model&apos;s next-token distribution, in nats.</source>
        <translation>Средняя KL-дивергенция от распределения следующего токена у неквантованной модели, в натах.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="254"/>
        <source>99th percentile of the per-token KL divergence: the bad tokens.</source>
        <translation>99-й перцентиль KL-дивергенции по токенам: плохие токены.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="255"/>
        <source>How often the quantized model&apos;s most likely next token is the unquantized model&apos;s.</source>
        <translation>Как часто самый вероятный следующий токен квантованной модели совпадает с таковым у неквантованной.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="256"/>
        <source>Preparation (smoothing, rotation, weight quantization) plus evaluation.</source>
        <translation>Подготовка (сглаживание, вращение, квантование весов) плюс оценка.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="257"/>
        <source>Which runtimes can run this recipe as exported: hf (transformers), compressed-tensors (vLLM), gguf (llama.cpp).</source>
        <translation>Какие среды выполнения могут выполнить этот рецепт после экспорта: hf (transformers), compressed-tensors (vLLM), gguf (llama.cpp).</translation>
    </message>
</context>
<context>
    <name>rs::gui::ScaleText</name>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="38"/>
        <source>%1 · </source>
        <translation>%1 · </translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="44"/>
        <location filename="../widgets/format_lab/scale_text.cpp" line="68"/>
        <source>amax = max |x| = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>amax = max |x| = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="45"/>
        <source>qmax = 2&lt;sup&gt;%1−1&lt;/sup&gt; − 1 = %2</source>
        <translation>qmax = 2&lt;sup&gt;%1−1&lt;/sup&gt; − 1 = %2</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="47"/>
        <location filename="../widgets/format_lab/scale_text.cpp" line="70"/>
        <source>mse: clip ratios r = 1.00, 0.99, …, 0.50 were tried and the one with the least squared error kept: r = %1</source>
        <translation>mse: перебраны коэффициенты отсечения r = 1.00, 0.99, …, 0.50, оставлен тот, что даёт наименьшую квадратичную ошибку: r = %1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="49"/>
        <source>scale s = %1amax / qmax = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>масштаб s = %1amax / qmax = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="49"/>
        <location filename="../widgets/format_lab/scale_text.cpp" line="73"/>
        <source>r · </source>
        <translation>r · </translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="50"/>
        <source>code q = clamp(round(x / s), −%1, %1), rounding halves to even</source>
        <translation>код q = clamp(round(x / s), −%1, %1), половины округляются к чётному</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="51"/>
        <source>dequantized = q · s</source>
        <translation>деквантованное = q · s</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="55"/>
        <source>range [lo, hi] = [min(min x, 0), max(max x, 0)] = [%1, %2]; it always holds 0 so that 0 stays exact</source>
        <translation>диапазон [lo, hi] = [min(min x, 0), max(max x, 0)] = [%1, %2]; он всегда содержит 0, чтобы 0 представлялся точно</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="58"/>
        <source>mse: clip ratios r = 1.00, 0.99, …, 0.50 were tried; the range is multiplied by the one with the least squared error</source>
        <translation>mse: перебраны коэффициенты отсечения r = 1.00, 0.99, …, 0.50; диапазон умножается на тот, что даёт наименьшую квадратичную ошибку</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="61"/>
        <source>clip: the range is multiplied by %1</source>
        <translation>clip: диапазон умножается на %1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="62"/>
        <source>scale s = (hi − lo) / (2&lt;sup&gt;%1&lt;/sup&gt; − 1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>масштаб s = (hi − lo) / (2&lt;sup&gt;%1&lt;/sup&gt; − 1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="63"/>
        <source>zero point z = clamp(round(−lo / s), 0, %1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>нулевая точка z = clamp(round(−lo / s), 0, %1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="64"/>
        <source>code q = clamp(round(x / s) + z, 0, %1), rounding halves to even</source>
        <translation>код q = clamp(round(x / s) + z, 0, %1), половины округляются к чётному</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="65"/>
        <source>dequantized = (q − z) · s</source>
        <translation>деквантованное = (q − z) · s</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="72"/>
        <source>scale s = %1amax / %2 (the largest %3) = &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>масштаб s = %1amax / %2 (наибольшее значение %3) = &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="74"/>
        <source>each x / s is rounded to the nearest %1 value (ties to even; beyond ±%2 it saturates)</source>
        <translation>каждое x / s округляется до ближайшего значения %1 (половины — к чётному; за пределами ±%2 — насыщение)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="76"/>
        <source>dequantized = element · s</source>
        <translation>деквантованное = элемент · s</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="81"/>
        <source>amax = max |x| over the 32 values = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>amax = max |x| по 32 значениям = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="83"/>
        <source>an all-zero block gets the smallest scale, 2&lt;sup&gt;−127&lt;/sup&gt; (byte 0x00), and zeros</source>
        <translation>блок из одних нулей получает наименьший масштаб 2&lt;sup&gt;−127&lt;/sup&gt; (байт 0x00) и нули</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="87"/>
        <source>floor(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1 (the OCP MX rule)</source>
        <translation>floor(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1 (правило OCP MX)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="88"/>
        <source>%1&apos;s largest power of two is 2&lt;sup&gt;%2&lt;/sup&gt; (emax&lt;sub&gt;elem&lt;/sub&gt; = %2)</source>
        <translation>наибольшая степень двойки в %1 — 2&lt;sup&gt;%2&lt;/sup&gt; (emax&lt;sub&gt;elem&lt;/sub&gt; = %2)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="89"/>
        <source>shared exponent e = floor(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; = %1 − %2 = &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>общий показатель e = floor(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; = %1 − %2 = &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="93"/>
        <source>ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1 (rule &quot;ceil&quot;)</source>
        <translation>ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1 (правило «ceil»)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="94"/>
        <source>shared exponent e = ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>общий показатель e = ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="98"/>
        <source>rule &quot;even&quot;: amax&apos;s mantissa is first rounded (half up) to the element&apos;s mantissa width, which can carry it into the next power of two</source>
        <translation>правило «even»: мантисса amax сначала округляется (половина — вверх) до ширины мантиссы элемента, из-за чего amax может перейти в следующую степень двойки</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="100"/>
        <source>shared exponent e = floor(log&lt;sub&gt;2&lt;/sub&gt; rounded amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>общий показатель e = floor(log&lt;sub&gt;2&lt;/sub&gt; округлённого amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="104"/>
        <source>rule &quot;rceil&quot;: e = ceil(log&lt;sub&gt;2&lt;/sub&gt;(amax / %1)), the smallest power of two that fits amax without clipping = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>правило «rceil»: e = ceil(log&lt;sub&gt;2&lt;/sub&gt;(amax / %1)) — наименьшая степень двойки, вмещающая amax без отсечения, = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="108"/>
        <source>E8M0 scale byte = e + 127 = %1 (%2); scale X = 2&lt;sup&gt;%3&lt;/sup&gt; = &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>байт масштаба E8M0 = e + 127 = %1 (%2); масштаб X = 2&lt;sup&gt;%3&lt;/sup&gt; = &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="112"/>
        <source>the largest element amax / X = %1 is above %2&apos;s maximum %3: it is clipped to ±%3</source>
        <translation>наибольший элемент amax / X = %1 больше максимума %2 (%3): он отсекается до ±%3</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="114"/>
        <source>the largest element amax / X = %1 fits under %2&apos;s maximum %3</source>
        <translation>наибольший элемент amax / X = %1 не превышает максимума %2 (%3)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="117"/>
        <source>each x / X is rounded to a multiple of 1/64 in [−127/64, 127/64] (code = 64 · element)</source>
        <translation>каждое x / X округляется до кратного 1/64 в [−127/64, 127/64] (код = 64 · элемент)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="119"/>
        <source>each x / X is rounded to the nearest %1 value (ties to even, saturating at ±%2)</source>
        <translation>каждое x / X округляется до ближайшего значения %1 (половины — к чётному, с насыщением на ±%2)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="120"/>
        <source>dequantized = element · X</source>
        <translation>деквантованное = элемент · X</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="124"/>
        <source>tensor amax T = max |x| over %1 = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>amax тензора T = max |x| (%1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="125"/>
        <source>FP32 tensor scale S = T / (6 · 448) = &lt;b&gt;%1&lt;/b&gt; (6: largest E2M1, 448: largest E4M3)</source>
        <translation>масштаб тензора FP32 S = T / (6 · 448) = &lt;b&gt;%1&lt;/b&gt; (6 — наибольшее значение E2M1, 448 — наибольшее значение E4M3)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="126"/>
        <source>block amax A = max |x| over the 16 values = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>amax блока A = max |x| по 16 значениям = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="127"/>
        <source>A / 6 / S = %1, rounded to E4M3 (byte %2): block scale = &lt;b&gt;%3&lt;/b&gt;%4</source>
        <translation>A / 6 / S = %1, округлено до E4M3 (байт %2): масштаб блока = &lt;b&gt;%3&lt;/b&gt;%4</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="129"/>
        <source> (an all-zero block gets 1.0)</source>
        <translation> (блок из одних нулей получает 1.0)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="130"/>
        <source>element multiplier = block scale · S = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>множитель элементов = масштаб блока · S = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="134"/>
        <source>the largest element A / (block scale · S) = %1 is above 6 (the block scale rounded down): it is clipped to ±6</source>
        <translation>наибольший элемент A / (масштаб блока · S) = %1 больше 6 (масштаб блока округлился вниз): он отсекается до ±6</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="136"/>
        <source>the largest element A / (block scale · S) = %1 fits under E2M1&apos;s maximum 6</source>
        <translation>наибольший элемент A / (масштаб блока · S) = %1 не превышает максимума E2M1, равного 6</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="138"/>
        <source>each x / (block scale · S) is rounded to the nearest E2M1 value (ties to even, saturating at ±6)</source>
        <translation>каждое x / (масштаб блока · S) округляется до ближайшего значения E2M1 (половины — к чётному, с насыщением на ±6)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="139"/>
        <source>dequantized = element · block scale · S</source>
        <translation>деквантованное = элемент · масштаб блока · S</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="141"/>
        <source>absmax A = max |x| over the 64 values = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>absmax A = max |x| по 64 значениям = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="142"/>
        <source>each x / A (in [−1, 1]) is replaced by the nearest of the 16 NF4 levels, quantiles of a normal distribution (a tie takes the lower code)</source>
        <translation>каждое x / A (в [−1, 1]) заменяется ближайшим из 16 уровней NF4 — квантилей нормального распределения (при равенстве берётся меньший код)</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="144"/>
        <source>dequantized = level · A</source>
        <translation>деквантованное = уровень · A</translation>
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
<context>
    <name>rs::gui::SqnrLayerView</name>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="27"/>
        <source>run %1</source>
        <translation>прогон %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="90"/>
        <source>layer</source>
        <translation>слой</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="126"/>
        <source>No runs to compare.</source>
        <translation>Нет прогонов для сравнения.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="127"/>
        <source>No per-linear probe data.</source>
        <translation>Нет данных зонда по линейным слоям.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="128"/>
        <source>No %1 was probed.</source>
        <translation>Ни один %1 не измерялся.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="131"/>
        <source>Output SQNR of %1 in every layer (higher is better)</source>
        <translation>SQNR выхода %1 во всех слоях (чем выше, тем лучше)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="133"/>
        <source>SQNR (dB)</source>
        <translation>SQNR (дБ)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="134"/>
        <source>LM head</source>
        <translation>LM-голова</translation>
    </message>
</context>
<context>
    <name>rs::gui::TaskPicker</name>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="44"/>
        <source>Task data folder</source>
        <translation>Папка с данными задач</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="104"/>
        <source>Choose the folder holding the task files.</source>
        <translation>Выберите папку с файлами задач.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="106"/>
        <source>The task data folder %1 does not exist.</source>
        <translation>Папка с данными задач %1 не существует.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="111"/>
        <source>Tasks</source>
        <translation>Задачи</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="112"/>
        <source>Accuracy on multiple-choice and completion tasks, scored as lm-eval-harness does, for every run.</source>
        <translation>Точность на задачах с выбором ответа и на задачах продолжения текста, подсчитанная как в lm-eval-harness, для каждого запуска.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="113"/>
        <source>Data folder:</source>
        <translation>Папка с данными:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="114"/>
        <source>a folder with mmlu/, arc/, hellaswag/, …</source>
        <translation>папка с mmlu/, arc/, hellaswag/, …</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="115"/>
        <source>Your copy of the task files, in the original releases&apos; layouts (see docs/tasks.md).</source>
        <translation>Ваша копия файлов задач в формате оригинальных выпусков (см. docs/tasks.md).</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="116"/>
        <source>Choose the task data folder</source>
        <translation>Выбрать папку с данными задач</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="117"/>
        <source>Shots:</source>
        <translation>Примеров (shots):</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="118"/>
        <source>task default</source>
        <translation>по умолчанию для задачи</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="119"/>
        <source>Few-shot examples per question; by default 5 for MMLU and C-Eval, none for the others.</source>
        <translation>Число примеров перед каждым вопросом; по умолчанию 5 для MMLU и C-Eval, 0 для остальных.</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="120"/>
        <source>Questions:</source>
        <translation>Вопросов:</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="121"/>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="122"/>
        <source>Score only the first questions of each task (of each subject for MMLU and C-Eval).</source>
        <translation>Оценивать только первые вопросы каждой задачи (каждого предмета для MMLU и C-Eval).</translation>
    </message>
</context>
</TS>
