package io.github.lenet5j;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged library jar is a real module: a consumer module that {@code requires io.github.lenet5j} compiles
 * and runs against it on the module path (java --module-path ... -m), with and without the Vector API module, and
 * the jar holds the library's classes and nothing else (no command line, no data, no pictures).
 */
class ModulePathConsumerIT {
    /** The library jar, given by failsafe (library/target/lenet5j-VERSION.jar). */
    private static final Path JAR = Path.of(System.getProperty("lenet5j.jar", "library/target/missing.jar"));
    private static final String CONSUMER = """
            package consumer;

            import io.github.lenet5j.model.LeNet5;
            import io.github.lenet5j.model.LeNet5Output;
            import io.github.lenet5j.nn.Engine;
            import io.github.lenet5j.tensor.Tensor;

            public class Main {
                public static void main(String[] args) {
                    LeNet5 model = new LeNet5(10, true);
                    Tensor image = new Tensor(1, 1, 32, 32);
                    image.set(1f, 0, 0, 16, 16);
                    LeNet5Output out = model.forward(image);
                    float sum = 0;
                    for (int c = 0; c < 10; c++) {
                        sum += out.probabilities().get(0, c);
                    }
                    System.out.println("module " + LeNet5.class.getModule().getName());
                    System.out.println("parameters " + model.numParameters());
                    System.out.println("probabilities sum to " + Math.round(sum * 1000) / 1000.0);
                    System.out.println("kernels " + Engine.FAST.kernels());
                    LeNet5 reference = model.withEngine(Engine.REFERENCE);
                    float difference = Math.abs(reference.forward(image).probabilities().get(0, 3)
                            - model.forward(image).probabilities().get(0, 3));
                    System.out.println(reference.engine().describe() + " agrees: " + (difference < 1e-5f));
                }
            }
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void compileTheConsumerModule() throws IOException {
        assertThat(JAR).as("the packaged library jar (mvn package)").isRegularFile();
        Path sources = dir.resolve("src");
        Files.createDirectories(sources.resolve("consumer"));
        Files.writeString(sources.resolve("module-info.java"), "module consumer { requires io.github.lenet5j; }\n");
        Files.writeString(sources.resolve("consumer/Main.java"), CONSUMER);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null,
                List.of("-d", dir.resolve("classes").toString(), "--module-path", JAR.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(
                        sources.resolve("module-info.java"), sources.resolve("consumer/Main.java"))).call();
        assertThat(ok).as("the consumer module compiles against the library jar: %s", errors).isTrue();
    }

    @Test
    void aConsumerModuleRunsTheLibraryOnTheModulePathOnPlainLoopsByDefault() throws Exception {
        String out = run();
        assertThat(out).contains("module io.github.lenet5j", "parameters 61706", "probabilities sum to 1.0",
                "reference (plain loops) agrees: true");
        // fused where this JVM fuses: the library's module reads jdk.management, so it can ask HotSpot on the module path
        boolean fma = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("UseFMA")
                .getValue().equals("true");
        assertThat(out.lines()).contains(fma ? "kernels scalar-fma" : "kernels scalar");
    }

    @Test
    void theVectorKernelsRunOnTheModulePathWhenTheJvmHasTheVectorModule() throws Exception {
        String out = run("--add-modules", "jdk.incubator.vector");
        assertThat(out).contains("module io.github.lenet5j", "probabilities sum to 1.0", "kernels vector",
                "reference (plain loops) agrees: true");
    }

    @Test
    void theJarHoldsTheLibraryModuleAndNothingElse() throws IOException {
        List<String> entries = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().forEach(e -> entries.add(e.getName()));
        }
        assertThat(entries).contains("module-info.class", "io/github/lenet5j/model/LeNet5.class");
        assertThat(entries).noneMatch(e -> e.contains("/cli/") || e.endsWith(".gz") || e.endsWith(".png")
                || e.endsWith(".html") || e.endsWith(".safetensors"));
        assertThat(Files.size(JAR)).as("the library jar's size in bytes").isLessThan(300 * 1024);
    }

    private static String run(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("--module-path", JAR + java.io.File.pathSeparator + dir.resolve("classes"),
                "-m", "consumer/consumer.Main"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", out).isZero();
        return out;
    }
}
