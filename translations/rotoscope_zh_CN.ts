<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FitMethod</name>
    <message>
        <location filename="../engine/experiment/fit_config.h" line="42"/>
        <source>Refined R1 (DFRot&apos;s Procrustes)</source>
        <translation>精化的 R1（DFRot 的 Procrustes 方法）</translation>
    </message>
    <message>
        <location filename="../engine/experiment/fit_config.h" line="43"/>
        <source>Learned R1 and R2 (SpinQuant&apos;s Cayley SGD)</source>
        <translation>学习的 R1 和 R2（SpinQuant 的 Cayley SGD）</translation>
    </message>
</context>
<context>
    <name>RotationKind</name>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="27"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="28"/>
        <source>Hadamard</source>
        <translation>Hadamard</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="29"/>
        <source>random Hadamard</source>
        <translation>随机 Hadamard</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="30"/>
        <source>block Hadamard</source>
        <translation>分块 Hadamard</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="31"/>
        <source>random orthogonal</source>
        <translation>随机正交</translation>
    </message>
    <message>
        <location filename="../engine/rotate/rotation_kinds.h" line="32"/>
        <source>from a file</source>
        <translation>来自文件</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../engine/core/progress_stages.h" line="22"/>
        <source>Loading weights</source>
        <translation>正在加载权重</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="23"/>
        <source>Hashing files</source>
        <translation>正在计算文件哈希</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="24"/>
        <source>Tokenizing the corpus</source>
        <translation>正在对语料分词</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="25"/>
        <source>Running windows</source>
        <translation>正在运行各窗口</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="37"/>
        <source>Writing the report</source>
        <translation>正在写入报告</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="38"/>
        <source>Reading the report</source>
        <translation>正在读取报告</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="26"/>
        <source>Collecting smoothing statistics</source>
        <translation>正在收集平滑统计量</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="27"/>
        <source>Smoothing</source>
        <translation>正在平滑</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="28"/>
        <source>Fitting the rotation</source>
        <translation>正在拟合旋转</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="29"/>
        <source>Fusing rotations</source>
        <translation>正在融合旋转</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="30"/>
        <source>Quantizing weights</source>
        <translation>正在量化权重</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="31"/>
        <source>GPTQ: capturing Hessians and solving, layer by layer</source>
        <translation>GPTQ：逐层采集 Hessian 矩阵并求解</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="32"/>
        <source>Reference logits (unquantized model)</source>
        <translation>正在计算参考 logits（未量化模型）</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="33"/>
        <source>Evaluating the quantized model</source>
        <translation>正在评估量化模型</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="34"/>
        <source>Probing linears</source>
        <translation>正在探测线性层</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="35"/>
        <source>Perplexity</source>
        <translation>正在计算困惑度</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="36"/>
        <source>Generating text</source>
        <translation>正在生成文本</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="39"/>
        <source>Writing the exported model</source>
        <translation>写出导出的模型</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="40"/>
        <source>Evaluating tasks</source>
        <translation>正在评测任务</translation>
    </message>
    <message>
        <location filename="../engine/core/progress_stages.h" line="41"/>
        <source>Calibrating activation ranges</source>
        <translation>正在校准激活范围</translation>
    </message>
</context>
<context>
    <name>WeightMethod</name>
    <message>
        <location filename="../engine/experiment/recipe.h" line="48"/>
        <source>Round to nearest</source>
        <translation>就近舍入</translation>
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
        <translation>请选择用于校准的文本文件。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="225"/>
        <source>Calibration text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="226"/>
        <source>Text files (*.txt *.md *.raw);;All files (*)</source>
        <translation>文本文件 (*.txt *.md *.raw);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="251"/>
        <source>Run the activation census of the loaded model on %1 windows of %2 tokens.</source>
        <translation>在 %1 个窗口（每个窗口 %2 个词元）上对已加载的模型运行激活统计。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="257"/>
        <source>Corpus:</source>
        <translation>语料：</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="258"/>
        <source>Text file…</source>
        <translation>文本文件…</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="259"/>
        <source>The text the calibration windows are drawn from.</source>
        <translation>校准窗口从中抽取的文本。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="260"/>
        <source>Path of a UTF-8 text file</source>
        <translation>UTF-8 文本文件的路径</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="261"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="262"/>
        <source>Windows:</source>
        <translation>窗口数：</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="263"/>
        <source>How many windows of text run through the model.</source>
        <translation>送入模型运行的文本窗口数量。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="264"/>
        <source>Tokens per window:</source>
        <translation>每窗口词元数：</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="265"/>
        <source>The length of each window, in tokens (the first may be the BOS token).</source>
        <translation>每个窗口的长度，以词元计（第一个词元可能是 BOS 词元）。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="266"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="267"/>
        <source>Picks where the windows start; the same seed picks the same windows.</source>
        <translation>决定各窗口的起始位置；相同的种子会选出相同的窗口。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="268"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="269"/>
        <source>Captured window:</source>
        <translation>捕获窗口：</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="270"/>
        <source>The window whose token × channel values are kept for the heatmap.</source>
        <translation>保留其“词元 × 通道”数值用于绘制热力图的窗口。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="271"/>
        <source>Captured tokens:</source>
        <translation>捕获词元数：</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="272"/>
        <source>How many tokens of the captured window the heatmap shows.</source>
        <translation>热力图显示捕获窗口中的多少个词元。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="273"/>
        <source>Massive if |x| &gt;</source>
        <translation>超大激活条件：|x| &gt;</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="274"/>
        <source>A massive activation exceeds this magnitude (Sun et al. 2024 use 100).</source>
        <translation>超大激活的绝对值须超过此值（Sun 等人 2024 年的论文取 100）。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="275"/>
        <source>and |x| / median ≥</source>
        <translation>且 |x| / 中位数 ≥</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="277"/>
        <source>…and is this many times the median magnitude of its hidden state (Sun et al. 2024 use 1000).</source>
        <translation>…且至少是其所在隐藏状态绝对值中位数的这么多倍（Sun 等人 2024 年的论文取 1000）。</translation>
    </message>
    <message>
        <location filename="../widgets/calibration_panel.cpp" line="278"/>
        <source>Run census</source>
        <translation>运行激活统计</translation>
    </message>
</context>
<context>
    <name>rs::gui::CensusViews</name>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="88"/>
        <source>Per layer</source>
        <translation>逐层</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="89"/>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="90"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="91"/>
        <source>Kurtosis</source>
        <translation>峰度</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="92"/>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="93"/>
        <source>Massive activations</source>
        <translation>超大激活</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="94"/>
        <source>Largest and median |x| per layer</source>
        <translation>各层的最大 |x| 与 |x| 中位数</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="95"/>
        <source>Largest |x| of each channel, with outlier channels</source>
        <translation>各通道的最大 |x|，并标出离群通道</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="96"/>
        <source>|x| per token and channel of the captured window</source>
        <translation>捕获窗口中各词元、各通道的 |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="97"/>
        <source>Heaviness of the tails per layer and site</source>
        <translation>各层、各采样点分布的尾部厚度</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="98"/>
        <source>Distribution of |x| on a log2 grid</source>
        <translation>|x| 在 log2 网格上的分布</translation>
    </message>
    <message>
        <location filename="../widgets/census/census_views.cpp" line="99"/>
        <source>Every massive activation, sortable and filterable</source>
        <translation>所有超大激活，可排序、可筛选</translation>
    </message>
</context>
<context>
    <name>rs::gui::ChannelAbsmaxView</name>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="107"/>
        <source>The largest |x| of each input channel over all calibration tokens. In most LLMs a few &lt;i&gt;outlier channels&lt;/i&gt; are far larger than the rest (red: above the factor times the median over channels). One shared quantization scale must cover them, so every other channel loses precision; a rotation mixes the channels and spreads the outliers out.</source>
        <translation>每个输入通道在全部校准词元上的最大 |x|。在大多数 LLM 中，少数&lt;i&gt;离群通道&lt;/i&gt;远大于其余通道（红色：超过各通道中位数乘以倍数）。共享的量化尺度必须覆盖这些通道，因此其余所有通道都会损失精度；旋转会把各通道混合起来，从而把离群值分散开。</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="111"/>
        <source>Outlier &amp;factor:</source>
        <translation>离群倍数(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="112"/>
        <source>A channel is an outlier when its absmax exceeds this factor times the median absmax over channels</source>
        <translation>当通道的 absmax 超过各通道 absmax 中位数乘以此倍数时，该通道即为离群通道</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="114"/>
        <source>&amp;Log scale</source>
        <translation>对数坐标(&amp;L)</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="115"/>
        <source>absmax of a channel</source>
        <translation>通道的 absmax</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="116"/>
        <source>channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="117"/>
        <source>max |x| over all tokens</source>
        <translation>所有词元上的最大 |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="158"/>
        <source>outlier channel (&gt; %1 × median)</source>
        <translation>离群通道（&gt; %1 × 中位数）</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="159"/>
        <source>%1 × median = %2</source>
        <translation>%1 × 中位数 = %2</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="163"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>请打开模型并运行激活统计，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="166"/>
        <source>No channel statistics for this site.</source>
        <translation>该采样点没有通道统计数据。</translation>
    </message>
    <message>
        <location filename="../widgets/census/channel_absmax_view.cpp" line="171"/>
        <source>No outlier channel: every absmax is at most %1 (%2 × the median %3).</source>
        <translation>没有离群通道：所有 absmax 均不超过 %1（%2 × 中位数 %3）。</translation>
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
            <numerusform>%1 个通道中有 %n 个离群通道，从大到小：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/channel_absmax_view.cpp" line="181"/>
        <source>, and %n more</source>
        <translation>
            <numerusform>，另有 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::gui::ErrorHistogramView</name>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="237"/>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="298"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="281"/>
        <source>Each curve is one run: how the quantization errors e = Q(t) − t of one linear layer&apos;s input activations (or of its weights) are spread. The errors are divided by the RMS of the unquantized tensor t. An orthogonal rotation changes the values but not their RMS (it keeps lengths), so this unit means the same for every rotation, and the curves of differently rotated runs can be laid over each other. A narrow curve means small errors; wide shoulders, or errors beyond ±2 RMS (counted in the table), usually come from an outlier that stretched a shared scale. Below: the output SQNR of the same kind of linear in every layer (higher is better; the dashed line marks the chosen layer).</source>
        <translation>每条曲线代表一次运行：某个线性层的输入激活（或其权重）的量化误差 e = Q(t) − t 是如何分布的。误差除以未量化张量 t 的 RMS。正交旋转会改变数值，但不改变其 RMS（它保持长度不变），因此这个单位对任何旋转都含义相同，不同旋转的运行曲线可以叠加比较。曲线窄表示误差小；宽的“肩部”或超出 ±2 RMS 的误差（表中有计数）通常来自撑大了共享尺度的离群值。下方是同类线性层在每一层的输出 SQNR（越高越好；虚线标出所选的层）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="289"/>
        <source>Each curve is one run: how the quantization errors of one linear&apos;s input (or weights) are spread, in units of the tensor&apos;s RMS. Narrower is better.</source>
        <translation>每条曲线代表一次运行：某个线性层输入（或权重）的量化误差如何分布，以张量的 RMS 为单位。越窄越好。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="291"/>
        <source>&amp;Layer:</source>
        <translation>层(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="292"/>
        <source>Li&amp;near:</source>
        <translation>线性层(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="293"/>
        <source>&amp;Error of:</source>
        <translation>误差对象(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="294"/>
        <source>input activations</source>
        <translation>输入激活</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="295"/>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="296"/>
        <source>Log &amp;y axis</source>
        <translation>对数 y 轴(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="299"/>
        <source>error / RMS of the tensor</source>
        <translation>误差 / 张量的 RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="301"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="301"/>
        <source>RMS of
the tensor</source>
        <translation>张量的
RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="301"/>
        <source>Relative
error</source>
        <translation>相对
误差</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="302"/>
        <source>Max |error|
/ RMS</source>
        <translation>最大 |误差|
/ RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="302"/>
        <source>Below
−2 RMS</source>
        <translation>低于
−2 RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="302"/>
        <source>Above
+2 RMS</source>
        <translation>高于
+2 RMS</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="303"/>
        <source>Output
relative error</source>
        <translation>输出
相对误差</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="303"/>
        <source>Output
SQNR (dB)</source>
        <translation>输出
SQNR (dB)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="369"/>
        <source>%1 (not probed)</source>
        <translation>%1（未探测）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="370"/>
        <source>%1 (not quantized)</source>
        <translation>%1（未量化）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="392"/>
        <source>This run did not probe this linear.</source>
        <translation>此次运行未探测该线性层。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="400"/>
        <source>%1 (%2%)</source>
        <translation>%1（%2%）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="417"/>
        <source>No runs yet. Run recipes in the experiment panel, then pick the runs to compare.</source>
        <translation>尚无运行。请在实验面板中运行配方，然后选择要比较的运行。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="418"/>
        <source>Pick one or more runs to compare.</source>
        <translation>请选择一个或多个要比较的运行。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="420"/>
        <source>The selected runs hold no per-linear probe data:
they ran with the probe off (probe tokens = 0).</source>
        <translation>所选运行没有逐线性层的探测数据：
它们运行时关闭了探测（探测词元数 = 0）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="422"/>
        <source>None of the selected runs quantizes the weights of this linear.</source>
        <translation>所选运行均未量化该线性层的权重。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="423"/>
        <source>None of the selected runs quantizes the input of this linear.</source>
        <translation>所选运行均未量化该线性层的输入。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="429"/>
        <source>values per bin (log scale)</source>
        <translation>每个区间的数值个数（对数刻度）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/error_histogram_view.cpp" line="432"/>
        <source>values per bin</source>
        <translation>每个区间的数值个数</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExperimentPanel</name>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="320"/>
        <source>Evaluation text</source>
        <translation>评估文本</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="255"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="321"/>
        <source>Text files (*.txt *.md *.raw);;All files (*)</source>
        <translation>文本文件 (*.txt *.md *.raw);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="254"/>
        <source>GPTQ calibration text</source>
        <translation>GPTQ 校准文本</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="553"/>
        <source>%1 format: %2</source>
        <translation>%1 格式：%2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="558"/>
        <source>R%1: choose the rotation file (written by rotoscope-cli fit-rotation or learn-rotation).</source>
        <translation>R%1：请选择旋转文件（由 rotoscope-cli fit-rotation 或 learn-rotation 写出）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="559"/>
        <source>Give at least one seed (for example 0, 1, 2).</source>
        <translation>请至少给出一个随机种子（例如 0, 1, 2）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="561"/>
        <source>Seeds must be whole numbers separated by commas, such as 0, 1, 2.</source>
        <translation>随机种子必须是以逗号分隔的整数，例如 0, 1, 2。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="564"/>
        <source>Seed %1 is listed twice.</source>
        <translation>随机种子 %1 重复出现。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="566"/>
        <source>Smoothing needs at least one site.</source>
        <translation>平滑至少需要一个采样点。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="567"/>
        <source>Choose the evaluation corpus.</source>
        <translation>请选择评估语料。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="570"/>
        <source>The probe reads at most one window: %1 tokens are more than the %2 of a window.</source>
        <translation>探测最多读取一个窗口：%1 个词元超过了一个窗口的 %2 个。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="666"/>
        <source>Rotation file</source>
        <translation>旋转文件</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="734"/>
        <source>%1 with GPTQ</source>
        <translation>%1（GPTQ）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="735"/>
        <source>One run of %1.</source>
        <translation>运行一次 %1。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/experiment_panel.cpp" line="735"/>
        <source>%n runs of %1, one per seed.</source>
        <translation>
            <numerusform>%n 次 %1 运行，每个随机种子一次。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="740"/>
        <source>Evaluate this recipe against the unquantized model.</source>
        <translation>将此配方与未量化模型进行比较评估。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="742"/>
        <source>Switch on at least one rotation (R1–R4) to see what it does to the activations.</source>
        <translation>请至少开启一个旋转（R1–R4），以查看它对激活的影响。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="743"/>
        <source>Run the census (with the calibration dock&apos;s settings) on the model with these rotations fused, without quantizing, and compare it with the original census.</source>
        <translation>在融合了这些旋转的模型上运行激活统计（使用校准面板的设置，不做量化），并与原始统计进行比较。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="749"/>
        <source>Run a Recipe Matrix</source>
        <translation>运行配方矩阵</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="751"/>
        <source>Recipe matrices (*.json);;All files (*)</source>
        <translation>配方矩阵 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="760"/>
        <source>Rotations</source>
        <translation>旋转</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="762"/>
        <source>R1: the residual stream (d_model), fused into the embedding, every input linear, the o_proj and down_proj outputs and the LM head.</source>
        <translation>R1：残差流（d_model），融合进嵌入层、所有输入线性层、o_proj 与 down_proj 的输出以及 LM 头。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="764"/>
        <source>R2: each attention head&apos;s V/O path (head_dim), fused into v_proj and o_proj.</source>
        <translation>R2：每个注意力头的 V/O 通路（head_dim），融合进 v_proj 和 o_proj。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="765"/>
        <source>R3: online on Q and K after RoPE (head_dim); it cancels in QKᵀ and matters for the KV cache.</source>
        <translation>R3：在 RoPE 之后在线作用于 Q 和 K（head_dim）；它在 QKᵀ 中相互抵消，对 KV 缓存很重要。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="766"/>
        <source>R4: online before down_proj (d_ff); its inverse is fused into down_proj.</source>
        <translation>R4：在 down_proj 之前在线施加（d_ff）；其逆变换融合进 down_proj。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="773"/>
        <source>The order of each diagonal Hadamard block; it must divide the dimension.</source>
        <translation>每个对角 Hadamard 块的阶数；它必须能整除该维度。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="774"/>
        <source>block </source>
        <translation>块 </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="779"/>
        <source>Choose the rotation file.</source>
        <translation>选择旋转文件。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="781"/>
        <source>Same at R1/R2/R4</source>
        <translation>R1/R2/R4 相同</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="782"/>
        <source>Use R1&apos;s rotation at R2 and R4 too, as QuaRot does.</source>
        <translation>像 QuaRot 那样，在 R2 和 R4 也使用 R1 的旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="784"/>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="785"/>
        <source>Smooth before rotating</source>
        <translation>旋转前先平滑</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="786"/>
        <source>SmoothQuant-style per-channel scales from calibration statistics; at down_proj this is SmoothRot.</source>
        <translation>基于校准统计的 SmoothQuant 式逐通道缩放；用在 down_proj 处即为 SmoothRot。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="788"/>
        <source>α:</source>
        <translation>α：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="789"/>
        <source>Migration strength: 0 leaves the activations alone, 1 moves all of their range into the weights.</source>
        <translation>迁移强度：0 表示不改变激活，1 表示把激活的全部范围转移到权重中。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="792"/>
        <source>Number formats</source>
        <translation>数值格式</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="795"/>
        <source>Activations at every linear input, one scale per token.</source>
        <translation>每个线性层输入处的激活，每个词元一个尺度。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="796"/>
        <source>The K and V cache, one scale per token and head.</source>
        <translation>K 和 V 缓存，每个词元、每个头一个尺度。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="799"/>
        <source>options, e.g. channel:mse</source>
        <translation>选项，例如 channel:mse</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="801"/>
        <source>Options after the format name, separated by colons: sym/asym, tensor/channel/token/g128, clip0.9, mse; for MX formats floor/ceil/even/rceil.</source>
        <translation>格式名之后的选项，用冒号分隔：sym/asym、tensor/channel/token/g128、clip0.9、mse；MX 格式还可用 floor/ceil/even/rceil。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="858"/>
        <source>Seeds:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="859"/>
        <source>Random rotations run once per seed; the table then shows each run and the mean ± std.</source>
        <translation>随机旋转对每个种子各运行一次；表格会显示每次运行以及均值 ± 标准差。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="861"/>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="847"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="862"/>
        <source>Corpus:</source>
        <translation>语料：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="863"/>
        <source>A corpus name, or the path of a UTF-8 text file.</source>
        <translation>语料名称，或 UTF-8 文本文件的路径。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="853"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="864"/>
        <source>Tokens per window:</source>
        <translation>每窗口词元数：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="667"/>
        <source>Rotations (*.h5 *.f64);;All files (*)</source>
        <translation>旋转 (*.h5 *.f64);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="775"/>
        <source>fit report#/rotation/r1, or a .f64 file</source>
        <translation>拟合报告#/rotation/r1，或 .f64 文件</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="776"/>
        <source>A fitted rotation: a fit report written by rotoscope-cli fit-rotation -o or learn-rotation -o, with the dataset after &apos;#&apos; (fit.h5#/rotation/r1, fit.h5#/rotation/r2), or a raw float64 file; at R2 it may hold one matrix per layer.</source>
        <translation>拟合的旋转：由 rotoscope-cli fit-rotation -o 或 learn-rotation -o 写出的拟合报告，&apos;#&apos; 后为数据集（fit.h5#/rotation/r1、fit.h5#/rotation/r2），或原始 float64 文件；在 R2 处可每层一个矩阵。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="793"/>
        <source>Weights of every linear, quantized once before evaluation with the weight method below: round to nearest (RTN) or GPTQ.</source>
        <translation>每个线性层的权重，在评估前用下方选择的权重方法量化一次：就近舍入（RTN）或 GPTQ。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="804"/>
        <source>Weight method</source>
        <translation>权重量化方法</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="805"/>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="808"/>
        <source>How the weights are quantized to their format. Round to nearest rounds every weight on its own. GPTQ quantizes each linear&apos;s weight column by column and spreads every column&apos;s rounding error over the columns not yet quantized, using the second moments (Hessian) of the linear&apos;s input on calibration text, so that the linear&apos;s output changes least. GPTQ needs a weight format and does not quantize the LM head.</source>
        <translation>权重如何量化到其格式。就近舍入对每个权重单独舍入。GPTQ 逐列量化线性层的权重，并利用该层输入在校准文本上的二阶矩（Hessian 矩阵），把每一列的舍入误差分摊到尚未量化的列上，使该层的输出变化尽可能小。GPTQ 需要权重格式，且不量化 LM 头。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="814"/>
        <source>GPTQ</source>
        <translation>GPTQ</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="815"/>
        <source>Dampening:</source>
        <translation>阻尼：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="817"/>
        <source>λ added to the Hessian&apos;s diagonal, as a fraction of its mean diagonal (0.01 = 1 %). More dampening makes the solve steadier and its result closer to round to nearest; when the Hessian is not positive definite it is raised tenfold (at most three times) and the run says so.</source>
        <translation>加到 Hessian 矩阵对角线上的 λ，以对角线均值的比例表示（0.01 = 1 %）。阻尼越大，求解越稳定，结果也越接近就近舍入；若 Hessian 矩阵不是正定的，λ 会提高十倍（最多三次），运行结果会注明。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="822"/>
        <source>Block size:</source>
        <translation>块大小：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="824"/>
        <source>Columns solved per lazy batch: errors are spread column by column inside a block and onto the later columns once per block. A speed setting: the result changes only by floating-point rounding.</source>
        <translation>每个延迟批次求解的列数：块内误差逐列分摊，对后续列每块分摊一次。这是速度设置：结果只会因浮点舍入而不同。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="828"/>
        <source> columns</source>
        <translation> 列</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="829"/>
        <source>Act-order</source>
        <translation>按激活排序（act-order）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="831"/>
        <source>Quantize the columns of the most active inputs (largest Hessian diagonal) first, while the most columns are left to absorb their error. With fixed-block formats (MX, NVFP4, NF4) it needs static groups.</source>
        <translation>先量化最活跃输入（Hessian 对角线最大）的列，此时剩下最多的列来吸收它们的误差。对于固定块格式（MX、NVFP4、NF4），需要启用静态分组。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="833"/>
        <source>Static groups</source>
        <translation>静态分组</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="835"/>
        <source>Fit every scale group from the unquantized weights before the solve, instead of from the updated weights when the solve reaches the group. Needed for act-order with fixed-block formats.</source>
        <translation>在求解开始前根据未量化的权重拟合每个分组的缩放因子，而不是在求解到达该分组时根据已更新的权重拟合。固定块格式使用 act-order 时必须启用。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="837"/>
        <source>True sequential</source>
        <translation>严格顺序</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="839"/>
        <source>On: each linear&apos;s Hessian is taken on inputs computed through the linears of its layer already quantized (the GPTQ and QuaRot code). Off: every Hessian of a layer comes from one pass through its unquantized weights (llm-compressor).</source>
        <translation>开启：每个线性层的 Hessian 矩阵取自经过本层中已量化线性层计算得到的输入（GPTQ 与 QuaRot 的代码）。关闭：一层的所有 Hessian 矩阵都来自对其未量化权重的一次前向传播（llm-compressor）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="842"/>
        <source>Calibration set</source>
        <translation>校准集</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="844"/>
        <source>The text GPTQ&apos;s Hessians are collected on: windows of this many tokens at seeded random offsets. The papers use 128 windows of 2048 tokens on a GPU.</source>
        <translation>用于采集 GPTQ Hessian 矩阵的文本：在由随机种子决定的随机偏移处截取指定词元数的窗口。论文中在 GPU 上使用 128 个 2048 词元的窗口。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="848"/>
        <source>A corpus name, or the path of a UTF-8 text file; empty: the default calibration corpus (%1).</source>
        <translation>语料名称，或 UTF-8 文本文件的路径；留空：使用默认校准语料（%1）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="851"/>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="865"/>
        <source>Windows:</source>
        <translation>窗口数：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="855"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="856"/>
        <source>Chooses the windows&apos; offsets in the text.</source>
        <translation>决定窗口在文本中的偏移。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="866"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="867"/>
        <source>Non-overlapping windows scored for perplexity and KL divergence.</source>
        <translation>用于计算困惑度和 KL 散度的互不重叠的窗口。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="868"/>
        <source>Probe tokens:</source>
        <translation>探测词元数：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="869"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="870"/>
        <source>Tokens of the first window run through every linear alone, for the error histograms.</source>
        <translation>第一个窗口中逐个送入每个线性层的词元，用于误差直方图。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="872"/>
        <source>Run recipe</source>
        <translation>运行配方</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="873"/>
        <source>Run matrix…</source>
        <translation>运行矩阵…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="874"/>
        <source>Run every recipe of a matrix JSON file (rotations × formats × seeds).</source>
        <translation>运行矩阵 JSON 文件中的每个配方（旋转 × 格式 × 种子）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_panel.cpp" line="875"/>
        <source>Census after rotation</source>
        <translation>旋转后的激活统计</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExperimentView</name>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="190"/>
        <source>Each row is one run: the model rotated and fake-quantized as its recipe says, evaluated on the same tokens as the unquantized model. Lower perplexity and KL divergence and a higher top-1 agreement are better. Click a column to sort; select two or more rows to overlay their error histograms below.</source>
        <translation>每一行是一次运行：按其配方旋转并伪量化的模型，在与未量化模型相同的词元上进行评估。困惑度和 KL 散度越低、top-1 一致率越高越好。点击列标题可排序；选中两行或更多行，可在下方叠加比较它们的误差直方图。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="193"/>
        <source>Each row is one run, scored against the unquantized model on the same tokens; select rows to compare their error histograms below.</source>
        <translation>每一行是一次运行，在相同词元上与未量化模型比较；选中若干行，可在下方比较它们的误差直方图。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="195"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="196"/>
        <source>The summary table, one row per run and one per recipe over its seeds.</source>
        <translation>汇总表：每次运行一行，每个配方（汇总其各个种子）再一行。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="197"/>
        <source>Export Report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="198"/>
        <source>An HDF5 run report with every run&apos;s metrics, per-linear errors and histograms.</source>
        <translation>包含每次运行的指标、逐线性层误差和直方图的 HDF5 运行报告。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="199"/>
        <source>Export Model…</source>
        <translation>导出模型…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="200"/>
        <source>Write the selected run&apos;s quantized model for transformers, vLLM (compressed-tensors) or llama.cpp (GGUF); the recipe is run again on the model file.</source>
        <translation>为 transformers、vLLM（compressed-tensors）或 llama.cpp（GGUF）写出所选运行的量化模型；配方会在模型文件上重新运行。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="202"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="203"/>
        <source>Error histograms</source>
        <translation>误差直方图</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="204"/>
        <source>The quantization errors of one linear in the selected runs.</source>
        <translation>所选运行中某一线性层的量化误差。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="205"/>
        <source>GPTQ gain</source>
        <translation>GPTQ 增益</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="206"/>
        <source>GPTQ&apos;s proxy loss against round to nearest&apos;s, per layer and linear.</source>
        <translation>GPTQ 与就近舍入的代理损失对比，按层和线性层。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="207"/>
        <source>Matrix</source>
        <translation>矩阵</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="208"/>
        <source>Every run as a matrix of two recipe fields, one metric per cell.</source>
        <translation>所有运行按配方的两个字段排成矩阵，每格一个指标。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/experiment_view.cpp" line="212"/>
        <source>No runs yet: run a recipe from the Experiment dock, or open a run report.</source>
        <translation>尚无运行：请在“实验”面板中运行配方，或打开一份运行报告。</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExplanationLabel</name>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="47"/>
        <source>What am I seeing?</source>
        <translation>这里显示的是什么？</translation>
    </message>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="53"/>
        <source>More…</source>
        <translation>展开…</translation>
    </message>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="55"/>
        <source>Less</source>
        <translation>收起</translation>
    </message>
</context>
<context>
    <name>rs::gui::ExportDialog</name>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="18"/>
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="21"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="25"/>
        <source>Storage of the unquantized tensors (for hf: of every weight). f32 keeps Rotoscope&apos;s values exactly.</source>
        <translation>未量化张量的存储类型（对 hf 为全部权重）。f32 精确保留 Rotoscope 的数值。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="26"/>
        <source>Leave out what the runtime cannot run (online rotations, activation and KV quantizers)</source>
        <translation>省略运行时无法执行的部分（在线旋转、激活与 KV 量化）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="32"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="35"/>
        <source>Runtime:</source>
        <translation>运行时：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="36"/>
        <source>Float dtype:</source>
        <translation>浮点类型：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="38"/>
        <source>Recipe: %1</source>
        <translation>配方：%1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="79"/>
        <source>This runtime can run the recipe as exported.</source>
        <translation>该运行时可以运行导出的配方。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/export_dialog.cpp" line="79"/>
        <source>This runtime cannot run the recipe:</source>
        <translation>该运行时无法运行此配方：</translation>
    </message>
</context>
<context>
    <name>rs::gui::FitSitesModel</name>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="66"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="67"/>
        <source>Site</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="68"/>
        <source>max/median, start</source>
        <translation>最大值/中位数，起点</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="69"/>
        <source>max/median, fitted</source>
        <translation>最大值/中位数，拟合后</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="70"/>
        <source>Kurtosis, start</source>
        <translation>峰度，起点</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="71"/>
        <source>Kurtosis, fitted</source>
        <translation>峰度，拟合后</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="72"/>
        <source>Format error, start</source>
        <translation>格式误差，起点</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="73"/>
        <source>Format error, fitted</source>
        <translation>格式误差，拟合后</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="79"/>
        <source>Largest |x| over the median |x| of the site&apos;s activations (after R1): outliers.</source>
        <translation>该位置激活（经 R1 后）的最大 |x| 与中位数 |x| 之比：离群值。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="81"/>
        <source>Kurtosis of the site&apos;s activations after R1 (3 for a Gaussian).</source>
        <translation>该位置经 R1 后激活的峰度（高斯分布为 3）。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_sites_model.cpp" line="83"/>
        <source>‖x − Q(x)‖² / ‖x‖²: the share of the activations&apos; energy the format loses.</source>
        <translation>‖x − Q(x)‖² / ‖x‖²：该格式损失的激活能量比例。</translation>
    </message>
</context>
<context>
    <name>rs::gui::FitView</name>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="311"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="311"/>
        <source>Rounds</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="317"/>
        <source>Fit the rotation on the loaded model.</source>
        <translation>在已加载的模型上拟合旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="320"/>
        <source>Save the fit report first: recipes name a fitted rotation by the report&apos;s path.</source>
        <translation>请先保存拟合报告：配方通过报告路径引用拟合的旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="321"/>
        <source>Use %1 as R1 (and R2) in the experiment panel.</source>
        <translation>在实验面板中将 %1 用作 R1（和 R2）。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="336"/>
        <source>Loss (nats per token) %1 at the first step, %2 after %3 steps.</source>
        <translation>损失（每词元 nat）：第一步 %1，%3 步后 %2。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="337"/>
        <source>Weighted quantization error %1 at the start, %2 after %3 rounds (%4 %).</source>
        <translation>加权量化误差：开始时 %1，%3 轮后 %2（%4 %）。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="343"/>
        <source>On the first calibration windows: start %1, learned %2.</source>
        <translation>在前几个校准窗口上：起点 %1，学习后 %2。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="345"/>
        <source>max |RᵀR − I| = %1.</source>
        <translation>max |RᵀR − I| = %1。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="346"/>
        <source>Saved as %1.</source>
        <translation>已保存为 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="356"/>
        <source>Fit R1 to the model&apos;s own activations for one activation format: DFRot refines it by alternating Procrustes on the activation quantizer&apos;s error; SpinQuant learns R1 and one R2 per layer by Cayley SGD on the loss of the fake-quantized model. A block size fits a block-diagonal R1 (for example 32 for MXFP4). The curve shows the loss of every round or step as it runs.</source>
        <translation>针对一种激活格式，用模型自身的激活拟合 R1：DFRot 通过在激活量化误差上交替求解 Procrustes 问题来精化它；SpinQuant 在伪量化模型的损失上用 Cayley SGD 学习 R1 和每层一个 R2。块大小用于拟合块对角 R1（例如 MXFP4 用 32）。曲线实时显示每一轮或每一步的损失。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="360"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="363"/>
        <source>Activation format</source>
        <translation>激活格式</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="364"/>
        <source>The activation format the rotation is fitted for: INT/FP8 per token, or a block format.</source>
        <translation>旋转所针对的激活格式：按词元的 INT/FP8，或块格式。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="365"/>
        <source>KV format</source>
        <translation>KV 格式</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="366"/>
        <source>16 bits</source>
        <translation>16 位</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="367"/>
        <source>Block size</source>
        <translation>块大小</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="368"/>
        <source>dense</source>
        <translation>稠密</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="369"/>
        <source>Fit a block-diagonal R1 with blocks of this size (it must divide d_model); dense: one d_model × d_model rotation.</source>
        <translation>拟合具有该大小块的块对角 R1（必须整除 d_model）；稠密：一个 d_model × d_model 旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="370"/>
        <source>Start seed</source>
        <translation>起始种子</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="371"/>
        <source>Both methods start from a random Hadamard rotation drawn from this seed.</source>
        <translation>两种方法都从由该种子生成的随机 Hadamard 旋转开始。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="372"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="373"/>
        <source>Massive-token weight α</source>
        <translation>大幅激活词元的权重 α</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="374"/>
        <source>Calibration corpus</source>
        <translation>校准语料</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="375"/>
        <source>default (%1)</source>
        <translation>默认（%1）</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="376"/>
        <source>A corpus name or the path of a UTF-8 text file; empty: the default calibration corpus.</source>
        <translation>语料名称或 UTF-8 文本文件路径；留空：默认校准语料。</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="377"/>
        <source>Calibration windows</source>
        <translation>校准窗口</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="378"/>
        <source>Tokens per window</source>
        <translation>每个窗口的词元数</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="379"/>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="380"/>
        <source>Save fit report…</source>
        <translation>保存拟合报告…</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="381"/>
        <source>Use in experiment</source>
        <translation>用于实验</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="382"/>
        <source>Round or step</source>
        <translation>轮或步</translation>
    </message>
    <message>
        <location filename="../widgets/fitting/fit_view.cpp" line="383"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>rs::gui::FormatLab</name>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="249"/>
        <source>%1 — integers, one FP32 scale per group</source>
        <translation>%1 — 整数，每组一个 FP32 尺度</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="252"/>
        <source>%1 — 8-bit floats, one FP32 scale per group</source>
        <translation>%1 — 8 位浮点数，每组一个 FP32 尺度</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="255"/>
        <source>%1 — %2 elements, blocks of 32, power-of-two (E8M0) scale</source>
        <translation>%1 — %2 元素，每块 32 个，尺度为 2 的幂（E8M0）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="257"/>
        <source>%1 — E2M1 elements, blocks of 16, E4M3 scale × FP32 tensor scale</source>
        <translation>%1 — E2M1 元素，每块 16 个，E4M3 尺度 × FP32 张量尺度</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="259"/>
        <source>%1 — 16 normal-quantile levels, blocks of 64, absmax scale</source>
        <translation>%1 — 16 个正态分位数级别，每块 64 个，absmax 尺度</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="384"/>
        <source>No model is open: pick another source.</source>
        <translation>未打开模型：请选择其他来源。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="390"/>
        <source>The model has no layer %1.</source>
        <translation>模型没有第 %1 层。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="396"/>
        <source>%1 has no row %2.</source>
        <translation>%1 没有第 %2 行。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="405"/>
        <source>the whole weight matrix of lm_head</source>
        <translation>lm_head 的整个权重矩阵</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="406"/>
        <source>the whole weight matrix of %1 in layer %2</source>
        <translation>第 %2 层 %1 的整个权重矩阵</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="413"/>
        <source>all the given values</source>
        <translation>所有给定的数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="415"/>
        <source>No values were given: pick another source.</source>
        <translation>未给定任何数值：请选择其他来源。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="426"/>
        <source>&quot;%1&quot; is not a number. Type numbers separated by commas, such as 0.5, -1.25, 3.</source>
        <translation>“%1”不是数字。请输入以逗号分隔的数字，例如 0.5, -1.25, 3。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="432"/>
        <source>Type some numbers separated by commas, such as 0.5, -1.25, 3.</source>
        <translation>请输入若干以逗号分隔的数字，例如 0.5, -1.25, 3。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="436"/>
        <source>all the typed values</source>
        <translation>所有输入的数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="472"/>
        <source>Format: %1</source>
        <translation>格式：%1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="491"/>
        <source>values %1–%2 of %3, padded with %4 zeros</source>
        <translation>第 %1–%2 个数值（共 %3 个），补了 %4 个零</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="492"/>
        <source>values %1–%2 of %3</source>
        <translation>第 %1–%2 个数值（共 %3 个）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="497"/>
        <source>Cannot quantize this block: %1</source>
        <translation>无法量化此块：%1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="508"/>
        <source>Nothing to show: see the message above.</source>
        <translation>无可显示内容：请查看上方的消息。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="518"/>
        <source>&lt;b&gt;How the scale was chosen&lt;/b&gt;</source>
        <translation>&lt;b&gt;尺度是如何选定的&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="527"/>
        <source>grid: the %1 values %2 can give this block</source>
        <translation>网格：%2 能为此块提供的 %1 个数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="550"/>
        <source>the block&apos;s values</source>
        <translation>块中的数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="551"/>
        <source>rounded (dequantized) values</source>
        <translation>舍入后（反量化）的数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="569"/>
        <source>pad</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="579"/>
        <source>Zero padding: the source has no more values for this block.</source>
        <translation>零填充：来源中已没有更多数值可用于此块。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="598"/>
        <source>∞ (exact)</source>
        <translation>∞（精确）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="599"/>
        <source>undefined (all values are 0)</source>
        <translation>未定义（所有数值均为 0）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="600"/>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="601"/>
        <source>&lt;b&gt;This block:&lt;/b&gt; mean squared error %1 · max |error| %2 (element %3) · SQNR %4 · relative error ‖Q(x) − x‖ / ‖x‖ = %5</source>
        <translation>&lt;b&gt;此块：&lt;/b&gt;均方误差 %1 · 最大 |误差| %2（元素 %3）· SQNR %4 · 相对误差 ‖Q(x) − x‖ / ‖x‖ = %5</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="615"/>
        <source>A low-bit format can store only a few different values. Here one block of real numbers goes through a format step by step. The block shares one scale, chosen from its largest magnitude (left below); the scale stretches the format&apos;s few element values into the grid of ticks on the number line. Every value (blue, top) moves to the nearest tick (orange, bottom), and the arrows show how far. The table lists each element&apos;s code, the bits a real encoder would store, and its error. Try a block with one large outlier: the scale grows to fit it, the ticks spread apart, and the small values round to zero. Rotations exist to avoid exactly that.</source>
        <translation>低比特格式只能存储少数几个不同的数值。这里，一块真实数值一步步地经过某种格式。整个块共享一个尺度，它由块中绝对值最大的数决定（见左下）；尺度把格式中为数不多的元素值拉伸成数轴上的刻度网格。每个数值（蓝色，上方）移到最近的刻度（橙色，下方），箭头表示移动了多远。表格列出每个元素的编码（真实编码器会存储的比特）及其误差。试试带有一个大离群值的块：尺度会变大以容纳它，刻度随之拉开，小数值被舍入为零。旋转正是为了避免这种情况。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="622"/>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="623"/>
        <source>model weight</source>
        <translation>模型权重</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="624"/>
        <source>given values</source>
        <translation>给定的数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="625"/>
        <source>typed values</source>
        <translation>输入的数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="626"/>
        <source>&amp;Layer:</source>
        <translation>层(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="627"/>
        <source>&amp;Weight:</source>
        <translation>权重(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="628"/>
        <source>&amp;Row:</source>
        <translation>行(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="630"/>
        <source>%1 (%2 values)</source>
        <translation>%1（%2 个数值）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="631"/>
        <source>numbers separated by commas</source>
        <translation>以逗号分隔的数字</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="632"/>
        <source>&amp;Block:</source>
        <translation>块(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="633"/>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="634"/>
        <source>O&amp;ptions:</source>
        <translation>选项(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="635"/>
        <source>The format string, for example int4:asym, int8:clip0.9, fp8_e4m3, mxfp4:ceil, nvfp4.</source>
        <translation>格式字符串，例如 int4:asym、int8:clip0.9、fp8_e4m3、mxfp4:ceil、nvfp4。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="636"/>
        <source>&amp;Group size:</source>
        <translation>组大小(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="637"/>
        <source>INT and FP8 have no fixed block: the values sharing one scale. The block formats fix it.</source>
        <translation>INT 和 FP8 没有固定的块（共享同一尺度的数值个数）；块格式则固定了块大小。</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="638"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Index</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Value x</source>
        <translation>数值 x</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>x / scale</source>
        <translation>x / 尺度</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Dequantized</source>
        <translation>反量化值</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/format_lab.cpp" line="640"/>
        <source>Error</source>
        <translation>误差</translation>
    </message>
</context>
<context>
    <name>rs::gui::GptqGainModel</name>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="103"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="117"/>
        <source>GPTQ&apos;s proxy loss is %1 % of RTN&apos;s: GPTQ removes %2 % of the output error on the calibration set.</source>
        <translation>GPTQ 的代理损失为 RTN 的 %1 %：GPTQ 消除了校准集上 %2 % 的输出误差。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="119"/>
        <source>GPTQ&apos;s proxy loss is %1 times RTN&apos;s: worse than rounding to nearest here.</source>
        <translation>GPTQ 的代理损失是 RTN 的 %1 倍：此处不如就近舍入。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="130"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="131"/>
        <source>Linear</source>
        <translation>线性层</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="132"/>
        <source>GPTQ loss</source>
        <translation>GPTQ 损失</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="132"/>
        <source>RTN loss</source>
        <translation>RTN 损失</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="132"/>
        <source>GPTQ / RTN</source>
        <translation>GPTQ / RTN</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="133"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="138"/>
        <source>%1
GPTQ&apos;s proxy loss tr((W − Q) H (W − Q)ᵀ): the linear&apos;s output error on the calibration inputs that GPTQ minimizes (H = 2/n Σ xᵀx).</source>
        <translation>%1
GPTQ 的代理损失 tr((W − Q) H (W − Q)ᵀ)：GPTQ 所最小化的、该线性层在校准输入上的输出误差（H = 2/n Σ xᵀx）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="141"/>
        <source>%1
The same proxy loss for round to nearest with the same format, on the same Hessian.</source>
        <translation>%1
相同格式的就近舍入在同一 Hessian 矩阵上的同一代理损失。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_model.cpp" line="142"/>
        <source>%1
GPTQ&apos;s loss divided by RTN&apos;s: below 1, GPTQ&apos;s weight changes the output less.</source>
        <translation>%1
GPTQ 损失除以 RTN 损失：小于 1 表示 GPTQ 的权重对输出的改变更小。</translation>
    </message>
</context>
<context>
    <name>rs::gui::GptqGainView</name>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="132"/>
        <source>GPTQ quantizes a linear&apos;s weight column by column and pushes each column&apos;s rounding error onto the columns not yet quantized, so that the linear&apos;s output on the calibration text changes as little as possible. The &lt;i&gt;proxy loss&lt;/i&gt; tr((W − Q) H (W − Q)ᵀ) measures that output error with H, the second moment of the linear&apos;s input. Here it is compared with the proxy loss of round to nearest (RTN) with the same format on the same H, per layer and linear: a ratio below 1 is what GPTQ gains. Select one GPTQ run in the table, or two to compare their gains (the second drawn dashed).</source>
        <translation>GPTQ 逐列量化线性层的权重，并把每一列的舍入误差推到尚未量化的列上，使该层在校准文本上的输出变化尽可能小。&lt;i&gt;代理损失&lt;/i&gt; tr((W − Q) H (W − Q)ᵀ) 用 H（该层输入的二阶矩）来度量这一输出误差。这里按层和线性层，将其与相同格式、相同 H 下就近舍入（RTN）的代理损失相比较：比值小于 1 即为 GPTQ 的增益。在表格中选择一个 GPTQ 运行，或选择两个以比较其增益（第二个以虚线绘制）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="138"/>
        <source>GPTQ&apos;s proxy loss against round to nearest&apos;s, per layer and linear, for the GPTQ run selected above (or two).</source>
        <translation>上方所选 GPTQ 运行（或两个运行）按层和线性层的代理损失，与就近舍入对比。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="139"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="140"/>
        <source>Ratio GPTQ / RTN</source>
        <translation>比值 GPTQ / RTN</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="141"/>
        <source>Proxy losses</source>
        <translation>代理损失</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="142"/>
        <source>The ratio of the two proxy losses per linear (for one or two runs), or the two losses of the first run themselves.</source>
        <translation>每个线性层两种代理损失的比值（一个或两个运行），或第一个运行的两种损失本身。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="144"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="150"/>
        <source>No runs yet: run a recipe with the GPTQ weight method.</source>
        <translation>尚无运行：请用 GPTQ 权重方法运行一个配方。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="160"/>
        <source>The selected GPTQ run carries no proxy losses
(a report written without them).</source>
        <translation>所选 GPTQ 运行没有代理损失
（报告写入时未包含）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="164"/>
        <source>%1
leaves the weights unquantized: there is no GPTQ gain to show.</source>
        <translation>%1
未量化权重：没有可显示的 GPTQ 增益。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="165"/>
        <source>%1
rounds its weights to nearest (RTN).
GPTQ&apos;s gain is measured on GPTQ runs: select one in the table.</source>
        <translation>%1
对权重采用就近舍入（RTN）。
GPTQ 增益在 GPTQ 运行上测量：请在表格中选择一个。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="168"/>
        <source>None of these runs uses GPTQ: their weights are rounded to nearest (RTN).
Select a GPTQ run in the table.</source>
        <translation>这些运行都没有使用 GPTQ：其权重采用就近舍入（RTN）。
请在表格中选择一个 GPTQ 运行。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="240"/>
        <source>GPTQ&apos;s proxy loss ÷ RTN&apos;s, per layer (below the dashed line at 1, GPTQ is better)</source>
        <translation>GPTQ 代理损失 ÷ RTN 代理损失，按层（低于 1 处的虚线即 GPTQ 更好）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="241"/>
        <source>GPTQ / RTN</source>
        <translation>GPTQ / RTN</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="244"/>
        <source>Proxy loss per layer of run A: GPTQ (solid) and RTN with the same format (dashed)</source>
        <translation>运行 A 按层的代理损失：GPTQ（实线）与相同格式的 RTN（虚线）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="245"/>
        <source>Proxy loss per layer: GPTQ (solid) and RTN with the same format (dashed)</source>
        <translation>按层的代理损失：GPTQ（实线）与相同格式的 RTN（虚线）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="246"/>
        <source>proxy loss</source>
        <translation>代理损失</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="248"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="282"/>
        <source>%1: GPTQ / RTN %2 (geometric mean over %n linears)</source>
        <translation>
            <numerusform>%1：GPTQ / RTN %2（%n 个线性层的几何平均）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="287"/>
        <source>A (solid) %1</source>
        <translation>A（实线）%1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="287"/>
        <source>B (dashed) %1</source>
        <translation>B（虚线）%1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="288"/>
        <source>A %1</source>
        <translation>A %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="288"/>
        <source>B %1 (in the table only)</source>
        <translation>B %1（仅在表格中）</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/gptq_gain_view.cpp" line="290"/>
        <source>[%n warning(s): %1]</source>
        <translation>
            <numerusform>[%n 条警告：%1]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rs::gui::HeatmapView</name>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="140"/>
        <source>|x| of every channel (columns) at every token (rows) of one calibration window, the one the census kept whole. Massive activations are the few bright cells: typically in one or two fixed channels, at the first token and at delimiters such as “.” or a newline (↵; ␣ marks a space). Scroll to zoom, drag to pan, hover over a cell to read it; clicking a row of the massive-activation table marks its cell here.</source>
        <translation>一个校准窗口（即激活统计完整保留的那个窗口）中，每个词元（行）在每个通道（列）上的 |x|。超大激活就是少数几个亮格：通常位于一两个固定的通道中，出现在第一个词元以及“.”或换行符（↵；␣ 表示空格）等分隔符处。滚动滚轮可缩放，拖动可平移，鼠标悬停在单元格上可读取其数值；点击超大激活表中的某一行，会在此处标出对应的单元格。</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="145"/>
        <source>&amp;Log colour scale</source>
        <translation>对数色标(&amp;L)</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="146"/>
        <source>Show &amp;all</source>
        <translation>显示全部(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="147"/>
        <source>channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="148"/>
        <source>token (position)</source>
        <translation>词元（位置）</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="149"/>
        <source>|x|</source>
        <translation>|x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="165"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>请打开模型并运行激活统计，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="167"/>
        <source>The census has no data for this site.</source>
        <translation>激活统计中没有该采样点的数据。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/heatmap_view.cpp" line="169"/>
        <source>Nothing was captured: the census kept %n token(s) of its capture window.</source>
        <translation>
            <numerusform>未捕获任何数据：激活统计只保留了捕获窗口中的 %n 个词元。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="200"/>
        <source>Hover over a cell to read its token, channel and value.</source>
        <translation>将鼠标悬停在单元格上，可查看其词元、通道和数值。</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="255"/>
        <source>Marked: %1</source>
        <translation>已标记：%1</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="257"/>
        <source>The cell (window %1, position %2, channel %3) cannot be shown: nothing was captured.</source>
        <translation>无法显示该单元格（窗口 %1，位置 %2，通道 %3）：未捕获任何数据。</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="260"/>
        <source>The exact cell (window %1, position %2, channel %3) is outside the captured rows: the heatmap holds positions 0–%4 of window %5 only.</source>
        <translation>该单元格（窗口 %1，位置 %2，通道 %3）不在已捕获的行中：热力图只包含窗口 %5 的位置 0–%4。</translation>
    </message>
    <message>
        <location filename="../widgets/census/heatmap_view.cpp" line="310"/>
        <source>token “%1” at position %2, channel %3: x = %4</source>
        <translation>位置 %2 处的词元“%1”，通道 %3：x = %4</translation>
    </message>
</context>
<context>
    <name>rs::gui::HistogramView</name>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="101"/>
        <source>How many values of this site have each magnitude |x|, positive (blue) and negative (orange) apart. Both axes are logarithmic. The census counts on a log2 grid: every octave [2&lt;sup&gt;e&lt;/sup&gt;, 2&lt;sup&gt;e+1&lt;/sup&gt;), such as [1, 2) or [2, 4), is split into 4 equal bins, so equal steps to the right multiply |x|. Most values form one hump; massive activations are the thin tail far to the right. Empty bins leave a gap.</source>
        <translation>该采样点的数值在各个绝对值 |x| 上各有多少个，正值（蓝色）和负值（橙色）分开统计。两条坐标轴均为对数刻度。激活统计在 log2 网格上计数：每个二倍区间 [2&lt;sup&gt;e&lt;/sup&gt;, 2&lt;sup&gt;e+1&lt;/sup&gt;)（如 [1, 2) 或 [2, 4)）被等分为 4 个分箱，因此向右每移动相同的步长，|x| 就乘以相同的倍数。大多数数值形成一个峰；超大激活是远在右侧的细长尾部。空分箱处会留下空隙。</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="106"/>
        <source>positive values</source>
        <translation>正值</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="107"/>
        <source>negative values</source>
        <translation>负值</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="108"/>
        <source>|x| (log scale, lower bin edge)</source>
        <translation>|x|（对数刻度，分箱下界）</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="109"/>
        <source>values in the bin (log scale)</source>
        <translation>分箱内的数值个数（对数刻度）</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="124"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>请打开模型并运行激活统计，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="125"/>
        <source>The census has no data for this site.</source>
        <translation>激活统计中没有该采样点的数据。</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="126"/>
        <source>No value of this site falls on the histogram grid.</source>
        <translation>该采样点没有任何数值落在直方图网格上。</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="137"/>
        <source>massive
threshold
%1</source>
        <translation>超大激活
阈值
%1</translation>
    </message>
    <message>
        <location filename="../widgets/census/histogram_view.cpp" line="144"/>
        <source>%1 values in all. Not on the grid: %2 exact zeros, %3 below 2&lt;sup&gt;%4&lt;/sup&gt;, %5 at or above 2&lt;sup&gt;%6&lt;/sup&gt;, %7 NaN or infinite.</source>
        <translation>共 %1 个数值。不在网格上的：恰好为零的 %2 个，小于 2&lt;sup&gt;%4&lt;/sup&gt; 的 %3 个，大于等于 2&lt;sup&gt;%6&lt;/sup&gt; 的 %5 个，NaN 或无穷大的 %7 个。</translation>
    </message>
</context>
<context>
    <name>rs::gui::JobRunner</name>
    <message>
        <location filename="../widgets/job_runner.cpp" line="100"/>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../widgets/job_runner.cpp" line="124"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>rs::gui::JobStatus</name>
    <message>
        <location filename="../widgets/job_status.cpp" line="46"/>
        <location filename="../widgets/job_status.cpp" line="119"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="52"/>
        <source>Run %1 of %2: %3</source>
        <translation>第 %1/%2 次运行：%3</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="63"/>
        <source>layer %1 done</source>
        <translation>第 %1 层完成</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="66"/>
        <source>layer %1: %2</source>
        <translation>第 %1 层：%2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="107"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="109"/>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="110"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="111"/>
        <source>%1: %2, %3</source>
        <translation>%1：%2，%3</translation>
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
        <translation>峰度衡量分布尾部的厚重程度：正态分布的峰度为 3（虚线），而少数数值极大的张量峰度要高得多。厚尾正是低比特量化的难点所在：量化尺度必须覆盖罕见的大值，于是大量的小值只能分到寥寥几个量化级。旋转（QuaRot、SpinQuant）能使线性层输入的峰度回到 3 附近；但残差流本身并不会被它们旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="62"/>
        <source>normal distribution (3)</source>
        <translation>正态分布（3）</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="63"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="64"/>
        <source>kurtosis (log scale)</source>
        <translation>峰度（对数刻度）</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="73"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>请打开模型并运行激活统计，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="90"/>
        <source>No kurtosis values: the census saw no values.</source>
        <translation>没有峰度值：激活统计未采集到任何数值。</translation>
    </message>
    <message>
        <location filename="../widgets/census/kurtosis_view.cpp" line="93"/>
        <location filename="../widgets/census/kurtosis_view.cpp" line="94"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
</context>
<context>
    <name>rs::gui::LayerCurvesView</name>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="79"/>
        <source>For every layer, the three largest magnitudes |x| of a hidden state at the chosen site (one calibration window), averaged over the windows, and the median |x|. &lt;i&gt;Massive activations&lt;/i&gt; (Sun et al. 2024) are a handful of values thousands of times larger than the median: they appear suddenly at one early layer and then persist in the residual stream, so the top curves jump while the median stays flat. Such values wreck a shared quantization scale.</source>
        <translation>对每一层，显示所选采样点上一个隐藏状态（一个校准窗口）中三个最大的绝对值 |x|（对所有窗口取平均），以及 |x| 的中位数。&lt;i&gt;超大激活&lt;/i&gt;（Sun 等人，2024）是少数比中位数大数千倍的数值：它们在某个靠前的层中突然出现，随后一直保留在残差流中，因此上方的曲线陡然跃升，而中位数保持平稳。这类数值会破坏共享的量化尺度。</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="85"/>
        <source>&amp;Site:</source>
        <translation>采样点(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="86"/>
        <source>largest |x|</source>
        <translation>最大 |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="87"/>
        <source>2nd largest |x|</source>
        <translation>第二大 |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="88"/>
        <source>3rd largest |x|</source>
        <translation>第三大 |x|</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="89"/>
        <source>median |x|</source>
        <translation>|x| 中位数</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="90"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="91"/>
        <source>|x| (log scale)</source>
        <translation>|x|（对数刻度）</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="104"/>
        <source>The census holds no layers.</source>
        <translation>激活统计中没有任何层。</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="105"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>请打开模型并运行激活统计，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="138"/>
        <source>massive threshold |x| = %1</source>
        <translation>超大激活阈值 |x| = %1</translation>
    </message>
    <message>
        <location filename="../widgets/census/layer_curves_view.cpp" line="146"/>
        <source>No values were recorded at %1.</source>
        <translation>在 %1 处没有记录到任何数值。</translation>
    </message>
</context>
<context>
    <name>rs::gui::MainWindow</name>
    <message>
        <location filename="../widgets/main_window.cpp" line="388"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="389"/>
        <source>&amp;Open Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="390"/>
        <source>Open Model &amp;Directory…</source>
        <translation>打开模型目录(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="391"/>
        <source>Open De&amp;fault Model</source>
        <translation>打开默认模型(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="392"/>
        <source>Open &amp;Report…</source>
        <translation>打开报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="393"/>
        <source>Open Re&amp;cent</source>
        <translation>最近打开(&amp;C)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="394"/>
        <source>&amp;Export Census…</source>
        <translation>导出激活统计(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="395"/>
        <source>Export &amp;Plot…</source>
        <translation>导出图表(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="396"/>
        <source>Export Results as &amp;CSV…</source>
        <translation>将结果导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="397"/>
        <source>Export R&amp;un Report…</source>
        <translation>导出运行报告(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="398"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="399"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="400"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="401"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="402"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="403"/>
        <source>Run &amp;Census</source>
        <translation>运行激活统计(&amp;C)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="404"/>
        <source>Run &amp;Recipe</source>
        <translation>运行配方(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="405"/>
        <source>Run &amp;Matrix…</source>
        <translation>运行矩阵(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="406"/>
        <source>Census &amp;after Rotation</source>
        <translation>旋转后的激活统计(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="407"/>
        <source>C&amp;ancel</source>
        <translation>取消(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="408"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="409"/>
        <source>&amp;About Rotoscope</source>
        <translation>关于 Rotoscope(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="410"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="411"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="412"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="413"/>
        <location filename="../widgets/main_window.cpp" line="1078"/>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="414"/>
        <source>Experiments</source>
        <translation>实验结果</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="415"/>
        <source>Results of the quantized runs and their error histograms</source>
        <translation>量化运行的结果及其误差直方图</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="416"/>
        <source>Format lab</source>
        <translation>格式实验室</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="417"/>
        <source>One block of values through a number format, step by step</source>
        <translation>一块数值逐步经过某种数值格式</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="418"/>
        <source>Rotation fitting</source>
        <translation>旋转拟合</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="419"/>
        <source>Fit R1 (and R2) to the model&apos;s activations for a format, and watch the loss</source>
        <translation>针对某种格式用模型激活拟合 R1（和 R2），并观察损失</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="420"/>
        <source>Census of:</source>
        <translation>统计对象：</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="451"/>
        <source>Open the model to run a census: a report holds the census, not the model.</source>
        <translation>请打开模型以运行激活统计：报告中只有统计结果，不含模型本身。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="452"/>
        <source>Open a model to run a census.</source>
        <translation>请打开模型以运行激活统计。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="454"/>
        <location filename="../widgets/main_window.cpp" line="472"/>
        <source>This model&apos;s tokenizer cannot be used: %1</source>
        <translation>无法使用该模型的分词器：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="456"/>
        <location filename="../widgets/main_window.cpp" line="473"/>
        <source>A job is running.</source>
        <translation>有任务正在运行。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="459"/>
        <source>Run the activation census of the loaded model.</source>
        <translation>对已加载的模型运行激活统计。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="471"/>
        <source>Open a model to run experiments: a report holds results, not the model.</source>
        <translation>请打开模型以运行实验：报告中只有结果，不含模型本身。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="487"/>
        <source>%1 — Rotoscope</source>
        <translation>%1 — Rotoscope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="493"/>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="495"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="498"/>
        <source>Census: %1 windows × %2 tokens of %3</source>
        <translation>激活统计：%3 中的 %1 个窗口 × %2 个词元</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="502"/>
        <location filename="../widgets/main_window.cpp" line="970"/>
        <source>after rotation: %1</source>
        <translation>旋转后：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="505"/>
        <source>Runs in the table: %1</source>
        <translation>表中运行数：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="549"/>
        <source>%1 is still running; wait for it or cancel it first.</source>
        <translation>“%1”仍在运行；请等待其完成，或先将其取消。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="556"/>
        <source>Cancelled: %1. The runs that finished stay in the table: %2.</source>
        <translation>已取消：%1。已完成的运行保留在表中：%2 次。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="560"/>
        <source>Cancelled: %1. Nothing was changed.</source>
        <translation>已取消：%1。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="562"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="579"/>
        <source>%1: not a model (.gguf or a model directory) or a report (.h5)</source>
        <translation>%1：既不是模型（.gguf 或模型目录），也不是报告（.h5）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="701"/>
        <source>Open Report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="702"/>
        <source>Census and run reports (*.h5 *.hdf5);;All files (*)</source>
        <translation>激活统计报告和运行报告 (*.h5 *.hdf5);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="832"/>
        <source>%1: the matrix exports as a PNG picture (or with Export CSV… as a table)</source>
        <translation>%1：矩阵可导出为 PNG 图像（或用“导出 CSV…”导出为表格）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="966"/>
        <source>original</source>
        <translation>原始模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1000"/>
        <source>Switch on at least one rotation (R1–R4) for a census after rotation.</source>
        <translation>请至少开启一个旋转（R1–R4），才能运行旋转后的激活统计。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1015"/>
        <source>The census after rotation failed</source>
        <translation>旋转后的激活统计失败</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1034"/>
        <source>Census after rotation finished in %1 s.</source>
        <translation>旋转后的激活统计完成，用时 %1 秒。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1038"/>
        <source>Census after rotation</source>
        <translation>旋转后的激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1078"/>
        <source>Experiment (seeds %1)</source>
        <translation>实验（种子 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1096"/>
        <source>Could not run the matrix: %1</source>
        <translation>无法运行矩阵：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1100"/>
        <source>%1: the matrix holds no recipes</source>
        <translation>%1：矩阵中没有配方</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1104"/>
        <source>Matrix %1</source>
        <translation>矩阵 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1111"/>
        <source>The experiment failed</source>
        <translation>实验失败</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1135"/>
        <source>Finished runs: %1.</source>
        <translation>已完成运行：%1 次。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1258"/>
        <source>Unquantized model: perplexity %1 (llama.cpp protocol %2) on %3 tokens of %4.</source>
        <translation>未量化模型：在 %4 的 %3 个词元上，困惑度为 %1（llama.cpp 口径为 %2）。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1261"/>
        <source>From %1.</source>
        <translation>来自 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1268"/>
        <location filename="../widgets/main_window.cpp" line="1285"/>
        <location filename="../widgets/main_window.cpp" line="1299"/>
        <location filename="../widgets/main_window.cpp" line="1330"/>
        <source>There are no results to export yet: run a recipe or open a run report.</source>
        <translation>尚无可导出的结果：请运行配方，或打开一份运行报告。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1275"/>
        <location filename="../widgets/main_window.cpp" line="1306"/>
        <source>%1: could not write the file (%2)</source>
        <translation>%1：无法写入文件（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1279"/>
        <source>Saved the results to %1.</source>
        <translation>结果已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1293"/>
        <location filename="../widgets/main_window.cpp" line="1310"/>
        <source>Saved the matrix to %1.</source>
        <translation>矩阵已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1317"/>
        <location filename="../widgets/main_window.cpp" line="1318"/>
        <source>Export Matrix</source>
        <translation>导出矩阵</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1334"/>
        <source>Could not export the run report</source>
        <translation>无法导出运行报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1336"/>
        <source>The table holds runs with different models, evaluation, smoothing or GPTQ calibration settings; a run report holds one experiment. Clear the table and run the recipes again with one setting.</source>
        <translation>表格中的运行使用了不同的模型、评估、平滑或 GPTQ 校准设置；一份运行报告只包含一个实验。请清空表格，并用同一设置重新运行配方。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1358"/>
        <source>Saved the run report to %1.</source>
        <translation>运行报告已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1361"/>
        <source>Exporting the run report</source>
        <translation>正在导出运行报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1366"/>
        <source>Export Results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1390"/>
        <location filename="../widgets/main_window.cpp" line="1421"/>
        <source>Select one run in the results table to export its model.</source>
        <translation>请在结果表中选择一个运行以导出其模型。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1395"/>
        <source>The model these runs were computed on is not known; open it first.</source>
        <translation>未知这些运行所用的模型；请先打开它。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1399"/>
        <source>Could not export the model</source>
        <translation>无法导出模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1411"/>
        <source>Exported the model to %1 (%2 MB).</source>
        <translation>模型已导出到 %1（%2 MB）。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1415"/>
        <source>Exporting the model</source>
        <translation>正在导出模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1432"/>
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1433"/>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF 文件 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1433"/>
        <source>Model directories (*)</source>
        <translation>模型目录 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1473"/>
        <source>The rotation fit failed</source>
        <translation>旋转拟合失败</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1498"/>
        <source>Rotation fit finished in %1 s.</source>
        <translation>旋转拟合完成，用时 %1 秒。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1501"/>
        <source>Fitting the rotation</source>
        <translation>正在拟合旋转</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1508"/>
        <source>There is no fitted rotation to save yet: run a fit first.</source>
        <translation>还没有可保存的拟合旋转：请先运行拟合。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1512"/>
        <source>Could not save the fit report</source>
        <translation>无法保存拟合报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1520"/>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1523"/>
        <source>Saving the fit report</source>
        <translation>正在保存拟合报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1528"/>
        <source>Save Fit Report</source>
        <translation>保存拟合报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1528"/>
        <source>Fit reports (*.h5)</source>
        <translation>拟合报告 (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1538"/>
        <source>Save the fit report first: recipes name a fitted rotation by the report&apos;s path.</source>
        <translation>请先保存拟合报告：配方通过报告路径引用拟合的旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1546"/>
        <source>The experiment panel now uses the fitted rotation.</source>
        <translation>实验面板现在使用拟合的旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1318"/>
        <location filename="../widgets/main_window.cpp" line="1366"/>
        <source>CSV tables (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="975"/>
        <source>Which census the tabs show: of the model as loaded, or with the experiment panel&apos;s rotations fused (nothing quantized); each rotation run keeps its census, so rotations can be compared by switching here.</source>
        <translation>各标签页显示哪一份激活统计：加载时的原始模型，或融合了实验面板中旋转的模型（不做量化）；每次运行的旋转都会保留其统计，因此可在此切换以比较不同旋转。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1375"/>
        <source>Export Run Report</source>
        <translation>导出运行报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="1375"/>
        <source>Run reports (*.h5)</source>
        <translation>运行报告 (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="587"/>
        <source>No model given.</source>
        <translation>未指定模型。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="592"/>
        <source>Could not open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="618"/>
        <source>%1: the model loaded, but its tokenizer cannot be used, so no census can run: %2</source>
        <translation>%1：模型已加载，但其分词器无法使用，因此无法运行激活统计：%2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="626"/>
        <location filename="../widgets/main_window.cpp" line="672"/>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="632"/>
        <source>Could not open the report</source>
        <translation>无法打开报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="687"/>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="688"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="693"/>
        <source>Open Model Directory (config.json, *.safetensors)</source>
        <translation>打开模型目录（config.json、*.safetensors）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="712"/>
        <source>%1 (report)</source>
        <translation>%1（报告）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="713"/>
        <source>%1 (model)</source>
        <translation>%1（模型）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="721"/>
        <source>No recent files</source>
        <translation>无最近文件</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="723"/>
        <source>&amp;Clear List</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="733"/>
        <source>%1 no longer exists; it was removed from the recent files.</source>
        <translation>%1 已不存在，已将其从最近文件中移除。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="756"/>
        <source>The census failed</source>
        <translation>激活统计失败</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="764"/>
        <source>Census finished in %1 s.</source>
        <translation>激活统计完成，用时 %1 秒。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="767"/>
        <source>Census</source>
        <translation>激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="775"/>
        <source>There is no census to export yet: run one or open a report.</source>
        <translation>尚无可导出的激活统计：请先运行一次，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="779"/>
        <source>Could not export the census</source>
        <translation>无法导出激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="790"/>
        <source>Saved the census to %1.</source>
        <translation>激活统计已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="793"/>
        <source>Exporting the census</source>
        <translation>正在导出激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="804"/>
        <source>Export Census</source>
        <translation>导出激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="804"/>
        <source>Census reports (*.h5)</source>
        <translation>激活统计报告 (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="846"/>
        <source>There is no plot to export: open a census and pick a tab with a plot.</source>
        <translation>没有可导出的图表：请打开激活统计，并选择一个含有图表的标签页。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="861"/>
        <source>%1: unknown image format; use .png, .svg, .pdf or .jpg</source>
        <translation>%1：未知的图像格式；请使用 .png、.svg、.pdf 或 .jpg</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="865"/>
        <location filename="../widgets/main_window.cpp" line="1289"/>
        <source>%1: could not write the image</source>
        <translation>%1：无法写入图像</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="869"/>
        <source>Saved the plot to %1.</source>
        <translation>图表已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="874"/>
        <location filename="../widgets/main_window.cpp" line="1317"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="874"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="874"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="875"/>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 图像 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="878"/>
        <source>Export Plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="518"/>
        <source>No translation for this language; showing English.</source>
        <translation>该语言暂无翻译，界面以英文显示。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="523"/>
        <source>CUDA backend: built in, a device is available</source>
        <translation>CUDA 后端：已内置，设备可用</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="524"/>
        <source>CUDA backend: built in, but no CUDA device found</source>
        <translation>CUDA 后端：已内置，但未找到 CUDA 设备</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="526"/>
        <source>CUDA backend: not built in (CPU only)</source>
        <translation>CUDA 后端：未内置（仅 CPU）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="530"/>
        <source>A workbench for rotation-based low-bit quantization of large language models.</source>
        <translation>基于旋转的大语言模型低比特量化工作台。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="531"/>
        <source>Git commit: %1</source>
        <translation>Git 提交：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="532"/>
        <source>Built with Qt %1 and QCustomPlot %2</source>
        <translation>基于 Qt %1 和 QCustomPlot %2 构建</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="537"/>
        <source>About Rotoscope</source>
        <translation>关于 Rotoscope</translation>
    </message>
</context>
<context>
    <name>rs::gui::MassiveTableModel</name>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="59"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="85"/>
        <source>token id %1: “%2”</source>
        <translation>词元 ID %1：“%2”</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="86"/>
        <source>|value| / median of |x| over the hidden state it was found in</source>
        <translation>|值| / 其所在隐藏状态的 |x| 中位数</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="115"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="116"/>
        <source>Site</source>
        <translation>采样点</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="117"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="118"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="119"/>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="120"/>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="121"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="122"/>
        <source>Median |x|</source>
        <translation>|x| 中位数</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="123"/>
        <source>|Value| / median</source>
        <translation>|值| / 中位数</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="129"/>
        <source>Calibration window the value was seen in</source>
        <translation>该值所在的校准窗口</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="130"/>
        <source>Token position in that window</source>
        <translation>词元在该窗口中的位置</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_model.cpp" line="131"/>
        <source>Median |x| of the hidden state (all tokens and channels of the window)</source>
        <translation>隐藏状态的 |x| 中位数（该窗口的全部词元和通道）</translation>
    </message>
</context>
<context>
    <name>rs::gui::MassiveTableView</name>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="92"/>
        <source>Every massive activation the census listed: a value with |x| above an absolute threshold and above a multiple of the median |x| of its hidden state (Sun et al. 2024). They sit at few channels and few tokens (often the first one), and act like biases the model relies on. Click a header to sort, type to filter by token, site or number, and click a row to see its cell on the heatmap.</source>
        <translation>激活统计列出的所有超大激活：|x| 既超过绝对阈值、又超过其所在隐藏状态 |x| 中位数一定倍数的数值（Sun 等人，2024）。它们集中在少数通道和少数词元上（通常是第一个词元），其作用类似于模型所依赖的偏置。点击表头可排序，输入文字可按词元、采样点或数字筛选，点击某一行可在热力图上查看对应的单元格。</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="97"/>
        <source>&amp;Filter:</source>
        <translation>筛选(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="98"/>
        <source>token, site or number</source>
        <translation>词元、采样点或数字</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="99"/>
        <source>&amp;Site:</source>
        <translation>采样点(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="100"/>
        <source>All sites</source>
        <translation>所有采样点</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="108"/>
        <source>Open a model and run a census, or open a report.</source>
        <translation>请打开模型并运行激活统计，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="111"/>
        <source>No massive activations were found: no value had |x| &gt; %1 and |x| ≥ %2 × the median |x| of its hidden state. Small or randomly initialised models often have none.</source>
        <translation>未发现超大激活：没有任何数值同时满足 |x| &gt; %1 且 |x| ≥ %2 × 其所在隐藏状态的 |x| 中位数。小型模型或随机初始化的模型通常没有超大激活。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/massive_table_view.cpp" line="115"/>
        <source>No row matches the filter (%n massive activation(s) listed).</source>
        <translation>
            <numerusform>没有与筛选条件匹配的行（共列出 %n 个超大激活）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/massive_table_view.cpp" line="117"/>
        <source>%n massive activation(s) listed</source>
        <translation>
            <numerusform>共列出 %n 个超大激活</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="119"/>
        <source> (%1 found; the census lists at most %2 per site)</source>
        <translation>（共发现 %1 个；激活统计在每个采样点最多列出 %2 个）</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/census/massive_table_view.cpp" line="122"/>
        <source>, %n shown</source>
        <translation>
            <numerusform>，显示其中 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/census/massive_table_view.cpp" line="124"/>
        <source>%1.</source>
        <comment>ends the sentence about the listed massive activations</comment>
        <translation>%1。</translation>
    </message>
</context>
<context>
    <name>rs::gui::MessageBar</name>
    <message>
        <location filename="../widgets/message_bar.cpp" line="49"/>
        <location filename="../widgets/message_bar.cpp" line="80"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>rs::gui::ModelPanel</name>
    <message>
        <location filename="../widgets/model_panel.cpp" line="82"/>
        <source>Open a model or a census report (File menu, or drop a file here).</source>
        <translation>请打开模型或激活统计报告（通过“文件”菜单，或将文件拖放到此处）。</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="90"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="91"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="92"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="93"/>
        <source>Hidden size</source>
        <translation>隐藏层维度</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="94"/>
        <source>Heads</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="94"/>
        <source>%1 query, %2 key/value, %3 wide</source>
        <translation>%1 个查询头，%2 个键/值头，每头 %3 维</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="95"/>
        <source>FFN size</source>
        <translation>FFN 维度</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="96"/>
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="97"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="100"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="101"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="104"/>
        <source>Tensor types</source>
        <translation>张量类型</translation>
    </message>
    <message>
        <location filename="../widgets/model_panel.cpp" line="118"/>
        <source>From the report: the model itself is not loaded. Open the model to run a census.</source>
        <translation>来自报告：模型本身未加载。请打开模型以运行激活统计。</translation>
    </message>
</context>
<context>
    <name>rs::gui::ModelTreeModel</name>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="97"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="107"/>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="138"/>
        <source>%1 outputs × %2 inputs</source>
        <translation>%1 个输出 × %2 个输入</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="164"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="166"/>
        <source>Shape (out × in)</source>
        <translation>形状（输出 × 输入）</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="168"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../widgets/model_tree_model.cpp" line="170"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
</context>
<context>
    <name>rs::gui::ResultsMatrixModel</name>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="116"/>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="117"/>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="118"/>
        <source>Formats (W, A, KV)</source>
        <translation>格式（W、A、KV）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="119"/>
        <source>Weight format</source>
        <translation>权重格式</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="120"/>
        <source>Activation format</source>
        <translation>激活格式</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="121"/>
        <source>KV cache format</source>
        <translation>KV 缓存格式</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="122"/>
        <source>Weight method</source>
        <translation>权重量化方法</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="123"/>
        <source>Bits</source>
        <translation>位数</translation>
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
        <translation>KL 均值</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="133"/>
        <source>Top-1 %</source>
        <translation>Top-1 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="295"/>
        <source>%1 ± %2</source>
        <translation>%1 ± %2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="304"/>
        <source>No run has this combination.</source>
        <translation>没有运行属于这一组合。</translation>
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
            <numerusform>%1：%2（%n 次运行）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="325"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_model.cpp" line="326"/>
        <source>Split by weight method.</source>
        <translation>按权重方法拆分。</translation>
    </message>
</context>
<context>
    <name>rs::gui::ResultsMatrixView</name>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="128"/>
        <source>No runs yet: run a recipe or a matrix, or open a run report.</source>
        <translation>尚无运行：请运行配方或矩阵，或打开一份运行报告。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="130"/>
        <source>%n run(s) in %1 × %2 cells; each cell is the mean ± sample std of %3 over its runs (the seeds of a recipe, and every recipe sharing the two fields). Green is the best cell, orange the worst.</source>
        <translation>
            <numerusform>%n 次运行，分布在 %1 × %2 个格子中；每格为其中各运行 %3 的均值 ± 样本标准差（一个配方的各随机种子，以及这两个字段相同的所有配方）。绿色为最好的格子，橙色为最差。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="137"/>
        <source>Rows and columns are the same field: only the diagonal is filled.</source>
        <translation>行和列是同一字段：只有对角线有数值。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="144"/>
        <source>%1, split by weight method</source>
        <translation>%1，按权重方法拆分</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="145"/>
        <source>%1 — rows: %2; columns: %3</source>
        <translation>%1 — 行：%2；列：%3</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="171"/>
        <source>mean ± std over the runs in each cell; green best, orange worst</source>
        <translation>每格为其中各运行的均值 ± 标准差；绿色最好，橙色最差</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="205"/>
        <source>The results table folded into a matrix: choose which two recipe fields make the rows and the columns, and which metric fills the cells. A cell averages every run whose recipe has that row&apos;s and that column&apos;s value (the seeds of a random rotation, and any other recipes that share the two fields; the tooltip lists them) and shows mean ± sample standard deviation. Colours run from the best cell (green) to the worst (orange), on a log scale for perplexity and KL. With &lt;i&gt;Split by weight method&lt;/i&gt;, RTN and GPTQ runs of one column stand side by side.</source>
        <translation>将结果表格折叠成矩阵：选择配方的哪两个字段作为行和列，以及用哪个指标填充格子。每个格子对配方的行、列取值与之相同的所有运行求平均（随机旋转的各随机种子，以及这两个字段相同的其他配方；提示中会列出它们），显示均值 ± 样本标准差。颜色从最好的格子（绿色）到最差的（橙色），困惑度和 KL 使用对数刻度。勾选&lt;i&gt;按权重方法拆分&lt;/i&gt;后，同一列的 RTN 与 GPTQ 运行并排显示。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="211"/>
        <source>The runs as a matrix of two recipe fields, one metric per cell (mean ± std over the runs in it).</source>
        <translation>按配方的两个字段把运行排成矩阵，每格一个指标（其中各运行的均值 ± 标准差）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="212"/>
        <source>Rows:</source>
        <translation>行：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="213"/>
        <source>Columns:</source>
        <translation>列：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="214"/>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="221"/>
        <source>Split by weight method</source>
        <translation>按权重方法拆分</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="222"/>
        <source>Each column once per weight method (RTN, GPTQ and its options), side by side, when the runs use more than one.</source>
        <translation>当运行使用了不止一种权重方法时，每列按权重方法（RTN、GPTQ 及其选项）各出现一次，并排显示。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="224"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="225"/>
        <source>The whole matrix as a picture, with its metric and fields as a title.</source>
        <translation>将整个矩阵导出为图像，标题注明指标和字段。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="226"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_matrix_view.cpp" line="227"/>
        <source>The matrix as CSV: per column the mean, the standard deviation and the number of runs.</source>
        <translation>以 CSV 导出矩阵：每列给出均值、标准差和运行次数。</translation>
    </message>
</context>
<context>
    <name>rs::gui::ResultsTableModel</name>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="76"/>
        <source>%1 (%2): can export</source>
        <translation>%1（%2）：可以导出</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="77"/>
        <source>%1 (%2): cannot export</source>
        <translation>%1（%2）：无法导出</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="114"/>
        <source>%1: accuracy %2 ± %3 % over %4 questions, %5-shot</source>
        <translation>%1：准确率 %2 ± %3 %，共 %4 个问题，%5-shot</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="119"/>
        <source>Length-normalized accuracy %1 ± %2 %</source>
        <translation>按长度归一化的准确率 %1 ± %2 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="121"/>
        <source>Perplexity of the last words %1</source>
        <translation>末词困惑度 %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="125"/>
        <source>%1 subjects had no file; the average is over the %2 present</source>
        <translation>%1 个科目没有文件；平均值基于现有的 %2 个科目</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="128"/>
        <source>%1 questions lost the start of their prompt to the window</source>
        <translation>%1 个问题的提示开头因超出窗口而被截去</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="189"/>
        <source>Seed: %1</source>
        <translation>随机种子：%1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="190"/>
        <source>Rotations: %1</source>
        <translation>旋转：%1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="191"/>
        <source>Perplexity %1 (unquantized %2); llama.cpp protocol %3 (unquantized %4)</source>
        <translation>困惑度 %1（未量化 %2）；llama.cpp 口径 %3（未量化 %4）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="196"/>
        <source>KL divergence: mean %1, median %2, p99 %3, max %4 nats over %5 tokens</source>
        <translation>KL 散度：均值 %1，中位数 %2，p99 %3，最大值 %4 奈特（共 %5 个词元）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="207"/>
        <source>%1 runs of this recipe: perplexity %2 ± %3, KL %4 ± %5, top-1 %6 ± %7 %</source>
        <translation>此配方共 %1 次运行：困惑度 %2 ± %3，KL %4 ± %5，top-1 %6 ± %7 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="218"/>
        <source>Weight quantization warnings: %1</source>
        <translation>权重量化警告：%1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="220"/>
        <source>Time: %1 s preparing (smoothing, rotation, weight quantization), %2 s evaluating</source>
        <translation>时间：准备（平滑、旋转、权重量化）%1 秒，评估 %2 秒</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="230"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="232"/>
        <source>Accuracy on %1, scored as lm-eval-harness does (docs/tasks.md).</source>
        <translation>在 %1 上的准确率，按 lm-eval-harness 的方式计分（docs/tasks.md）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="237"/>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="238"/>
        <source>Bits</source>
        <translation>位数</translation>
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
        <translation>KL 均值</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="242"/>
        <source>KL p99</source>
        <translation>KL p99</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="243"/>
        <source>Top-1 %</source>
        <translation>Top-1 %</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="244"/>
        <source>Time, s</source>
        <translation>时间（秒）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="245"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="251"/>
        <source>Perplexity of the quantized model (every position after the first of each window).</source>
        <translation>量化模型的困惑度（每个窗口中除第一个位置外的所有位置）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="252"/>
        <source>Perplexity minus the unquantized model&apos;s on the same tokens.</source>
        <translation>困惑度减去未量化模型在相同词元上的困惑度。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="253"/>
        <source>Mean KL divergence from the unquantized model&apos;s next-token distribution, in nats.</source>
        <translation>相对于未量化模型下一词元分布的平均 KL 散度，单位为奈特。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="254"/>
        <source>99th percentile of the per-token KL divergence: the bad tokens.</source>
        <translation>逐词元 KL 散度的第 99 百分位数：表现最差的那些词元。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="255"/>
        <source>How often the quantized model&apos;s most likely next token is the unquantized model&apos;s.</source>
        <translation>量化模型最可能的下一个词元与未量化模型一致的频率。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="256"/>
        <source>Preparation (smoothing, rotation, weight quantization) plus evaluation.</source>
        <translation>准备（平滑、旋转、权重量化）加评估。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/results_table_model.cpp" line="257"/>
        <source>Which runtimes can run this recipe as exported: hf (transformers), compressed-tensors (vLLM), gguf (llama.cpp).</source>
        <translation>哪些运行时可以运行导出后的此配方：hf（transformers）、compressed-tensors（vLLM）、gguf（llama.cpp）。</translation>
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
        <translation>mse：尝试了截断比例 r = 1.00, 0.99, …, 0.50，保留平方误差最小的一个：r = %1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="49"/>
        <source>scale s = %1amax / qmax = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>尺度 s = %1amax / qmax = &lt;b&gt;%2&lt;/b&gt;</translation>
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
        <translation>编码 q = clamp(round(x / s), −%1, %1)，恰为一半时舍入到偶数</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="51"/>
        <source>dequantized = q · s</source>
        <translation>反量化值 = q · s</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="55"/>
        <source>range [lo, hi] = [min(min x, 0), max(max x, 0)] = [%1, %2]; it always holds 0 so that 0 stays exact</source>
        <translation>范围 [lo, hi] = [min(min x, 0), max(max x, 0)] = [%1, %2]；它总是包含 0，使 0 能被精确表示</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="58"/>
        <source>mse: clip ratios r = 1.00, 0.99, …, 0.50 were tried; the range is multiplied by the one with the least squared error</source>
        <translation>mse：尝试了截断比例 r = 1.00, 0.99, …, 0.50；范围乘以平方误差最小的那个</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="61"/>
        <source>clip: the range is multiplied by %1</source>
        <translation>clip：范围乘以 %1</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="62"/>
        <source>scale s = (hi − lo) / (2&lt;sup&gt;%1&lt;/sup&gt; − 1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>尺度 s = (hi − lo) / (2&lt;sup&gt;%1&lt;/sup&gt; − 1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="63"/>
        <source>zero point z = clamp(round(−lo / s), 0, %1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>零点 z = clamp(round(−lo / s), 0, %1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="64"/>
        <source>code q = clamp(round(x / s) + z, 0, %1), rounding halves to even</source>
        <translation>编码 q = clamp(round(x / s) + z, 0, %1)，恰为一半时舍入到偶数</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="65"/>
        <source>dequantized = (q − z) · s</source>
        <translation>反量化值 = (q − z) · s</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="72"/>
        <source>scale s = %1amax / %2 (the largest %3) = &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>尺度 s = %1amax / %2（%3 的最大值）= &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="74"/>
        <source>each x / s is rounded to the nearest %1 value (ties to even; beyond ±%2 it saturates)</source>
        <translation>每个 x / s 舍入到最近的 %1 值（恰为一半时取偶数；超出 ±%2 时饱和）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="76"/>
        <source>dequantized = element · s</source>
        <translation>反量化值 = 元素 · s</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="81"/>
        <source>amax = max |x| over the 32 values = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>amax = 32 个数值中的 max |x| = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="83"/>
        <source>an all-zero block gets the smallest scale, 2&lt;sup&gt;−127&lt;/sup&gt; (byte 0x00), and zeros</source>
        <translation>全零块获得最小尺度 2&lt;sup&gt;−127&lt;/sup&gt;（字节 0x00），元素全为零</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="87"/>
        <source>floor(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1 (the OCP MX rule)</source>
        <translation>floor(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1（OCP MX 规则）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="88"/>
        <source>%1&apos;s largest power of two is 2&lt;sup&gt;%2&lt;/sup&gt; (emax&lt;sub&gt;elem&lt;/sub&gt; = %2)</source>
        <translation>%1 的最大 2 的幂为 2&lt;sup&gt;%2&lt;/sup&gt;（emax&lt;sub&gt;elem&lt;/sub&gt; = %2）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="89"/>
        <source>shared exponent e = floor(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; = %1 − %2 = &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>共享指数 e = floor(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; = %1 − %2 = &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="93"/>
        <source>ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1 (rule &quot;ceil&quot;)</source>
        <translation>ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) = %1（“ceil”规则）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="94"/>
        <source>shared exponent e = ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>共享指数 e = ceil(log&lt;sub&gt;2&lt;/sub&gt; amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="98"/>
        <source>rule &quot;even&quot;: amax&apos;s mantissa is first rounded (half up) to the element&apos;s mantissa width, which can carry it into the next power of two</source>
        <translation>“even”规则：先把 amax 的尾数舍入（一半时向上）到元素的尾数位宽，这可能使其进位到下一个 2 的幂</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="100"/>
        <source>shared exponent e = floor(log&lt;sub&gt;2&lt;/sub&gt; rounded amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>共享指数 e = floor(log&lt;sub&gt;2&lt;/sub&gt; 舍入后的 amax) − emax&lt;sub&gt;elem&lt;/sub&gt; (%1) = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="104"/>
        <source>rule &quot;rceil&quot;: e = ceil(log&lt;sub&gt;2&lt;/sub&gt;(amax / %1)), the smallest power of two that fits amax without clipping = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>“rceil”规则：e = ceil(log&lt;sub&gt;2&lt;/sub&gt;(amax / %1))，即能无截断地容纳 amax 的最小 2 的幂 = &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="108"/>
        <source>E8M0 scale byte = e + 127 = %1 (%2); scale X = 2&lt;sup&gt;%3&lt;/sup&gt; = &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>E8M0 尺度字节 = e + 127 = %1 (%2)；尺度 X = 2&lt;sup&gt;%3&lt;/sup&gt; = &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="112"/>
        <source>the largest element amax / X = %1 is above %2&apos;s maximum %3: it is clipped to ±%3</source>
        <translation>最大元素 amax / X = %1 超过了 %2 的最大值 %3：被截断为 ±%3</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="114"/>
        <source>the largest element amax / X = %1 fits under %2&apos;s maximum %3</source>
        <translation>最大元素 amax / X = %1 未超过 %2 的最大值 %3</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="117"/>
        <source>each x / X is rounded to a multiple of 1/64 in [−127/64, 127/64] (code = 64 · element)</source>
        <translation>每个 x / X 舍入到 [−127/64, 127/64] 内 1/64 的整数倍（编码 = 64 · 元素）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="119"/>
        <source>each x / X is rounded to the nearest %1 value (ties to even, saturating at ±%2)</source>
        <translation>每个 x / X 舍入到最近的 %1 值（恰为一半时取偶数，在 ±%2 处饱和）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="120"/>
        <source>dequantized = element · X</source>
        <translation>反量化值 = 元素 · X</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="124"/>
        <source>tensor amax T = max |x| over %1 = &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>张量 amax T = max |x|（%1）= &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="125"/>
        <source>FP32 tensor scale S = T / (6 · 448) = &lt;b&gt;%1&lt;/b&gt; (6: largest E2M1, 448: largest E4M3)</source>
        <translation>FP32 张量尺度 S = T / (6 · 448) = &lt;b&gt;%1&lt;/b&gt;（6：E2M1 的最大值，448：E4M3 的最大值）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="126"/>
        <source>block amax A = max |x| over the 16 values = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>块 amax A = 16 个数值中的 max |x| = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="127"/>
        <source>A / 6 / S = %1, rounded to E4M3 (byte %2): block scale = &lt;b&gt;%3&lt;/b&gt;%4</source>
        <translation>A / 6 / S = %1，舍入到 E4M3（字节 %2）：块尺度 = &lt;b&gt;%3&lt;/b&gt;%4</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="129"/>
        <source> (an all-zero block gets 1.0)</source>
        <translation>（全零块取 1.0）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="130"/>
        <source>element multiplier = block scale · S = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>元素乘数 = 块尺度 · S = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="134"/>
        <source>the largest element A / (block scale · S) = %1 is above 6 (the block scale rounded down): it is clipped to ±6</source>
        <translation>最大元素 A / (块尺度 · S) = %1 大于 6（块尺度被向下舍入了）：被截断为 ±6</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="136"/>
        <source>the largest element A / (block scale · S) = %1 fits under E2M1&apos;s maximum 6</source>
        <translation>最大元素 A / (块尺度 · S) = %1 未超过 E2M1 的最大值 6</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="138"/>
        <source>each x / (block scale · S) is rounded to the nearest E2M1 value (ties to even, saturating at ±6)</source>
        <translation>每个 x / (块尺度 · S) 舍入到最近的 E2M1 值（恰为一半时取偶数，在 ±6 处饱和）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="139"/>
        <source>dequantized = element · block scale · S</source>
        <translation>反量化值 = 元素 · 块尺度 · S</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="141"/>
        <source>absmax A = max |x| over the 64 values = &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>absmax A = 64 个数值中的 max |x| = &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="142"/>
        <source>each x / A (in [−1, 1]) is replaced by the nearest of the 16 NF4 levels, quantiles of a normal distribution (a tie takes the lower code)</source>
        <translation>每个 x / A（位于 [−1, 1]）替换为 16 个 NF4 级别（正态分布的分位数）中最近的一个（距离相同时取较小的编码）</translation>
    </message>
    <message>
        <location filename="../widgets/format_lab/scale_text.cpp" line="144"/>
        <source>dequantized = level · A</source>
        <translation>反量化值 = 级别 · A</translation>
    </message>
</context>
<context>
    <name>rs::gui::SiteSelector</name>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="41"/>
        <source>&amp;Layer:</source>
        <translation>层(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="42"/>
        <source>&amp;Site:</source>
        <translation>采样点(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="43"/>
        <source>Where the activations were read: the input of a linear layer, or the residual stream after a block</source>
        <translation>激活的读取位置：线性层的输入，或某个块之后的残差流</translation>
    </message>
    <message>
        <location filename="../widgets/census/site_selector.cpp" line="46"/>
        <location filename="../widgets/census/site_selector.cpp" line="61"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
</context>
<context>
    <name>rs::gui::SqnrLayerView</name>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="27"/>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="90"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="126"/>
        <source>No runs to compare.</source>
        <translation>没有可比较的运行。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="127"/>
        <source>No per-linear probe data.</source>
        <translation>没有逐线性层的探测数据。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="128"/>
        <source>No %1 was probed.</source>
        <translation>未探测任何 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="131"/>
        <source>Output SQNR of %1 in every layer (higher is better)</source>
        <translation>%1 在每一层的输出 SQNR（越高越好）</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="133"/>
        <source>SQNR (dB)</source>
        <translation>SQNR (dB)</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/sqnr_layer_view.cpp" line="134"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
</context>
<context>
    <name>rs::gui::TaskPicker</name>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="44"/>
        <source>Task data folder</source>
        <translation>任务数据文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="104"/>
        <source>Choose the folder holding the task files.</source>
        <translation>请选择存放任务文件的文件夹。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="106"/>
        <source>The task data folder %1 does not exist.</source>
        <translation>任务数据文件夹 %1 不存在。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="111"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="112"/>
        <source>Accuracy on multiple-choice and completion tasks, scored as lm-eval-harness does, for every run.</source>
        <translation>每个运行在多项选择与续写任务上的准确率，按 lm-eval-harness 的方式计分。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="113"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="114"/>
        <source>a folder with mmlu/, arc/, hellaswag/, …</source>
        <translation>包含 mmlu/、arc/、hellaswag/ 等的文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="115"/>
        <source>Your copy of the task files, in the original releases&apos; layouts (see docs/tasks.md).</source>
        <translation>您自己的任务文件副本，采用原始发布的格式（见 docs/tasks.md）。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="116"/>
        <source>Choose the task data folder</source>
        <translation>选择任务数据文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="117"/>
        <source>Shots:</source>
        <translation>示例数（shots）：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="118"/>
        <source>task default</source>
        <translation>任务默认值</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="119"/>
        <source>Few-shot examples per question; by default 5 for MMLU and C-Eval, none for the others.</source>
        <translation>每个问题前的示例数；MMLU 与 C-Eval 默认 5 个，其他任务默认 0 个。</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="120"/>
        <source>Questions:</source>
        <translation>问题数：</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="121"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../widgets/experiment/task_picker.cpp" line="122"/>
        <source>Score only the first questions of each task (of each subject for MMLU and C-Eval).</source>
        <translation>只评测每个任务（MMLU 与 C-Eval 为每个科目）的前若干个问题。</translation>
    </message>
</context>
</TS>
