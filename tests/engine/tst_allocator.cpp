// The steady allocator (engine/core/allocator.h): tensor-sized blocks come from the heap and stay there.

#include "engine/core/allocator.h"

#include <QtTest>

#include <cstdlib>
#include <cstring>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace ts::engine;

namespace {

// Keeps the compiler from eliding a malloc/free pair.
void* volatile g_sink = nullptr;

} // namespace

class TestAllocator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void leavesAPersonsSettingsAlone()
    {
        qputenv("GLIBC_TUNABLES", "");
        const auto settings = configureAllocator();
        qunsetenv("GLIBC_TUNABLES");
        QVERIFY(!settings.applied);
        QCOMPARE(settings.mmapThresholdBytes, 0L);
    }

    void tensorSizedBlocksStayOnTheHeap()
    {
#if defined(__linux__) && defined(__GLIBC__)
        qunsetenv("MALLOC_MMAP_THRESHOLD_");
        qunsetenv("MALLOC_TRIM_THRESHOLD_");
        const auto settings = configureAllocator();
        QVERIFY(settings.applied);
        QVERIFY(settings.mmapThresholdBytes >= 16L * 1024 * 1024);
        // With glibc's defaults a fresh process maps a 16 MB block of its own (and unmaps it on free: a page
        // fault per 4 KB page each time it is used again); now it comes from the heap and stays there.
        constexpr std::size_t kBlock = 16u * 1024 * 1024;
        const auto before = mallinfo2();
        void* block = std::malloc(kBlock);
        QVERIFY(block);
        std::memset(block, 1, kBlock);
        g_sink = block;
        const auto held = mallinfo2();
        QCOMPARE(held.hblks, before.hblks); // not mmapped
        QVERIFY(held.arena >= before.arena + kBlock / 2);
        std::free(g_sink);
        const auto after = mallinfo2();
        QCOMPARE(after.arena, held.arena); // the heap's top was not trimmed
#else
        QSKIP("glibc only");
#endif
    }
};

QTEST_GUILESS_MAIN(TestAllocator)
#include "tst_allocator.moc"
