package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fdmux.Pollers;
import io.github.fdmux.Backend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's help, version and error messages (issue 17's list). */
class CommandLinePolishTest {

    private static List<String> subcommands() {
        return new ArrayList<>(Main.commandLine().getSubcommands().keySet());
    }

    @Test
    void everyHelpRendersWithoutAPicocliWarning() {
        List<String[]> helps = new ArrayList<>();
        helps.add(new String[] {"--help"});
        helps.add(new String[0]); // `fdmux` alone prints the usage
        for (String sub : subcommands()) {
            helps.add(sub.equals("help") ? new String[] {"help"} : new String[] {sub, "--help"});
        }
        PrintStream realErr = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            for (String[] args : helps) {
                Cli r = Cli.run(args);
                assertEquals(0, r.code(), String.join(" ", args) + ": " + r);
                assertTrue(r.out().contains("Usage: fdmux"), String.join(" ", args) + ": " + r);
                assertFalse(r.err().contains("picocli WARN") || r.out().contains("picocli WARN"), r.toString());
            }
        } finally {
            System.setErr(realErr);
        }
        String picocli = stderr.toString(StandardCharsets.UTF_8);
        assertFalse(picocli.contains("picocli WARN"), picocli);
        assertTrue(Cli.run("soak", "--help").out().replaceAll("\\s+", " ").contains("(10 % + 32 MB)"));
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        for (String sub : subcommands()) {
            if (sub.equals("help")) {
                continue;
            }
            Cli r = Cli.run(sub, "--version");
            assertEquals(0, r.code(), sub + ": " + r);
            assertEquals("fdmux " + Version.version(), r.out().strip(), sub + " --version");
        }
        assertEquals("fdmux " + Version.version(), Cli.run("--version").out().strip());
    }

    @Test
    void helpNamesASubcommand() {
        Cli r = Cli.run("help", "compare");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Usage: fdmux compare"), r.out());
        assertTrue(Cli.run("help").out().contains("help"), "help lists itself");
    }

    @Test
    void aBusyPortIsNamedInTheError() throws Exception {
        try (ServerSocketChannel busy = ServerSocketChannel.open()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) busy.getLocalAddress()).getPort();
            Cli r = Cli.run("serve", "--backend", "nio", "--bind", "127.0.0.1", "--port", String.valueOf(port));
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("Address already in use: 127.0.0.1:" + port), r.toString());
        }
    }

    @Test
    void anAddressNotOfThisMachineIsNamedInTheError() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, assigned to no interface.
        Cli r = Cli.run("serve", "--backend", "nio", "--bind", "192.0.2.1", "--port", "0");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("192.0.2.1:0"), r.toString());
    }

    @Test
    void compareSaysWhichModesTheBackendSupports() {
        assumeTrue(Pollers.status(Backend.POLL).available(), "POLL is not available here");
        Cli r = Cli.run("compare", "--backends=poll", "--modes=edge");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no available backend supports edge; POLL supports level, oneshot"
                + " (edge-triggered modes need EPOLL, KQUEUE or IO_URING)"), r.toString());
    }

    @Test
    void progressIsOneRewrittenLineOnATerminalAndOneLinePerPhaseElsewhere() {
        StringWriter log = new StringWriter();
        ProgressLine plain = new ProgressLine(new PrintWriter(log), false);
        plain.show("conformance EPOLL/LEVEL", "[1/3] a");
        plain.show("conformance EPOLL/LEVEL", "[2/3] b");
        plain.show("conformance POLL/LEVEL", "[3/3] c");
        plain.done();
        assertEquals("conformance EPOLL/LEVEL ...\nconformance POLL/LEVEL ...\n", log.toString().replace("\r\n", "\n"));
        StringWriter tty = new StringWriter();
        ProgressLine terminal = new ProgressLine(new PrintWriter(tty), true);
        terminal.show("conformance EPOLL/LEVEL", "[1/3] a");
        terminal.done();
        assertEquals("\rconformance EPOLL/LEVEL [1/3] a\033[K\r\033[K", tty.toString());
    }
}
