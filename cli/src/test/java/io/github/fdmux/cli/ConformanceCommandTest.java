package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.cli.conformance.SemanticsColumn;
import io.github.fdmux.cli.conformance.SemanticsData;
import io.github.fdmux.conformance.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {
    @Test
    void printsTheMatrixOfTheChosenBehaviours() {
        Cli r = Cli.run("conformance", "--behaviours", "readableWhenDataArrives,modesAccepted,edgeReportsOncePerArrival");
        assertEquals(0, r.code(), r.toString());
        String first = Target.available().get(0).backend().name();
        assertTrue(r.out().contains("Readiness") && r.out().contains("Modes"), r.out());
        assertTrue(r.out().matches("(?s).*  readableWhenDataArrives\\s+ok.*"), r.out());
        assertTrue(r.out().contains(first), r.out());
        long levels = Target.available().stream().filter(t -> t.mode() == io.github.fdmux.Mode.LEVEL).count();
        // readableWhenDataArrives: every target; modesAccepted: LEVEL only; edgeReportsOncePerArrival: EDGE only.
        long runs = Target.available().size() + levels
                + Target.available().stream().filter(t -> t.mode() == io.github.fdmux.Mode.EDGE).count();
        assertTrue(r.out().contains(runs + " behaviour runs on "), r.out());
        assertTrue(r.out().contains(": " + runs + " passed, 0 failed, 0 skipped"), r.out());
    }

    @Test
    void mergeAddsAnObservedColumnAndRendersTheMarkdownWithoutRunning(@TempDir Path tmp) throws Exception {
        Path artifact = tmp.resolve("artifact");
        SemanticsColumn mac = new SemanticsColumn(Backend.POLL, "macos", "Mac OS X 15.5 (aarch64), CI run 42", true,
                List.of("level", "oneshot"), Map.of("resetIsError", "readable+readClosed"));
        SemanticsData.save(artifact, mac);
        SemanticsData.save(artifact, new SemanticsColumn(Backend.NIO, "", "Mac OS X", true, List.of("level"),
                Map.of("resetIsError", "readable")));
        Path md = tmp.resolve("docs").resolve("semantics.md");
        Cli r = Cli.run("conformance", "--merge", artifact.toString(), "--markdown", md.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("merged POLL macos from "), r.out());
        assertTrue(r.out().contains("skipped NIO from "), r.out());
        assertTrue(!Files.exists(tmp.resolve("docs").resolve("semantics").resolve("NIO.json")), "NIO not merged");
        assertEquals(mac, SemanticsData.read(tmp.resolve("docs").resolve("semantics").resolve("POLL-macos.json")));
        String text = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(text.contains("| POLL macos | Mac OS X 15.5 (aarch64), CI run 42 |"), text);
        assertTrue(text.contains("| KQUEUE macos (expected) | from kernel sources, not yet observed"), text);
        assertTrue(!text.contains("POLL macos (expected)"), text);
    }

    @Test
    void mergeRefusesExpectedColumnsAndMissingFiles(@TempDir Path tmp) throws Exception {
        Cli missing = Cli.run("conformance", "--merge", tmp.resolve("nope.json").toString());
        assertTrue(missing.code() != 0 && missing.err().contains("no such file or directory"), missing.toString());
        Path f = tmp.resolve("expected.json");
        Files.writeString(f, new SemanticsColumn(Backend.KQUEUE, "freebsd", "guess", false, List.of(), Map.of()).toJson());
        Cli r = Cli.run("conformance", "--merge", f.toString(), "--markdown", tmp.resolve("s.md").toString());
        assertTrue(r.code() != 0 && r.err().contains("holds expected answers, not observed ones"), r.toString());
    }
}
