package io.github.lenet5j.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The confusion matrix as a heat map (plain Java2D): row = true class, column = predicted class, each
 * cell shaded by its share of the row (white 0, dark blue 1, so the diagonal is the recall) and
 * labelled with its count.
 */
final class ConfusionMatrixPicture {
    static final int CELL = 44;
    private static final int MARGIN = 12;
    private static final int TITLE_HEIGHT = 28;
    private static final Color FULL = new Color(8, 48, 107);

    private ConfusionMatrixPicture() {
    }

    static BufferedImage draw(int[][] confusion, List<String> classNames, String title) {
        int k = confusion.length;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(labelFont());
        int nameWidth = 0;
        for (int c = 0; c < k; c++) {
            nameWidth = Math.max(nameWidth, pg.getFontMetrics().stringWidth(rowLabel(c, classNames)));
        }
        pg.dispose();
        int left = MARGIN + nameWidth + 8, top = TITLE_HEIGHT + 20;
        int width = Math.max(left + k * CELL + MARGIN, title.length() * 8 + 2 * MARGIN);
        BufferedImage image = new BufferedImage(width, top + k * CELL + 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, MARGIN, 18);
        g.setFont(labelFont());
        FontMetrics m = g.getFontMetrics();
        for (int c = 0; c < k; c++) {
            String column = String.valueOf(c);
            g.drawString(column, left + c * CELL + (CELL - m.stringWidth(column)) / 2, top - 6);
            g.drawString(rowLabel(c, classNames), MARGIN, top + c * CELL + CELL / 2 + m.getAscent() / 2 - 1);
        }
        g.drawString("rows: true class, columns: predicted class; shade = share of the row", MARGIN,
                top + k * CELL + 20);
        for (int t = 0; t < k; t++) {
            int rowTotal = 0;
            for (int count : confusion[t]) {
                rowTotal += count;
            }
            for (int p = 0; p < k; p++) {
                float share = rowTotal == 0 ? 0 : (float) confusion[t][p] / rowTotal;
                int x = left + p * CELL, y = top + t * CELL;
                g.setColor(blend(share));
                g.fillRect(x, y, CELL, CELL);
                g.setColor(new Color(0xdddddd));
                g.drawRect(x, y, CELL, CELL);
                String count = String.valueOf(confusion[t][p]);
                g.setColor(share > 0.5f ? Color.WHITE : Color.BLACK);
                g.drawString(count, x + (CELL - m.stringWidth(count)) / 2, y + CELL / 2 + m.getAscent() / 2 - 1);
            }
        }
        g.dispose();
        return image;
    }

    private static Font labelFont() {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    }

    private static String rowLabel(int c, List<String> classNames) {
        return c < classNames.size() && !classNames.get(c).equals(String.valueOf(c)) ? c + " " + classNames.get(c)
                : String.valueOf(c);
    }

    private static Color blend(float share) {
        return new Color(Math.round(255 + share * (FULL.getRed() - 255)), Math.round(255 + share * (FULL.getGreen() - 255)),
                Math.round(255 + share * (FULL.getBlue() - 255)));
    }
}
