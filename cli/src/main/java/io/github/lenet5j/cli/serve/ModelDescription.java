package io.github.lenet5j.cli.serve;

import io.github.lenet5j.cli.Cli;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /model}: the configuration (the model file's metadata names), the class names, how pictures are
 * prepared, the layer table, and the engine and kernels it runs on.
 */
final class ModelDescription {
    private ModelDescription() {
    }

    static Map<String, Object> json(ModelFile.Loaded loaded) {
        LeNet5 model = loaded.model();
        LeNet5Config c = model.config();
        Map<String, Object> o = new LinkedHashMap<>(Cli.configJson(c));
        List<String> names = new ArrayList<>();
        for (int k = 0; k < c.numClasses(); k++) {
            names.add(loaded.className(k));
        }
        o.put("class_names", names);
        o.put("preprocessing", loaded.preprocessing().toMap());
        o.put("parameters", model.numParameters());
        o.put("input", List.of(c.inChannels(), LeNet5.INPUT_SIZE, LeNet5.INPUT_SIZE));
        o.put("layers", Cli.layersJson(model.layerTable()));
        o.putAll(Cli.engineJson(model.engine()));
        return java.util.Collections.unmodifiableMap(o);
    }
}
