package org.simdnet.io;

import java.awt.Color;

/**
 * Class colours: strong ones for points and lines, light ones for decision regions. The first
 * ten are matplotlib's "tab10", so plots look like the course's; more classes get evenly spread
 * hues.
 */
final class Palette {

    private static final int[] TAB10 = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    };

    /** How much of the strong colour a region keeps; the rest is white. */
    private static final double REGION_STRENGTH = 0.3;

    private Palette() {
    }

    /** The strong colour of class {@code c} (RGB, no alpha). */
    static int point(int c) {
        if (c < TAB10.length) {
            return TAB10[c];
        }
        // Golden-angle hue steps keep neighbouring classes apart however many there are.
        float hue = (float) ((c * 0.618033988749895) % 1.0);
        return Color.HSBtoRGB(hue, 0.75f, 0.8f) & 0xFFFFFF;
    }

    /** The light colour of class {@code c}'s region: the strong colour blended with white. */
    static int region(int c) {
        int rgb = point(c);
        int r = lighten((rgb >> 16) & 0xFF);
        int g = lighten((rgb >> 8) & 0xFF);
        int b = lighten(rgb & 0xFF);
        return (r << 16) | (g << 8) | b;
    }

    private static int lighten(int channel) {
        return (int) Math.round(channel * REGION_STRENGTH + 255 * (1 - REGION_STRENGTH));
    }
}
