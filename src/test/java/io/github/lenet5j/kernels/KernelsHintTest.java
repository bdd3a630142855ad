package io.github.lenet5j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The line that says how to turn the vector kernels on: said once, and only when the JVM could run them but was
 * started without the module and without {@code -Dlenet5j.kernels=scalar}; and which scalar kernels such a JVM
 * runs.
 */
class KernelsHintTest {
    @Test
    void aJvmWithoutTheModuleIsToldTheOptionThatTurnsTheVectorKernelsOn() {
        assertThat(Kernels.hint(false, true, null)).hasValueSatisfying(line -> assertThat(line)
                .contains("--add-modules jdk.incubator.vector", "-Dlenet5j.kernels=scalar").doesNotContain("\n"));
    }

    @Test
    void nothingIsSaidWithTheModuleWithTheScalarKernelsChosenOrOnARuntimeWithoutTheModule() {
        assertThat(Kernels.hint(true, true, null)).isEmpty();
        assertThat(Kernels.hint(false, true, "scalar")).isEmpty();
        assertThat(Kernels.hint(true, true, "scalar")).isEmpty();
        assertThat(Kernels.hint(false, false, null)).isEmpty();
    }

    @Test
    void aJvmStartedWithoutTheModuleLogsTheLineOnceAtInfo() throws Exception {
        Run plain = run();
        assertThat(plain.out()).isEqualTo(scalarKernels() + " " + scalarKernels());
        assertThat(plain.err().lines().filter(l -> l.contains("--add-modules jdk.incubator.vector")))
                .singleElement().satisfies(line -> assertThat(line).startsWith("INFO: lenet5j runs its scalar kernels"));

        Run chosen = run("-Dlenet5j.kernels=scalar");
        assertThat(chosen.out()).isEqualTo(scalarKernels() + " " + scalarKernels());
        assertThat(chosen.err()).isEmpty();
    }

    @Test
    void theScalarKernelsFuseTheirMultiplyAddsExactlyWhenHotSpotCompilesMathFmaToAnInstruction() throws Exception {
        assertThat(run("-Dlenet5j.kernels=scalar", "-XX:+UseFMA").out())
                .isEqualTo(hotSpotFma() ? "scalar-fma scalar-fma" : "scalar scalar");
        assertThat(run("-Dlenet5j.kernels=scalar", "-XX:-UseFMA").out()).isEqualTo("scalar scalar");
        assertThat(run("-Dlenet5j.kernels=scalar", "-Dlenet5j.fma=false").out()).isEqualTo("scalar scalar");
    }

    /** What a JVM without the module runs here: fused multiply-adds if this JVM has them (a flag of the CPU). */
    private static String scalarKernels() {
        return hotSpotFma() ? "scalar-fma" : "scalar";
    }

    private static boolean hotSpotFma() {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue()
                .equals("true");
    }

    private record Run(String out, String err) {
    }

    /** Runs {@link Main} in a new JVM without the vector module, on this JVM's library and test classes. */
    private static Run run(String... options) throws Exception {
        String classPath = location(Kernels.class) + File.pathSeparator + location(KernelsHintTest.class);
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath));
        command.addAll(List.of(options));
        command.add(Main.class.getName());
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return new Run(out, err);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Asks for the kernels twice: the second time says nothing. */
    public static final class Main {
        public static void main(String[] args) {
            System.out.print(Kernels.active() + " ");
            System.out.print(Kernels.active());
        }
    }
}
