package io.github.lenet5j.testsupport;

import java.io.PrintStream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints on the build's console which test was skipped and why, as one line
 * ({@code [SKIPPED] ServePageIT.drawingShowsPredictionsAndFeatureMaps: chromium and chromedriver are not installed ...}):
 * Surefire and Failsafe count skipped tests but keep the reason in their XML reports only. A test skipped by an
 * assumption (aborted) or disabled by a condition is reported; every module's tests load this listener through
 * {@code META-INF/services} (the parent POM adds {@code src/test/support} to each module's tests).
 */
public final class SkipReasons implements TestExecutionListener {
    private final PrintStream console = System.out;   // the stream Surefire shows, taken before any test replaces it

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private void report(TestIdentifier test, String reason) {
        console.println("[SKIPPED] " + name(test) + ": " + (reason == null || reason.isBlank() ? "(no reason given)"
                : reason.replace('\n', ' ')));
        console.flush();
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource m) {   // a parameterized test's invocation adds its display name, "[2] 6, 25"
            String name = simple(m.getClassName()) + "." + m.getMethodName();
            return test.getDisplayName().startsWith(m.getMethodName() + "(") ? name : name + " " + test.getDisplayName();
        }
        if (source instanceof ClassSource c) {
            return simple(c.getClassName());
        }
        return test.getDisplayName();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
