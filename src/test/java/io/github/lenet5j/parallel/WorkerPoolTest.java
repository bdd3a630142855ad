package io.github.lenet5j.parallel;

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
    void aRunOfFewerMembersRunsOnlyTheFirstOnesWhateverTheRunsBeforeIt() {
        try (WorkerPool pool = new WorkerPool(4, "test-pool")) {
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            int[] expected = new int[4];
            for (int run = 0; run < 3000; run++) {
                int members = 1 + run * 7 % 4;   // 1, 4, 3, 2, 1, ...: a left-out worker may still be catching up
                pool.run(runs::incrementAndGet, members);
                for (int m = 0; m < members; m++) {
                    expected[m]++;
                }
                assertThat(new int[] {runs.get(0), runs.get(1), runs.get(2), runs.get(3)}).as("after run %d", run)
                        .containsExactly(expected);
            }
            assertThatThrownBy(() -> pool.run(runs::incrementAndGet, 5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 5");
            assertThatThrownBy(() -> pool.run(runs::incrementAndGet, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        }
    }

    @Test
    void aOneMemberRunStaysOnTheCaller() {
        try (WorkerPool pool = new WorkerPool(3, "test-pool")) {
            Thread caller = Thread.currentThread();
            Thread[] ranOn = new Thread[1];
            pool.run(member -> ranOn[0] = Thread.currentThread(), 1);
            assertThat(ranOn[0]).isSameAs(caller);
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
