package io.github.lenet5j.onnx;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ONNX graph under construction ({@code GraphProto}) and the model file around it ({@code ModelProto}), written
 * with {@link ProtoWriter}. Nodes are added in the order they run (ONNX requires a topological order); every value
 * is named once. Float constants are initializers with {@code raw_data}; none is a graph input, so a runtime may
 * fold them.
 *
 * <p>The field numbers are those of {@code onnx/onnx.proto} in the ONNX repository (github.com/onnx/onnx), read at
 * commit 64209faab4da (ONNX 1.16's development, whose {@code Version} enum ends at IR version 10). Every field used
 * here already had its number in IR version 3 and has kept it since: protobuf numbers are never reused.
 */
final class OnnxGraph {
    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto (the domain is left out: absent means the default ONNX domain)
    private static final int OPSET_VERSION = 2;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto and its AttributeType enum
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int TYPE_INT = 2;
    private static final int TYPE_INTS = 7;
    // TensorProto and its DataType enum
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    /** The name of the batch dimension of every input and output: any size. */
    static final String BATCH = "batch";

    private final String name;
    private final ProtoWriter nodes = new ProtoWriter();
    private final ProtoWriter initializers = new ProtoWriter();
    private final ProtoWriter inputsAndOutputs = new ProtoWriter();

    /**
     * An empty graph.
     *
     * @param name the graph's name
     */
    OnnxGraph(String name) {
        this.name = name;
    }

    /** A node attribute, already encoded as an {@code AttributeProto}. */
    record Attribute(ProtoWriter encoded) {
    }

    /** {@return an INT attribute} */
    static Attribute integer(String name, long value) {
        return new Attribute(new ProtoWriter().string(ATTRIBUTE_NAME, name).int64(ATTRIBUTE_I, value)
                .int64(ATTRIBUTE_TYPE, TYPE_INT));
    }

    /** {@return an INTS attribute (a repeated int64, one key per element, as onnx.proto does not pack it)} */
    static Attribute integers(String name, long... values) {
        ProtoWriter a = new ProtoWriter().string(ATTRIBUTE_NAME, name);
        for (long v : values) {
            a.int64(ATTRIBUTE_INTS, v);
        }
        return new Attribute(a.int64(ATTRIBUTE_TYPE, TYPE_INTS));
    }

    /**
     * Adds a node.
     *
     * @param opType the operator, e.g. {@code Conv}
     * @param nodeName the node's name, unique in the graph
     * @param output the name of the value it computes
     * @param inputs the names of the values it reads, in the operator's order
     * @param attributes its attributes
     * @return {@code output}
     */
    String node(String opType, String nodeName, String output, List<String> inputs, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        for (String input : inputs) {
            node.string(NODE_INPUT, input);
        }
        node.string(NODE_OUTPUT, output).string(NODE_NAME, nodeName).string(NODE_OP_TYPE, opType);
        for (Attribute a : attributes) {
            node.message(NODE_ATTRIBUTE, a.encoded());
        }
        nodes.message(GRAPH_NODE, node);
        return output;
    }

    /**
     * Adds a FLOAT constant.
     *
     * @param tensorName its name
     * @param values the values, row-major
     * @param dims its shape (none for a scalar)
     * @return {@code tensorName}
     */
    String initializer(String tensorName, float[] values, int... dims) {
        return initializer(tensorName, FLOAT, ProtoWriter.littleEndian(values), values.length, dims);
    }

    /**
     * Adds an INT64 constant (the axes of Unsqueeze and ReduceSum are inputs since opset 13).
     *
     * @param tensorName its name
     * @param values the values, row-major
     * @param dims its shape
     * @return {@code tensorName}
     */
    String initializer(String tensorName, long[] values, int... dims) {
        return initializer(tensorName, INT64, ProtoWriter.littleEndian(values), values.length, dims);
    }

    private String initializer(String tensorName, int dataType, byte[] rawData, int count, int... dims) {
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (size != count) {
            throw new IllegalArgumentException(tensorName + ": " + count + " values for shape " + List.of(dims));
        }
        ProtoWriter tensor = new ProtoWriter();
        for (int d : dims) {
            tensor.int64(TENSOR_DIMS, d);
        }
        tensor.int64(TENSOR_DATA_TYPE, dataType).string(TENSOR_NAME, tensorName).bytes(TENSOR_RAW_DATA, rawData);
        initializers.message(GRAPH_INITIALIZER, tensor);
        return tensorName;
    }

    /**
     * Declares a graph input {@code [batch, dims...]} of floats.
     *
     * @param valueName its name
     * @param dims the dimensions after the batch
     */
    void input(String valueName, int... dims) {
        inputsAndOutputs.message(GRAPH_INPUT, floatValueInfo(valueName, dims));
    }

    /**
     * Declares a graph output {@code [batch, dims...]} of floats.
     *
     * @param valueName the name of a value a node computes
     * @param dims the dimensions after the batch
     */
    void output(String valueName, int... dims) {
        inputsAndOutputs.message(GRAPH_OUTPUT, floatValueInfo(valueName, dims));
    }

    private static ProtoWriter floatValueInfo(String valueName, int... dims) {
        ProtoWriter shape = new ProtoWriter().message(SHAPE_DIM, new ProtoWriter().string(DIM_PARAM, BATCH));
        for (int d : dims) {
            shape.message(SHAPE_DIM, new ProtoWriter().int64(DIM_VALUE, d));
        }
        ProtoWriter tensorType = new ProtoWriter().int64(TENSOR_TYPE_ELEM_TYPE, FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_INFO_NAME, valueName)
                .message(VALUE_INFO_TYPE, new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType));
    }

    /**
     * {@return the ModelProto's bytes: this graph with the IR version, the opset of the default domain, the
     * producer, a description and the metadata, its entries sorted by key so that the bytes never depend on a
     * map's order}
     *
     * @param irVersion the IR version
     * @param opset the version of the default ("ai.onnx") operator set
     * @param producer the producer's name
     * @param docString a description of the model
     * @param metadata the metadata_props
     */
    byte[] model(long irVersion, long opset, String producer, String docString, Map<String, String> metadata) {
        ProtoWriter model = new ProtoWriter().int64(MODEL_IR_VERSION, irVersion)
                .string(MODEL_PRODUCER_NAME, producer)
                .string(MODEL_DOC_STRING, docString)
                .message(MODEL_GRAPH, graphMessage())
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().int64(OPSET_VERSION, opset));
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            model.message(MODEL_METADATA_PROPS, new ProtoWriter().string(ENTRY_KEY, e.getKey())
                    .string(ENTRY_VALUE, e.getValue()));
        }
        return model.toByteArray();
    }

    /** The GraphProto: its fields in the order of their kinds (a message's fields may come in any order). */
    private ProtoWriter graphMessage() {
        return new ProtoWriter().append(nodes).string(GRAPH_NAME, name).append(initializers).append(inputsAndOutputs);
    }
}
