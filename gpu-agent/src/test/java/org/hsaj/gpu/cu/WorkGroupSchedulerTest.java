package org.hsaj.gpu.cu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WorkGroupSchedulerTest {
    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "work-stealing"})
    void everyWorkGroupIsHandedOutExactlyOnceUnderConcurrency(String policy) throws InterruptedException {
        for (int total : new int[] {1, 3, 1000, 12345}) {
            for (int units : new int[] {1, 3, 4}) {
                WorkGroupSource source = WorkGroupScheduler.named(policy).plan(total, units);
                AtomicIntegerArray seen = new AtomicIntegerArray(total);
                List<Thread> threads = new ArrayList<>();
                for (int u = 0; u < units; u++) {
                    int unit = u;
                    threads.add(Thread.ofPlatform().start(() -> {
                        for (long g = source.next(unit); g >= 0; g = source.next(unit)) {
                            seen.incrementAndGet((int) g);
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                for (int g = 0; g < total; g++) {
                    assertEquals(1, seen.get(g), policy + ": group " + g + " of " + total + " on " + units + " units");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "work-stealing"})
    void claimedRunsCoverEveryWorkGroupExactlyOnceUnderConcurrency(String policy) throws InterruptedException {
        int total = 12345;
        int units = 3;
        int max = 64;
        WorkGroupSource source = WorkGroupScheduler.named(policy).plan(total, units);
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        List<String> oversized = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            int unit = u;
            threads.add(Thread.ofPlatform().start(() -> {
                for (WorkGroupSource.Run r = source.claim(unit, max); r != null; r = source.claim(unit, max)) {
                    if (r.count() < 1 || r.count() > max) {
                        oversized.add(r.toString());
                    }
                    for (long g = r.first(); g < r.first() + r.count(); g++) {
                        seen.incrementAndGet((int) g);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), oversized, "runs of 1 to " + max + " work-groups");
        for (int g = 0; g < total; g++) {
            assertEquals(1, seen.get(g), policy + ": group " + g);
        }
    }

    @Test
    void workStealingClaimsHalfOfWhatIsLeftOfTheShareFromItsFront() {
        WorkGroupSource source = new WorkStealingWorkGroupScheduler().plan(100, 2);
        assertEquals(new WorkGroupSource.Run(0, 25), source.claim(0, 100), "half of unit 0's 50");
        assertEquals(new WorkGroupSource.Run(25, 13), source.claim(0, 100), "half of 25, rounded up");
        assertEquals(new WorkGroupSource.Run(38, 4), source.claim(0, 4), "at most the limit");
        assertEquals(new WorkGroupSource.Run(50, 1), source.claim(1, 1));
        assertEquals(new WorkGroupSource.Run(42, 4), source.claim(0, 100));
        assertEquals(new WorkGroupSource.Run(46, 2), source.claim(0, 100));
        assertEquals(new WorkGroupSource.Run(48, 1), source.claim(0, 100));
        assertEquals(new WorkGroupSource.Run(49, 1), source.claim(0, 100), "the last of the share");
        assertEquals(new WorkGroupSource.Run(75, 13), source.claim(0, 100),
                "then half of the back half (75..99) of unit 1's 49 left");
    }

    @Test
    void roundRobinPlacesGroupsByIndex() {
        WorkGroupSource source = new RoundRobinWorkGroupScheduler().plan(7, 3);
        assertEquals(List.of(1L, 4L), drain(source, 1));
        assertEquals(List.of(0L, 3L, 6L), drain(source, 0));
        assertEquals(List.of(2L, 5L), drain(source, 2));
    }

    @Test
    void workStealingLetsAnIdleUnitTakeTheOthersShare() {
        WorkGroupSource source = new WorkStealingWorkGroupScheduler().plan(100, 2);
        List<Long> unit1 = drain(source, 1);
        assertEquals(100, unit1.size(), "an idle unit keeps stealing until nothing is left");
        assertEquals(List.of(50L, 99L, 25L), List.of(unit1.get(0), unit1.get(49), unit1.get(50)),
                "its own share first, then the back half (25..49) of unit 0's");
        assertTrue(drain(source, 0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> WorkGroupScheduler.named("fifo"));
    }

    private static List<Long> drain(WorkGroupSource source, int unit) {
        List<Long> groups = new ArrayList<>();
        for (long g = source.next(unit); g >= 0; g = source.next(unit)) {
            groups.add(g);
        }
        return groups;
    }
}
