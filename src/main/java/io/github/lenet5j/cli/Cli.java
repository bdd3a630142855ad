package io.github.lenet5j.cli;

import io.github.lenet5j.model.LeNet5Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** What several commands print the same way. */
final class Cli {
    private Cli() {
    }

    /** A configuration as JSON fields, with the names of the model files' metadata. */
    static Map<String, Object> configJson(LeNet5Config config) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("in_channels", config.inChannels());
        o.put("num_classes", config.numClasses());
        o.put("activation", config.activation().id());
        o.put("pooling", config.pooling().id());
        return o;
    }
}
