#include "ui/metatypes.h"

#include "ui/datasetsummary.h"
#include "ui/uitypes.h"

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
