package io.github.fdmux.bench.macro;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The macro comparison: echo over loopback (C connections ping-ponging S-byte messages, driven by
 * the C client) and HTTP hello (wrk, 100 keep-alive connections), every server in its own process,
 * one event loop each. All servers of a phase run at once and take turns: round 1 runs each once
 * in a fixed order, round 2 again, ... (A B C A B C ...), so that drift of a shared machine falls on
 * every server alike; the report gives medians over rounds and, per pair, the median of the
 * per-round ratios. Writes markdown.
 *
 * <p>Usage: see {@code benchmarks/run-macro.sh}, which builds what this needs and passes
 * {@code --client}, {@code --wrk} and {@code --c-server}.
 */
public final class MacroBench {
    private MacroBench() {
    }

    /** Settings, from the command line. */
    static final class Settings {
        String client;
        String cServer;
        String wrk = "/usr/bin/wrk";
        String nginx = "/usr/sbin/nginx";
        List<Integer> connections = List.of(1, 100, 1000);
        int size = 64;
        double seconds = 2;
        double warmup = 3;
        int rounds = 3;
        int httpConnections = 100;
        double httpSeconds = 3;
        boolean echo = true;
        boolean http = true;
        Pattern only = null;
        Path out;
        String command = "";
    }

    /**
     * @param args see {@link #usage()}
     * @throws Exception if a server or a load generator fails
     */
    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(usage());
            return;
        }
        Settings s = parse(args);
        Path work = Files.createTempDirectory("fdmux-macro-");
        String started = Env.now();
        String loadBefore = Env.loadAverage();
        Map<String, Map<Integer, List<Load.Result>>> echo = new LinkedHashMap<>();
        Map<String, List<Load.Result>> http = new LinkedHashMap<>();
        if (s.echo) {
            runEcho(s, filter(s, echoServers(s)), work, echo);
        }
        if (s.http) {
            runHttp(s, filter(s, httpServers(s)), work, http);
        }
        String md = Report.markdown(s, started, loadBefore, Env.loadAverage(), echo, http);
        if (s.out != null) {
            Files.createDirectories(s.out.toAbsolutePath().getParent());
            Files.writeString(s.out, md);
            System.err.println("macro: wrote " + s.out);
        }
        System.out.print(md);
    }

    private static List<ServerSpec> filter(Settings s, List<ServerSpec> all) {
        if (s.only == null) {
            return all;
        }
        Predicate<String> keep = s.only.asPredicate();
        return all.stream().filter(x -> keep.test(x.name())).toList();
    }

    private static void runEcho(Settings s, List<ServerSpec> specs, Path work,
            Map<String, Map<Integer, List<Load.Result>>> results) throws Exception {
        List<RunningServer> servers = startAll(specs, work);
        try {
            for (RunningServer srv : servers) {
                progress("echo warm-up " + srv.spec.name());
                Load.echo(s.client, srv, 100, s.size, 0, s.warmup);
                results.put(srv.spec.name(), new LinkedHashMap<>());
            }
            for (int c : s.connections) {
                for (int r = 1; r <= s.rounds; r++) {
                    for (RunningServer srv : servers) {
                        progress(String.format(Locale.ROOT, "echo C=%d round %d/%d %s", c, r, s.rounds, srv.spec.name()));
                        Load.Result res = Load.echo(s.client, srv, c, s.size, 0.5, s.seconds);
                        results.get(srv.spec.name()).computeIfAbsent(c, k -> new ArrayList<>()).add(res);
                    }
                }
            }
        } finally {
            stopAll(servers);
        }
    }

    private static void runHttp(Settings s, List<ServerSpec> specs, Path work, Map<String, List<Load.Result>> results)
            throws Exception {
        List<RunningServer> servers = startAll(specs, work);
        try {
            for (RunningServer srv : servers) {
                progress("http warm-up " + srv.spec.name());
                Load.wrk(s.wrk, srv, s.httpConnections, Math.max(1, s.warmup));
                results.put(srv.spec.name(), new ArrayList<>());
            }
            for (int r = 1; r <= s.rounds; r++) {
                for (RunningServer srv : servers) {
                    progress(String.format(Locale.ROOT, "http round %d/%d %s", r, s.rounds, srv.spec.name()));
                    results.get(srv.spec.name()).add(Load.wrk(s.wrk, srv, s.httpConnections, s.httpSeconds));
                }
            }
        } finally {
            stopAll(servers);
        }
    }

    private static List<RunningServer> startAll(List<ServerSpec> specs, Path work) throws Exception {
        List<RunningServer> servers = new ArrayList<>();
        try {
            for (ServerSpec spec : specs) {
                progress("starting " + spec.name());
                servers.add(RunningServer.start(spec, work));
            }
            return servers;
        } catch (Exception e) {
            stopAll(servers);
            throw e;
        }
    }

    private static void stopAll(List<RunningServer> servers) throws InterruptedException {
        for (RunningServer srv : servers) {
            srv.close();
        }
    }

    private static void progress(String what) {
        System.err.println("macro: " + what);
    }

    // ------------------------------------------------------------------ the servers

    /** Every fdmux backend available here × every mode it supports, as {@code fdmux serve} processes. */
    static List<ServerSpec> fdmuxServers(boolean http) throws IOException {
        List<ServerSpec> specs = new ArrayList<>();
        for (BackendStatus st : Pollers.statuses()) {
            if (!st.available()) {
                continue;
            }
            Backend b = st.backend();
            try (Poller p = Pollers.open(b)) {
                for (Mode m : Mode.values()) {
                    if (!p.capabilities().supports(m)) {
                        continue;
                    }
                    List<String> cmd = java("io.github.fdmux.cli.Main");
                    cmd.addAll(List.of("serve", "--backend", b.id(), "--mode", m.id(), "--idle-timeout", "0"));
                    if (http) {
                        cmd.add("--http");
                    }
                    specs.add(new ServerSpec("fdmux " + b + " " + m.id(), cmd, http, false));
                }
            }
        }
        return specs;
    }

    static List<ServerSpec> echoServers(Settings s) throws IOException {
        List<ServerSpec> specs = fdmuxServers(false);
        specs.add(new ServerSpec("JDK Selector", java(JdkSelectorEchoServer.class.getName()), false, false));
        specs.add(new ServerSpec("Netty epoll", javaArgs(NettyServer.class.getName(), "epoll"), false, false));
        specs.add(new ServerSpec("Netty NIO", javaArgs(NettyServer.class.getName(), "nio"), false, false));
        specs.add(new ServerSpec("C epoll ET", List.of(s.cServer, "0"), false, false));
        return specs;
    }

    static List<ServerSpec> httpServers(Settings s) throws IOException {
        List<ServerSpec> specs = fdmuxServers(true);
        if (Files.isExecutable(Paths.get(s.nginx))) {
            specs.add(new ServerSpec("nginx (1 worker)", List.of(s.nginx), true, true));
        } else {
            System.err.println("macro: no nginx at " + s.nginx + " (apt-get install nginx); its row is left out");
        }
        specs.add(new ServerSpec("Netty epoll", javaArgs(NettyServer.class.getName(), "epoll", "--http"), true, false));
        return specs;
    }

    private static List<String> javaArgs(String main, String... args) {
        List<String> cmd = java(main);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** The same JVM and options for every Java server. */
    static List<String> java(String main) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Env.serverJvmOptions());
        cmd.add("-cp");
        cmd.add(Env.ownJar());
        cmd.add(main);
        return cmd;
    }

    // ------------------------------------------------------------------ arguments

    static String usage() {
        return String.join("\n",
                "usage: MacroBench --client PATH --c-server PATH [options]",
                "  --connections 1,100,1000   echo connection counts (C)",
                "  --size 64                  echo message bytes (S)",
                "  --seconds 2                echo measuring time per run (D)",
                "  --rounds 3                 runs per server (alternating)",
                "  --warmup 3                 warm-up per server before the rounds, seconds",
                "  --http-connections 100     wrk connections",
                "  --http-seconds 3           wrk time per run",
                "  --only REGEX               only servers whose name matches",
                "  --no-echo | --no-http      skip a phase",
                "  --wrk PATH --nginx PATH    tools (default /usr/bin/wrk, /usr/sbin/nginx)",
                "  --out FILE                 also write the markdown there",
                "  --command TEXT             the command line to print in the report");
    }

    /** The options that take a value, and where each puts it. */
    private static final Map<String, BiConsumer<Settings, String>> VALUED = Map.ofEntries(
            Map.entry("--client", (s, v) -> s.client = v),
            Map.entry("--c-server", (s, v) -> s.cServer = v),
            Map.entry("--wrk", (s, v) -> s.wrk = v),
            Map.entry("--nginx", (s, v) -> s.nginx = v),
            Map.entry("--connections", (s, v) -> s.connections = Arrays.stream(v.split(","))
                    .map(String::trim).map(Integer::valueOf).toList()),
            Map.entry("--size", (s, v) -> s.size = Integer.parseInt(v)),
            Map.entry("--seconds", (s, v) -> s.seconds = Double.parseDouble(v)),
            Map.entry("--rounds", (s, v) -> s.rounds = Integer.parseInt(v)),
            Map.entry("--warmup", (s, v) -> s.warmup = Double.parseDouble(v)),
            Map.entry("--http-connections", (s, v) -> s.httpConnections = Integer.parseInt(v)),
            Map.entry("--http-seconds", (s, v) -> s.httpSeconds = Double.parseDouble(v)),
            Map.entry("--only", (s, v) -> s.only = Pattern.compile(v)),
            Map.entry("--out", (s, v) -> s.out = Paths.get(v)),
            Map.entry("--command", (s, v) -> s.command = v));

    static Settings parse(String[] args) {
        Settings s = new Settings();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--no-echo":
                    s.echo = false;
                    continue;
                case "--no-http":
                    s.http = false;
                    continue;
                default:
                    break;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + usage());
            }
            BiConsumer<Settings, String> option = VALUED.get(a);
            if (option == null) {
                throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
            option.accept(s, args[++i]);
        }
        if (s.echo && (s.client == null || s.cServer == null)) {
            throw new IllegalArgumentException("--client and --c-server are needed for the echo phase\n" + usage());
        }
        return s;
    }
}
