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
        Tile first = tiles.get(0);
        boolean labelled = tiles.stream().anyMatch(t -> !t.label().isEmpty());
        int cellW = first.width() * scale, cellH = first.height() * scale + (labelled ? LABEL_HEIGHT : 0);
        int rows = (tiles.size() + columns - 1) / columns;
        int top = title.isEmpty() ? GAP : TITLE_HEIGHT;
        int width = Math.max(GAP + columns * (cellW + GAP), title.length() * 8 + 2 * GAP);
        BufferedImage image = new BufferedImage(width, top + rows * (cellH + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        if (!title.isEmpty()) {
            g.drawString(title, GAP, 17);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            int x0 = GAP + (i % columns) * (cellW + GAP), y0 = top + (i / columns) * (cellH + GAP);
            for (int y = 0; y < tile.height(); y++) {
                for (int x = 0; x < tile.width(); x++) {
                    g.setColor(new Color(tile.rgb(y, x)));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
            if (!tile.label().isEmpty()) {
                g.setColor(Color.BLACK);
                drawCentred(g, tile.label(), x0, cellW, y0 + tile.height() * scale + LABEL_HEIGHT - 4);
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
