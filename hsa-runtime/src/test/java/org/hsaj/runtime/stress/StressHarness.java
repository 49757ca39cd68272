package org.hsaj.runtime.stress;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * A small concurrency stress harness in the manner of jcstress: two actors race over a batch of fresh
 * states (one thread each, both walking the batch in order, so the same state is touched by both at
 * about the same moment), each returns what it observed, and the pair is one outcome. Tests then name
 * the outcomes a memory-ordering contract forbids and assert they never occur.
 */
final class StressHarness {
    interface Actor<S> {
        String act(S state);
    }

    private StressHarness() {
    }

    /** Outcome -> how often it was seen, over {@code batches} batches of {@code batchSize} states. */
    static <S> Map<String, Integer> run(int batches, int batchSize, IntFunction<S> newState, Actor<S> first,
            Actor<S> second) throws InterruptedException {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int b = 0; b < batches; b++) {
            Object[] states = new Object[batchSize];
            for (int i = 0; i < batchSize; i++) {
                states[i] = newState.apply(i);
            }
            String[] seenByFirst = new String[batchSize];
            String[] seenBySecond = new String[batchSize];
            CountDownLatch start = new CountDownLatch(1);
            Thread t1 = Thread.ofPlatform().start(() -> walk(start, states, first, seenByFirst));
            Thread t2 = Thread.ofPlatform().start(() -> walk(start, states, second, seenBySecond));
            start.countDown();
            t1.join();
            t2.join();
            for (int i = 0; i < batchSize; i++) {
                outcomes.merge(seenByFirst[i] + "|" + seenBySecond[i], 1, Integer::sum);
            }
        }
        return outcomes;
    }

    @SuppressWarnings("unchecked")
    private static <S> void walk(CountDownLatch start, Object[] states, Actor<S> actor, String[] seen) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int i = 0; i < states.length; i++) {
            seen[i] = actor.act((S) states[i]);
        }
    }
}
