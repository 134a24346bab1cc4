package io.github.fdmux.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The chart is a well-formed SVG document with a line per row, its labels and axes; the HTML page carries it inline. */
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

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // The SVG doctype names the W3C's DTD: read the document without fetching it.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        NodeList l = d.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < l.getLength(); i++) {
            out.add(l.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void theSvgIsAValidChartWithALinePerRow() throws Exception {
        String svg = ScalingChart.svg("idle", points(), "the title", "what ran");
        Document d = parse(svg);
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals(900.0, Double.parseDouble(root.getAttribute("width")));
        List<String> texts = texts(d);
        for (String wanted : List.of("the title", "what ran", "EPOLL level", "SELECT level", "idle (idle connections)",
                "5,000", "150,000")) {
            assertTrue(texts.contains(wanted), wanted + " among the texts " + texts);
        }
        // The two y-axis labels are rotated, which JFreeSVG draws as glyph outlines in a rotated group.
        assertEquals(2, svg.split("transform='matrix\\(0\\.0,-1\\.0,", -1).length - 1, "two rotated axis labels");
        // Two series in two plots: at least four drawn lines (paths), plus axes and gridlines.
        int paths = d.getElementsByTagNameNS("*", "path").getLength()
                + d.getElementsByTagNameNS("*", "line").getLength()
                + d.getElementsByTagNameNS("*", "polyline").getLength();
        assertTrue(paths >= 10, paths + " drawn lines and paths");
        assertTrue(svg.length() > 5_000, "a real drawing, not an empty canvas: " + svg.length() + " characters");
    }

    @Test
    void anHtmlFileIsASelfContainedPageWithTheSvgInline(@TempDir Path dir) throws Exception {
        String svg = ScalingChart.svg("connections", points(), "t", "s");
        Path html = dir.resolve("chart.html");
        ScalingChart.write(html, svg, "a <title>");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        assertTrue(page.contains("<title>a &lt;title&gt;</title>"), page.substring(0, 200));
        int start = page.indexOf("<svg");
        int end = page.lastIndexOf("</svg>") + "</svg>".length();
        assertTrue(start > 0 && end > start, "the svg is inline");
        assertEquals("svg", parse(page.substring(start, end)).getDocumentElement().getLocalName());
        assertTrue(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing loaded from elsewhere");
        Path plain = dir.resolve("chart.svg");
        ScalingChart.write(plain, svg, "t");
        assertEquals(svg, Files.readString(plain, StandardCharsets.UTF_8));
    }
}
