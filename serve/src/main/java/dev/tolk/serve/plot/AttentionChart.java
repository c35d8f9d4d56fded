package dev.tolk.serve.plot;

import dev.tolk.serve.AttentionMap;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * An attention heatmap: source words across (top), target words down, one cell per pair, darker for more
 * attention, with a colour scale from 0 to 1.
 */
public final class AttentionChart {
    /** The series key of the heatmap's data. */
    public static final String SERIES = "attention";

    private AttentionChart() {}

    /** White (0) to Tolk blue (1). */
    static final PaintScale SCALE = new PaintScale() {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public java.awt.Paint getPaint(double value) {
            double v = Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
            return new Color((int) Math.round(255 + (31 - 255) * v), (int) Math.round(255 + (95 - 255) * v), (int)
                    Math.round(255 + (191 - 255) * v));
        }
    };

    /**
     * @param map the weights and symbols
     * @param source the input sentence (in the subtitle)
     * @param translation the translation (in the subtitle)
     * @return the chart
     */
    public static JFreeChart of(AttentionMap map, String source, String translation) {
        List<String> cols = map.sourceLabels();
        List<String> rows = map.targetLabels();
        int n = rows.size() * cols.size();
        double[][] xyz = new double[3][n];
        int k = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                xyz[0][k] = c;
                xyz[1][k] = r;
                xyz[2][k] = map.weights()[r][c];
                k++;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(SERIES, xyz);
        SymbolAxis x = new SymbolAxis("source", cols.toArray(String[]::new));
        x.setVerticalTickLabels(true);
        x.setGridBandsVisible(false);
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        x.setRange(-0.5, cols.size() - 0.5);
        SymbolAxis y = new SymbolAxis("translation", rows.toArray(String[]::new));
        y.setInverted(true);
        y.setGridBandsVisible(false);
        y.setRange(-0.5, Math.max(0.5, rows.size() - 0.5));
        Font labels = new Font("SansSerif", Font.PLAIN, 13);
        x.setTickLabelFont(labels);
        y.setTickLabelFont(labels);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(SCALE);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(source + "  →  " + translation, new Font("SansSerif", Font.PLAIN, 13)));
        NumberAxis scaleAxis = new NumberAxis("attention");
        scaleAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(SCALE, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
        return chart;
    }

    /** @return a size in pixels that gives each cell room for its labels: {@code {width, height}} */
    public static int[] size(AttentionMap map) {
        int longestSource =
                map.sourceLabels().stream().mapToInt(String::length).max().orElse(1);
        int longestTarget =
                map.targetLabels().stream().mapToInt(String::length).max().orElse(1);
        int width = 160 + 8 * longestTarget + 38 * map.sourceSymbols().size();
        int height =
                120 + 8 * longestSource + 32 * Math.max(1, map.targetSymbols().size());
        return new int[] {Math.max(420, Math.min(4000, width)), Math.max(300, Math.min(4000, height))};
    }
}
