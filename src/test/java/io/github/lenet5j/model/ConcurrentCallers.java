package io.github.lenet5j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** The predictors' thread-safety check: many callers at once, each must get exactly its own image's answer. */
final class ConcurrentCallers {
    private ConcurrentCallers() {
    }

    /** Submits {@code predict(images[i])} for every i from {@code callers} threads; each answer must be expected[i]. */
    static void assertEachGetsItsOwnAnswer(int callers, float[][] images, float[][] expected,
                                           UnaryOperator<float[]> predict) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<Future<float[]>> answers = new ArrayList<>();
            for (float[] image : images) {
                answers.add(threads.submit(() -> predict.apply(image)));
            }
            for (int i = 0; i < images.length; i++) {
                assertThat(answers.get(i).get()).as("image %d", i).containsExactly(expected[i]);
            }
        } finally {
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
