package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each Graphviz source docs/diagrams/NAME.dot has its rendering NAME.svg next to it, made from
 * exactly that source: docs/diagrams/render.sh writes the source's SHA-256 into the SVG, and this
 * test compares it (so the build needs no Graphviz). Each SVG is shown by some page of docs/.
 */
class DiagramsTest {
    private static final Pattern STAMP = Pattern.compile("<!-- fdmux diagram source sha256: ([0-9a-f]{64}) -->");

    @Test
    void everySvgIsRenderedFromItsCurrentSource() throws Exception {
        Path dir = Docs.root().resolve("docs/diagrams");
        List<Path> sources;
        try (Stream<Path> list = Files.list(dir)) {
            sources = list.filter(p -> p.toString().endsWith(".dot")).sorted().collect(Collectors.toList());
        }
        assertTrue(sources.size() >= 2, "the module diagram and the poll flow: " + sources);
        String pages = Docs.markdownFiles().stream().map(p -> String.join("\n", Docs.lines(p)))
                .collect(Collectors.joining("\n"));
        for (Path dot : sources) {
            String name = dot.getFileName().toString().replace(".dot", "");
            Path svg = dir.resolve(name + ".svg");
            assertTrue(Files.isRegularFile(svg), svg + " is missing: run docs/diagrams/render.sh");
            Matcher m = STAMP.matcher(Files.readString(svg, StandardCharsets.UTF_8));
            assertTrue(m.find(), svg + " has no source stamp: render it with docs/diagrams/render.sh");
            assertEquals(sha256(dot), m.group(1), svg.getFileName() + " was rendered from another version of "
                    + dot.getFileName() + ": run docs/diagrams/render.sh (needs Graphviz: apt-get install graphviz)");
            assertTrue(pages.contains("diagrams/" + name + ".svg"), "no page of docs/ shows " + svg.getFileName());
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
