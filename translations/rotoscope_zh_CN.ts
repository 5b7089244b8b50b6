<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>rs::gui::MainWindow</name>
    <message>
        <location filename="../widgets/main_window.cpp" line="103"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="104"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="105"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="106"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="107"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="108"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="109"/>
        <source>&amp;About Rotoscope</source>
        <translation>关于 Rotoscope(&amp;A)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="110"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="112"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="113"/>
        <source>Loading a model in the window is not available yet.
Open a model from the command line for now:
%1</source>
        <translation>暂不支持在窗口中加载模型。
目前请通过命令行打开模型：
%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="117"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="129"/>
        <source>No translation for this language; showing English.</source>
        <translation>该语言暂无翻译，界面以英文显示。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="134"/>
        <source>CUDA backend: built in, a device is available</source>
        <translation>CUDA 后端：已内置，设备可用</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="135"/>
        <source>CUDA backend: built in, but no CUDA device found</source>
        <translation>CUDA 后端：已内置，但未找到 CUDA 设备</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="137"/>
        <source>CUDA backend: not built in (CPU only)</source>
        <translation>CUDA 后端：未内置（仅 CPU）</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="141"/>
        <source>A workbench for rotation-based low-bit quantization of large language models.</source>
        <translation>基于旋转的大语言模型低比特量化工作台。</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="142"/>
        <source>Git commit: %1</source>
        <translation>Git 提交：%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="143"/>
        <source>Built with Qt %1 and QCustomPlot %2</source>
        <translation>基于 Qt %1 和 QCustomPlot %2 构建</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="148"/>
        <source>About Rotoscope</source>
        <translation>关于 Rotoscope</translation>
    </message>
</context>
</TS>
