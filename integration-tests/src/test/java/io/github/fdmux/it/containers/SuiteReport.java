package io.github.fdmux.it.containers;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The JUnit console launcher's XML report ({@code TEST-junit-jupiter.xml}, the legacy format) of one
 * run of the conformance suite, read back from a container: one {@link Case} per test, with the
 * target it ran on. Immutable.
 */
final class SuiteReport {
    /** How a test ended. */
    enum Status { PASSED, FAILED, SKIPPED }

    /**
     * @param name    the display name, e.g. {@code [EPOLL/EDGE] edgeReportsOncePerArrival} or {@code [KQUEUE] ...}
     * @param target  {@code EPOLL/EDGE}, or the backend alone for the tests of an unavailable backend
     * @param status  how it ended
     * @param message the failure's or the skip's message, or empty
     */
    record Case(String name, String target, Status status, String message) {
    }

    private static final Pattern DISPLAY = Pattern.compile("^display-name: .* > (\\[([^\\]]+)\\] .*)$", Pattern.MULTILINE);

    private final List<Case> cases;
    private final Map<String, String> properties;

    private SuiteReport(List<Case> cases, Map<String, String> properties) {
        this.cases = List.copyOf(cases);
        this.properties = Map.copyOf(properties);
    }

    /**
     * @param xml the report
     * @return it, parsed
     * @throws IOException if it is not a JUnit XML report
     */
    static SuiteReport parse(String xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a JUnit XML report: " + e.getMessage(), e);
        }
        Map<String, String> props = new TreeMap<>();
        NodeList ps = doc.getElementsByTagName("property");
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            props.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        List<Case> cases = new ArrayList<>();
        NodeList tcs = doc.getElementsByTagName("testcase");
        for (int i = 0; i < tcs.getLength(); i++) {
            cases.add(toCase((Element) tcs.item(i)));
        }
        return new SuiteReport(cases, props);
    }

    private static Case toCase(Element tc) {
        String name = tc.getAttribute("name");
        String target = "?";
        Element out = child(tc, "system-out");
        if (out != null) {
            Matcher m = DISPLAY.matcher(out.getTextContent());
            if (m.find()) {
                name = m.group(1);
                target = m.group(2);
            }
        }
        Element failure = child(tc, "failure");
        if (failure == null) {
            failure = child(tc, "error");
        }
        if (failure != null) {
            return new Case(name, target, Status.FAILED, messageOf(failure));
        }
        Element skipped = child(tc, "skipped");
        if (skipped != null) {
            return new Case(name, target, Status.SKIPPED, messageOf(skipped));
        }
        return new Case(name, target, Status.PASSED, "");
    }

    private static Element child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
                return (Element) n;
            }
        }
        return null;
    }

    /** The message attribute, else the first line of the stack trace without the exception class. */
    private static String messageOf(Element e) {
        String m = e.getAttribute("message");
        if (!m.isEmpty()) {
            return m;
        }
        String first = e.getTextContent().strip().lines().findFirst().orElse("");
        int colon = first.indexOf(": ");
        return colon > 0 && !first.substring(0, colon).contains(" ") ? first.substring(colon + 2) : first;
    }

    /** @return every test */
    List<Case> cases() {
        return cases;
    }

    /**
     * @param status a status
     * @return the tests that ended so
     */
    List<Case> with(Status status) {
        return cases.stream().filter(c -> c.status() == status).toList();
    }

    /**
     * @param status a status
     * @return how many tests ended so, per target
     */
    Map<String, Integer> countByTarget(Status status) {
        Map<String, Integer> out = new TreeMap<>();
        for (Case c : with(status)) {
            out.merge(c.target(), 1, Integer::sum);
        }
        return out;
    }

    /**
     * @param name a system property of the JVM that ran the suite, e.g. {@code java.version}
     * @return its value, or null
     */
    String property(String name) {
        return properties.get(name);
    }

    /** @return {@code 198 passed, 0 failed, 165 skipped} */
    String counts() {
        return with(Status.PASSED).size() + " passed, " + with(Status.FAILED).size() + " failed, "
                + with(Status.SKIPPED).size() + " skipped";
    }
}
