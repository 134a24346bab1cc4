package io.github.fdmux.it.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JVM warning lines docs/guide.md quotes: the ```text block after a marker comment
 * {@code <!-- warnings: NAME -->}. Jar locations differ between machines and builds, so
 * {@code (file:...)} is compared as {@code (file:…)}.
 */
final class DocumentedWarnings {
    private DocumentedWarnings() {
    }

    static List<String> block(String name) throws IOException {
        Path guide = Path.of(System.getProperty("fdmux.repository.root", ".."), "docs", "guide.md");
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        int marker = lines.indexOf("<!-- warnings: " + name + " -->");
        assertTrue(marker >= 0, guide + " has no line <!-- warnings: " + name + " -->");
        assertTrue(lines.get(marker + 1).equals("```text"), "a ```text block must follow the marker " + name);
        List<String> block = new ArrayList<>();
        for (int i = marker + 2; !lines.get(i).equals("```"); i++) {
            block.add(lines.get(i));
        }
        return normalized(block);
    }

    static List<String> normalized(List<String> warnings) {
        return warnings.stream().filter(l -> l.startsWith("WARNING"))
                .map(l -> l.replaceAll("\\(file:[^)]*\\)", "(file:…)")).collect(Collectors.toList());
    }
}
