<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>rs::gui::MainWindow</name>
    <message>
        <location filename="../widgets/main_window.cpp" line="103"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="104"/>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="105"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="106"/>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="107"/>
        <source>System</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="108"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="109"/>
        <source>&amp;About Rotoscope</source>
        <translation>&amp;О программе Rotoscope</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="110"/>
        <source>About &amp;Qt</source>
        <translation>О &amp;Qt</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="112"/>
        <source>No model loaded</source>
        <translation>Модель не загружена</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="113"/>
        <source>Loading a model in the window is not available yet.
Open a model from the command line for now:
%1</source>
        <translation>Загрузка модели в окне пока недоступна.
Пока откройте модель из командной строки:
%1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="117"/>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="129"/>
        <source>No translation for this language; showing English.</source>
        <translation>Для этого языка нет перевода; интерфейс показан на английском.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="134"/>
        <source>CUDA backend: built in, a device is available</source>
        <translation>Бэкенд CUDA: встроен, устройство доступно</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="135"/>
        <source>CUDA backend: built in, but no CUDA device found</source>
        <translation>Бэкенд CUDA: встроен, но устройство CUDA не найдено</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="137"/>
        <source>CUDA backend: not built in (CPU only)</source>
        <translation>Бэкенд CUDA: не встроен (только CPU)</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="141"/>
        <source>A workbench for rotation-based low-bit quantization of large language models.</source>
        <translation>Инструментарий для низкобитного квантования больших языковых моделей на основе вращений.</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="142"/>
        <source>Git commit: %1</source>
        <translation>Коммит Git: %1</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="143"/>
        <source>Built with Qt %1 and QCustomPlot %2</source>
        <translation>Собрано с Qt %1 и QCustomPlot %2</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.cpp" line="148"/>
        <source>About Rotoscope</source>
        <translation>О программе Rotoscope</translation>
    </message>
</context>
</TS>
