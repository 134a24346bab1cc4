package io.github.fdmux.cli.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code --sweep connections=…|idle=…|size=…}: the parameter, its values, and the results per value. */
public final class Sweep {
    private Sweep() {
    }

    /**
     * A parsed {@code --sweep}.
     *
     * @param parameter {@code connections}, {@code idle} or {@code size}
     * @param values its values, in the order given
     */
    public record Spec(String parameter, List<Integer> values) {
        /**
         * @param text e.g. {@code idle=0,1000,5000}
         * @return the spec
         * @throws IllegalArgumentException if it is not PARAMETER=V1,V2,... with a known parameter and integers
         */
        public static Spec parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException("--sweep takes PARAMETER=V1,V2,... (connections, idle or size),"
                        + " e.g. idle=0,1000,5000; was '" + text + "'");
            }
            String parameter = text.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!List.of("connections", "idle", "size").contains(parameter)) {
                throw new IllegalArgumentException("--sweep takes connections=, idle= or size=, not '" + parameter + "'");
            }
            List<Integer> values = new ArrayList<>();
            for (String v : text.substring(eq + 1).split(",")) {
                try {
                    values.add(Integer.parseInt(v.trim().replace("_", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--sweep " + parameter + ": '" + v.trim() + "' is not a whole"
                            + " number", e);
                }
            }
            return new Spec(parameter, List.copyOf(values));
        }
    }

    /**
     * One value of the sweep and the comparison run at it.
     *
     * @param value the parameter's value
     * @param rows the results
     */
    public record Point(int value, List<RowSummary> rows) {
        /**
         * @param label e.g. {@code EPOLL level}
         * @return that row, or null
         */
        public RowSummary row(String label) {
            for (RowSummary r : rows) {
                if (r.label().equals(label)) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * @param points the results
     * @return every row's label, in first-seen order
     */
    public static List<String> labels(List<Point> points) {
        Set<String> out = new LinkedHashSet<>();
        for (Point p : points) {
            for (RowSummary r : p.rows()) {
                out.add(r.label());
            }
        }
        return new ArrayList<>(out);
    }
}
