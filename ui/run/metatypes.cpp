#include "ui/run/metatypes.h"

#include "ui/data/datasetsummary.h"
#include "ui/run/uitypes.h"

#include <QJsonObject>
#include <QMap>
#include <QMetaType>

namespace ts::ui {

void registerMetaTypes()
{
    qRegisterMetaType<LayerBlock>();
    qRegisterMetaType<QVector<LayerBlock>>();
    qRegisterMetaType<MetricPoint>();
    qRegisterMetaType<QVector<MetricPoint>>();
    qRegisterMetaType<ProjectionPoints>();
    qRegisterMetaType<PredictionSet>();
    qRegisterMetaType<DatasetSummary>();
    qRegisterMetaType<QMap<QString, double>>();
}

} // namespace ts::ui
