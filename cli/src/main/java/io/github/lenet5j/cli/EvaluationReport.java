package io.github.lenet5j.cli;

import io.github.lenet5j.train.Evaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An {@link Evaluation} as JSON and as text tables: accuracy, per-class precision and recall, the confusion matrix. */
final class EvaluationReport {
    private EvaluationReport() {
    }

    /** Every number: accuracy, loss, counts, per-class precision, recall and support, the confusion matrix. */
    static Map<String, Object> json(Evaluation e, List<String> classNames) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("correct", e.correct());
        o.put("total", e.total());
        o.put("accuracy", e.accuracy());
        o.put("loss", e.loss());
        List<Object> perClass = new ArrayList<>();
        for (int c = 0; c < e.confusion().length; c++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", c);
            row.put("name", name(classNames, c));
            row.put("precision", e.precision(c));
            row.put("recall", e.recall(c));
            row.put("support", Arrays.stream(e.confusion()[c]).sum());
            perClass.add(row);
        }
        o.put("per_class", perClass);
        o.put("confusion", Arrays.asList(e.confusion()));
        return o;
    }

    /** One line per class: precision, recall and the number of test images of that class. */
    static String classTable(Evaluation e, List<String> classNames) {
        int nameWidth = Math.max(5, classNames.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%3s  %-" + nameWidth + "s  %9s  %6s  %7s%n",
                "", "class", "precision", "recall", "images"));
        for (int c = 0; c < e.confusion().length; c++) {
            s.append(String.format(Locale.ROOT, "%3d  %-" + nameWidth + "s  %8.2f%%  %5.2f%%  %,7d%n", c, name(classNames, c),
                    100 * e.precision(c), 100 * e.recall(c), Arrays.stream(e.confusion()[c]).sum()));
        }
        return s.toString();
    }

    /** The confusion matrix: a row per true class, a column per predicted class. */
    static String confusionTable(Evaluation e) {
        int[][] m = e.confusion();
        int width = 4;
        for (int[] row : m) {
            for (int v : row) {
                width = Math.max(width, String.valueOf(v).length() + 1);
            }
        }
        StringBuilder s = new StringBuilder("confusion matrix (rows: true class, columns: predicted)\n");
        s.append(String.format(Locale.ROOT, "%5s", "true"));
        for (int p = 0; p < m.length; p++) {
            s.append(String.format(Locale.ROOT, "%" + width + "d", p));
        }
        s.append('\n');
        for (int t = 0; t < m.length; t++) {
            s.append(String.format(Locale.ROOT, "%5d", t));
            for (int v : m[t]) {
                s.append(String.format(Locale.ROOT, "%" + width + "d", v));
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String name(List<String> classNames, int c) {
        return c < classNames.size() ? classNames.get(c) : String.valueOf(c);
    }
}
