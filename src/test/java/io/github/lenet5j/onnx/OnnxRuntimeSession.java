package io.github.lenet5j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.lenet5j.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** ONNX Runtime's Java API on an exported file: one session (CPU, two threads), batches in, outputs by name out. */
final class OnnxRuntimeSession implements AutoCloseable {
    static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final OrtSession session;

    OnnxRuntimeSession(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setInterOpNumThreads(1);
            session = ENVIRONMENT.createSession(model, options);
        }
    }

    OrtSession session() {
        return session;
    }

    /** Runs a batch {@code [N, C, 32, 32]}; returns each output, {@code [N, K]} row-major, by name. */
    Map<String, float[]> run(Tensor input) throws OrtException {
        long[] shape = new long[input.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.dim(i);
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(input.data()), shape);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
            Map<String, float[]> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : result) {
                FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                outputs.put(e.getKey(), copy);
            }
            return outputs;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    /** {@return the largest |a[i] − b[i]|} */
    static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError(a.length + " values against " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
