#pragma once

// Include <qcustomplot.h> through this header. QCustomPlot's header uses Qt's keyword macros (signals, slots,
// emit, foreach), which QT_NO_KEYWORDS turns off; they are defined only for this include and removed again, so
// they cannot clash with LibTorch's `slots` identifier elsewhere.

#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#define TS_QCP_KEYWORDS_DEFINED
#endif

#include <qcustomplot.h>

#ifdef TS_QCP_KEYWORDS_DEFINED
#undef signals
#undef slots
#undef emit
#undef foreach
#undef TS_QCP_KEYWORDS_DEFINED
#endif
