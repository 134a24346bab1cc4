package io.github.fdmux.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** The chart is a real drawing: a PNG with lines in several colours; the HTML page and the SVG carry it inline. */
class ScalingChartTest {
    private static RowSummary row(String name, long... rates) {
        List<CompareRow> rounds = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            rounds.add(new CompareRow(name, "level", i + 1, 1.0, rates[i], 50_000, 400_000 + 1000L * i, rates[i] / 5,
                    rates[i] / 2, 0, 0, rates[i] * 3000, 0, 0, 9, 100L << 20));
        }
        return new RowSummary(name, "level", false, true, rounds, null);
    }

    private static List<Sweep.Point> points() {
        return List.of(
                new Sweep.Point(0, List.of(row("EPOLL", 150_000, 152_000), row("SELECT", 140_000, 141_000))),
                new Sweep.Point(1000, List.of(row("EPOLL", 148_000, 149_000), row("SELECT", 60_000, 61_000))),
                new Sweep.Point(5000, List.of(row("EPOLL", 140_000, 145_000),
                        new RowSummary("SELECT", "level", false, true, List.of(), "above FD_SETSIZE"))));
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "a PNG ImageIO can read");
        return img;
    }

    /** A chart, not a blank canvas: white background, black text and axes, and the series' own colours. */
    private static void assertIsAChart(BufferedImage img) {
        assertEquals(ScalingChart.WIDTH, img.getWidth());
        assertEquals(ScalingChart.HEIGHT, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        int white = 0;
        int saturated = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb == 0xffffff) {
                    white++;
                }
                int r = rgb >> 16;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 120) {
                    saturated++; // series colours (JFreeChart's red, blue, ...), not grey text or gridlines
                }
            }
        }
        assertTrue(white > img.getWidth() * img.getHeight() / 8, "mostly white background: " + white);
        assertTrue(colours.size() > 20, colours.size() + " colours: text is anti-aliased, lines are coloured");
        assertTrue(saturated > 300, saturated + " sampled pixels of series colour: the lines are drawn");
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static byte[] dataUri(String text) {
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(text);
        assertTrue(m.find(), "an inline PNG");
        return Base64.getDecoder().decode(m.group(1));
    }

    @Test
    void theImageIsAChartWithItsLines() throws Exception {
        byte[] png = ScalingChart.png("idle", points(), "the title", "what ran");
        assertIsAChart(decode(png));
        byte[] empty = ScalingChart.png("idle", List.of(new Sweep.Point(0, List.of())), "t", "s");
        BufferedImage blank = decode(empty);
        int saturated = 0;
        for (int y = 0; y < blank.getHeight(); y += 2) {
            for (int x = 0; x < blank.getWidth(); x += 2) {
                int rgb = blank.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 120) {
                    saturated++;
                }
            }
        }
        assertTrue(saturated < 300, "guards the guard: without data there are no series colours (" + saturated + ")");
    }

    @Test
    void theHtmlPageAndTheSvgCarryTheImageInline(@TempDir Path dir) throws Exception {
        byte[] png = ScalingChart.png("connections", points(), "t", "s");
        Path html = dir.resolve("chart.html");
        ScalingChart.write(html, png, "a <title>", "the table");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        assertTrue(page.contains("<title>a &lt;title&gt;</title>"), page.substring(0, 200));
        assertTrue(page.contains("<pre>the table</pre>"), "the figures as text too");
        assertTrue(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing loaded from elsewhere");
        assertIsAChart(decode(dataUri(page)));

        Path svg = dir.resolve("chart.svg");
        ScalingChart.write(svg, png, "t", "x");
        String doc = Files.readString(svg, StandardCharsets.UTF_8);
        Element root = parse(doc).getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals(1, root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "image").getLength());
        assertIsAChart(decode(dataUri(doc)));

        Path raw = dir.resolve("chart.png");
        ScalingChart.write(raw, png, "t", "x");
        assertIsAChart(decode(Files.readAllBytes(raw)));
    }
}
