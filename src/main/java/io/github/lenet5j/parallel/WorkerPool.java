package io.github.lenet5j.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads that runs one task on every member and waits for all of them:
 * {@code run(task)} calls {@code task.accept(0)} on the caller and {@code task.accept(i)} on worker i;
 * {@code run(task, members)} only on the first {@code members} (the trainer's batch smaller than its team).
 * The trainer's data-parallel shards and the latency predictor's stages run on one.
 *
 * <p>A run counter and park/unpark, so a run allocates nothing (no futures, no queues). Whoever waits
 * spins first, for up to a millisecond: a parked thread takes tens of microseconds to wake, which at small
 * batches was a large part of a step (training at batch 1 on two threads ran at 2,970 images/s against 3,960
 * on one). Runs that follow each other find the workers awake; an idle team sleeps. Not for concurrent
 * use: one {@code run} at a time.
 */
public final class WorkerPool implements AutoCloseable {
    private static final long SPIN_NANOS = 1_000_000;

    private final Thread[] workers;               // workers[i - 1] runs task(i)
    private final AtomicInteger pending = new AtomicInteger();   // workers still running this run's task
    private final AtomicInteger sleepers = new AtomicInteger();  // workers parked (or about to park)
    private volatile boolean callerAsleep;
    private volatile IntConsumer task;
    private volatile long run;                    // runs so far (high 32 bits) and the run's members (low 32)
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    /**
     * A team of {@code size} members: the caller of {@link #run} and {@code size − 1} daemon threads.
     *
     * @param size the members, at least 1
     * @param name the workers' name prefix, e.g. {@code lenet5j-worker} (threads {@code name-1}, {@code name-2}, ...)
     * @throws IllegalArgumentException if {@code size} is below 1
     */
    public WorkerPool(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("WorkerPool: size must be >= 1, got " + size);
        }
        workers = new Thread[size - 1];
        for (int i = 0; i < workers.length; i++) {
            int member = i + 1;
            workers[i] = new Thread(() -> work(member), name + "-" + member);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /** {@return the number of members, the caller included} */
    public int size() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task(i)} for every member i and returns when all are done.
     *
     * @param task what each member does, given its index (0 is the caller)
     * @throws RuntimeException or {@link Error} a worker's task threw (the last one, if several)
     */
    public void run(IntConsumer task) {
        run(task, size());
    }

    /**
     * Runs {@code task(i)} for members 0 to {@code members − 1} and returns when they are done; the other
     * workers are not woken. With one member the caller runs the task alone.
     *
     * @param task what each member does, given its index (0 is the caller)
     * @param members how many members take part, 1 to {@link #size()}
     * @throws IllegalArgumentException if {@code members} is out of range
     * @throws RuntimeException or {@link Error} a worker's task threw (the last one, if several)
     */
    public void run(IntConsumer task, int members) {
        if (members < 1 || members > size()) {
            throw new IllegalArgumentException("WorkerPool: members must be 1 to " + size() + ", got " + members);
        }
        if (members == 1) {
            task.accept(0);
            return;
        }
        this.task = task;
        this.caller = Thread.currentThread();
        failure = null;
        pending.set(members - 1);
        // One volatile write publishes the task and says who takes part: a worker that reads this run's number
        // reads its member count with it, never the next run's.
        run = ((run >>> 32) + 1) << 32 | members;
        if (sleepers.get() > 0) {                 // unpark costs a system call: only for a worker that sleeps
            for (int i = 0; i < members - 1; i++) {
                LockSupport.unpark(workers[i]);
            }
        }
        task.accept(0);
        long sleepAt = System.nanoTime() + SPIN_NANOS;
        while (pending.get() > 0) {
            if (System.nanoTime() < sleepAt) {
                Thread.onSpinWait();
                continue;
            }
            callerAsleep = true;                  // then check again: the last worker reads the flag after its decrement
            if (pending.get() > 0) {
                LockSupport.park(this);           // a spurious return loops
            }
            callerAsleep = false;
        }
        Throwable f = failure;
        if (f instanceof RuntimeException e) {
            throw e;
        } else if (f instanceof Error e) {
            throw e;
        }
    }

    private void work(int member) {
        long seen = 0;
        while (true) {
            long sleepAt = System.nanoTime() + SPIN_NANOS;
            while (run == seen && !closed) {
                if (System.nanoTime() < sleepAt) {
                    Thread.onSpinWait();
                    continue;
                }
                sleepers.incrementAndGet();       // then check again: run() reads the count after its increment
                if (run == seen && !closed) {
                    LockSupport.park(this);
                }
                sleepers.decrementAndGet();
            }
            if (closed) {
                return;
            }
            seen = run;
            if (member >= (int) seen) {           // not in this run: the caller does not wait for us
                continue;
            }
            try {
                task.accept(member);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (pending.decrementAndGet() == 0 && callerAsleep) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    /** Stops the workers (they finish a run in progress first). */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
