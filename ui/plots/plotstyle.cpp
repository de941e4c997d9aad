#include "ui/plots/plotstyle.h"

#include "ui/plots/qcustomplotcompat.h"
#include <QCoreApplication>
#include <QHash>

namespace ts::ui::plotstyle {

void apply(QCustomPlot* plot, const QString& title)
{
    QFont tick = plot->font();
    tick.setPointSizeF(10.5);
    QFont label = tick;
    label.setPointSizeF(11.5);
    QFont legend = tick;
    legend.setPointSizeF(10);
    plot->setBackground(Qt::white);
    // The plot paints every pixel of itself (white background, then its layers): no parent needs painting under
    // it, which otherwise refilled the whole plots dock's background at each live replot.
    plot->setAttribute(Qt::WA_OpaquePaintEvent);
    // Joins drawn as plain segments: wide antialiased polylines cost most of a live replot.
    plot->setPlottingHint(QCP::phFastPolylines, true);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis, plot->xAxis2, plot->yAxis2}) {
        axis->setTickLabelFont(tick);
        axis->setLabelFont(label);
        axis->setBasePen(QPen(QColor(90, 90, 90), 1));
        axis->setTickPen(QPen(QColor(90, 90, 90), 1));
        axis->setSubTickPen(QPen(QColor(140, 140, 140), 1));
        axis->grid()->setPen(QPen(QColor(222, 224, 228), 1));
        axis->grid()->setZeroLinePen(QPen(QColor(200, 202, 206), 1));
    }
    plot->legend->setFont(legend);
    plot->legend->setBrush(QColor(255, 255, 255, 215));
    plot->legend->setBorderPen(QPen(QColor(200, 200, 200)));
    plot->legend->setIconSize(26, 12);
    plot->legend->setRowSpacing(-2);
    if (!title.isEmpty()) {
        QFont f = label;
        f.setPointSizeF(13);
        f.setBold(true);
        plot->plotLayout()->insertRow(0);
        auto* text = new QCPTextElement(plot, title, f);
        text->setTextColor(QColor(40, 44, 52));
        plot->plotLayout()->addElement(0, 0, text);
    }
}

QColor metricColor(const QString& metric)
{
    static const QHash<QString, QColor> known = {
        {QStringLiteral("loss"), QColor(60, 60, 70)},
        {QStringLiteral("train_loss"), QColor(30, 30, 40)},
        {QStringLiteral("val_loss"), QColor(44, 160, 44)},
        {QStringLiteral("label_loss"), QColor(31, 119, 180)},
        {QStringLiteral("domain_loss"), QColor(214, 39, 40)},
        {QStringLiteral("reconstruction_loss"), QColor(23, 150, 140)},
        {QStringLiteral("task_a_loss"), QColor(23, 140, 200)},
        {QStringLiteral("task_b_loss"), QColor(128, 70, 190)},
        {QStringLiteral("attribute_loss"), QColor(230, 130, 0)},
        {QStringLiteral("accuracy"), QColor(120, 150, 200)},
        {QStringLiteral("train_accuracy"), QColor(31, 119, 180)},
        {QStringLiteral("val_accuracy"), QColor(44, 160, 44)},
        {QStringLiteral("source_accuracy"), QColor(44, 160, 44)},
        {QStringLiteral("target_accuracy"), QColor(214, 39, 40)},
        {QStringLiteral("task_a_accuracy"), QColor(23, 140, 200)},
        {QStringLiteral("task_b_accuracy"), QColor(128, 70, 190)},
        {QStringLiteral("unseen_accuracy"), QColor(230, 130, 0)},
        {QStringLiteral("cluster_accuracy"), QColor(140, 86, 75)},
        {QStringLiteral("nmi"), QColor(227, 119, 194)},
        {QStringLiteral("ari"), QColor(188, 189, 34)},
        {QStringLiteral("domain_accuracy"), QColor(214, 39, 40)},
        {QStringLiteral("lambda"), QColor(148, 103, 189)},
        {QStringLiteral("lr"), QColor(255, 127, 14)},
    };
    const auto it = known.constFind(metric);
    if (it != known.constEnd())
        return *it;
    return QColor::fromHsv(static_cast<int>(qHash(metric) % 360), 190, 190);
}

QString metricTitle(const QString& metric)
{
    const auto tr = [](const char* s) { return QCoreApplication::translate("ts::ui::plotstyle", s); };
    if (metric == QLatin1String("lr"))
        return tr("Learning rate");
    if (metric == QLatin1String("lambda"))
        return tr("λ (domain loss weight)");
    if (metric == QLatin1String("nmi"))
        return tr("NMI");
    if (metric == QLatin1String("ari"))
        return tr("ARI");
    if (metric == QLatin1String("loss"))
        return tr("Loss");
    if (metric == QLatin1String("accuracy"))
        return tr("Batch accuracy");
    // The engine's per-epoch metrics (metrics.jsonl keys); others fall back to the key made readable.
    static const struct {
        const char* key;
        const char* title;
    } known[] = {
        {"train_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Train loss")},
        {"train_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Train accuracy")},
        {"target_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Target accuracy")},
        {"source_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Source accuracy")},
        {"val_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Val accuracy")},
        {"val_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Val loss")},
        {"domain_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Domain loss")},
        {"domain_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Domain accuracy")},
        {"label_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Label loss")},
        {"reconstruction_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Reconstruction loss")},
        {"task_a_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Task a loss")},
        {"task_b_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Task b loss")},
        {"task_a_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Task a accuracy")},
        {"task_b_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Task b accuracy")},
        {"attribute_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Attribute loss")},
        {"unseen_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Unseen accuracy")},
        {"cluster_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Cluster accuracy")},
        {"pretext_loss", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Pretext loss")},
        {"pretext_accuracy", QT_TRANSLATE_NOOP("ts::ui::plotstyle", "Pretext accuracy")},
    };
    for (const auto& k : known)
        if (metric == QLatin1String(k.key))
            return tr(k.title);
    QString s = metric;
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QColor classColor(int index)
{
    static const QColor tab10[] = {
        QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),   QColor(214, 39, 40),  QColor(148, 103, 189),
        QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207)};
    if (index < 0)
        return QColor(150, 150, 150);
    if (index < 10)
        return tab10[index];
    return QColor::fromHsv((index * 137) % 360, 170 + (index % 3) * 30, 200 - (index % 2) * 50);
}

} // namespace ts::ui::plotstyle
