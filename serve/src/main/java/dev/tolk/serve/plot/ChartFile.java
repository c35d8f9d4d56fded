package dev.tolk.serve.plot;

import dev.tolk.data.AtomicFile;
import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.w3c.dom.Document;

/**
 * Writes a chart to a PNG or SVG file, chosen by the file's extension. PNG through JFreeChart, SVG through Apache
 * Batik's SVG generator (text stays text, so labels are searchable). The file is replaced atomically: a failure
 * leaves an existing file untouched.
 */
public final class ChartFile {
    /** The formats, by extension. */
    public enum Format {
        PNG,
        SVG
    }

    static {
        // JFreeChart's work-around for a rotated-text bug of old JDKs draws rotated labels as glyph outlines, which
        // makes them shapes in SVG; the JDK draws rotated strings correctly, so text stays text.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private ChartFile() {}

    /**
     * @param file the output file
     * @return its format
     * @throws IllegalArgumentException when the name ends neither in {@code .png} nor {@code .svg}
     */
    public static Format formatOf(Path file) {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return Format.PNG;
        }
        if (name.endsWith(".svg")) {
            return Format.SVG;
        }
        throw new IllegalArgumentException(file + ": the file name must end in .png or .svg");
    }

    /**
     * @param chart the chart
     * @param file where to write it; {@code .png} or {@code .svg}
     * @param width in pixels
     * @param height in pixels
     * @throws IOException when the file cannot be written (an existing file is then unchanged)
     */
    public static void write(JFreeChart chart, Path file, int width, int height) throws IOException {
        Format format = formatOf(file);
        AtomicFile.write(file, out -> {
            if (format == Format.PNG) {
                ChartUtils.writeChartAsPNG(out, chart, width, height);
            } else {
                SVGGraphics2D svg = svgCanvas(width, height);
                chart.draw(svg, new Rectangle2D.Double(0, 0, width, height));
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                svg.stream(w, true);
                w.flush();
            }
        });
    }

    private static SVGGraphics2D svgCanvas(int width, int height) throws IOException {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .getDOMImplementation()
                    .createDocument("http://www.w3.org/2000/svg", "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IOException("the JDK's XML parser is not available", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setComment("Tolk");
        context.setEmbeddedFontsOn(false);
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        return g;
    }
}
