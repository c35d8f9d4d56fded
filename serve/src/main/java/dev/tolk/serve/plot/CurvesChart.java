package dev.tolk.serve.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves against updates, stacked on one x axis: loss, perplexity (log scale), BLEU and learning rate.
 * Training values come from every update (thin, light) with their running mean over {@link #window} updates
 * (bold); validation values are marked at each validation. Panels without data are left out.
 */
public final class CurvesChart {
    /** Series names, as they appear in the legend. */
    public static final String TRAIN = "training", TRAIN_MEAN = "training (running mean)", VALIDATION = "validation";

    private static final Color TRAIN_COLOR = new Color(0x9db7dd);
    private static final Color MEAN_COLOR = new Color(0x1f5fbf);
    private static final Color VALIDATION_COLOR = new Color(0xd9480f);

    private CurvesChart() {}

    /**
     * @param history what the run logged
     * @param title the chart's title, e.g. the model directory's name
     * @return the chart: one subplot per quantity that has data
     */
    public static JFreeChart of(TrainingHistory history, String title) {
        List<TrainingHistory.Step> steps = history.steps();
        List<TrainingHistory.Validation> valid = history.validations();
        int window = window(steps.size());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("update"));
        plot.setGap(12);
        add(
                plot,
                panel(
                        "loss",
                        new NumberAxis("loss (nats/token)"),
                        trainSeries(steps, TrainingHistory.Step::loss, window),
                        series(VALIDATION, valid, TrainingHistory.Validation::loss)));
        LogAxis pplAxis = new LogAxis("perplexity (log)");
        pplAxis.setSmallestValue(1e-3);
        pplAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        pplAxis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        pplAxis.setMinorTickMarksVisible(true);
        add(
                plot,
                panel(
                        "perplexity",
                        pplAxis,
                        trainSeries(steps, TrainingHistory.Step::perplexity, window),
                        series(VALIDATION, valid, TrainingHistory.Validation::perplexity)));
        add(
                plot,
                panel(
                        "BLEU",
                        new NumberAxis("BLEU"),
                        List.of(),
                        series(VALIDATION, valid, TrainingHistory.Validation::bleu)));
        XYSeries lr = new XYSeries("learning rate");
        if (!steps.isEmpty()) {
            steps.forEach(s -> addFinite(lr, s.step(), s.learningRate()));
        } else {
            valid.forEach(v -> addFinite(lr, v.step(), v.learningRate()));
        }
        NumberAxis lrAxis = new NumberAxis("learning rate");
        lrAxis.setNumberFormatOverride(new DecimalFormat("0.0#####"));
        XYPlot lrPanel = panel("learning rate", lrAxis, List.of(lr), null);
        lrAxis.setAutoRangeIncludesZero(true);
        if (lrPanel != null) {
            plot.add(lrPanel, 1);
        }
        plot.setFixedLegendItems(legend(!steps.isEmpty(), !valid.isEmpty()));
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        long updates = steps.isEmpty()
                ? (valid.isEmpty() ? 0 : valid.get(valid.size() - 1).step())
                : steps.get(steps.size() - 1).step();
        chart.addSubtitle(new TextTitle(updates + " updates, " + valid.size() + " validations"
                + (steps.isEmpty()
                        ? " (no steps.jsonl: validation only)"
                        : "; training: each update (thin) and the mean of the last " + window + " (bold)")));
        return chart;
    }

    /** One legend for all panels (each panel would repeat its own). */
    private static LegendItemCollection legend(boolean training, boolean validation) {
        LegendItemCollection items = new LegendItemCollection();
        Shape line = new Line2D.Double(-8, 0, 8, 0);
        if (training) {
            items.add(item(TRAIN, TRAIN_COLOR, 1f, line, false));
            items.add(item(TRAIN_MEAN, MEAN_COLOR, 2f, line, false));
        }
        if (validation) {
            items.add(item(VALIDATION, VALIDATION_COLOR, 2f, line, true));
        }
        return items;
    }

    private static LegendItem item(String name, Color color, float width, Shape line, boolean marker) {
        LegendItem item = new LegendItem(
                name,
                null,
                null,
                null,
                marker,
                new Rectangle2D.Double(-3, -3, 6, 6),
                marker,
                color,
                false,
                color,
                new BasicStroke(width),
                true,
                line,
                new BasicStroke(width),
                color);
        return item;
    }

    /** The running-mean window: about a fiftieth of the run, at least 1. */
    static int window(int steps) {
        return Math.max(1, steps / 50);
    }

    private static List<XYSeries> trainSeries(
            List<TrainingHistory.Step> steps, ToDoubleFunction<TrainingHistory.Step> value, int window) {
        if (steps.isEmpty()) {
            return List.of();
        }
        XYSeries raw = new XYSeries(TRAIN);
        XYSeries mean = new XYSeries(TRAIN_MEAN);
        double[] ring = new double[window];
        double sum = 0;
        int filled = 0;
        for (int i = 0; i < steps.size(); i++) {
            double v = value.applyAsDouble(steps.get(i));
            if (!Double.isFinite(v)) {
                continue;
            }
            raw.add(steps.get(i).step(), v);
            int slot = filled % window;
            if (filled >= window) {
                sum -= ring[slot];
            }
            ring[slot] = v;
            sum += v;
            filled++;
            mean.add(steps.get(i).step(), sum / Math.min(filled, window));
        }
        return List.of(raw, mean);
    }

    private static XYSeries series(
            String name, List<TrainingHistory.Validation> valid, ToDoubleFunction<TrainingHistory.Validation> value) {
        XYSeries s = new XYSeries(name);
        valid.forEach(v -> addFinite(s, v.step(), value.applyAsDouble(v)));
        return s;
    }

    private static void addFinite(XYSeries s, long x, double y) {
        if (Double.isFinite(y)) {
            s.add(x, y);
        }
    }

    /** A subplot of training series (lines) and a validation series (line with markers); null without data. */
    private static XYPlot panel(String name, ValueAxis axis, List<XYSeries> train, XYSeries validation) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colors = new ArrayList<>();
        List<Boolean> shapes = new ArrayList<>();
        List<Float> widths = new ArrayList<>();
        for (XYSeries s : train) {
            if (s.getItemCount() > 0) {
                data.addSeries(s);
                boolean mean = s.getKey().equals(TRAIN_MEAN);
                boolean lr = !s.getKey().equals(TRAIN) && !mean;
                colors.add(mean || lr ? MEAN_COLOR : TRAIN_COLOR);
                shapes.add(false);
                widths.add(mean || lr ? 2f : 0.8f);
            }
        }
        if (validation != null && validation.getItemCount() > 0) {
            data.addSeries(validation);
            colors.add(VALIDATION_COLOR);
            shapes.add(true);
            widths.add(2f);
        }
        if (data.getSeriesCount() == 0) {
            return null;
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, colors.get(i));
            r.setSeriesShapesVisible(i, shapes.get(i));
            r.setSeriesStroke(i, new BasicStroke(widths.get(i)));
            r.setSeriesShape(i, new Rectangle2D.Double(-3, -3, 6, 6));
        }
        if (axis instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
        }
        axis.setLabelFont(new Font("SansSerif", Font.PLAIN, 12));
        XYPlot p = new XYPlot(data, null, axis, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xdddddd));
        p.setRangeGridlinePaint(new Color(0xdddddd));
        return p;
    }

    private static void add(CombinedDomainXYPlot plot, XYPlot panel) {
        if (panel != null) {
            plot.add(panel, 2);
        }
    }
}
