<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>rs::gui::ExplanationLabel</name>
    <message>
        <location filename="../widgets/census/explanation_label.cpp" line="17"/>
        <source>What am I seeing?</source>
        <translation>这里显示的是什么？</translation>
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
        <location filename="../widgets/job_runner.cpp" line="85"/>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../widgets/job_runner.cpp" line="109"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>rs::gui::JobStatus</name>
    <message>
        <location filename="../widgets/job_status.cpp" line="43"/>
        <location filename="../widgets/job_status.cpp" line="99"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="48"/>
        <source>Loading weights</source>
        <translation>正在加载权重</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="49"/>
        <source>Hashing files</source>
        <translation>正在计算文件哈希</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="50"/>
        <source>Tokenizing the corpus</source>
        <translation>正在对语料分词</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="51"/>
        <source>Running windows</source>
        <translation>正在运行各窗口</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="52"/>
        <source>Writing the report</source>
        <translation>正在写入报告</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="53"/>
        <source>Reading the report</source>
        <translation>正在读取报告</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="88"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="90"/>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="91"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/job_status.cpp" line="92"/>
        <source>%1: %2, %3</source>
        <translation>%1：%2，%3</translation>
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
        <location filename="../widgets/main_window.cpp" line="236"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="237"/>
        <source>&amp;Open Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="238"/>
        <source>Open Model &amp;Directory…</source>
        <translation>打开模型目录(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="239"/>
        <source>Open De&amp;fault Model</source>
        <translation>打开默认模型(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="240"/>
        <source>Open &amp;Report…</source>
        <translation>打开报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="241"/>
        <source>Open Re&amp;cent</source>
        <translation>最近打开(&amp;C)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="242"/>
        <source>&amp;Export Census…</source>
        <translation>导出激活统计(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="243"/>
        <source>Export &amp;Plot…</source>
        <translation>导出图表(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="244"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="245"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="246"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="247"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="248"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="249"/>
        <source>Run &amp;Census</source>
        <translation>运行激活统计(&amp;C)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="250"/>
        <source>C&amp;ancel</source>
        <translation>取消(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="251"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="252"/>
        <source>&amp;About Rotoscope</source>
        <translation>关于 Rotoscope(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="253"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="254"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="255"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="278"/>
        <source>Open the model to run a census: a report holds the census, not the model.</source>
        <translation>请打开模型以运行激活统计：报告中只有统计结果，不含模型本身。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="279"/>
        <source>Open a model to run a census.</source>
        <translation>请打开模型以运行激活统计。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="281"/>
        <source>This model&apos;s tokenizer cannot be used: %1</source>
        <translation>无法使用该模型的分词器：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="283"/>
        <source>A job is running.</source>
        <translation>有任务正在运行。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="286"/>
        <source>Run the activation census of the loaded model.</source>
        <translation>对已加载的模型运行激活统计。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="297"/>
        <source>%1 — Rotoscope</source>
        <translation>%1 — Rotoscope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="303"/>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="305"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="308"/>
        <source>Census: %1 windows × %2 tokens of %3</source>
        <translation>激活统计：%3 中的 %1 个窗口 × %2 个词元</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="356"/>
        <source>%1 is still running; wait for it or cancel it first.</source>
        <translation>“%1”仍在运行；请等待其完成，或先将其取消。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="363"/>
        <source>Cancelled: %1. Nothing was changed.</source>
        <translation>已取消：%1。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="365"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="382"/>
        <source>%1: not a model (.gguf or a model directory) or a census report (.h5)</source>
        <translation>%1：既不是模型（.gguf 文件或模型目录），也不是激活统计报告（.h5）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="390"/>
        <source>No model given.</source>
        <translation>未指定模型。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="395"/>
        <source>Could not open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="420"/>
        <source>%1: the model loaded, but its tokenizer cannot be used, so no census can run: %2</source>
        <translation>%1：模型已加载，但其分词器无法使用，因此无法运行激活统计：%2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="428"/>
        <location filename="../widgets/main_window.cpp" line="453"/>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="434"/>
        <source>Could not open the report</source>
        <translation>无法打开报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="466"/>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="467"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="472"/>
        <source>Open Model Directory (config.json, *.safetensors)</source>
        <translation>打开模型目录（config.json、*.safetensors）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="480"/>
        <source>Open Census Report</source>
        <translation>打开激活统计报告</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="481"/>
        <source>Census reports (*.h5 *.hdf5);;All files (*)</source>
        <translation>激活统计报告 (*.h5 *.hdf5);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="491"/>
        <source>%1 (report)</source>
        <translation>%1（报告）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="492"/>
        <source>%1 (model)</source>
        <translation>%1（模型）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="500"/>
        <source>No recent files</source>
        <translation>无最近文件</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="502"/>
        <source>&amp;Clear List</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="512"/>
        <source>%1 no longer exists; it was removed from the recent files.</source>
        <translation>%1 已不存在，已将其从最近文件中移除。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="535"/>
        <source>The census failed</source>
        <translation>激活统计失败</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="543"/>
        <source>Census finished in %1 s.</source>
        <translation>激活统计完成，用时 %1 秒。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="546"/>
        <source>Census</source>
        <translation>激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="554"/>
        <source>There is no census to export yet: run one or open a report.</source>
        <translation>尚无可导出的激活统计：请先运行一次，或打开一份报告。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="558"/>
        <source>Could not export the census</source>
        <translation>无法导出激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="568"/>
        <source>Saved the census to %1.</source>
        <translation>激活统计已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="571"/>
        <source>Exporting the census</source>
        <translation>正在导出激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="581"/>
        <source>Export Census</source>
        <translation>导出激活统计</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="581"/>
        <source>Census reports (*.h5)</source>
        <translation>激活统计报告 (*.h5)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="605"/>
        <source>There is no plot to export: open a census and pick a tab with a plot.</source>
        <translation>没有可导出的图表：请打开激活统计，并选择一个含有图表的标签页。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="620"/>
        <source>%1: unknown image format; use .png, .svg, .pdf or .jpg</source>
        <translation>%1：未知的图像格式；请使用 .png、.svg、.pdf 或 .jpg</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="624"/>
        <source>%1: could not write the image</source>
        <translation>%1：无法写入图像</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="628"/>
        <source>Saved the plot to %1.</source>
        <translation>图表已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="633"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="633"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="633"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="634"/>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 图像 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="637"/>
        <source>Export Plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="325"/>
        <source>No translation for this language; showing English.</source>
        <translation>该语言暂无翻译，界面以英文显示。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="330"/>
        <source>CUDA backend: built in, a device is available</source>
        <translation>CUDA 后端：已内置，设备可用</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="331"/>
        <source>CUDA backend: built in, but no CUDA device found</source>
        <translation>CUDA 后端：已内置，但未找到 CUDA 设备</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="333"/>
        <source>CUDA backend: not built in (CPU only)</source>
        <translation>CUDA 后端：未内置（仅 CPU）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="337"/>
        <source>A workbench for rotation-based low-bit quantization of large language models.</source>
        <translation>基于旋转的大语言模型低比特量化工作台。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="338"/>
        <source>Git commit: %1</source>
        <translation>Git 提交：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="339"/>
        <source>Built with Qt %1 and QCustomPlot %2</source>
        <translation>基于 Qt %1 和 QCustomPlot %2 构建</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="344"/>
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
</TS>
