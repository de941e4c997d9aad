// The network diagram with the nested parts of an imported (TorchScript) model: groups drawn as blocks, unfolded in
// place, frozen by a click; and the window's freeze list holding their dotted names through save and reload.

#include "layerblocks.h"
#include "uitestutil.h"

#include "engine/core/experiment.h"
#include "ui/diagram/layerblockitem.h"
#include "ui/diagram/networkdiagram.h"
#include "ui/forms/strategypicker.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/mainwindow.h"

#include <QGraphicsScene>
#include <QProcess>
#include <QRadioButton>
#include <QSet>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using namespace ts::ui;

using ts::uitest::block;
using ts::uitest::dannLayers;

namespace {

// Counts each block's parts, as enginebridge does.
QVector<LayerBlock> withChildren(QVector<LayerBlock> blocks)
{
    for (LayerBlock& g : blocks)
        for (const LayerBlock& b : std::as_const(blocks))
            if (b.parent == g.name)
                ++g.children;
    return blocks;
}

// A small ResNet as describe() lists it: the trunk, its parts (in order, parents first), then the head.
QVector<LayerBlock> resnetLayers()
{
    const QString t = QStringLiteral("trunk");
    return withChildren({block(t, "", "feature", "torchscript", 5000), block("conv1", "", "feature", "conv2d", 432, t),
                         block("bn1", "", "feature", "batchnorm2d", 32, t), block("relu", "", "feature", "relu", 0, t),
                         block("layer1", "", "feature", "sequential", 1000, t),
                         block("layer1.0", "", "feature", "basicblock", 1000, "layer1"),
                         block("layer4", "", "feature", "sequential", 3000, t),
                         block("layer4.0", "", "feature", "basicblock", 1500, "layer4"),
                         block("layer4.0.conv1", "", "feature", "conv2d", 1400, "layer4.0"),
                         block("layer4.0.bn1", "", "feature", "batchnorm2d", 100, "layer4.0"),
                         block("layer4.1", "", "feature", "basicblock", 1500, "layer4"),
                         block("fc", "", "feature", "identity", 0, t), block("head", t, "label", "linear", 330)});
}

QPoint at(const NetworkDiagram& d, const QRectF& sceneRect)
{
    return d.mapFromScene(sceneRect.center());
}

LayerBlockItem* item(const NetworkDiagram& d, const QString& name)
{
    for (QGraphicsItem* i : d.scene()->items())
        if (auto* b = dynamic_cast<LayerBlockItem*>(i); b && b->name() == name)
            return b;
    return nullptr;
}

// The blocks read like text: left to right along a line, then the next line below.
bool readsInOrder(const NetworkDiagram& d, const QStringList& names)
{
    for (int i = 1; i < names.size(); ++i) {
        const QRectF a = d.blockRect(names[i - 1]), b = d.blockRect(names[i]);
        if (a.isEmpty() || b.isEmpty())
            return false;
        if (!((b.top() == a.top() && b.left() > a.right()) || b.top() > a.bottom()))
            return false;
    }
    return true;
}

bool noOverlaps(const NetworkDiagram& d)
{
    const QStringList shown = d.visibleBlocks();
    for (const QString& a : shown)
        for (const QString& b : shown)
            if (a != b && d.blockRect(a).intersects(d.blockRect(b)))
                return false;
    return true;
}

// The fold chevron in front of an unfolded group's title, in scene coordinates.
QRectF chevronRect(const NetworkDiagram& d, const QString& group)
{
    for (QGraphicsItem* i : d.scene()->items())
        if (i->data(0).toString() == group && i->data(1).toBool())
            return i->sceneBoundingRect();
    return {};
}

QStringList names(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& n : v)
        out << QString::fromStdString(n);
    return out;
}

} // namespace

class TestDiagram : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { uitest::g_previousHandler = qInstallMessageHandler(uitest::quietOffscreen); }

    void topLevelPartsAreBlocksNotTheTrunk()
    {
        NetworkDiagram d;
        d.setLayers(resnetLayers());
        QCOMPARE(d.visibleBlocks(), (QStringList{"conv1", "bn1", "relu", "layer1", "layer4", "fc", "head"}));
        QVERIFY(d.blockRect("trunk").isEmpty());
        QVERIFY(d.blockRect("layer4.0").isEmpty()); // folded inside layer4
        // In reading order, the head last; the trunk is the frame around its parts.
        QVERIFY(readsInOrder(d, d.visibleBlocks()));
        QVERIFY(noOverlaps(d));
        QVERIFY(!d.groupTitleRect("trunk").isEmpty());
        QVERIFY(d.groupTitleRect("trunk").bottom() <= d.blockRect("conv1").top());
        // Groups carry a badge; plain parts and layers do not.
        QVERIFY(!d.badgeRect("layer4").isEmpty());
        QVERIFY(d.badgeRect("conv1").isEmpty());
        QVERIFY(d.badgeRect("head").isEmpty());
        QCOMPARE(item(d, "conv1")->isPart(), true);
    }

    void badgeUnfoldsAGroupAndChevronFoldsIt()
    {
        NetworkDiagram d;
        d.resize(1400, 600);
        d.setLayers(resnetLayers());
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QSignalSpy toggled(&d, &NetworkDiagram::freezeToggled);

        QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, at(d, d.badgeRect("layer4")));
        QVERIFY(d.isExpanded("layer4"));
        QCOMPARE(toggled.count(), 0); // the badge unfolds, it does not freeze
        QVERIFY(d.blockRect("layer4").isEmpty());
        QVERIFY(!d.blockRect("layer4.0").isEmpty());
        QVERIFY(!d.blockRect("layer4.1").isEmpty());
        QVERIFY(readsInOrder(d, {"layer1", "layer4.0", "layer4.1", "fc", "head"}));
        QVERIFY(noOverlaps(d));
        // Unfolded parts show their dotted names; a nested group unfolds further.
        d.setExpanded("layer4.0", true);
        QVERIFY(d.visibleBlocks().contains("layer4.0.conv1"));
        QCOMPARE(item(d, "layer4.0.conv1")->name(), QStringLiteral("layer4.0.conv1"));
        QVERIFY(d.groupTitleRect("layer4").contains(d.groupTitleRect("layer4").center()));
        QVERIFY(d.groupTitleRect("layer4").bottom() <= d.groupTitleRect("layer4.0").top());

        d.setExpanded("layer4.0", false);
        QRectF title = d.groupTitleRect("layer4");
        QVERIFY(!title.isEmpty());
        QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, at(d, chevronRect(d, "layer4")));
        QVERIFY(!d.isExpanded("layer4"));
        QVERIFY(!d.blockRect("layer4").isEmpty());
        QVERIFY(d.blockRect("layer4.0").isEmpty());
        QCOMPARE(toggled.count(), 0);
    }

    void clickOnAGroupFreezesIt()
    {
        NetworkDiagram d;
        d.resize(1400, 600);
        d.setLayers(resnetLayers());
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QSignalSpy toggled(&d, &NetworkDiagram::freezeToggled);
        QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, at(d, d.blockRect("layer4")));
        QCOMPARE(toggled.count(), 1);
        QCOMPARE(toggled.at(0).at(0).toString(), QStringLiteral("layer4"));
        QCOMPARE(toggled.at(0).at(1).toBool(), true);
        QCOMPARE(d.frozenLayers(), QStringList{"layer4"});
        QVERIFY(item(d, "layer4")->looksFrozen());
        QVERIFY(!item(d, "layer1")->looksFrozen());

        // The trunk's title freezes the whole model.
        QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, at(d, d.groupTitleRect("trunk")));
        QCOMPARE(toggled.count(), 2);
        QCOMPARE(toggled.at(1).at(0).toString(), QStringLiteral("trunk"));
        QCOMPARE(d.frozenLayers(), (QStringList{"trunk", "layer4"}));
        QCOMPARE(d.frozenBy("conv1"), QStringLiteral("trunk"));
        QVERIFY(item(d, "conv1")->looksFrozen());
        QVERIFY(!item(d, "head")->looksFrozen());
    }

    void partOfAFrozenGroupIsFrozenWithIt()
    {
        NetworkDiagram d;
        d.resize(1400, 600);
        d.setLayers(resnetLayers());
        d.setFrozen("layer4", true);
        d.setExpanded("layer4", true);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QCOMPARE(d.frozenBy("layer4.0"), QStringLiteral("layer4"));
        QVERIFY(!d.isFrozen("layer4.0"));
        LayerBlockItem* part = item(d, "layer4.0");
        QVERIFY(part);
        QCOMPARE(part->frozenBy(), QStringLiteral("layer4"));
        QVERIFY(part->looksFrozen());
        d.setExpanded("layer4.0", true);
        QCOMPARE(d.frozenBy("layer4.0.conv1"), QStringLiteral("layer4")); // through layer4.0
        QCOMPARE(item(d, "layer4.0.conv1")->frozenBy(), QStringLiteral("layer4"));

        QSignalSpy toggled(&d, &NetworkDiagram::freezeToggled);
        QSignalSpy status(&d, &NetworkDiagram::statusMessage);
        QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, at(d, d.blockRect("layer4.0.conv1")));
        QCOMPARE(toggled.count(), 0);
        QCOMPARE(status.count(), 1);
        QVERIFY2(status.at(0).at(0).toString().contains("layer4") &&
                     status.at(0).at(0).toString().contains("as a whole"),
                 qPrintable(status.at(0).at(0).toString()));
        QCOMPARE(d.frozenLayers(), QStringList{"layer4"});

        // Unfreezing the group frees its parts.
        d.setFrozen("layer4", false);
        QVERIFY(!item(d, "layer4.0.conv1")->looksFrozen());
        QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, at(d, d.blockRect("layer4.0.conv1")));
        QCOMPARE(toggled.count(), 1);
        QCOMPARE(d.frozenLayers(), QStringList{"layer4.0.conv1"});
    }

    void dottedNamesSurviveARedraw()
    {
        // The window redraws the diagram from a fresh list and then marks the freeze list's names.
        NetworkDiagram d;
        d.setLayers(resnetLayers());
        d.setExpanded("layer4", true);
        d.setFrozen("layer4.0", true);
        d.setFrozen("layer1", true);
        QCOMPARE(d.frozenLayers(), (QStringList{"layer1", "layer4.0"}));
        QVector<LayerBlock> fresh = resnetLayers();
        for (LayerBlock& b : fresh)
            b.frozen = b.name == QLatin1String("layer4.0");
        d.setLayers(fresh);
        QCOMPARE(d.frozenLayers(), QStringList{"layer4.0"});
        QVERIFY(d.isExpanded("layer4")); // the user's unfolding stays
        QVERIFY(item(d, "layer4.0")->isFrozen());
        // Folded, layer4 says that part of it is frozen.
        d.setExpanded("layer4", false);
        QVERIFY(item(d, "layer4")->isFrozenInside());
        QVERIFY(!item(d, "layer4")->looksFrozen());
        QVERIFY(!item(d, "layer1")->isFrozenInside());
    }

    void longRowsWrapToFitTheView()
    {
        // resnet18 has ten top-level parts: in a squarish view they wrap into lines, in a wide one they do not.
        QVector<LayerBlock> layers = resnetLayers();
        const LayerBlock head = layers.takeLast();
        for (const QString& n : {"maxpool", "layer2", "layer3", "avgpool"})
            layers << block(n, "", "feature", "sequential", 10, "trunk");
        layers << head;
        for (LayerBlock& b : layers)
            b.children = 0; // counted again below
        layers = withChildren(layers);
        NetworkDiagram d;
        d.resize(1000, 800);
        d.setLayers(layers);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QSet<qreal> tops;
        for (const QString& n : d.visibleBlocks())
            tops.insert(d.blockRect(n).top());
        QVERIFY2(tops.size() > 1, "one long line in a squarish view");
        QVERIFY(noOverlaps(d));
        QVERIFY(d.transform().m11() > 0.4); // fitted, still readable

        d.resize(3000, 300);
        QTRY_COMPARE(d.blockRect("head").top(), d.blockRect("conv1").top());
        QVERIFY(noOverlaps(d));
    }

    void builtInNetworksLookAsBefore()
    {
        NetworkDiagram d;
        d.setLayers(dannLayers());
        QStringList names;
        for (const LayerBlock& b : dannLayers())
            names << b.name;
        QCOMPARE(d.visibleBlocks(), names);
        // The same grid as always: one column per layer, the domain branch a row below starting after fc1.
        const qreal step = LayerBlockItem::kWidth + 56;
        QCOMPARE(d.blockRect("conv2").left() - d.blockRect("conv1").left(), step);
        QCOMPARE(d.blockRect("head").left() - d.blockRect("conv1").left(), 4 * step);
        QCOMPARE(d.blockRect("grl").left(), d.blockRect("fc2").left());
        QVERIFY(d.blockRect("grl").top() > d.blockRect("fc1").bottom());
        for (const QString& n : names) {
            QVERIFY(d.badgeRect(n).isEmpty());
            QVERIFY(d.groupTitleRect(n).isEmpty());
            QVERIFY(!item(d, n)->isPart());
        }
        // Weight changes still reach the blocks.
        d.setWeightChanges({{"fc1", 0.2}, {"head", 0.4}});
        QVERIFY(item(d, "fc1")->hasWeightChange());
        QCOMPARE(item(d, "head")->weightChange(), 0.4);
        QVERIFY(!item(d, "conv1")->hasWeightChange());
        d.setFrozen("conv1", true);
        QCOMPARE(d.frozenLayers(), QStringList{"conv1"});
        QVERIFY(d.frozenBy("conv1").isEmpty());
    }

    void windowKeepsDottedNamesInTheFreezeList()
    {
        // A real TorchScript resnet18 through the window: click, save, reopen.
        QVERIFY(m_dir.isValid());
        QProcess p;
        p.start(TS_PYTHON, {QString(TS_SOURCE_DIR) + "/tests/engine/make_torchvision_models.py", m_dir.path(), "32"});
        QVERIFY(p.waitForFinished(180000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QString images = m_dir.filePath("images");
        QVERIFY(uitest::writePngFolder(images, 3, 4, false));

        engine::Experiment e;
        e.name = "resnet18";
        e.strategy = "finetune";
        e.model.pretrained = m_dir.filePath("resnet18.pt").toStdString();
        e.input = {32, 32, 3};
        engine::DatasetSpec target;
        target.format = "folder";
        target.path = images.toStdString();
        e.target = target;
        e.train.epochs = 1;
        auto w = uitest::makeWindow(e);
        QVERIFY(w);
        NetworkDiagram* d = w->diagram();
        QTRY_VERIFY_WITH_TIMEOUT(!d->blockRect("layer4").isEmpty(), 30000);
        QVERIFY(d->blockRect("trunk").isEmpty());
        QVERIFY(d->visibleBlocks().contains("conv1"));
        QCOMPARE(d->visibleBlocks().last(), QStringLiteral("head"));

        QTest::mouseClick(d->viewport(), Qt::LeftButton, {}, at(*d, d->blockRect("layer4")));
        QCOMPARE(names(w->document()->experiment().freeze), (QStringList{"layer4"}));
        d->setExpanded("layer3", true);
        QTest::mouseClick(d->viewport(), Qt::LeftButton, {}, at(*d, d->blockRect("layer3.1")));
        QCOMPARE(names(w->document()->experiment().freeze), (QStringList{"layer3.1", "layer4"}));

        const QString file = m_dir.filePath("exp.json");
        QVERIFY(w->saveExperiment(file));
        const engine::Experiment saved = engine::loadExperiment(file.toStdString());
        QCOMPARE(names(saved.freeze), (QStringList{"layer3.1", "layer4"}));

        // Reopened, the names are known (not dropped as layers this network lacks) and marked.
        auto w2 = uitest::makeWindow(saved);
        QVERIFY(w2);
        QTRY_VERIFY_WITH_TIMEOUT(w2->diagram()->isFrozen("layer4"), 30000);
        QVERIFY(w2->diagram()->isFrozen("layer3.1"));
        QCOMPARE(w2->diagram()->frozenLayers(), (QStringList{"layer3.1", "layer4"}));
        QTest::qWait(300); // a queued clean-up of unknown names would run here
        QCOMPARE(names(w2->document()->experiment().freeze), (QStringList{"layer3.1", "layer4"}));
        w2->diagram()->setExpanded("layer4", true);
        QCOMPARE(w2->diagram()->frozenBy("layer4.0"), QStringLiteral("layer4"));

        // A new strategy starts unfrozen and names what it unfroze, dotted names included.
        QRadioButton* scratch = w2->strategyPicker()->button(QStringLiteral("scratch"));
        QTRY_VERIFY(scratch->isEnabled());
        QTest::mouseClick(scratch, Qt::LeftButton, {}, QPoint(4, scratch->height() / 2));
        QVERIFY(w2->document()->experiment().freeze.empty());
        QVERIFY2(w2->statusBar()->currentMessage().contains(QStringLiteral("layer3.1, layer4")),
                 qPrintable(w2->statusBar()->currentMessage()));
        QTRY_VERIFY(!w2->diagram()->isFrozen("layer4"));
        QVERIFY(w2->diagram()->frozenLayers().isEmpty());
    }
};

QTEST_MAIN(TestDiagram)
#include "tst_diagram.moc"
