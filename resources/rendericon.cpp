// Build tool: draws the scalable icon into a square PNG of the given size, for the hicolor theme.
// usage: rbc_render_icon ICON.svg SIZE OUT.png
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <cstdio>

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    bool ok = false;
    const int size = args.value(2).toInt(&ok);
    QSvgRenderer svg(args.value(1));
    if (args.size() != 4 || !ok || size <= 0 || !svg.isValid()) {
        std::fprintf(stderr, "usage: rbc_render_icon ICON.svg SIZE OUT.png\n");
        return 2;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter);
    painter.end();
    if (!image.save(args.value(3), "PNG")) {
        std::fprintf(stderr, "rbc_render_icon: cannot write %s\n", qPrintable(args.value(3)));
        return 1;
    }
    return 0;
}
