#pragma once

// The engine's texts for people (strategy titles, descriptions, settings, option help, baseline titles, the
// gain sentence) in the window's language. The engine stays Qt-free and English; it exposes stable ids
// (strategy, option and baseline names) and the UI translates here, in the context "ts::ui::EngineTexts".

#include <QJsonObject>
#include <QString>

namespace ts::ui::enginetexts {

/// `english` in the UI language. `id` tells apart equal texts ("scratch", "dann", an option key); a text the
/// translation lacks (e.g. after the engine reworded it) stays English.
QString translate(const QString& english, const QString& id);

/// A strategy's title / description (`name` is its id, "finetune").
QString strategyTitle(const QString& name, const QString& english);
QString strategyDescription(const QString& name, const QString& english);
/// A setting of the 2×2 table ("source labeled, target unlabeled", "baseline").
QString setting(const QString& english);
/// An option's help; `key` is the option's key ("lambda_max").
QString optionHelp(const QString& key, const QString& english);
/// A baseline's title; `name` is the plan's name ("scratch", "source_only").
QString baselineTitle(const QString& name, const QString& english);

/// A training phase's name for the run status ("train", "pretrain", "autoencoder", ...); unknown ids as they are.
QString phase(const QString& id);

/// A summary's "baseline" comparison in one line, as engine::gainSentence writes it but in the UI language,
/// e.g. "fine-tuning 93.1 % vs scratch 88.0 %: +5.1 points"; "" when there is nothing to compare.
QString gainSentence(const QJsonObject& comparison);

} // namespace ts::ui::enginetexts
