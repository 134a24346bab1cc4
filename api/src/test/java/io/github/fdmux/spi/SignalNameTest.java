package io.github.fdmux.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What fdmux lets a program register matches what HotSpot lets it handle (docs/sources.md has the
 * table measured on JDK 17 and 25).
 */
class SignalNameTest {
    /** Every name HotSpot's signal table knows on Linux, macOS or FreeBSD (signals_posix.cpp g_signal_info). */
    private static final List<String> NAMES = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS", "EMT", "INFO");
    /** HotSpot refuses these under -Xrs and keeps them ignored when the process ignores them. */
    private static final Set<String> SHUTDOWN = Set.of("HUP", "INT", "TERM");

    @Test
    void everySignalFdmuxAcceptsTheJvmLetsBeHandled() {
        List<String> checked = new ArrayList<>();
        for (String name : NAMES) {
            if (!known(name) || SHUTDOWN.contains(name)) {
                continue;
            }
            SignalName s;
            try {
                s = SignalName.parse(name);
            } catch (IllegalArgumentException refused) {
                continue;
            }
            sun.misc.Signal signal = new sun.misc.Signal(s.name());
            // Replaced for a moment and put back: the probe SignalHub itself makes.
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, sig -> { });
            sun.misc.Signal.handle(signal, previous);
            checked.add(name);
        }
        assertTrue(checked.contains("USR1") && checked.contains("WINCH") && checked.contains("CHLD"), "checked " + checked);
    }

    @Test
    void everySignalTheJvmRefusesFdmuxRefusesFirstSayingWhy() {
        for (String name : List.of("KILL", "STOP", "SEGV", "ILL", "FPE", "QUIT", "BUS", "USR2", "TRAP", "SIGQUIT", "segv")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalName.parse(name));
            assertTrue(e.getMessage().contains("cannot be registered: ") && e.getMessage().length() > 50, e.getMessage());
        }
        for (String name : List.of("KILL", "STOP", "SEGV", "ILL", "FPE", "QUIT")) {
            assertThrows(IllegalArgumentException.class, () -> sun.misc.Signal.handle(new sun.misc.Signal(name),
                    sig -> { }), "the JVM refuses " + name + " too (else drop it from SignalName's table)");
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SignalName.parse("RTMIN"));
        assertTrue(unknown.getMessage().contains("unknown signal name"), unknown.getMessage());
        assertEquals("WINCH", SignalName.parse(" sigwinch ").name());
    }

    @Test
    void anIgnoredShutdownSignalIsRefusedAndAnIgnoredOtherOneIsTaken() throws Exception {
        Path sh = Path.of("/bin/sh");
        Assumptions.assumeTrue(Files.isExecutable(sh), "no /bin/sh to start a JVM with signals ignored");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A JVM started the way nohup or a shell's background job starts it: HUP, INT and USR1 ignored.
        ProcessBuilder pb = new ProcessBuilder(sh.toString(), "-c", "trap '' HUP INT USR1; exec \"$0\" -cp \"$1\" "
                + IgnoredSignalProbe.class.getName() + " HUP INT TERM USR1", java, System.getProperty("java.class.path"))
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not end");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("refused HUP: signal HUP cannot be registered: this process ignores it"), out);
        assertTrue(out.contains("refused INT: signal INT cannot be registered: this process ignores it"), out);
        assertTrue(out.contains("registered TERM"), out);
        assertTrue(out.contains("registered USR1"), "HotSpot installs a handler for any other ignored signal: " + out);
    }

    private static boolean known(String name) {
        try {
            new sun.misc.Signal(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
