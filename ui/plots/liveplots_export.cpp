// LivePlots: saving the charts as PNG and PDF and the metrics as CSV.

#include "ui/plots/liveplots.h"

#include "ui/plots/overlaykey.h"
#include "ui/plots/qcustomplotcompat.h"

#include <QPdfWriter>
#include <QSaveFile>
#include <QTextStream>

namespace ts::ui {

namespace {
constexpr int kKeyHeight = 28; // the overlay key's row in saved images
QString csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}
} // namespace

bool LivePlots::render(QPainter* painter, const QSize& size, bool vector)
{
    const QVector<Chart> visible = visibleCharts();
    if (visible.isEmpty())
        return false;
    auto* qcp = static_cast<QCPPainter*>(painter);
    if (vector) {
        qcp->setMode(QCPPainter::pmVectorized);
        qcp->setMode(QCPPainter::pmNoCaching);
    }
    int top = 0;
    if (!m_runName.isEmpty()) {
        QFont f = font();
        f.setPixelSize(22);
        f.setBold(true);
        painter->setFont(f);
        painter->setPen(QColor(40, 44, 52));
        painter->drawText(QRect(16, 0, size.width() - 32, 44), Qt::AlignVCenter | Qt::AlignLeft, m_runName);
        top = 44;
    }
    if (!m_overlayKey->entries().isEmpty()) {
        QFont f = font();
        f.setPixelSize(15);
        OverlayKey::paint(painter, QRect(16, top, size.width() - 32, kKeyHeight), m_overlayKey->entries(), f);
        top += kKeyHeight;
    }
    const int columns = visible.size() >= 2 ? 2 : 1;
    const int rows = (visible.size() + columns - 1) / columns;
    const int w = size.width() / columns, h = (size.height() - top) / rows;
    for (int i = 0; i < visible.size(); ++i) {
        painter->save();
        painter->translate((i % columns) * w, top + (i / columns) * h);
        plot(visible[i])->toPainter(qcp, w, h);
        painter->restore();
    }
    // toPainter() lays the chart out at the page's size and restores only its viewport: the axis rect, title
    // and margins stay the page's until a full replot. Live ticks redraw just the curves' layer into that stale
    // layout (curves below the axes, titles clipped), so lay each chart out for the screen again now.
    for (Chart c : visible)
        plot(c)->replot(QCustomPlot::rpQueuedRefresh);
    return true;
}

bool LivePlots::savePng(const QString& fileName)
{
    flush();
    const int n = visibleCharts().size();
    if (n == 0)
        return false;
    const int columns = n >= 2 ? 2 : 1, rows = (n + columns - 1) / columns;
    const int header = (m_runName.isEmpty() ? 0 : 44) + (m_overlayKey->entries().isEmpty() ? 0 : kKeyHeight);
    QImage image(columns * 900, rows * 560 + header, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QCPPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    render(&painter, image.size(), false);
    painter.end();
    QSaveFile file(fileName);
    return file.open(QIODevice::WriteOnly) && image.save(&file, "PNG") && file.commit();
}

bool LivePlots::savePdf(const QString& fileName)
{
    flush();
    if (visibleCharts().isEmpty())
        return false;
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    {
        QPdfWriter writer(&file);
        writer.setTitle(m_runName.isEmpty() ? tr("Training curves") : m_runName);
        writer.setCreator(QStringLiteral("Transfer Studio"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageOrientation(QPageLayout::Landscape);
        writer.setPageMargins(QMarginsF(8, 8, 8, 8), QPageLayout::Millimeter);
        writer.setResolution(110);
        QCPPainter painter(&writer);
        if (!render(&painter, QSize(writer.width(), writer.height()), true))
            return false;
        painter.end();
    }
    return file.commit();
}

bool LivePlots::saveCsv(const QString& fileName) const
{
    if (m_points.isEmpty())
        return false;
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "run,phase,epoch,step,scope,metric,value\n";
    const QString run = csvField(m_runName);
    for (const MetricPoint& p : m_points)
        for (auto it = p.values.cbegin(); it != p.values.cend(); ++it)
            out << run << ',' << csvField(p.phase) << ',' << p.epoch << ',' << p.step << ','
                << (p.isEpoch ? "epoch" : "step") << ',' << csvField(it.key()) << ',' << QString::number(*it, 'g', 10)
                << '\n';
    out.flush();
    return out.status() == QTextStream::Ok && file.commit();
}

} // namespace ts::ui
