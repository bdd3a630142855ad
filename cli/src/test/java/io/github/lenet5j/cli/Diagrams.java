package io.github.lenet5j.cli;

import io.github.lenet5j.model.LayerInfo;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.nn.Conv2d;
import io.github.lenet5j.nn.SparseConv2d;
import io.github.lenet5j.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The docs' drawn figures (plain Java2D), each computed from the library rather than typed in: the architecture
 * from {@link LeNet5#layerTable()}, the gradient routes of a convolution from {@link Conv2d}'s own forward and
 * backward, C3's table from {@link SparseConv2d#lenet5Table()}. {@link DocFigures} writes them.
 */
final class Diagrams {
    static final Color INK = new Color(33, 37, 41);
    static final Color PLANE = new Color(222, 235, 247);
    static final Color EDGE = new Color(66, 110, 160);
    static final Color HIGHLIGHT = new Color(230, 97, 1);
    static final Color SOFT = new Color(253, 208, 162);
    static final Color MUTED = new Color(110, 117, 125);

    private Diagrams() {
    }

    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(INK);
        return g;
    }

    static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    static void centred(Graphics2D g, String text, double centreX, double baseline) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, (float) (centreX - m.stringWidth(text) / 2.0), (float) baseline);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The architecture: every stage's maps drawn to scale, with its shape and parameter count from the model.

    private static final int PX = 4;        // screen pixels per feature-map pixel
    private static final int TOP = 56;      // the top of the tallest plane

    /** One stage of the drawing: its maps (or units) and the rows of the layer table it stands for. */
    private record Stage(String label, String layers, int maps, int side, int units, int params) {
        boolean planar() {
            return side > 0;
        }

        int depth() {   // the offset between the first and the last plane of a stack
            return planar() ? Math.min(maps - 1, 15) * (maps > 6 ? 3 : 6) : 0;
        }

        int width() {
            return planar() ? side * PX + depth() : 18;
        }

        int height() {
            return planar() ? side * PX + depth() : Math.max(36, units * 3 / 2);
        }
    }

    /** LeNet-5's stages with every shape and count read from {@code model.layerTable()}. */
    static BufferedImage architecture(LeNet5 model) {
        List<LayerInfo> table = model.layerTable();
        int channels = model.inChannels();
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("input", "", channels, 32, 0, 0));
        String[][] groups = {{"C1", "conv1 + act1"}, {"S2", "s2"}, {"C3", "conv2 + act2"}, {"S4", "s4"},
            {"C5", "flatten, fc1 + act3"}, {"F6", "fc2 + act4"}, {"OUTPUT", "fc3, softmax"}};
        for (String[] group : groups) {
            LayerInfo row = table.stream().filter(r -> r.stage().equals(group[0])).findFirst().orElseThrow();
            List<Integer> shape = row.output();
            stages.add(shape.size() == 3
                    ? new Stage(group[0], group[1], shape.get(0), shape.get(1), 0, row.params())
                    : new Stage(group[0], group[1], 0, 0, shape.get(0), row.params()));
        }
        String[] operations = {"conv 5×5", "pool 2×2", "conv 5×5", "pool 2×2", "flatten, fc", "fc", "fc"};

        int gap = 34, left = 20, slot = 116;
        int width = left * 2 + stages.stream().mapToInt(st -> Math.max(slot, st.width())).sum() + gap * (stages.size() - 1);
        int maxHeight = stages.stream().mapToInt(Stage::height).max().orElseThrow();
        BufferedImage image = canvas(width, TOP + maxHeight + 150);
        Graphics2D g = graphics(image);
        g.setFont(font(Font.BOLD, 16));
        g.drawString("LeNet-5 in lenet5j: every stage's output and parameters (" + channels
                + " input channel" + (channels == 1 ? "" : "s") + ", " + model.numClasses() + " classes)", left, 28);
        int baseline = TOP + maxHeight;   // stacks stand on this line
        int x = left;
        int[] fieldX = new int[stages.size()], fieldY = new int[stages.size()];
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            int slotWidth = Math.max(slot, stage.width()), sx = x + (slotWidth - stage.width()) / 2;
            int y = baseline - stage.height();
            if (stage.planar()) {
                drawStack(g, stage, sx, y);
                // the front plane's top-left corner, where the receptive fields are marked
                fieldX[s] = sx + stage.depth();
                fieldY[s] = y + stage.depth();
            } else {
                drawColumn(g, stage, sx, y);
                fieldX[s] = sx;
                fieldY[s] = y;
            }
            drawCaption(g, stage, x + slotWidth / 2.0, baseline);
            if (s > 0) {
                g.setFont(font(Font.PLAIN, 12));
                g.setColor(MUTED);
                centred(g, operations[s - 1], x - gap / 2.0, baseline + 20);
                centred(g, "→", x - gap / 2.0, baseline + 36);
            }
            x += slotWidth + gap;
        }
        // receptive fields: a window on each stack and the unit of the next stage it feeds
        int[] windows = {5, 2, 5, 2, 5};
        for (int s = 0; s < windows.length; s++) {
            Stage from = stages.get(s), to = stages.get(s + 1);
            int k = windows[s] * PX, fx = fieldX[s] + (from.side() * PX - k) / 2, fy = fieldY[s] + (from.side() * PX - k) / 2;
            if (s == 4) {   // C5 sees the whole 5x5 of S4
                fx = fieldX[s];
                fy = fieldY[s];
            }
            g.setColor(HIGHLIGHT);
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect(fx, fy, k, k);
            int tx, ty;
            if (to.planar()) {
                tx = fieldX[s + 1] + to.side() * PX / 2 - PX / 2;
                ty = fieldY[s + 1] + to.side() * PX / 2 - PX / 2;
                g.fillRect(tx, ty, PX, PX);
            } else {
                tx = fieldX[s + 1] + 4;
                ty = fieldY[s + 1] + 10;
                g.fillRect(tx, ty, 10, 3);
            }
            g.setStroke(new BasicStroke(0.8f));
            g.drawLine(fx + k, fy, tx, ty);
            g.drawLine(fx + k, fy + k, tx, ty + PX);
        }
        // fully connected: one unit sees the whole vector before it
        for (int s = windows.length + 1; s < stages.size(); s++) {
            Stage from = stages.get(s - 1), to = stages.get(s);
            int tx = fieldX[s], ty = fieldY[s] + to.height() / 2;
            g.setColor(HIGHLIGHT);
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect(fieldX[s - 1], fieldY[s - 1], from.width(), from.height());
            g.fillRect(tx + 4, ty, 10, 3);
            g.setStroke(new BasicStroke(0.8f));
            g.drawLine(fieldX[s - 1] + from.width(), fieldY[s - 1], tx + 4, ty);
            g.drawLine(fieldX[s - 1] + from.width(), fieldY[s - 1] + from.height(), tx + 4, ty + 3);
        }
        g.setColor(MUTED);
        g.setFont(font(Font.PLAIN, 12));
        g.drawString("Maps drawn to scale (" + PX + " screen pixels per pixel); orange: a window of the stage before and"
                + " the one unit it feeds (a unit of C5, F6 or OUTPUT sees the whole stage before).", left, image.getHeight() - 30);
        g.drawString("After every weighted layer but the last comes the activation (sigmoid, ReLU or tanh); fc3 outputs"
                + " the logits, which softmax turns into probabilities. Shapes and counts: LeNet5.layerTable().",
                left, image.getHeight() - 12);
        g.dispose();
        return image;
    }

    private static void drawStack(Graphics2D g, Stage stage, int x, int y) {
        int side = stage.side() * PX, shown = Math.min(stage.maps(), 16), step = shown > 1 ? stage.depth() / (shown - 1) : 0;
        for (int i = 0; i < shown; i++) {   // back to front
            int px = x + i * step, py = y + i * step;
            g.setColor(PLANE);
            g.fillRect(px, py, side, side);
            g.setColor(EDGE);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(px, py, side, side);
        }
    }

    private static void drawColumn(Graphics2D g, Stage stage, int x, int y) {
        int h = stage.height();
        g.setColor(PLANE);
        g.fillRect(x, y, stage.width(), h);
        g.setColor(EDGE);
        g.drawRect(x, y, stage.width(), h);
        int step = Math.max(2, h / stage.units());
        if (step >= 4) {
            for (int u = 1; u < stage.units(); u++) {
                g.drawLine(x, y + u * h / stage.units(), x + stage.width(), y + u * h / stage.units());
            }
        }
    }

    private static void drawCaption(Graphics2D g, Stage stage, double centre, int baseline) {
        g.setColor(INK);
        g.setFont(font(Font.BOLD, 14));
        centred(g, stage.label(), centre, baseline + 40);
        g.setFont(font(Font.PLAIN, 12));
        String shape = stage.planar() ? stage.maps() + "@" + stage.side() + "×" + stage.side() : String.valueOf(stage.units());
        centred(g, shape, centre, baseline + 56);
        g.setColor(MUTED);
        if (!stage.layers().isEmpty()) {
            centred(g, stage.layers(), centre, baseline + 72);
        }
        centred(g, stage.label().equals("input") ? "" : String.format(Locale.ROOT, "%,d params", stage.params()),
                centre, baseline + 88);
    }

    // ---------------------------------------------------------------------------------------------------------
    // A convolution's gradient routes, read off Conv2d's own forward and backward on one-hot tensors.

    private static final int CELL = 34;

    /**
     * Three panels for a 1-channel 3×3 convolution over 6×6: the window that output (1,2) reads (forward), the
     * outputs that input (3,3) feeds and the kernel entry on each route (backward), and a corner input that feeds
     * one output only. Every highlighted cell and every label comes from running the layer.
     */
    static BufferedImage convolutionRoutes() {
        int size = 6, k = 3, out = size - k + 1;
        Conv2d conv = new Conv2d("conv", 1, 1, k);
        float[] w = conv.weight().value().data();
        for (int i = 0; i < w.length; i++) {
            w[i] = i + 1;   // kernel entry (p, q) = 1 + 3p + q: the value names the entry
        }
        int panel = CELL * (size + out) + 2 * CELL + 56;
        BufferedImage image = canvas(3 * panel, 2 * 40 + CELL * size + 150);
        Graphics2D g = graphics(image);
        g.setFont(font(Font.BOLD, 16));
        g.drawString("Conv2d, 1 channel, kernel 3×3 (entries w00 … w22), 6×6 input → 4×4 output: who feeds whom", 16, 26);

        // forward: which inputs does output (1,2) read? dL/dx for a one-hot dL/dy marks them, weighted by w[p,q]
        float[] reads = gradientInput(conv, size, out, 1, 2);
        drawPanel(g, 16, "forward: y[1,2] = Σ w[p,q]·x[1+p, 2+q]", size, out, (r, c) -> reads[r * size + c] != 0,
                (r, c) -> reads[r * size + c] != 0 ? entry((int) reads[r * size + c]) : "", (r, c) -> r == 1 && c == 2,
                (r, c) -> "", "input x: the window under y[1,2]", "output y", true);

        // backward: input (3,3) feeds the outputs whose window covers it; dx[3,3] = Σ g[i,j]·w[3−i, 3−j]
        float[] feeds = outputOf(conv, size, 3, 3);
        drawPanel(g, 16 + panel, "backward: dx[3,3] = Σ g[i,j]·w[3−i, 3−j]", size, out, (r, c) -> r == 3 && c == 3,
                (r, c) -> "", (r, c) -> feeds[r * out + c] != 0,
                (r, c) -> feeds[r * out + c] != 0 ? entry((int) feeds[r * out + c]) : "",
                "input x: the pixel (3,3)", "g = dL/dy: the 9 outputs it fed", false);

        float[] corner = outputOf(conv, size, 0, 0);
        drawPanel(g, 16 + 2 * panel, "a corner: dx[0,0] = g[0,0]·w00 only", size, out, (r, c) -> r == 0 && c == 0,
                (r, c) -> "", (r, c) -> corner[r * out + c] != 0,
                (r, c) -> corner[r * out + c] != 0 ? entry((int) corner[r * out + c]) : "",
                "input x: the pixel (0,0)", "g: the 1 output it fed", false);

        g.setFont(font(Font.PLAIN, 13));
        g.setColor(MUTED);
        int y = 2 * 40 + CELL * size + 70;
        g.drawString("Labels: the kernel entry on each route. The backward sends g[i,j]·w[p,q] back along every route of the"
                + " forward, so an inner pixel collects from 9 outputs through the kernel turned by 180° (w22 at the top left),",
                16, y);
        g.drawString("and an edge pixel from fewer: the \"full correlation with the flipped kernel\" of docs/math.md. The"
                + " weight gradient sums g[i,j]·x[i+p, j+q] over the same routes.", 16, y + 20);
        g.drawString("Computed by Conv2d itself: forward of a one-hot input (which outputs it feeds) and backward of a"
                + " one-hot output gradient (which inputs it reaches), with w[p,q] = 1 + 3p + q.", 16, y + 40);
        g.dispose();
        return image;
    }

    private static String entry(int value) {
        int index = value - 1;
        return "w" + index / 3 + index % 3;
    }

    /** dL/dx of the layer for dL/dy = 1 at output (i, j) and 0 elsewhere: the window's weights where it reads. */
    private static float[] gradientInput(Conv2d conv, int size, int out, int i, int j) {
        conv.forward(new Tensor(1, 1, size, size));
        Tensor g = new Tensor(1, 1, out, out);
        g.set(1f, 0, 0, i, j);
        return conv.backward(g).data().clone();
    }

    /** y of the layer (bias 0) for x = 1 at input (r, c) and 0 elsewhere: the weight on each route it feeds. */
    private static float[] outputOf(Conv2d conv, int size, int r, int c) {
        Tensor x = new Tensor(1, 1, size, size);
        x.set(1f, 0, 0, r, c);
        return conv.forward(x).data().clone();
    }

    private interface CellTest {
        boolean at(int r, int c);
    }

    private interface CellText {
        String at(int r, int c);
    }

    private static void drawPanel(Graphics2D g, int x0, String title, int size, int out, CellTest inputMarked,
                                  CellText inputLabel, CellTest outputMarked, CellText outputLabel,
                                  String inputCaption, String outputCaption, boolean forward) {
        int y0 = 70;
        g.setFont(font(Font.BOLD, 14));
        g.setColor(INK);
        g.drawString(title, x0, y0 - 16);
        drawGrid(g, x0, y0, size, inputMarked, inputLabel);
        int ox = x0 + size * CELL + 2 * CELL, oy = y0 + CELL;
        drawGrid(g, ox, oy, out, outputMarked, outputLabel);
        // arrows between the marked cells: forward from the input window to the output, backward the other way
        int ax = x0 + size * CELL + 8, bx = ox - 8, ay = y0 + size * CELL / 2;
        g.setColor(HIGHLIGHT);
        g.setStroke(new BasicStroke(1.6f));
        g.drawLine(ax, ay, bx, ay);
        int tip = forward ? bx : ax, back = forward ? -8 : 8;
        g.fillPolygon(new int[] {tip, tip + back, tip + back}, new int[] {ay, ay - 5, ay + 5}, 3);
        g.setFont(font(Font.PLAIN, 11));
        centred(g, forward ? "forward" : "backward", (ax + bx) / 2.0, ay - 8);
        g.setFont(font(Font.PLAIN, 12));
        g.setColor(MUTED);
        g.drawString(inputCaption, x0, y0 + size * CELL + 18);
        g.drawString(outputCaption, ox, oy + out * CELL + 18);
    }

    private static void drawGrid(Graphics2D g, int x0, int y0, int n, CellTest marked, CellText label) {
        g.setFont(font(Font.PLAIN, 12));
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int x = x0 + c * CELL, y = y0 + r * CELL;
                g.setColor(marked.at(r, c) ? SOFT : PLANE);
                g.fillRect(x, y, CELL, CELL);
                g.setColor(marked.at(r, c) ? HIGHLIGHT : EDGE);
                g.setStroke(new BasicStroke(marked.at(r, c) ? 2f : 1f));
                g.drawRect(x, y, CELL, CELL);
                String text = label.at(r, c);
                if (!text.isEmpty()) {
                    g.setColor(INK);
                    centred(g, text, x + CELL / 2.0, y + CELL / 2.0 + 5);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // C3's connection table (Table I of the 1998 paper), from SparseConv2d.

    /** The 6×16 table: a filled cell where C3 map o reads S2 map i, with each map's parameter count under it. */
    static BufferedImage c3Table() {
        int[][] table = SparseConv2d.lenet5Table();
        SparseConv2d c3 = SparseConv2d.lenet5C3("c3");
        int cell = 44, left = 78, top = 104, maps = table.length, inputs = 6;
        BufferedImage image = canvas(left + maps * cell + 24, top + inputs * cell + 112);
        Graphics2D g = graphics(image);
        g.setFont(font(Font.BOLD, 16));
        g.drawString("C3's connection table (Table I of the 1998 paper)", 16, 26);
        g.setFont(font(Font.PLAIN, 13));
        g.setColor(MUTED);
        g.drawString("SparseConv2d.lenet5Table(): row = S2 map, column = C3 map, blue = connected", 16, 46);
        String[] groups = {"3 contiguous", "4 contiguous", "4 non-contiguous", "all 6"};
        int[] groupStart = {0, 6, 12, 15, 16};
        g.setFont(font(Font.PLAIN, 12));
        for (int i = 0; i < groups.length; i++) {
            int x = left + groupStart[i] * cell, w = (groupStart[i + 1] - groupStart[i]) * cell;
            g.setColor(i % 2 == 0 ? new Color(238, 242, 247) : Color.WHITE);
            g.fillRect(x, top - 40, w, inputs * cell + 40);
            g.setColor(MUTED);
            centred(g, groups[i], x + w / 2.0, top - 24);
        }
        g.setColor(INK);
        g.drawString("C3 map", 16, top - 6);
        for (int o = 0; o < maps; o++) {
            centred(g, String.valueOf(o), left + o * cell + cell / 2.0, top - 6);
        }
        for (int i = 0; i < inputs; i++) {
            g.setColor(INK);
            g.drawString("S2 map " + i, 16, top + i * cell + cell / 2 + 5);
            for (int o = 0; o < maps; o++) {
                int x = left + o * cell, y = top + i * cell;
                g.setColor(c3.kernelIndex(o, i) >= 0 ? EDGE : Color.WHITE);
                g.fillRect(x + 4, y + 4, cell - 8, cell - 8);
                g.setColor(new Color(200, 205, 210));
                g.drawRect(x, y, cell, cell);
            }
        }
        int rows = top + inputs * cell;
        g.setColor(INK);
        g.drawString("params", 16, rows + 22);
        int total = 0;
        for (int o = 0; o < maps; o++) {
            int params = table[o].length * 25 + 1;
            total += params;
            centred(g, String.valueOf(params), left + o * cell + cell / 2.0, rows + 22);
        }
        int kernels = c3.weight().value().dim(0), stored = 0;
        for (var p : c3.parameters()) {
            stored += p.size();
        }
        g.setFont(font(Font.PLAIN, 13));
        g.drawString(String.format(Locale.ROOT, "%d connected 5×5 kernels: %,d weights + %d biases = %,d parameters"
                + " (a dense C3 has 96 kernels: 2,416).", kernels, kernels * 25, maps, stored), 16, rows + 50);
        g.setColor(MUTED);
        g.drawString(String.format(Locale.ROOT, "A map's count: 25 per S2 map it reads, plus its bias; the row above"
                + " sums to %,d.", total), 16, rows + 70);
        g.drawString("Each C3 map sees another subset of S2, which pushes the maps to learn different features.",
                16, rows + 90);
        g.dispose();
        return image;
    }
}
