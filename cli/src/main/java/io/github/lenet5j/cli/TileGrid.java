package io.github.lenet5j.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A picture of small images in a grid, each scaled up with nearest-neighbour pixels and optionally
 * labelled: convolution filters, feature maps, test images. Plain Java2D.
 */
final class TileGrid {
    private static final int GAP = 8;
    private static final int LABEL_HEIGHT = 16;
    private static final int TITLE_HEIGHT = 24;

    private TileGrid() {
    }

    /**
     * One small image.
     *
     * @param values   (C, H, W) with C = 1 (gray) or 3 (RGB)
     * @param low      the value drawn black
     * @param high     the value drawn white (or full colour)
     * @param label    the text under the tile, or empty
     */
    record Tile(float[] values, int channels, int height, int width, float low, float high, String label) {
        /** A tile whose darkest value is black and brightest white. */
        static Tile stretched(float[] values, int channels, int height, int width, String label) {
            float low = Float.POSITIVE_INFINITY, high = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
            return new Tile(values, channels, height, width, low, high, label);
        }

        /** The pixel at (y, x) as RGB, values clamped to [low, high]. */
        int rgb(int y, int x) {
            int plane = height * width, rgb = 0;
            for (int c = 0; c < 3; c++) {
                float v = values[(channels == 1 ? 0 : c) * plane + y * width + x];
                float t = high > low ? (v - low) / (high - low) : 0.5f;
                rgb = (rgb << 8) | Math.round(255 * Math.max(0, Math.min(1, t)));
            }
            return rgb;
        }
    }

    /**
     * Draws the tiles in rows of {@code columns}, every tile scaled by {@code scale} (all tiles the size
     * of the first), under a title (or none when empty).
     */
    static BufferedImage draw(String title, List<Tile> tiles, int columns, int scale) {
        return draw(title, tiles, columns, scale, List.of(), List.of());
    }

    /**
     * As {@link #draw(String, List, int, int)}, with a label left of each row and above each column (either list
     * may be empty). A tile's label may have two lines ({@code "Trouser\n3.21"}); a cell is as wide as its widest
     * label needs, and the picture as wide as its title needs, no wider.
     */
    static BufferedImage draw(String title, List<Tile> tiles, int columns, int scale, List<String> rowLabels,
            List<String> columnLabels) {
        Tile first = tiles.get(0);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 13), labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = probe.createGraphics();
        FontMetrics labels = measure.getFontMetrics(labelFont);
        int titleWidth = title.isEmpty() ? 0 : measure.getFontMetrics(titleFont).stringWidth(title);
        int labelLines = 0, widestLabel = 0, rowLabelWidth = 0;
        for (Tile t : tiles) {
            String[] lines = t.label().isEmpty() ? new String[0] : t.label().split("\n");
            labelLines = Math.max(labelLines, lines.length);
            for (String line : lines) {
                widestLabel = Math.max(widestLabel, labels.stringWidth(line));
            }
        }
        for (String label : rowLabels) {
            rowLabelWidth = Math.max(rowLabelWidth, labels.stringWidth(label) + GAP);
        }
        for (String label : columnLabels) {
            widestLabel = Math.max(widestLabel, labels.stringWidth(label));
        }
        measure.dispose();
        int cellW = Math.max(first.width() * scale, widestLabel + 4), cellH = first.height() * scale + labelLines * LABEL_HEIGHT;
        int rows = (tiles.size() + columns - 1) / columns;
        int top = (title.isEmpty() ? GAP : TITLE_HEIGHT) + (columnLabels.isEmpty() ? 0 : LABEL_HEIGHT);
        int left = GAP + rowLabelWidth;
        int width = Math.max(left + columns * (cellW + GAP), titleWidth + 2 * GAP);
        BufferedImage image = new BufferedImage(width, top + rows * (cellH + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        if (!title.isEmpty()) {
            g.drawString(title, GAP, 17);
        }
        g.setFont(labelFont);
        for (int c = 0; c < columnLabels.size() && c < columns; c++) {
            drawCentred(g, columnLabels.get(c), left + c * (cellW + GAP), cellW, top - 4);
        }
        int tileH = first.height() * scale;
        for (int r = 0; r < rowLabels.size() && r < rows; r++) {
            g.drawString(rowLabels.get(r), GAP, top + r * (cellH + GAP) + tileH / 2 + 4);
        }
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            int x0 = left + (i % columns) * (cellW + GAP) + (cellW - tile.width() * scale) / 2;
            int y0 = top + (i / columns) * (cellH + GAP);
            for (int y = 0; y < tile.height(); y++) {
                for (int x = 0; x < tile.width(); x++) {
                    g.setColor(new Color(tile.rgb(y, x)));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
            g.setColor(Color.LIGHT_GRAY);   // a frame, so a white tile stands out from the white page
            g.drawRect(x0 - 1, y0 - 1, tile.width() * scale + 1, tile.height() * scale + 1);
            g.setColor(Color.BLACK);
            String[] lines = tile.label().isEmpty() ? new String[0] : tile.label().split("\n");
            for (int l = 0; l < lines.length; l++) {
                drawCentred(g, lines[l], left + (i % columns) * (cellW + GAP), cellW,
                        y0 + tile.height() * scale + (l + 1) * LABEL_HEIGHT - 4);
            }
        }
        g.dispose();
        return image;
    }

    private static void drawCentred(Graphics2D g, String text, int x0, int width, int baseline) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, x0 + Math.max(0, (width - m.stringWidth(text)) / 2), baseline);
    }
}
