package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ```java block of README.md and docs/ must be a piece of a compiled source file of the
 * repository, verbatim up to a uniform indentation: so a snippet compiles because the build
 * compiles its source, and it cannot drift from it. Write the code in examples/ (or take it from
 * the module it documents), then paste the lines into the Markdown. A line {@code // ...} elides
 * lines of the source: the pieces around it must then be runs of the same file, in order (so a snippet
 * can show its imports, then the code). Maven coordinates in ```xml blocks must name a module of this
 * build at its version.
 */
class DocSnippetsTest {

    @Test
    void everyJavaSnippetIsVerbatimInACompiledSource() throws IOException {
        Map<Path, List<String>> sources = compiledSources();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path md : Docs.markdownFiles()) {
            for (Docs.Fence f : Docs.fences(md)) {
                if (!f.language().equals("java")) {
                    continue;
                }
                checked++;
                if (findPartsIn(sources, parts(f.lines())) == null) {
                    missing.add(f.where() + " (first line: " + firstNonBlank(f.lines()) + ")");
                }
            }
        }
        assertTrue(checked >= 10, "found only " + checked + " java snippets: is the fence parser broken?");
        if (!missing.isEmpty()) {
            fail("these ```java blocks are not verbatim pieces of any compiled .java file (src/main or src/test of a"
                    + " module); copy the code from its source, or put it in examples/ first:\n  "
                    + String.join("\n  ", missing));
        }
    }

    @Test
    void readmeFifteenLinesAreFifteenLinesOfFifteenLinesJava() throws IOException {
        List<Docs.Fence> java = Docs.fences(Docs.root().resolve("README.md")).stream()
                .filter(f -> f.language().equals("java")).collect(Collectors.toList());
        assertTrue(!java.isEmpty(), "README.md has a java example");
        Path fifteen = Docs.root().resolve("examples/src/main/java/io/github/fdmux/examples/FifteenLines.java");
        Map<Path, List<String>> only = Map.of(fifteen, Files.readAllLines(fifteen, StandardCharsets.UTF_8));
        List<String> snippet = dedent(java.get(0).lines());
        assertTrue(findIn(only, snippet) != null, "README's first java block is in FifteenLines.java");
        assertEquals(15, snippet.size(), "README promises fifteen lines");
    }

    /** The guide's chapter on timers, signals and processes quotes the example its test runs, and nothing else. */
    @Test
    void timersSignalsAndProcessesChapterQuotesHousekeepingJava() throws IOException {
        Path guide = Docs.root().resolve("docs/guide.md");
        List<String> lines = Docs.lines(guide);
        int start = lines.indexOf("## Timers, signals and processes");
        assertTrue(start >= 0, "the guide has the chapter");
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        Path example = Docs.root().resolve("examples/src/main/java/io/github/fdmux/examples/Housekeeping.java");
        Map<Path, List<String>> only = Map.of(example, Files.readAllLines(example, StandardCharsets.UTF_8));
        int quoted = 0;
        for (Docs.Fence f : Docs.fences(guide)) {
            if (f.language().equals("java") && f.line() > start && f.line() <= end) {
                quoted++;
                assertTrue(findPartsIn(only, parts(f.lines())) != null,
                        f.where() + " is not a verbatim piece of Housekeeping.java (first line: "
                                + firstNonBlank(f.lines()) + ")");
            }
        }
        assertTrue(quoted >= 5, "the chapter shows the imports, the registrations, the loop, submit/watch and the"
                + " idle timer: " + quoted + " java blocks");
    }

    @Test
    void readmeAndGuideTellOneDependencyStory() throws IOException {
        List<Docs.Fence> readme = Docs.fences(Docs.root().resolve("README.md")).stream()
                .filter(f -> f.language().equals("xml")).collect(Collectors.toList());
        List<Docs.Fence> guide = Docs.fences(Docs.root().resolve("docs/guide.md")).stream()
                .filter(f -> f.language().equals("xml")).collect(Collectors.toList());
        assertTrue(!readme.isEmpty() && !guide.isEmpty(), "README.md and the guide show Maven coordinates");
        assertEquals(guide.get(0).lines(), readme.get(0).lines(),
                "README's dependency block must be the guide's Install block (one story: the BOM, fdmux-api, every backend)");
        String block = String.join("\n", readme.get(0).lines());
        for (String artifact : List.of("fdmux-bom", "fdmux-api", "fdmux-backend-epoll", "fdmux-backend-kqueue",
                "fdmux-backend-poll", "fdmux-backend-nio")) {
            assertTrue(block.contains("<artifactId>" + artifact + "</artifactId>"), artifact + " in " + block);
        }
    }

    @Test
    void findsSnippetsOnlyWhereTheyAreVerbatim() {
        Map<Path, List<String>> source = Map.of(Path.of("A.java"),
                List.of("class A {", "    void f() {", "        int x = 1;", "", "        x++;", "    }", "}"));
        assertTrue(findIn(source, List.of("int x = 1;", "", "x++;")) != null, "uniform indentation is ignored");
        assertTrue(findIn(source, List.of("    void f() {", "        int x = 1;")) != null, "relative indentation kept");
        assertTrue(findIn(source, List.of("int x = 1;", "x++;")) == null, "a missing blank line is a difference");
        assertTrue(findIn(source, List.of("void f() {", "int x = 1;")) == null, "a different relative indentation is");
        assertTrue(findIn(source, List.of("int x = 2;")) == null, "a changed token is");
    }

    @Test
    void mavenCoordinatesNameModulesOfThisBuild() throws IOException {
        Path root = Docs.root();
        String rootPom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher version = Pattern.compile("<artifactId>fdmux-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(rootPom);
        assertTrue(version.find(), "the root pom's version");
        TreeSet<String> artifacts = new TreeSet<>();
        try (Stream<Path> poms = Files.walk(root, 2)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml")).collect(Collectors.toList())) {
                Matcher m = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>")
                        .matcher(Files.readString(pom, StandardCharsets.UTF_8));
                if (m.find()) {
                    artifacts.add(m.group(1));
                } else { // fdmux-bom has no parent: its own coordinates come first
                    Matcher own = Pattern.compile("^  <groupId>io\\.github\\.fdmux</groupId>\\s*<artifactId>([^<]+)</artifactId>",
                            Pattern.MULTILINE).matcher(Files.readString(pom, StandardCharsets.UTF_8));
                    if (own.find()) {
                        artifacts.add(own.group(1));
                    }
                }
            }
        }
        assertTrue(artifacts.contains("fdmux-api"), "modules found: " + artifacts);
        int checked = 0;
        Pattern dependency = Pattern.compile("<groupId>io\\.github\\.fdmux</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "(?:\\s*<!--.*?-->)?\\s*<version>([^<]+)</version>", Pattern.DOTALL);
        for (Path md : Docs.markdownFiles()) {
            for (Docs.Fence f : Docs.fences(md)) {
                if (!f.language().equals("xml")) {
                    continue;
                }
                Matcher m = dependency.matcher(String.join("\n", f.lines()));
                while (m.find()) {
                    checked++;
                    assertTrue(artifacts.contains(m.group(1)), f.where() + ": no module " + m.group(1) + " in " + artifacts);
                    assertEquals(version.group(1), m.group(2), f.where() + ": version of " + m.group(1));
                }
            }
        }
        assertTrue(checked >= 1, "the guide shows the Maven coordinates");
    }

    @Test
    void anElisionMarkerJoinsRunsOfOneFileInOrder() {
        Map<Path, List<String>> source = Map.of(Path.of("A.java"),
                List.of("import x.Y;", "", "class A {", "    void f() {", "        int x = 1;", "    }", "}"));
        assertTrue(findPartsIn(source, parts(List.of("import x.Y;", "// ...", "int x = 1;"))) != null,
                "imports, elision, body (each part dedented on its own)");
        assertTrue(findPartsIn(source, parts(List.of("int x = 1;", "// ...", "import x.Y;"))) == null, "out of order");
        assertTrue(findPartsIn(source, parts(List.of("import x.Y;", "int x = 1;"))) == null, "no marker, not consecutive");
        assertTrue(findPartsIn(source, parts(List.of("import x.Z;", "// ...", "int x = 1;"))) == null, "a changed import");
    }

    /** @return the snippet split at its {@code // ...} lines, each piece dedented */
    static List<List<String>> parts(List<String> lines) {
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String l : lines) {
            if (l.strip().equals("// ...")) {
                parts.add(dedent(current));
                current = new ArrayList<>();
            } else {
                current.add(l);
            }
        }
        parts.add(dedent(current));
        return parts;
    }

    /** @return "file:line" of the first piece where every piece occurs in one file, in order, or null */
    static String findPartsIn(Map<Path, List<String>> sources, List<List<String>> parts) {
        if (parts.size() == 1) {
            return findIn(sources, parts.get(0));
        }
        for (Map.Entry<Path, List<String>> e : sources.entrySet()) {
            List<String> lines = e.getValue();
            int from = 0;
            int first = -1;
            for (List<String> part : parts) {
                int at = -1;
                for (int start = from; !part.isEmpty() && start + part.size() <= lines.size(); start++) {
                    if (matchesAt(lines, start, part)) {
                        at = start;
                        break;
                    }
                }
                if (at < 0) {
                    first = -1;
                    break;
                }
                first = first < 0 ? at : first;
                from = at + part.size();
            }
            if (first >= 0) {
                return e.getKey() + ":" + (first + 1);
            }
        }
        return null;
    }

    /** Every .java file under src/main/java or src/test/java of a module: what the build compiles. */
    private static Map<Path, List<String>> compiledSources() throws IOException {
        Map<Path, List<String>> sources = new LinkedHashMap<>();
        Path root = Docs.root();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith(".") || rel.contains("/target/") || !rel.matches("[^/]+/src/(main|test)/java/.*")) {
                    continue;
                }
                sources.put(p, Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return sources;
    }

    /**
     * @return "file:line" where {@code snippet} occurs as consecutive lines, each shifted right by the
     *     same number of spaces (blank lines must be blank), or null
     */
    static String findIn(Map<Path, List<String>> sources, List<String> snippet) {
        if (snippet.isEmpty()) {
            return null;
        }
        for (Map.Entry<Path, List<String>> e : sources.entrySet()) {
            List<String> lines = e.getValue();
            for (int start = 0; start + snippet.size() <= lines.size(); start++) {
                if (matchesAt(lines, start, snippet)) {
                    return e.getKey() + ":" + (start + 1);
                }
            }
        }
        return null;
    }

    private static boolean matchesAt(List<String> lines, int start, List<String> snippet) {
        int shift = -1;
        for (int i = 0; i < snippet.size(); i++) {
            String want = snippet.get(i).stripTrailing();
            String have = lines.get(start + i).stripTrailing();
            if (want.isEmpty() || have.isEmpty()) {
                if (!want.isEmpty() || !have.isEmpty()) {
                    return false;
                }
                continue;
            }
            int s = have.length() - want.length();
            if (s < 0 || !have.endsWith(want) || !have.substring(0, s).isBlank()) {
                return false;
            }
            if (shift < 0) {
                shift = s;
            } else if (shift != s) {
                return false;
            }
        }
        return true;
    }

    /** Removes the indentation common to every non-blank line, and leading and trailing blank lines. */
    static List<String> dedent(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        int common = Integer.MAX_VALUE;
        for (String l : lines.subList(from, to)) {
            if (!l.isBlank()) {
                common = Math.min(common, Docs.indent(l));
            }
        }
        List<String> out = new ArrayList<>();
        for (String l : lines.subList(from, to)) {
            out.add(l.isBlank() ? "" : l.substring(common).stripTrailing());
        }
        return out;
    }

    private static String firstNonBlank(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }
}
