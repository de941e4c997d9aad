#include "ui/i18n/enginetexts.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace ts::ui::enginetexts {

namespace {

// lupdate reads the context only from a literal, so the translate() calls below spell it out.
constexpr char kContext[] = "ts::ui::EngineTexts";

// Every engine text with its id, for lupdate. The English must match the engine's word for word
// (tests/ui/tst_translations.cpp checks that each one is translated); a reworded engine text shows in
// English until this list and translations/transfer-studio_zh_CN.ts follow.
[[maybe_unused]] const struct {
    const char* source;
    const char* comment;
} kTexts[] = {
    // Strategy titles (disambiguated by the strategy name).
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Train from scratch", "scratch"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Source only", "source_only"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Fine-tuning", "finetune"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Domain-adversarial training (DANN)", "dann"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Multitask learning", "multitask"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Self-taught learning", "selftaught"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Self-taught clustering", "selftaught_clustering"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Zero-shot learning (attributes)", "zeroshot"),
    // Strategy descriptions.
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Trains the network from random weights on the few labeled target images only. Every "
                       "transfer strategy should beat this.",
                       "scratch"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Trains on the labeled source and tests on the target without adapting. The gap to a "
                       "target-trained network measures the domain shift.",
                       "source_only"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Starts from a network pretrained on the source, puts a new random head on it for the "
                       "target classes and trains briefly with a small learning rate. Frozen layers keep "
                       "their source weights.",
                       "finetune"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Learns features that classify the labeled source images while a domain classifier, "
                       "fooled through a gradient reversal layer, cannot tell source from unlabeled target "
                       "images.",
                       "dann"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Trains one shared trunk with two heads at the same time: one for the source labels "
                       "(task A) and one for the target labels (task B), so the target task borrows features "
                       "learned for the source.",
                       "multitask"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Learns features from unlabeled source images, which may be unrelated to the target, "
                       "with a denoising autoencoder; then trains a classifier on those features with the few "
                       "labeled target images.",
                       "selftaught"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Learns features from unlabeled source images with a denoising autoencoder, then "
                       "groups the unlabeled target images into k clusters with k-means on those features.",
                       "selftaught_clustering"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Learns to recognise attributes such as 'has sleeves' on the seen source classes, then "
                       "names each target image by the unseen class whose attribute row fits best. The unseen "
                       "classes are the table's classes the source lacks (or the classes of a labeled "
                       "target_test); target labels, if any, are only used to measure accuracy.",
                       "zeroshot"),
    // The settings of the 2×2 table (the picker places strategies by the English text).
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "baseline", "setting"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "source labeled, target labeled", "setting"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "source labeled, target unlabeled", "setting"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "source unlabeled, target labeled", "setting"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "source unlabeled, target unlabeled", "setting"),
    // Option help (disambiguated by the option key; the autoencoder's options are shared).
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "layer where the domain classifier branches off: the end of the feature extractor "
                       "(default: the last feature layer)",
                       "branch"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "units of the domain classifier's hidden layer", "domain_hidden"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "how lambda grows: 'paper' = lambda_max * (2/(1+exp(-gamma*p)) - 1), 'constant' = "
                       "lambda_max",
                       "schedule"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "steepness of the paper's lambda schedule", "gamma"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "weight of the reversed domain gradient at the end of training",
                       "lambda_max"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "anneal the learning rate as lr / (1 + 10p)^0.75 over training progress p", "anneal_lr"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "last shared layer; the heads start after it (default: the last feature layer)", "branch"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "'alternate': each step trains one task, A and B in turn; 'mixed': each step trains "
                       "both on a batch of each",
                       "mode"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "loss weights [task A, task B]; a weight of 0 leaves that task untrained",
                       "weights"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "also train the encoder on the target labels (with lr * train.backbone_lr_mult); false "
                       "keeps the features the autoencoder learned",
                       "finetune_encoder"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "pixels skips representation learning and trains a linear classifier on raw pixels "
                       "(the baseline of the same labels)",
                       "representation"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "L2 penalty (l2/2 ||W||^2) on the head's weights when the head is fitted to "
                       "convergence on fixed features (frozen encoder or pixels); keeps the fit well-posed "
                       "when the few labels are separable",
                       "head_weight_decay"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "most full-batch L-BFGS iterations of that fit; it stops earlier once the training "
                       "loss improves by less than 0.01 % over 10 iterations",
                       "head_max_iterations"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "number of clusters; 0 = the number of target classes (needs a labeled target)", "k"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "k-means runs with different k-means++ seeds; the one with the lowest inertia is kept",
                       "restarts"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "Lloyd iterations per k-means run at most", "max_iterations"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "also cluster the features of the same autoencoder trained on the target alone, for "
                       "comparison (k-means on raw pixels is always reported for a labeled target)",
                       "compare_baselines"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "CSV file 'class,attribute1,...' with one row per seen and unseen class",
                       "attributes"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "how an unseen class is chosen: dap (Lampert's direct attribute prediction, 0/1 "
                       "tables), cosine or euclidean (nearest signature); auto = dap for 0/1 tables, cosine "
                       "otherwise",
                       "method"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "attribute loss: bce (sigmoid outputs, values in [0, 1]) or mse (raw outputs); auto = "
                       "bce for 0/1 tables, mse otherwise",
                       "loss"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "epochs of autoencoder training on the unlabeled source images",
                       "autoencoder_epochs"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "standard deviation of the Gaussian noise added to each input pixel (pixels scaled to "
                       "[-1, 1]); 0 trains a plain autoencoder",
                       "noise"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "weight of an L1 penalty on the code that makes it sparse; 0 turns it off", "sparsity"),
    // The rotation pretext (engine/strategies/representation.cpp) reworded these; the earlier wording above stays
    // until every build has the new one.
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Learns features from unlabeled source images, which may be unrelated to the target, "
                       "with a denoising autoencoder or by predicting image rotations; then trains a "
                       "classifier on those features with the few labeled target images.",
                       "selftaught"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "Learns features from unlabeled source images with a denoising autoencoder or by "
                       "predicting image rotations, then groups the unlabeled target images into k clusters "
                       "with k-means on those features.",
                       "selftaught_clustering"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "how features are learned from the unlabeled source images: 'autoencoder' rebuilds "
                       "each image from a noisy copy; 'rotation' learns to tell by how much each image was "
                       "turned (0, 90, 180 or 270 degrees), which needs the object's shape; 'pixels' learns "
                       "nothing and uses the raw pixels (the baseline of the same labels)",
                       "representation"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "how features are learned from the unlabeled source images: 'autoencoder' rebuilds "
                       "each image from a noisy copy; 'rotation' learns to tell by how much each image was "
                       "turned (0, 90, 180 or 270 degrees), which needs the object's shape",
                       "representation"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "layer whose output is the representation used on the target (default: the last "
                       "feature layer); an earlier convolution keeps more of the image's layout",
                       "feature_layer"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "epochs of rotation prediction on the unlabeled source images",
                       "rotation_epochs"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "also train the encoder on the target labels (with lr * train.backbone_lr_mult); false "
                       "keeps the features learned from the unlabeled images",
                       "finetune_encoder"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "also cluster the features of the same representation learned on the target alone, for "
                       "comparison (k-means on raw pixels is always reported for a labeled target)",
                       "compare_baselines"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts",
                       "scaling of each image's features before k-means: 'l2' to unit length (k-means then "
                       "groups by direction, not by how strongly features fire), 'standardize' each feature "
                       "to mean 0 and std 1",
                       "normalize"),
    // Baseline titles (engine/train/baseline.cpp, disambiguated by the plan name).
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "nothing frozen", "unfrozen"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "scratch", "scratch"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "task B alone", "scratch"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "raw pixels", "pixels"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "source only", "source_only"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "raw-pixel k-means", "raw_pixels_kmeans"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "chance", "chance"),
    // Strategy names in the gain sentence (engine/train/baseline.cpp, displayName).
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "fine-tuning", "gain:finetune"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "multitask", "gain:multitask"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "DANN", "gain:dann"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "zero-shot", "gain:zeroshot"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "self-taught", "gain:selftaught"),
    QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "self-taught clustering", "gain:selftaught_clustering"),
};

QString formatScore(double score, const QString& metric)
{
    if (metric == QLatin1String("nmi"))
        return QCoreApplication::translate("ts::ui::EngineTexts", "NMI %1").arg(score, 0, 'f', 3);
    return QCoreApplication::translate("ts::ui::EngineTexts", "%1 %").arg(100.0 * score, 0, 'f', 1);
}

} // namespace

QString translate(const QString& english, const QString& id)
{
    if (english.isEmpty())
        return english;
    const QByteArray source = english.toUtf8();
    const QByteArray disambiguation = id.toUtf8();
    return QCoreApplication::translate(kContext, source.constData(), disambiguation.constData());
}

QString strategyTitle(const QString& name, const QString& english)
{
    return translate(english, name);
}

QString strategyDescription(const QString& name, const QString& english)
{
    return translate(english, name);
}

QString setting(const QString& english)
{
    return translate(english, QStringLiteral("setting"));
}

QString optionHelp(const QString& key, const QString& english)
{
    return translate(english, key);
}

QString baselineTitle(const QString& name, const QString& english)
{
    return translate(english, name);
}

QString phase(const QString& id)
{
    // The English text is the id itself, so the status line reads as before in English.
    static const struct {
        const char* source;
        const char* comment;
    } phases[] = {
        QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "pretrain", "phase"),
        QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "train", "phase"),
        QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "autoencoder", "phase"),
        QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "baseline_autoencoder", "phase"),
        QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "pretext", "phase"),
        QT_TRANSLATE_NOOP3("ts::ui::EngineTexts", "clustering", "phase"),
    };
    for (const auto& p : phases)
        if (id == QLatin1String(p.source))
            return translate(id, QStringLiteral("phase"));
    return id;
}

QString gainSentence(const QJsonObject& comparison)
{
    const QString strategy = comparison.value(QLatin1String("strategy")).toString();
    // The engine's short names for the sentence (engine/train/baseline.cpp, displayName).
    static const struct {
        const char* id;
        const char* english;
    } names[] = {{"finetune", "fine-tuning"},
                 {"multitask", "multitask"},
                 {"dann", "DANN"},
                 {"zeroshot", "zero-shot"},
                 {"selftaught", "self-taught"},
                 {"selftaught_clustering", "self-taught clustering"}};
    QString name = strategy;
    for (const auto& n : names)
        if (strategy == QLatin1String(n.id))
            name = translate(QString::fromUtf8(n.english), QStringLiteral("gain:") + strategy);
    QStringList parts;
    for (const auto& value : comparison.value(QLatin1String("baselines")).toArray()) {
        const QJsonObject b = value.toObject();
        if (!b.contains(QLatin1String("gain_points")) || !b.value(QLatin1String("strategy_score")).isDouble() ||
            !b.value(QLatin1String("score")).isDouble())
            continue;
        const QString metric = b.value(QLatin1String("metric")).toString();
        const double gain = b.value(QLatin1String("gain_points")).toDouble();
        const QString signedGain = (gain >= 0 ? QStringLiteral("+") : QString()) + QString::number(gain, 'f', 1);
        parts << QCoreApplication::translate("ts::ui::EngineTexts", "%1 %2 vs %3 %4: %5 points")
                     .arg(name, formatScore(b.value(QLatin1String("strategy_score")).toDouble(), metric),
                          baselineTitle(b.value(QLatin1String("name")).toString(),
                                        b.value(QLatin1String("title")).toString()),
                          formatScore(b.value(QLatin1String("score")).toDouble(), metric), signedGain);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace ts::ui::enginetexts
