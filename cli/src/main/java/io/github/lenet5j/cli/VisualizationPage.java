package io.github.lenet5j.cli;

import io.github.lenet5j.io.AtomicFile;
import io.github.lenet5j.model.LayerInfo;
import io.github.lenet5j.model.LeNet5;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The {@code index.html} of {@code visualize}: the layer table and every picture, with no external resources. */
final class VisualizationPage {
    private VisualizationPage() {
    }

    static void write(Path file, Path modelFile, LeNet5 lenet, Map<String, String> pictures, String prediction)
            throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>lenet5j: ")
                .append(escape(modelFile.getFileName().toString())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}\n")
                .append("td:first-child,td:nth-child(2),th{text-align:left}figure{margin:1.5em 0}img{max-width:100%;")
                .append("image-rendering:pixelated;border:1px solid #eee}figcaption{font-weight:bold;margin-bottom:.3em}\n")
                .append("</style>\n</head>\n<body>\n<h1>LeNet-5: ").append(escape(modelFile.toString())).append("</h1>\n");
        h.append("<p>").append(escape(String.format(java.util.Locale.ROOT,
                "in_channels=%d, num_classes=%d, activation=%s, pooling=%s, %,d parameters", lenet.config().inChannels(),
                lenet.config().numClasses(), lenet.config().activation().id(), lenet.config().pooling().id(),
                lenet.numParameters()))).append("</p>\n");
        if (prediction != null) {
            h.append("<p><strong>Prediction</strong>: ").append(escape(prediction)).append("</p>\n");
        }
        h.append("<h2>Layers</h2>\n<table>\n<tr><th>layer</th><th>stage</th><th>output</th><th>params</th></tr>\n");
        for (LayerInfo row : lenet.layerTable()) {
            String shape = String.join("×", row.output().stream().map(String::valueOf).toList());
            h.append("<tr><td>").append(escape(row.name())).append("</td><td>").append(escape(row.stage()))
                    .append("</td><td>").append(shape).append("</td><td>").append(String.format("%,d", row.params()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Pictures</h2>\n");
        for (Map.Entry<String, String> p : pictures.entrySet()) {
            h.append("<figure><figcaption>").append(escape(p.getValue())).append("</figcaption><img src=\"")
                    .append(escape(p.getKey())).append("\" alt=\"").append(escape(p.getValue())).append("\"></figure>\n");
        }
        h.append("</body>\n</html>\n");
        byte[] bytes = h.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
