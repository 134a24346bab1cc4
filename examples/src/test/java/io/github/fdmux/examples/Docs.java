package io.github.fdmux.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The repository's Markdown documentation as the documentation tests read it: which files, their
 * fenced code blocks, their prose lines (outside code), their headings.
 */
final class Docs {
    private Docs() {
    }

    /** A fenced code block. */
    record Fence(Path file, int line, String language, List<String> lines) {
        /** @return where it starts, for messages */
        String where() {
            return root().relativize(file) + ":" + line;
        }
    }

    /** @return the repository root (the parent of examples/) */
    static Path root() {
        String configured = System.getProperty("fdmux.repository.root");
        Path root = (configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..")).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("docs"))) {
            throw new IllegalStateException(root + " is not the fdmux repository root (no pom.xml and docs/)");
        }
        return root;
    }

    /** @return README.md, CONTRIBUTING.md (if any) and every .md file under docs/, sorted */
    static List<Path> markdownFiles() {
        Path root = root();
        List<Path> files = new ArrayList<>();
        for (String top : List.of("README.md", "CONTRIBUTING.md")) {
            if (Files.isRegularFile(root.resolve(top))) {
                files.add(root.resolve(top));
            }
        }
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            files.addAll(walk.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * @param file a Markdown file
     * @return its lines
     */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a Markdown file
     * @return its fenced code blocks (``` or ~~~), in order
     */
    static List<Fence> fences(Path file) {
        List<Fence> fences = new ArrayList<>();
        List<String> lines = lines(file);
        String marker = null;
        String language = null;
        int start = 0;
        List<String> body = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.stripLeading();
            if (marker == null) {
                if (indent(line) <= 3 && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                    marker = stripped.substring(0, 3);
                    String info = stripped.substring(3).strip();
                    language = info.isEmpty() ? "" : info.split("\\s+")[0].toLowerCase(Locale.ROOT);
                    start = i + 1;
                    body = new ArrayList<>();
                }
            } else if (stripped.startsWith(marker) && stripped.substring(3).isBlank()) {
                fences.add(new Fence(file, start, language, body));
                marker = null;
            } else {
                body.add(line);
            }
        }
        if (marker != null) {
            throw new IllegalStateException(root().relativize(file) + ":" + start + ": code fence never closed");
        }
        return fences;
    }

    /**
     * @param file a Markdown file
     * @return its lines with fenced code blocks blanked out (line numbers stay those of the file)
     */
    static List<String> prose(Path file) {
        List<String> lines = new ArrayList<>(lines(file));
        for (Fence f : fences(file)) {
            for (int i = f.line() - 1; i <= f.line() + f.lines().size(); i++) {
                lines.set(i, "");
            }
        }
        return lines;
    }

    static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
