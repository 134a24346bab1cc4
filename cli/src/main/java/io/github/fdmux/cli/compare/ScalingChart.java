package io.github.fdmux.cli.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * {@code --chart FILE}: round trips/s and p99 latency against the swept value, one line per row
 * (backend × mode, baseline), drawn by JFreeChart into an SVG document (JFreeSVG). A file ending
 * in {@code .html} gets a self-contained page with the SVG inline; anything else gets the SVG.
 */
public final class ScalingChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 720;

    private ScalingChart() {
    }

    /**
     * @param parameter the swept parameter, e.g. {@code idle}
     * @param points the sweep's results
     * @param title the chart's title
     * @param subtitle what ran, where (the description line)
     * @return the chart as an SVG document
     */
    public static String svg(String parameter, List<Sweep.Point> points, String title, String subtitle) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection rates = new XYSeriesCollection();
        XYSeriesCollection p99 = new XYSeriesCollection();
        for (String label : Sweep.labels(points)) {
            XYSeries r = new XYSeries(label);
            XYSeries l = new XYSeries(label);
            for (Sweep.Point p : points) {
                RowSummary row = p.row(label);
                if (row != null && row.ran()) {
                    r.add(p.value(), row.medianRate());
                    l.add(p.value(), row.p99Nanos() / 1000.0);
                }
            }
            if (!r.isEmpty()) {
                rates.addSeries(r);
                p99.addSeries(l);
            }
        }
        NumberAxis x = new NumberAxis(parameter + (parameter.equals("size") ? " (bytes per message)"
                : parameter.equals("idle") ? " (idle connections)" : " (active connections)"));
        x.setAutoRangeIncludesZero(true);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        plot.add(subplot(rates, new NumberAxis("round trips/s (median of the rounds)")), 3);
        plot.add(subplot(p99, new NumberAxis("p99 latency, µs (median of the rounds)")), 2);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font("SansSerif", Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument();
    }

    private static XYPlot subplot(XYSeriesCollection data, org.jfree.chart.axis.ValueAxis y) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot p = new XYPlot(data, null, y, renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    /**
     * Writes the chart: an HTML page with the SVG element inline (without the XML declaration and
     * doctype, which HTML does not take) if the name ends in {@code .html} or
     * {@code .htm}, else the SVG document.
     *
     * @param file where
     * @param svg from {@link #svg}
     * @param title the page title
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, String svg, String title) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = svg;
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            text = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + escape(title)
                    + "</title></head>\n<body>\n" + svg.substring(svg.indexOf("<svg")) + "\n</body>\n</html>\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
