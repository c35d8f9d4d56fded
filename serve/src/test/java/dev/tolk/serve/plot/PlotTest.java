package dev.tolk.serve.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.serve.AttentionMap;
import dev.tolk.serve.Seq2SeqTranslator;
import dev.tolk.serve.TinyModelAccess;
import dev.tolk.serve.Translation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Training curves and attention heatmaps of the tiny model, as PNG and SVG: the files are valid, have the expected
 * labels and series; copies are kept in {@code target/plots/} for a person to look at.
 */
class PlotTest {
    static final Path KEEP = Path.of("target", "plots");

    @TempDir
    Path dir;

    static Path model;

    @BeforeAll
    static void train() throws IOException {
        model = TinyModelAccess.dir();
        Files.createDirectories(KEEP);
    }

    @Test
    void theStepLogHasOneLinePerUpdate() throws IOException {
        TrainingHistory h = TrainingHistory.read(model);
        assertEquals(TinyModelAccess.STEPS, h.steps().size());
        assertEquals(1, h.steps().get(0).step());
        assertEquals(TinyModelAccess.STEPS, h.steps().get(h.steps().size() - 1).step());
        assertEquals(
                TinyModelAccess.STEPS / TinyModelAccess.VALIDATE_EVERY,
                h.validations().size());
        for (TrainingHistory.Step s : h.steps()) {
            assertEquals(Math.exp(s.loss()), s.perplexity(), 1e-9 * s.perplexity());
            assertEquals(0.005, s.learningRate(), 1e-9);
        }
        assertTrue(h.validations().get(h.validations().size() - 1).bleu() >= 0);
    }

    @Test
    void curvesHaveAPanelPerQuantityWithTrainingAndValidationSeries() throws IOException {
        TrainingHistory h = TrainingHistory.read(model);
        JFreeChart chart = CurvesChart.of(h, "tiny");
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getPlot();
        @SuppressWarnings("unchecked")
        List<XYPlot> panels = plot.getSubplots();
        List<String> axes =
                panels.stream().map(p -> p.getRangeAxis().getLabel()).toList();
        assertEquals(List.of("loss (nats/token)", "perplexity (log)", "BLEU", "learning rate"), axes);
        assertEquals("update", plot.getDomainAxis().getLabel());
        XYDataset loss = panels.get(0).getDataset();
        assertEquals(List.of(CurvesChart.TRAIN, CurvesChart.TRAIN_MEAN, CurvesChart.VALIDATION), keys(loss));
        assertEquals(TinyModelAccess.STEPS, loss.getItemCount(0));
        assertEquals(h.validations().size(), loss.getItemCount(2));
        assertEquals(h.validations().get(0).loss(), loss.getYValue(2, 0), 0);
        assertEquals(List.of(CurvesChart.VALIDATION), keys(panels.get(2).getDataset()));
        assertEquals(h.validations().get(1).bleu(), panels.get(2).getDataset().getYValue(0, 1), 0);
        // the running mean of the first `window` updates is their plain mean
        int w = CurvesChart.window(h.steps().size());
        double mean = 0;
        for (int i = 0; i < w; i++) {
            mean += h.steps().get(i).loss() / w;
        }
        assertEquals(mean, loss.getYValue(1, w - 1), 1e-9);
    }

    @Test
    void curvesAreWrittenAsPngAndSvg() throws Exception {
        JFreeChart chart = CurvesChart.of(TrainingHistory.read(model), "tiny model");
        Path png = dir.resolve("curves.png");
        ChartFile.write(chart, png, 900, 1000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(1000, image.getHeight());
        assertTrue(colours(image) > 20, "a drawing, not a blank image");
        Files.copy(png, KEEP.resolve("curves-tiny.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Path svg = dir.resolve("curves.svg");
        ChartFile.write(chart, svg, 900, 1000);
        List<String> texts = svgTexts(svg);
        for (String label : List.of(
                "tiny model",
                "update",
                "loss (nats/token)",
                "perplexity (log)",
                "BLEU",
                "learning rate",
                CurvesChart.TRAIN,
                CurvesChart.TRAIN_MEAN,
                CurvesChart.VALIDATION)) {
            assertTrue(texts.contains(label), label + " in " + texts);
        }
        Files.copy(svg, KEEP.resolve("curves-tiny.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void attentionHeatmapHasTheWordsAndTheWeights() throws Exception {
        Seq2SeqTranslator translator = Seq2SeqTranslator.load(model);
        String sentence = TinyModelAccess.testSentences().get(0);
        Path png = dir.resolve("att.png");
        Translation t = new AttentionPlotter(translator).plot(sentence, 3, png);
        AttentionMap map = t.attention();
        BufferedImage image = ImageIO.read(png.toFile());
        int[] size = AttentionChart.size(map);
        assertArrayEquals(size, new int[] {image.getWidth(), image.getHeight()});
        assertTrue(colours(image) > 10);
        Files.copy(png, KEEP.resolve("attention-tiny.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        JFreeChart chart = AttentionChart.of(map, sentence, t.text());
        XYZDataset data = (XYZDataset) chart.getXYPlot().getDataset();
        assertEquals(AttentionChart.SERIES, data.getSeriesKey(0));
        int cols = map.sourceSymbols().size();
        assertEquals(map.targetSymbols().size() * cols, data.getItemCount(0));
        assertEquals(map.weights()[1][2], data.getZValue(0, cols + 2), 0);

        Path svg = dir.resolve("att.svg");
        AttentionPlotter.write(map, sentence, t.text(), svg);
        List<String> texts = svgTexts(svg);
        for (String word : map.sourceLabels()) {
            assertTrue(texts.contains(word), word + " in " + texts);
        }
        for (String word : map.targetLabels()) {
            assertTrue(texts.contains(word), word + " in " + texts);
        }
        assertTrue(texts.contains("attention"));
        assertTrue(texts.contains(sentence + "  →  " + t.text()), texts.toString());
        Files.copy(svg, KEEP.resolve("attention-tiny.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void badPathsAndLogsGetOneLineErrors() throws IOException {
        IllegalArgumentException ext =
                assertThrows(IllegalArgumentException.class, () -> ChartFile.formatOf(dir.resolve("curves.jpg")));
        assertTrue(ext.getMessage().endsWith("the file name must end in .png or .svg"), ext.getMessage());
        IOException none = assertThrows(IOException.class, () -> TrainingHistory.read(dir));
        assertTrue(none.getMessage().contains("holds neither steps.jsonl nor validation.jsonl"), none.getMessage());
        Files.writeString(dir.resolve("validation.jsonl"), "{\"step\":100,\"metrics\":{}}\n{\"step\": 200, oops}\n");
        IOException bad = assertThrows(IOException.class, () -> TrainingHistory.read(dir));
        assertTrue(
                bad.getMessage().startsWith(dir.resolve("validation.jsonl") + ":2:15: not a JSON object"),
                bad.getMessage());
        Files.write(dir.resolve("validation.jsonl"), new byte[] {'{', (byte) 0xFF, '}', '\n'});
        IOException utf8 = assertThrows(IOException.class, () -> TrainingHistory.read(dir));
        assertTrue(utf8.getMessage().endsWith("validation.jsonl:1: not valid UTF-8"), utf8.getMessage());
    }

    @Test
    void aFailedWriteLeavesTheOldFileUntouched() throws IOException {
        Path png = dir.resolve("old.png");
        Files.writeString(png, "old content");
        JFreeChart broken = new JFreeChart(new XYPlot() {
            @Override
            public void draw(
                    java.awt.Graphics2D g2,
                    java.awt.geom.Rectangle2D area,
                    java.awt.geom.Point2D anchor,
                    org.jfree.chart.plot.PlotState parentState,
                    org.jfree.chart.plot.PlotRenderingInfo info) {
                throw new IllegalStateException("drawing failed");
            }
        });
        assertThrows(IllegalStateException.class, () -> ChartFile.write(broken, png, 100, 100));
        assertEquals("old content", Files.readString(png, StandardCharsets.UTF_8));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    private static List<String> keys(XYDataset d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.getSeriesCount(); i++) {
            out.add(d.getSeriesKey(i).toString());
        }
        return out;
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** Parses the SVG (so it is well-formed XML with an svg root) and returns the content of its text elements. */
    private static List<String> svgTexts(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList texts = doc.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            out.add(texts.item(i).getTextContent().trim());
        }
        return out;
    }
}
