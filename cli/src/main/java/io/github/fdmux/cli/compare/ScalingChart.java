package io.github.fdmux.cli.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code --chart FILE}: round trips/s, p99 latency and server CPU per round trip against the swept
 * value, one line per row (backend × mode, baseline) in one colour across the three panels, drawn
 * by JFreeChart. The file's name says the format: {@code .png}
 * the image; {@code .html} a self-contained page (the image inline as a data URI, and the scaling
 * table as text); anything else ({@code .svg}) an SVG document with the image inline. JFreeChart
 * draws vector SVG only through JFreeSVG, which is GPL-3.0: fdmux (Apache-2.0) does not ship it, so
 * the SVG carries the raster.
 */
public final class ScalingChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 880;

    private ScalingChart() {
    }

    /**
     * @param parameter the swept parameter, e.g. {@code idle}
     * @param points the sweep's results
     * @param title the chart's title
     * @param subtitle what ran, where (the description line)
     * @return the chart as a PNG image
     * @throws IOException if the image cannot be encoded
     */
    public static byte[] png(String parameter, List<Sweep.Point> points, String title, String subtitle)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection rates = new XYSeriesCollection();
        XYSeriesCollection p99 = new XYSeriesCollection();
        XYSeriesCollection cpu = new XYSeriesCollection();
        for (String label : Sweep.labels(points)) {
            XYSeries r = new XYSeries(label);
            XYSeries l = new XYSeries(label);
            XYSeries c = new XYSeries(label);
            for (Sweep.Point p : points) {
                RowSummary row = p.row(label);
                if (row != null && row.ran()) {
                    r.add(p.value(), row.medianRate());
                    l.add(p.value(), row.p99Nanos() / 1000.0);
                    if (Double.isFinite(row.cpuMicrosPerRoundTrip())) {
                        c.add(p.value(), row.cpuMicrosPerRoundTrip());
                    }
                }
            }
            if (!r.isEmpty()) {
                rates.addSeries(r);
                p99.addSeries(l);
                cpu.addSeries(c);
            }
        }
        NumberAxis x = new NumberAxis(parameter + (parameter.equals("size") ? " (bytes per message)"
                : parameter.equals("idle") ? " (idle connections)" : " (active connections)"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        plot.add(subplot(rates, new NumberAxis("round trips/s (median)"), true), 3);
        plot.add(subplot(p99, new NumberAxis("p99 latency, µs (median)"), false), 2);
        plot.add(subplot(cpu, new NumberAxis("server CPU µs per round trip"), false), 2);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        TextTitle sub = new TextTitle(subtitle, new Font("SansSerif", Font.PLAIN, 11));
        sub.setMaximumLinesToDisplay(3);
        chart.addSubtitle(sub);
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return out.toByteArray();
    }

    /** One colour per row, the same in every panel; dark enough on white. */
    private static final Color[] PALETTE = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0x7f7f7f), new Color(0xbcbd22), Color.BLACK, new Color(0x393b79)};

    private static XYPlot subplot(XYSeriesCollection data, ValueAxis y, boolean inLegend) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        renderer.setDefaultSeriesVisibleInLegend(inLegend); // one legend entry per row, from the first panel
        XYPlot p = new XYPlot(data, null, y, renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    /**
     * Writes the chart in the format the file's name asks for (see the class comment).
     *
     * @param file where
     * @param png from {@link #png}
     * @param title the page's or document's title
     * @param table the scaling table as text, for the HTML page
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, byte[] png, String title, String table) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            Files.write(file, png);
            return;
        }
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        String text;
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            text = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + escape(title)
                    + "</title></head>\n<body>\n<h1>" + escape(title) + "</h1>\n<img width=\"" + WIDTH + "\" height=\""
                    + HEIGHT + "\" alt=\"" + escape(title) + "\" src=\"" + data + "\">\n<pre>" + escape(table)
                    + "</pre>\n</body>\n</html>\n";
        } else {
            text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
                    + " xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                    + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\">\n<title>" + escape(title) + "</title>\n"
                    + "<image width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" href=\"" + data + "\" xlink:href=\""
                    + data + "\"/>\n</svg>\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
