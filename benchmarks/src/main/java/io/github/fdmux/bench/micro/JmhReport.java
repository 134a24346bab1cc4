package io.github.fdmux.bench.micro;

import io.github.fdmux.cli.compare.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a JMH JSON result file of this suite into the markdown of docs/benchmarks.md: dispatch ns
 * per poll and per event with B/op, the EDGE net cost, the control path, wakeup latency, and the
 * micro targets judged.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.fdmux.bench.micro.JmhReport [--header TEXT] results.json...}
 */
public final class JmhReport {
    private final List<Row> rows = new ArrayList<>();

    /** One JMH result. */
    private record Row(String benchmark, Map<String, String> params, double score, String unit, double p50,
            double p99, double allocNorm, int passes) {
        String param(String k) {
            return params.getOrDefault(k, "");
        }
    }

    private JmhReport(List<Object> results) {
        for (Object o : results) {
            Map<String, Object> r = map(o);
            String bench = ((String) r.get("benchmark")).replaceAll("^.*\\.micro\\.", "");
            Map<String, String> params = new LinkedHashMap<>();
            if (r.get("params") != null) {
                map(r.get("params")).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<String, Object> pm = map(r.get("primaryMetric"));
            double p50 = Double.NaN;
            double p99 = Double.NaN;
            if (pm.get("scorePercentiles") != null) {
                Map<String, Object> pct = map(pm.get("scorePercentiles"));
                p50 = num(pct.get("50.0"));
                p99 = num(pct.get("99.0"));
            }
            double alloc = Double.NaN;
            if (r.get("secondaryMetrics") != null) {
                Object a = map(r.get("secondaryMetrics")).get("gc.alloc.rate.norm");
                if (a != null) {
                    alloc = num(map(a).get("score"));
                }
            }
            rows.add(new Row(bench, params, num(pm.get("score")), (String) pm.get("scoreUnit"), p50, p99, alloc, 1));
        }
    }

    /**
     * @param args {@code [--header TEXT] results.json...}: several files (passes of the same runs)
     *     give, per benchmark and parameters, the median over the passes
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        String header = "";
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--header") && i + 1 < args.length) {
                header = args[++i];
            } else {
                files.add(Paths.get(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: JmhReport [--header TEXT] results.json...");
            System.exit(2);
        }
        System.out.print(of(files).markdown(header));
    }

    /**
     * @param file a JMH JSON result file
     * @return its markdown
     * @throws IOException if reading fails
     */
    static String markdown(Path file) throws IOException {
        return of(List.of(file)).markdown("");
    }

    /** Reads every file; the same benchmark and parameters in several files become one row of medians. */
    @SuppressWarnings("unchecked")
    static JmhReport of(List<Path> files) throws IOException {
        List<Object> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll((List<Object>) JsonReader.parseAllowingNaN(Files.readString(f)));
        }
        JmhReport raw = new JmhReport(all);
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : raw.rows) {
            groups.computeIfAbsent(r.benchmark + r.params, k -> new ArrayList<>()).add(r);
        }
        raw.rows.clear();
        for (List<Row> g : groups.values()) {
            Row first = g.get(0);
            raw.rows.add(new Row(first.benchmark, first.params, median(g, Row::score), first.unit,
                    median(g, Row::p50), median(g, Row::p99), median(g, Row::allocNorm), g.size()));
        }
        return raw;
    }

    private static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = rows.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    String markdown(String header) {
        StringBuilder b = new StringBuilder();
        if (!header.isEmpty()) {
            b.append(header).append("\n\n");
        }
        int passes = rows.stream().mapToInt(Row::passes).max().orElse(1);
        if (passes > 1) {
            b.append("Each figure is the median of ").append(passes).append(" passes of the same runs, made one"
                    + " after the other (so that a change of the machine's load falls on every subject).\n\n");
        }
        dispatch(b);
        edge(b);
        control(b);
        wakeup(b);
        targets(b);
        return b.toString();
    }

    private List<Row> of(String benchmark) {
        return rows.stream().filter(r -> r.benchmark.equals(benchmark)).toList();
    }

    private Row find(String benchmark, String subject, String n, String m) {
        for (Row r : of(benchmark)) {
            if (r.param("subject").equals(subject) && r.param("n").equals(n) && r.param("m").equals(m)) {
                return r;
            }
        }
        return null;
    }

    private void dispatch(StringBuilder b) {
        List<Row> d = of("DispatchBenchmark.pollAndVisit");
        if (d.isEmpty()) {
            return;
        }
        Set<String> subjects = new LinkedHashSet<>();
        Set<Integer> ns = new TreeSet<>();
        Set<Integer> ms = new TreeSet<>();
        for (Row r : d) {
            subjects.add(r.param("subject"));
            ns.add(Integer.valueOf(r.param("n")));
            ms.add(Integer.valueOf(r.param("m")));
        }
        for (int m : ms) {
            b.append("#### Dispatch, M = ").append(m).append(" ready (one non-blocking poll + visiting every event)\n\n");
            b.append("ns per poll / ns per ready event / bytes allocated per poll (`-prof gc`)");
            if (ns.contains(10) && m > 10) {
                b.append("; at N = 10 all 10 are ready");
            }
            b.append("\n\n| subject |");
            for (int n : ns) {
                b.append(" N = ").append(String.format(Locale.ROOT, "%,d", n)).append(" |");
            }
            b.append("\n|---|").append("---:|".repeat(ns.size())).append('\n');
            for (String s : subjects) {
                b.append("| ").append(s).append(" |");
                for (int n : ns) {
                    Row r = find("DispatchBenchmark.pollAndVisit", s, Integer.toString(n), Integer.toString(m));
                    if (r == null) {
                        b.append(" |");
                        continue;
                    }
                    int ready = Math.min(m, n);
                    b.append(' ').append(num(r.score)).append(" / ").append(num(r.score / ready)).append(" / ")
                            .append(bytes(r.allocNorm)).append(" |");
                }
                b.append('\n');
            }
            b.append('\n');
        }
    }

    private void edge(StringBuilder b) {
        List<Row> cost = of("EdgeCostBenchmark.retriggerOnly");
        if (cost.isEmpty()) {
            return;
        }
        b.append("#### EDGE, net of its re-trigger\n\nEach EDGE operation writes one byte into each of the M pipes"
                + " (a new arrival, so a new edge) before polling; LEVEL_RETRIGGERED does the same writes on"
                + " level-triggered registrations. Net = measured − the writes alone (EdgeCostBenchmark).\n\n");
        b.append("| N | M | writes alone ns | LEVEL + writes ns | EDGE + writes ns | LEVEL net ns/event |"
                + " EDGE net ns/event |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row c : cost) {
            String n = c.param("n");
            String m = c.param("m");
            int ready = Math.min(Integer.parseInt(m), Integer.parseInt(n));
            Row level = find("DispatchBenchmark.pollAndVisit", "EPOLL_LEVEL_RETRIGGERED", n, m);
            Row edge = find("DispatchBenchmark.pollAndVisit", "EPOLL_EDGE_RETRIGGERED", n, m);
            b.append("| ").append(n).append(" | ").append(m).append(" | ").append(num(c.score)).append(" | ")
                    .append(level == null ? "" : num(level.score)).append(" | ")
                    .append(edge == null ? "" : num(edge.score)).append(" | ")
                    .append(level == null ? "" : num((level.score - c.score) / ready)).append(" | ")
                    .append(edge == null ? "" : num((edge.score - c.score) / ready)).append(" |\n");
        }
        b.append('\n');
    }

    private void control(StringBuilder b) {
        List<Row> c = rows.stream().filter(r -> r.benchmark.startsWith("ControlBenchmark.")).toList();
        if (c.isEmpty()) {
            return;
        }
        b.append("#### Control path, operations per second\n\n| subject | register + cancel + poll | modify |"
                + " modify + poll |\n|---|---:|---:|---:|\n");
        Set<String> subjects = new LinkedHashSet<>();
        c.forEach(r -> subjects.add(r.param("subject")));
        for (String s : subjects) {
            b.append("| ").append(s).append(" |");
            for (String m : List.of("registerCancel", "modify", "modifyPoll")) {
                Row r = c.stream().filter(x -> x.benchmark.equals("ControlBenchmark." + m)
                        && x.param("subject").equals(s)).findFirst().orElse(null);
                b.append(' ').append(r == null ? "" : String.format(Locale.ROOT, "%,.0f", r.score)).append(" |");
            }
            b.append('\n');
        }
        b.append("\nThe JDK's `interestOps` only queues the change (its epoll_ctl runs in the next select), so its"
                + " `modify` column is not a kernel change; `modify + poll` is the like-for-like one.\n\n");
    }

    private void wakeup(StringBuilder b) {
        List<Row> w = of("WakeupBenchmark.wakeupAndReturn");
        if (w.isEmpty()) {
            return;
        }
        b.append("#### Wakeup latency (one thread wakes, the other's poll returns)\n\n| subject | mean µs | p50 µs |"
                + " p99 µs |\n|---|---:|---:|---:|\n");
        for (Row r : w) {
            b.append("| ").append(r.param("subject")).append(" | ").append(two(r.score)).append(" | ")
                    .append(two(r.p50)).append(" | ").append(two(r.p99)).append(" |\n");
        }
        b.append('\n');
    }

    private void targets(StringBuilder b) {
        List<String[]> t = new ArrayList<>();
        Row epoll = find("DispatchBenchmark.pollAndVisit", "EPOLL_LEVEL", "10000", "100");
        Row keys = find("DispatchBenchmark.pollAndVisit", "JDK_SELECTED_KEYS", "10000", "100");
        Row consumer = find("DispatchBenchmark.pollAndVisit", "JDK_SELECT_CONSUMER", "10000", "100");
        if (epoll != null && keys != null && consumer != null) {
            double best = Math.min(keys.score, consumer.score);
            double r = epoll.score / best;
            t.add(new String[] {"Dispatch N=10,000 M=100: EPOLL ≤ 0.7× the JDK Selector's ns/event (its faster form)",
                two(r) + " (vs selectedKeys " + two(epoll.score / keys.score) + ", vs select(Consumer) "
                    + two(epoll.score / consumer.score) + ")", r <= 0.7 ? "met" : "**not met**"});
        }
        allocation(t, "EPOLL_LEVEL", true);
        allocation(t, "POLL", false);
        for (String[] nm : new String[][] {{"10", "1"}, {"1000", "100"}}) {
            Row small = find("DispatchBenchmark.pollAndVisit", "EPOLL_LEVEL", nm[0], nm[1]);
            Row big = find("DispatchBenchmark.pollAndVisit", "EPOLL_LEVEL", "10000", nm[1]);
            if (small != null && big != null) {
                double g = big.score / small.score;
                t.add(new String[] {"EPOLL flat: N=" + nm[0] + "→10,000 at M=" + nm[1] + " within 1.3×", two(g) + "×",
                    g <= 1.3 ? "met" : "**not met**"});
            }
            Row ps = find("DispatchBenchmark.pollAndVisit", "POLL", nm[0], nm[1]);
            Row pb = find("DispatchBenchmark.pollAndVisit", "POLL", "10000", nm[1]);
            if (ps != null && pb != null) {
                double g = pb.score / ps.score;
                t.add(new String[] {"POLL grows with N: N=" + nm[0] + "→10,000 at M=" + nm[1], two(g) + "×",
                    g > 1.3 ? "shown" : "**not shown**"});
            }
        }
        if (t.isEmpty()) {
            return;
        }
        b.append("#### Micro targets\n\n| target | measured | |\n|---|---:|---|\n");
        for (String[] r : t) {
            b.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
        }
        b.append('\n');
    }

    /**
     * The 0 B/op verdict. JMH's own bookkeeping allocates a few KB per iteration, which shows as
     * bytes per operation when an operation is long (POLL at N = 10,000 takes over a millisecond,
     * so an iteration has few operations): POLL, whose poll takes 0.1 to 1.5 ms at N = 1,000 and
     * 10,000, is judged by its N = 10 runs.
     */
    private void allocation(List<String[]> t, String subject, boolean everyN) {
        double worst = -1;
        String where = "";
        for (Row r : of("DispatchBenchmark.pollAndVisit")) {
            if (!r.param("subject").equals(subject) || (!everyN && !r.param("n").equals("10"))) {
                continue;
            }
            if (r.allocNorm > worst) {
                worst = r.allocNorm;
                where = "N=" + r.param("n") + " M=" + r.param("m");
            }
        }
        if (worst >= 0) {
            t.add(new String[] {"Dispatch allocates ~0 B/op: " + subject + (everyN ? "" : " (N = 10)"),
                "max " + bytes(worst) + " (" + where + ")", worst < 1 ? "met" : "**not met**"});
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static double num(Object o) {
        return o instanceof Double ? (Double) o : Double.NaN;
    }

    private static String num(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        return d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String two(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String bytes(double d) {
        return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.1f B", d);
    }
}
