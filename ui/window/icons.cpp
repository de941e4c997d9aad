#include "ui/window/icons.h"

#include <QImageReader>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <array>
#include <functional>

namespace ts::ui {

namespace {

using Painter = std::function<void(QPainter&)>;

// Paints `draw` on a 24x24 canvas at several sizes.
QIcon painted(const Painter& draw)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        draw(p);
        icon.addPixmap(pm);
    }
    return icon;
}

QIcon svgOr(const QString& resource, const Painter& draw)
{
    if (QImageReader::supportedImageFormats().contains("svg"))
        return QIcon(resource);
    return painted(draw);
}

const QColor kInk(0x37, 0x47, 0x4f);

} // namespace

QIcon Icons::app()
{
    return svgOr(QStringLiteral(":/icons/transfer-studio.svg"), [](QPainter& p) {
        QLinearGradient g(0, 0, 0, 24);
        g.setColorAt(0, QColor(0x2b, 0x3a, 0x55));
        g.setColorAt(1, QColor(0x17, 0x20, 0x2f));
        p.setPen(Qt::NoPen);
        p.setBrush(g);
        p.drawRoundedRect(QRectF(0.75, 0.75, 22.5, 22.5), 4.5, 4.5);
        auto block = [&](double x, double y, QColor c, double opacity) {
            p.setOpacity(opacity);
            p.setBrush(c);
            p.drawRoundedRect(QRectF(x, y, 6, 2.6), 0.7, 0.7);
            p.setOpacity(1);
        };
        const QColor green(0x4c, 0xaf, 0x50), blue(0x2f, 0x80, 0xed), red(0xe5, 0x48, 0x4d);
        for (int i = 0; i < 3; ++i) {
            block(3.4, 5.6 + i * 3.6, green, 1);
            block(14.6, 5.6 + i * 3.6, green, i < 2 ? 0.55 : 1);
        }
        block(3.4, 16.4, blue, 1);
        block(14.6, 16.4, red, 1);
        QPainterPath arrow(QPointF(9.8, 10.5));
        arrow.cubicTo(12, 8.6, 12.4, 8.6, 14, 9.7);
        p.setPen(QPen(QColor(0xf2, 0xc9, 0x4c), 1.0, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(arrow);
    });
}

QIcon Icons::start()
{
    return painted([](QPainter& p) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2e, 0x9d, 0x4f));
        QPainterPath path;
        path.moveTo(7, 4.5);
        path.lineTo(19.5, 12);
        path.lineTo(7, 19.5);
        path.closeSubpath();
        p.drawPath(path);
    });
}

QIcon Icons::pause()
{
    return painted([](QPainter& p) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xd9, 0x8c, 0x1f));
        p.drawRoundedRect(QRectF(6, 5, 4, 14), 1, 1);
        p.drawRoundedRect(QRectF(14, 5, 4, 14), 1, 1);
    });
}

QIcon Icons::stop()
{
    return painted([](QPainter& p) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xc6, 0x28, 0x28));
        p.drawRoundedRect(QRectF(5.5, 5.5, 13, 13), 2, 2);
    });
}

QIcon Icons::open()
{
    return painted([](QPainter& p) {
        p.setPen(QPen(kInk, 1.4));
        p.setBrush(QColor(0xf2, 0xc9, 0x4c));
        QPainterPath path;
        path.moveTo(3, 6);
        path.lineTo(9, 6);
        path.lineTo(11, 8);
        path.lineTo(21, 8);
        path.lineTo(21, 19);
        path.lineTo(3, 19);
        path.closeSubpath();
        p.drawPath(path);
    });
}

QIcon Icons::save()
{
    return painted([](QPainter& p) {
        p.setPen(QPen(kInk, 1.4));
        p.setBrush(QColor(0x4a, 0x90, 0xd9));
        p.drawRoundedRect(QRectF(4, 4, 16, 16), 1.5, 1.5);
        p.setBrush(Qt::white);
        p.drawRect(QRectF(7.5, 4, 9, 5.5));
        p.drawRect(QRectF(7, 13, 10, 7));
    });
}

QIcon Icons::newFile()
{
    return painted([](QPainter& p) {
        p.setPen(QPen(kInk, 1.4));
        p.setBrush(Qt::white);
        QPainterPath path;
        path.moveTo(6, 3);
        path.lineTo(14, 3);
        path.lineTo(19, 8);
        path.lineTo(19, 21);
        path.lineTo(6, 21);
        path.closeSubpath();
        p.drawPath(path);
        p.drawLine(QPointF(14, 3), QPointF(14, 8));
        p.drawLine(QPointF(14, 8), QPointF(19, 8));
    });
}

QIcon Icons::lock()
{
    return svgOr(QStringLiteral(":/icons/lock.svg"), [](QPainter& p) {
        p.setPen(QPen(kInk, 2.2, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(7, 2, 10, 10), 0, 180 * 16);
        p.drawLine(QPointF(7, 7), QPointF(7, 10));
        p.drawLine(QPointF(17, 7), QPointF(17, 10));
        p.setPen(Qt::NoPen);
        p.setBrush(kInk);
        p.drawRoundedRect(QRectF(4.5, 10, 15, 11), 2.5, 2.5);
        p.setBrush(Qt::white);
        p.drawEllipse(QPointF(12, 15), 1.8, 1.8);
    });
}

QIcon Icons::fit()
{
    return painted([](QPainter& p) {
        p.setPen(QPen(kInk, 1.8, Qt::SolidLine, Qt::RoundCap));
        for (auto [x, y, dx, dy] :
             {std::array<double, 4>{4, 4, 1, 1}, {20, 4, -1, 1}, {4, 20, 1, -1}, {20, 20, -1, -1}}) {
            p.drawLine(QPointF(x, y), QPointF(x + 5 * dx, y));
            p.drawLine(QPointF(x, y), QPointF(x, y + 5 * dy));
        }
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x4c, 0xaf, 0x50));
        p.drawRoundedRect(QRectF(8.5, 8.5, 7, 7), 1.2, 1.2);
    });
}

QIcon Icons::exportModel()
{
    return painted([](QPainter& p) {
        p.setPen(QPen(kInk, 1.4));
        p.setBrush(QColor(0xe8, 0xee, 0xf4));
        p.drawRoundedRect(QRectF(3, 9, 14, 12), 1.5, 1.5);
        p.setPen(QPen(QColor(0x2e, 0x9d, 0x4f), 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawLine(QPointF(10, 14), QPointF(20, 4));
        p.drawLine(QPointF(14, 4), QPointF(20, 4));
        p.drawLine(QPointF(20, 4), QPointF(20, 10));
    });
}

} // namespace ts::ui
