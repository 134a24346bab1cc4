package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The links of README.md and docs/: a relative link must name a file or directory of the
 * repository, and its #anchor a heading (GitHub's slug) or an explicit anchor of the target file;
 * an http(s) link must be a well-formed absolute URL (not fetched: the build needs no network).
 */
class DocLinksTest {
    private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?((?:[^()\\s<>]|\\([^()\\s]*\\))+)>?"
            + "(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+\".*\")?\\s*$");
    private static final Pattern HTML = Pattern.compile("<(?:a|img)\\s[^>]*?(?:href|src)=\"([^\"]+)\"");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern EXPLICIT_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    @Test
    void everyLinkResolves() {
        List<String> broken = new ArrayList<>();
        int relative = 0;
        for (Path md : Docs.markdownFiles()) {
            List<String> prose = Docs.prose(md);
            for (int i = 0; i < prose.size(); i++) {
                for (String target : links(prose.get(i))) {
                    String problem = check(md, target);
                    if (problem != null) {
                        broken.add(Docs.root().relativize(md) + ":" + (i + 1) + ": " + target + " - " + problem);
                    }
                    if (!target.contains(":")) {
                        relative++;
                    }
                }
            }
        }
        assertTrue(relative >= 20, "found only " + relative + " relative links: is the link parser broken?");
        if (!broken.isEmpty()) {
            fail("broken links:\n  " + String.join("\n  ", broken));
        }
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("choosing-a-backend-and-a-mode", slug("Choosing a backend and a mode"));
        assertEquals("why-edge-needs-eagain", slug("Why `EDGE` needs EAGAIN"));
        assertEquals("epoll-flags-struct-epoll_event", slug("epoll: flags, `struct epoll_event`"));
        assertEquals("poll--wakeup", slug("Poll & wakeup"));
        assertEquals("the-selector-of-the-jdk", slug("The [Selector](https://x) of the JDK"));
    }

    @Test
    void findsEveryKindOfLink() {
        assertEquals(List.of("a.md#x", "img.svg", "https://e.org/a_(b)"),
                links("see [a](a.md#x) and ![i](img.svg \"t\") and [p](https://e.org/a_(b)) but not `[c](code.md)`"));
        assertEquals(List.of("b.md"), links("[ref]: b.md"));
        assertEquals(List.of("c.md"), links("<a href=\"c.md\">c</a>"));
        assertTrue(check(Docs.root().resolve("README.md"), "docs/no-such-file.md") != null, "a missing file is broken");
        assertTrue(check(Docs.root().resolve("README.md"), "README.md#no-such-heading") != null,
                "a missing anchor is broken");
        assertTrue(check(Docs.root().resolve("README.md"), "https://") != null, "a URL without host is broken");
    }

    static List<String> links(String line) {
        String text = CODE_SPAN.matcher(line).replaceAll("");
        List<String> out = new ArrayList<>();
        Matcher ref = REFERENCE.matcher(text);
        if (ref.matches()) {
            out.add(ref.group(1));
            return out;
        }
        for (Pattern p : List.of(INLINE, HTML)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** @return null if the link resolves, else what is wrong */
    static String check(Path md, String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI uri = new URI(target);
                return uri.getHost() == null || uri.getHost().isEmpty() ? "no host" : null;
            } catch (URISyntaxException e) {
                return "malformed URL: " + e.getMessage();
            }
        }
        if (lower.startsWith("mailto:")) {
            return target.contains("@") ? null : "malformed mailto";
        }
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return "only relative links and http(s) URLs are allowed";
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (path.startsWith("/")) {
            return "absolute path: use a path relative to " + Docs.root().relativize(md);
        }
        Path file = path.isEmpty() ? md
                : md.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
        if (!file.startsWith(Docs.root())) {
            return "points outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file or directory " + Docs.root().relativize(file);
        }
        if (anchor != null) {
            if (!file.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown";
            }
            Set<String> anchors = anchors(file);
            if (!anchors.contains(anchor)) {
                return "no heading or anchor '" + anchor + "' in " + Docs.root().relativize(file) + " (it has "
                        + anchors + ")";
            }
        }
        return null;
    }

    private static final Map<Path, Set<String>> ANCHORS = new HashMap<>();

    static synchronized Set<String> anchors(Path md) {
        return ANCHORS.computeIfAbsent(md, f -> {
            Set<String> out = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (String line : Docs.prose(f)) {
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    String s = slug(h.group(2));
                    int n = seen.merge(s, 1, Integer::sum);
                    out.add(n == 1 ? s : s + "-" + (n - 1));
                }
                Matcher a = EXPLICIT_ANCHOR.matcher(line);
                while (a.find()) {
                    out.add(a.group(1));
                }
            }
            return out;
        });
    }

    /** GitHub's heading anchor: the rendered text, lower case, punctuation dropped, spaces to dashes. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }
}
