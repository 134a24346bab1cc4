package io.github.fdmux.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What is published and what is not, read from the poms: every module of the reactor is either published
 * (and then in fdmux-bom) or marked {@code fdmux.publish.skip} (and then excluded from the Central bundle
 * and from deploy). A new backend module that forgets the BOM fails here.
 */
class PublishedModulesTest {
    private static final Path ROOT = Path.of(System.getProperty("fdmux.repository.root", ".."));

    @Test
    void everyPublishedModuleIsInTheBomAndEveryOtherIsExcludedFromPublishing() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        Set<String> published = new TreeSet<>();
        Set<String> notPublished = new TreeSet<>();
        for (String module : all(parent, "<module>([^<]+)</module>")) {
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            String artifactId = first(pom.replaceFirst("(?s)<parent>.*?</parent>", ""), "<artifactId>([^<]+)</artifactId>");
            if (module.equals("bom")) {
                continue;
            }
            if (pom.contains("<fdmux.publish.skip>true</fdmux.publish.skip>")) {
                assertTrue(pom.contains("<maven.deploy.skip>true</maven.deploy.skip>"), module + ": publish.skip without deploy.skip");
                notPublished.add(artifactId);
            } else {
                published.add(artifactId);
            }
        }
        assertEquals(published, new TreeSet<>(all(bom, "<artifactId>(fdmux-[^<]+)</artifactId>")) {
            {
                remove("fdmux-bom");
            }
        }, "fdmux-bom must list exactly the published modules");
        assertEquals(notPublished, new TreeSet<>(all(section(parent, "<excludeArtifacts>", "</excludeArtifacts>"),
                "<artifact>([^<]+)</artifact>")), "the release profile's excludeArtifacts");
        assertEquals(notPublished, new TreeSet<>(all(section(bom, "<excludeArtifacts>", "</excludeArtifacts>"),
                "<artifact>([^<]+)</artifact>")), "the BOM's release profile's excludeArtifacts");
        assertTrue(published.containsAll(Set.of("fdmux-api", "fdmux-unix", "fdmux-backend-epoll", "fdmux-backend-nio")), published::toString);
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1).trim());
        }
        return found;
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return m.group(1).trim();
    }

    private static String section(String text, String open, String close) {
        int a = text.indexOf(open);
        assertTrue(a >= 0, open);
        return text.substring(a, text.indexOf(close, a));
    }
}
