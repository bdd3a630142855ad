package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void everyMemberRunsTheTaskOnceARunAndTheCallerIsMemberZero() {
        try (WorkerPool pool = new WorkerPool(3, "test-pool")) {
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            Thread caller = Thread.currentThread();
            boolean[] zeroOnCaller = new boolean[1];
            for (int run = 0; run < 1000; run++) {
                pool.run(member -> {
                    runs.incrementAndGet(member);
                    if (member == 0) {
                        zeroOnCaller[0] = Thread.currentThread() == caller;
                    }
                });
            }
            assertThat(new int[] {runs.get(0), runs.get(1), runs.get(2)}).containsExactly(1000, 1000, 1000);
            assertThat(zeroOnCaller[0]).isTrue();
            assertThat(pool.size()).isEqualTo(3);
        }
    }

    @Test
    void workersThatFellAsleepWakeForTheNextRun() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, "test-pool")) {
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            pool.run(runs::incrementAndGet);
            Thread.sleep(20);   // well past the millisecond of spinning
            pool.run(runs::incrementAndGet);
            assertThat(runs.get(1)).isEqualTo(2);
        }
    }

    @Test
    void aWorkersFailureIsRethrownToTheCallerAndThePoolGoesOn() {
        try (WorkerPool pool = new WorkerPool(2, "test-pool")) {
            assertThatThrownBy(() -> pool.run(member -> {
                if (member == 1) {
                    throw new IllegalStateException("boom in worker");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom in worker");
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            pool.run(runs::incrementAndGet);
            assertThat(runs.get(1)).isEqualTo(1);
        }
    }

    @Test
    void aSizeBelowOneIsRejected() {
        assertThatThrownBy(() -> new WorkerPool(0, "test-pool"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
