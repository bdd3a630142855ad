/**
 * Threads for both engines: {@link io.github.lenet5j.parallel.WorkerPool}, the fixed team of threads that the
 * trainer's data-parallel shards and the latency predictor's layer slices run on, allocating nothing per run.
 * Depends on nothing but the JDK.
 */
package io.github.lenet5j.parallel;
