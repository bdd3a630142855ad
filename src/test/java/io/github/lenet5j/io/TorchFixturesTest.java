package io.github.lenet5j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the files that the PyTorch twin wrote (see src/test/resources/torch/README.md) with lenet5j's reader, and
 * checks every generated fixture against the SHA-256 list beside it.
 */
class TorchFixturesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "c1_k10_sigmoid_max,         1, 10, sigmoid, max",
        "c1_k10_relu_max,            1, 10, relu,    max",
        "c1_k10_tanh_avg,            1, 10, tanh,    avg",
        "c1_k10_sigmoid_subsampling, 1, 10, sigmoid, subsampling",
        "c3_k7_relu_avg,             3,  7, relu,    avg",
        "c3_k7_tanh_subsampling,     3,  7, tanh,    subsampling"})
    void readsEveryModelFixtureWithItsNamesShapesAndMetadata(String name, int c, int k, String activation,
            String pooling) throws Exception {
        SafeTensorsFile f = SafeTensors.read(fixture(name + ".safetensors"));

        assertThat(f.metadata()).containsEntry("format", "lenet5j").containsEntry("in_channels", "" + c)
                .containsEntry("num_classes", "" + k).containsEntry("activation", activation)
                .containsEntry("pooling", pooling);
        List<String> params = new ArrayList<>(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"));
        if (pooling.equals("subsampling")) {
            params.addAll(List.of("s2.weight", "s2.bias", "s4.weight", "s4.bias"));
        }
        List<String> expected = new ArrayList<>(List.of("input", "grad.input", "target", "logits", "probabilities",
                "loss"));
        for (String p : params) {
            expected.add(p);
            expected.add("grad." + p);
            assertThat(f.shape("grad." + p)).as(p).isEqualTo(f.shape(p));
        }
        assertThat(f.names()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(f.shape("conv1.weight")).containsExactly(6, c, 5, 5);
        assertThat(f.shape("conv2.weight")).containsExactly(16, 6, 5, 5);
        assertThat(f.shape("fc1.weight")).containsExactly(120, 400);
        assertThat(f.shape("fc3.weight")).containsExactly(k, 84);
        assertThat(f.shape("input")).containsExactly(4, c, 32, 32);
        assertThat(f.shape("grad.input")).containsExactly(4, c, 32, 32);
        assertThat(f.shape("logits")).containsExactly(4, k);
        assertThat(f.shape("loss")).containsExactly(1);
        assertThat(f.dtype("target")).isEqualTo("I64");
        assertThat(f.longs("target")).hasSize(4);
        assertThat(Arrays.stream(f.longs("target"))).allSatisfy(t -> assertThat(t).isBetween(0L, k - 1L));
        assertThat(f.dtype("conv1.weight")).isEqualTo("F32");
        float[] probabilities = f.tensor("probabilities").data();
        for (int n = 0; n < 4; n++) {
            float sum = 0;
            for (int j = 0; j < k; j++) {
                sum += probabilities[n * k + j];
            }
            assertThat(sum).as("probabilities of sample %d", n).isCloseTo(1f, offset(1e-5f));
        }
    }

    @Test
    void decodesF16Bf16AndF64AsPyTorchConvertsThemToFloat32() throws Exception {
        SafeTensorsFile f = SafeTensors.read(fixture("dtypes.safetensors"));

        for (String name : List.of("f16", "bf16", "f64")) {
            assertThat(f.dtype(name)).isEqualTo(name.toUpperCase());
            assertThat(f.shape(name)).containsExactly(3, 4);
            float[] ours = f.tensor(name).data();
            float[] torch = f.tensor(name + ".as_f32").data();
            for (int i = 0; i < ours.length; i++) {
                assertThat(Float.valueOf(ours[i])).as("%s[%d]", name, i).isEqualTo(Float.valueOf(torch[i]));
            }
        }
        assertThat(f.tensor("f16").data()[6]).isEqualTo(0x1p-24f); // the smallest subnormal half
    }

    @Test
    void readsPyTorchIntegerTensorsExactly() throws Exception {
        SafeTensorsFile f = SafeTensors.read(fixture("dtypes.safetensors"));

        assertThat(f.longs("i32")).containsExactly(Integer.MIN_VALUE, -1, 0, 1, 7, Integer.MAX_VALUE);
        assertThat(f.shape("i32")).containsExactly(2, 3);
        assertThat(f.longs("i64")).containsExactly(Long.MIN_VALUE, -1, 0, 9, (1L << 53) + 1, Long.MAX_VALUE);
        assertThat(f.metadata()).containsEntry("source", "lenet5_torch.py fixtures");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"c1_k10_classic, 1, 10", "c3_k7_classic, 3, 7"})
    void readsEveryClassicFixtureWithTheModelFilesNamesAndShapes(String name, int c, int k) throws Exception {
        SafeTensorsFile f = SafeTensors.read(fixture(name + ".safetensors"));

        assertThat(f.metadata()).containsEntry("format", "lenet5j").containsEntry("preset", "classic")
                .containsEntry("in_channels", "" + c).containsEntry("num_classes", "" + k);
        Map<String, List<Integer>> parameters = new LinkedHashMap<>();
        parameters.put("c1.weight", List.of(6, c, 5, 5));
        parameters.put("c1.bias", List.of(6));
        parameters.put("s2.weight", List.of(6));
        parameters.put("s2.bias", List.of(6));
        parameters.put("c3.weight", List.of(60, 5, 5));
        parameters.put("c3.bias", List.of(16));
        parameters.put("s4.weight", List.of(16));
        parameters.put("s4.bias", List.of(16));
        parameters.put("c5.weight", List.of(120, 16, 5, 5));
        parameters.put("c5.bias", List.of(120));
        parameters.put("f6.weight", List.of(84, 120));
        parameters.put("f6.bias", List.of(84));
        List<String> expected = new ArrayList<>(List.of("rbf.centers", "input", "grad.input", "target", "distances",
                "loss", "train.loss"));
        for (Map.Entry<String, List<Integer>> p : parameters.entrySet()) {
            int[] shape = p.getValue().stream().mapToInt(Integer::intValue).toArray();
            for (String prefix : List.of("", "grad.", "train.")) {
                expected.add(prefix + p.getKey());
                assertThat(f.shape(prefix + p.getKey())).as(prefix + p.getKey()).containsExactly(shape);
            }
        }
        assertThat(f.names()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(f.shape("rbf.centers")).containsExactly(k, 84);
        assertThat(f.shape("distances")).containsExactly(4, k);
        assertThat(f.shape("train.loss")).containsExactly(Integer.parseInt(f.metadata().get("train_steps")));
        assertThat(Arrays.stream(f.longs("target"))).allSatisfy(t -> assertThat(t).isBetween(0L, k - 1L));
        for (float v : f.tensor("input").data()) {
            assertThat(v).as("input in the paper's range").isBetween(-0.1f, 1.175f);
        }
    }

    @Test
    void everyFixtureMatchesItsSha256Sum() throws Exception {
        for (String folder : List.of("torch", "optim")) {
            Path dir = Path.of("src/test/resources", folder);
            Map<String, String> listed = new TreeMap<>();
            for (String line : Files.readAllLines(dir.resolve("SHA256SUMS"))) {
                String[] hashAndName = line.split(" [ *]", 2);   // sha256sum's "<hash>  <name>"
                listed.put(hashAndName[1], hashAndName[0]);
            }
            try (Stream<Path> files = Files.list(dir)) {
                List<String> generated = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".safetensors") || n.endsWith(".txt")).toList();
                assertThat(listed.keySet()).as("%s/SHA256SUMS lists every generated file", folder)
                        .containsExactlyInAnyOrderElementsOf(generated);
            }
            for (Map.Entry<String, String> e : listed.entrySet()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(e.getKey())));
                assertThat(HexFormat.of().formatHex(digest)).as("%s/%s: regenerated without updating SHA256SUMS?",
                        folder, e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    private static Path fixture(String name) throws IOException, URISyntaxException {
        var url = TorchFixturesTest.class.getResource("/torch/" + name);
        if (url == null) {
            throw new IOException("missing test resource /torch/" + name);
        }
        return Path.of(url.toURI());
    }
}
