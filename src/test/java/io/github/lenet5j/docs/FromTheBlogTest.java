package io.github.lenet5j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.model.ClassicLayerInfo;
import io.github.lenet5j.model.ClassicLeNet5;
import io.github.lenet5j.model.LayerInfo;
import io.github.lenet5j.model.LeNet5;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/from-the-blog.md's table is the models' own: the blog post's products add up as the page says, and every
 * layer name, output shape and parameter count it gives for {@code LeNet5} (sigmoid, max pooling) and
 * {@code ClassicLeNet5} is the one their layer tables report.
 */
class FromTheBlogTest {
    private static final Path PAGE = Path.of("docs/from-the-blog.md");

    /** One row of the page's table, split at its cells. */
    private record Row(String stage, String blogOutput, String blogParams, String modern, String modernParams,
                       String classic, String classicParams) {
    }

    @Test
    void everyRowOfTheTableIsWhatTheModelsReport() throws Exception {
        List<Row> rows = table();
        assertThat(rows).extracting(Row::stage)
                .containsExactly("C1", "S2", "C3", "S4", "C5", "F6", "OUTPUT", "total");
        LeNet5 modern = new LeNet5(10, true);
        ClassicLeNet5 classic = new ClassicLeNet5(10, 0);
        int blogTotal = 0;
        for (Row row : rows.subList(0, rows.size() - 1)) {
            // the post's arithmetic: "5×5×6+6 = 156"
            String[] sides = row.blogParams().split("=");
            assertThat(evaluate(sides[0])).as("the post's product for %s", row.stage()).isEqualTo(number(sides[1]));
            blogTotal += number(sides[1]);

            LayerInfo m = modern.layerTable().stream().filter(r -> r.name().equals(code(row.modern()))).findFirst()
                    .orElseThrow(() -> new AssertionError("LeNet5 has no layer " + row.modern()));
            assertThat(m.stage()).as("stage of %s", m.name()).isEqualTo(row.stage());
            assertThat(m.params()).as("parameters of LeNet5's %s", m.name()).isEqualTo(number(row.modernParams()));
            assertThat(withoutUnitSides(m.output())).as("output of LeNet5's %s", m.name())
                    .isEqualTo(withoutUnitSides(shape(row.blogOutput())));

            ClassicLayerInfo c = classic.layerTable().stream().filter(r -> r.name().equals(code(row.classic())))
                    .findFirst().orElseThrow(() -> new AssertionError("ClassicLeNet5 has no layer " + row.classic()));
            assertThat(c.stage()).as("stage of %s", c.name()).isEqualTo(row.stage());
            assertThat(c.params()).as("parameters of ClassicLeNet5's %s", c.name()).isEqualTo(number(row.classicParams()));
            assertThat(c.output()).as("output of ClassicLeNet5's %s", c.name()).isEqualTo(shape(row.blogOutput()));
        }
        Row total = rows.get(rows.size() - 1);
        assertThat(number(total.blogParams())).as("the sum of the post's rows").isEqualTo(blogTotal);
        assertThat(number(total.modernParams())).isEqualTo(modern.numParameters());
        assertThat(number(total.classicParams())).isEqualTo(classic.numParameters());
    }

    /** The rows of the first table after "## The table", header and separator left out. */
    private static List<Row> table() throws Exception {
        List<String> lines = Files.readAllLines(PAGE);
        int start = lines.indexOf("## The table");
        assertThat(start).as("%s has a section '## The table'", PAGE).isNotNegative();
        List<Row> rows = new ArrayList<>();
        boolean header = true;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.startsWith("|")) {
                if (!rows.isEmpty()) {
                    break;
                }
                continue;
            }
            if (header || line.startsWith("|---")) {
                header = false;
                continue;
            }
            String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                    .map(String::trim).toArray(String[]::new);
            assertThat(cells).as("a row of 7 cells: %s", line).hasSize(7);
            rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]));
        }
        return rows;
    }

    /** "5×5×6+6" as a number: a sum of products. */
    private static int evaluate(String expression) {
        int sum = 0;
        for (String term : expression.split("\\+")) {
            int product = 1;
            for (String factor : term.split("×")) {
                product *= number(factor);
            }
            sum += product;
        }
        return sum;
    }

    private static int number(String text) {
        return Integer.parseInt(text.replace(",", "").trim());
    }

    private static String code(String cell) {
        return cell.replace("`", "");
    }

    /** "6@28×28" as [6, 28, 28], "84" as [84]. */
    private static List<Integer> shape(String text) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split("[@×]")) {
            dims.add(number(part));
        }
        return dims;
    }

    /** [120, 1, 1] as [120]: a 1×1 map is a vector. */
    private static List<Integer> withoutUnitSides(List<Integer> shape) {
        return shape.size() == 3 && shape.get(1) == 1 && shape.get(2) == 1 ? List.of(shape.get(0)) : shape;
    }
}
