package io.github.lenet5j.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.util.Optional;

/**
 * Which matrix-product kernels the fast engine runs in this JVM. On the fast engine, {@code Conv2d} and
 * {@code Linear} reduce to one product ({@link ConvKernel}, {@link LinearKernel}), which has two implementations:
 * <ul>
 *   <li><b>vector</b>: register tiles and convolutions written with the Vector API, 1.9–2.7× as fast as the
 *       scalar kernels with fused multiply-adds on a 2-core Intel Xeon (docs/performance.md). Chosen when the JVM
 *       was started with {@code --add-modules jdk.incubator.vector} (an incubator module of JDK 17 and later; the
 *       JVM then prints a warning at start-up). The {@code lenet5j} launcher script adds the option.</li>
 *   <li><b>scalar-fma</b>, or <b>scalar</b>: plain loops that the JIT vectorises by itself. Used without that
 *       option, or with {@code -Dlenet5j.kernels=scalar}. Their products multiply and add with one rounding
 *       ({@link Math#fma}, {@code scalar-fma}) when HotSpot compiles Math.fma to an instruction (its flag
 *       {@code UseFMA}: x86-64 since 2013, ARMv8), else, or with {@code -Dlenet5j.fma=false}, with two
 *       ({@code scalar}): without the instruction Math.fma is exact arithmetic in software, far slower.</li>
 * </ul>
 * The three round differently, so the same seed and thread count give bit-identical weights on the same kernels
 * (on any machine); between them, results agree to float precision.
 *
 * <p>When the JVM runs the scalar kernels only because it was started without the module (its runtime has the
 * module, and the scalar ones were not asked for), the library says so once, when the fast engine first needs
 * its kernels: one
 * line at level INFO through {@link System.Logger} (logger {@code io.github.lenet5j.kernels.Kernels}; by default
 * java.util.logging, on stderr) with the option that turns the vector kernels on. {@code -Dlenet5j.kernels=scalar}
 * chooses the scalar kernels without that line.
 *
 * <p>The vector kernels are fast once HotSpot's C2 has compiled them (the default JIT; until then, and without
 * C2, each vector operation is an object) and on a CPU with fused multiply-add instructions (x86-64 since
 * 2013, ARMv8); elsewhere choose the scalar ones.
 */
public final class Kernels {
    /** The system property that forces the scalar kernels: {@code -Dlenet5j.kernels=scalar}. */
    public static final String PROPERTY = "lenet5j.kernels";
    /** The module that provides the Vector API. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Whether Gemm runs on VectorGemm: decided once, when the JVM loads this class. */
    static final boolean VECTOR = vectorModuleReadable() && !"scalar".equals(System.getProperty(PROPERTY));

    /** Whether the scalar kernels' products round once ({@link Gemm#fma}): decided once, as {@link #VECTOR}. */
    static final boolean FMA = !VECTOR && !"false".equals(System.getProperty("lenet5j.fma")) && jvmHasFma();

    static {
        Optional<String> hint = hint(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent(), System.getProperty(PROPERTY));
        if (hint.isPresent()) {
            System.getLogger(Kernels.class.getName()).log(System.Logger.Level.INFO, hint.get());
        }
    }

    /**
     * Whether the JVM has the Vector API module; if so, makes this library's module read it. On the module path
     * the library does not declare the incubator module (that would make every build and Javadoc run resolve
     * it), so the read edge is added here, before VectorGemm is first used; on the class path it is a no-op.
     */
    private static boolean vectorModuleReadable() {
        Module vector = ModuleLayer.boot().findModule(VECTOR_MODULE).orElse(null);
        if (vector != null) {
            Kernels.class.getModule().addReads(vector);
        }
        return vector != null;
    }

    /**
     * Whether HotSpot compiles {@link Math#fma} to an instruction: its flag UseFMA, read as Apache Lucene reads it
     * (false on a JVM without the flag or the bean).
     */
    private static boolean jvmHasFma() {
        try {   // a JVM without the bean (null) or the flag throws
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue()
                    .equals("true");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private Kernels() {
    }

    /**
     * The line said once when the vector kernels could run but do not, else nothing.
     *
     * @param moduleInJvm whether the JVM was started with the module (it is in the boot layer)
     * @param moduleInRuntime whether the Java runtime has the module at all (a jlink image may not)
     * @param property the value of the system property {@value #PROPERTY}, or null
     */
    static Optional<String> hint(boolean moduleInJvm, boolean moduleInRuntime, String property) {
        if (moduleInJvm || !moduleInRuntime || "scalar".equals(property)) {
            return Optional.empty();
        }
        return Optional.of("lenet5j runs its scalar kernels: start the JVM with --add-modules " + VECTOR_MODULE
                + " for its Vector API kernels (1.9-2.7x as fast in this project's measurements), or with -D" + PROPERTY
                + "=scalar to keep these without this line");
    }

    /** {@return {@code "vector"}, {@code "scalar-fma"} or {@code "scalar"}: the kernels this JVM runs} */
    public static String active() {
        return VECTOR ? "vector" : FMA ? "scalar-fma" : "scalar";
    }
}
