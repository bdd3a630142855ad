package io.github.lenet5j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Assumptions;

/** Measures what the current thread allocates, to prove that a reader rejects a huge claim before allocating it. */
public final class Allocations {
    private Allocations() {
    }

    /** The bytes this thread has allocated since it started (HotSpot); the test is skipped on a JVM that cannot tell. */
    public static long ofCurrentThread() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counting unsupported");
        return ((com.sun.management.ThreadMXBean) bean).getCurrentThreadAllocatedBytes();
    }
}
