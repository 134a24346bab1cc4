package io.github.fdmux.bench.macro;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The macro results as markdown: medians per server, ratios per pair, the targets. */
final class Report {
    static final String EDGE = "fdmux EPOLL edge";
    static final String LEVEL = "fdmux EPOLL level";
    static final String NETTY_EPOLL = "Netty epoll";
    static final String JDK = "JDK Selector";
    static final String C = "C epoll ET";
    static final String NGINX = "nginx (1 worker)";

    private Report() {
    }

    static String markdown(MacroBench.Settings s, String started, String loadBefore, String loadAfter,
            Map<String, Map<Integer, List<Load.Result>>> echo, Map<String, List<Load.Result>> http) {
        StringBuilder b = new StringBuilder();
        b.append("### Macro results, ").append(started).append("\n\n");
        b.append("- CPU: ").append(Env.cpu()).append("; kernel ").append(Env.kernel()).append("; JDK ")
                .append(Env.jdk()).append('\n');
        b.append("- Load average (1, 5, 15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
                .append('\n');
        b.append("- Java servers: `").append(String.join(" ", Env.serverJvmOptions())).append("`, one event loop"
                + " thread each; nothing pinned\n");
        if (!s.command.isEmpty()) {
            b.append("- Command: `").append(s.command).append("`\n");
        }
        if (!echo.isEmpty()) {
            b.append(String.format(Locale.ROOT, "- Echo: C connections × %d-byte ping-pong, %s s per run after"
                    + " 0.5 s unmeasured, %d rounds (every server once per round, in turn), load: the C client"
                    + " (benchmarks/src/main/c/echo-client.c), one thread%n", s.size, Load.fmt(s.seconds), s.rounds));
        }
        if (!http.isEmpty()) {
            b.append(String.format(Locale.ROOT, "- HTTP: `wrk -t1 -c%d -d%ss --latency`, %d rounds in turn%n",
                    s.httpConnections, Load.fmt(s.httpSeconds), s.rounds));
        }
        b.append('\n');
        if (!echo.isEmpty()) {
            echoTables(b, s, echo);
        }
        if (!http.isEmpty()) {
            httpTables(b, http);
        }
        targets(b, echo, http);
        return b.toString();
    }

    private static void echoTables(StringBuilder b, MacroBench.Settings s,
            Map<String, Map<Integer, List<Load.Result>>> echo) {
        for (int c : s.connections) {
            b.append("#### Echo, C = ").append(c).append(", S = ").append(s.size).append("\n\n");
            List<String> refs = present(echo.keySet(), NETTY_EPOLL, "Netty NIO", JDK, C);
            b.append("| server | round trips/s | p50 µs | p99 µs | server CPU µs/rt |");
            for (String r : refs) {
                b.append(" × ").append(r).append(" |");
            }
            b.append("\n|---|---:|---:|---:|---:|");
            b.append("---:|".repeat(refs.size())).append('\n');
            for (Map.Entry<String, Map<Integer, List<Load.Result>>> e : echo.entrySet()) {
                List<Load.Result> rs = e.getValue().get(c);
                if (rs == null) {
                    continue;
                }
                b.append("| ").append(e.getKey()).append(" | ").append(num(median(rs, Load.Result::perSecond)))
                        .append(" | ").append(one(median(rs, Load.Result::p50us))).append(" | ")
                        .append(one(median(rs, Load.Result::p99us))).append(" | ")
                        .append(two(median(rs, Load.Result::cpuUsPerOp))).append(" |");
                for (String r : refs) {
                    b.append(' ').append(ratioCell(rs, echo.get(r).get(c))).append(" |");
                }
                b.append(errors(rs)).append('\n');
            }
            b.append('\n');
        }
        b.append("Ratios: round trips/s, median over rounds of (row ÷ column) in the same round; the bracket gives"
                + " the lowest and highest round. Server CPU: user + system time of the whole server process"
                + " (/proc/PID/stat) over the run ÷ the round trips it served.\n\n");
    }

    private static void httpTables(StringBuilder b, Map<String, List<Load.Result>> http) {
        b.append("#### HTTP hello, wrk, keep-alive\n\n");
        List<String> refs = present(http.keySet(), NGINX, NETTY_EPOLL);
        b.append("| server | requests/s | p50 µs | p99 µs | server CPU µs/req |");
        for (String r : refs) {
            b.append(" × ").append(r).append(" |");
        }
        b.append("\n|---|---:|---:|---:|---:|").append("---:|".repeat(refs.size())).append('\n');
        for (Map.Entry<String, List<Load.Result>> e : http.entrySet()) {
            List<Load.Result> rs = e.getValue();
            b.append("| ").append(e.getKey()).append(" | ").append(num(median(rs, Load.Result::perSecond)))
                    .append(" | ").append(one(median(rs, Load.Result::p50us))).append(" | ")
                    .append(one(median(rs, Load.Result::p99us))).append(" | ")
                    .append(two(median(rs, Load.Result::cpuUsPerOp))).append(" |");
            for (String r : refs) {
                b.append(' ').append(ratioCell(rs, http.get(r))).append(" |");
            }
            b.append(errors(rs)).append('\n');
        }
        b.append('\n');
    }

    private static void targets(StringBuilder b, Map<String, Map<Integer, List<Load.Result>>> echo,
            Map<String, List<Load.Result>> http) {
        List<String[]> rows = new ArrayList<>();
        if (echo.containsKey(EDGE)) {
            List<Load.Result> edge = echo.get(EDGE).get(100);
            if (edge != null) {
                target(rows, "Echo C=100 S=64: EPOLL edge ≥ 1.0× Netty epoll", edge, get(echo, NETTY_EPOLL), 1.0);
                target(rows, "Echo C=100 S=64: EPOLL edge ≥ 1.2× JDK Selector", edge, get(echo, JDK), 1.2);
                target(rows, "Echo C=100 S=64: EPOLL edge ≥ 0.8× C epoll ET", edge, get(echo, C), 0.8);
            }
        }
        for (String mine : List.of(LEVEL, EDGE)) {
            if (http.containsKey(mine)) {
                String m = mine.substring("fdmux ".length());
                target(rows, "HTTP wrk -c100: " + m + " ≥ 0.7× nginx (1 worker)", http.get(mine), http.get(NGINX), 0.7);
                target(rows, "HTTP wrk -c100: " + m + " ≥ 1.0× Netty epoll", http.get(mine), http.get(NETTY_EPOLL), 1.0);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        b.append("#### Macro targets\n\n| target | measured ratio (throughput) | | CPU per operation, reference ÷"
                + " fdmux |\n|---|---:|---|---:|\n");
        for (String[] r : rows) {
            b.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" | ")
                    .append(r[3]).append(" |\n");
        }
        b.append("\nThe last column is the same comparison made on the servers' CPU cost per operation instead of"
                + " their throughput (above 1: fdmux spends less CPU per operation); on a shared machine it moves"
                + " less than throughput does.\n\n");
    }

    private static List<Load.Result> get(Map<String, Map<Integer, List<Load.Result>>> echo, String name) {
        Map<Integer, List<Load.Result>> m = echo.get(name);
        return m == null ? null : m.get(100);
    }

    private static void target(List<String[]> rows, String what, List<Load.Result> mine, List<Load.Result> ref,
            double goal) {
        if (ref == null) {
            rows.add(new String[] {what, "not measured", "", ""});
            return;
        }
        double r = ratios(mine, ref)[1];
        double cpu = median(ref, Load.Result::cpuUsPerOp) / median(mine, Load.Result::cpuUsPerOp);
        rows.add(new String[] {what, two(r), r >= goal ? "met" : "**not met**", two(cpu)});
    }

    private static List<String> present(java.util.Set<String> names, String... wanted) {
        return Arrays.stream(wanted).filter(names::contains).toList();
    }

    /** @return {min, median, max} of the per-round ratios */
    static double[] ratios(List<Load.Result> a, List<Load.Result> b) {
        int n = Math.min(a.size(), b.size());
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = a.get(i).perSecond() / b.get(i).perSecond();
        }
        Arrays.sort(r);
        return new double[] {r[0], median(r), r[n - 1]};
    }

    private static String ratioCell(List<Load.Result> a, List<Load.Result> b) {
        if (b == null || a == b) {
            return "";
        }
        double[] r = ratios(a, b);
        return two(r[1]) + " (" + two(r[0]) + "–" + two(r[2]) + ")";
    }

    static double median(List<Load.Result> rs, ToDoubleFunction<Load.Result> f) {
        return median(rs.stream().mapToDouble(f).sorted().toArray());
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String errors(List<Load.Result> rs) {
        List<String> e = rs.stream().map(Load.Result::errors).filter(x -> !x.isEmpty()).distinct().toList();
        return e.isEmpty() ? "" : " ⚠ " + String.join("; ", e);
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%,.0f", d);
    }

    private static String one(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String two(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
