#pragma once

// Runs the built transfer-studio-cli (TS_CLI_PATH) for the CLI-level test suites.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace ts::testdata {

struct CliResult {
    int code = -1; // the exit code; -1 when it crashed or was killed at the timeout
    QString out, err;
};

/// Runs the CLI with `args`, its checkpoint cache under `cacheHome` (XDG_CACHE_HOME), killed after `timeoutMs`.
inline CliResult runCli(const QStringList& args, const QString& cacheHome, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CACHE_HOME", cacheHome);
    p.setProcessEnvironment(env);
    p.start(TS_CLI_PATH, args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace ts::testdata
