package io.github.fdmux.cli.conformance;

import io.github.fdmux.Backend;
import io.github.fdmux.cli.compare.JsonReader;
import io.github.fdmux.cli.compare.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One column of the semantics matrix as data: a backend in one implementation variant, where its
 * answers come from, and the answer of each behaviour. Stored as one JSON file per column under
 * {@code docs/semantics/} ({@link #fileName()}); {@code docs/semantics.md} is rendered from those
 * files and never read back.
 *
 * @param backend    the backend
 * @param variant    its implementation variant ({@link io.github.fdmux.Capabilities#variant()}), or ""
 * @param producedOn where the answers were observed (the machine), or where they come from when not observed
 * @param observed   true if a conformance run produced the answers; false for the answers the catalogue
 *                   documents from kernel sources, not yet observed on that system
 * @param modes      the modes that ran (or that the answers cover)
 * @param cells      behaviour name → answer, in catalogue order
 */
public record SemanticsColumn(Backend backend, String variant, String producedOn, boolean observed, List<String> modes,
        Map<String, String> cells) {

    /** The order of variants within a backend: the OS's own first, then libkqueue, then the others. */
    private static final List<String> VARIANT_ORDER = List.of("", "libkqueue", "macos", "freebsd", "openbsd");

    /** Validates and copies. */
    public SemanticsColumn {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(producedOn, "producedOn");
        modes = List.copyOf(modes);
        cells = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /** @return {@code KQUEUE} or {@code KQUEUE-macos}: the file name without {@code .json} */
    public String key() {
        return backend + (variant.isEmpty() ? "" : "-" + variant);
    }

    /** @return the file this column is stored in, e.g. {@code KQUEUE-macos.json} */
    public String fileName() {
        return key() + ".json";
    }

    /** @return the column's heading, e.g. {@code KQUEUE macos} */
    public String title() {
        return backend + (variant.isEmpty() ? "" : " " + variant);
    }

    /**
     * @param behaviour a behaviour name
     * @return its answer, or null if this column has none
     */
    public String cell(String behaviour) {
        return cells.get(behaviour);
    }

    /** @return a sort key: backend order, then {@link #VARIANT_ORDER} */
    int order() {
        int v = VARIANT_ORDER.indexOf(variant);
        return backend.ordinal() * 100 + (v < 0 ? VARIANT_ORDER.size() : v);
    }

    /** @return the column as pretty-printed JSON, one cell per line (so that a change is a one-line diff) */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"backend\": ").append(quote(backend.name())).append(",\n");
        sb.append("  \"variant\": ").append(quote(variant)).append(",\n");
        sb.append("  \"producedOn\": ").append(quote(producedOn)).append(",\n");
        sb.append("  \"observed\": ").append(observed).append(",\n");
        sb.append("  \"modes\": [");
        for (int i = 0; i < modes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(modes.get(i)));
        }
        sb.append("],\n  \"cells\": {");
        int i = 0;
        for (Map.Entry<String, String> e : cells.entrySet()) {
            sb.append(i++ == 0 ? "\n" : ",\n").append("    ").append(quote(e.getKey())).append(": ")
                    .append(quote(e.getValue()));
        }
        sb.append(cells.isEmpty() ? "}\n" : "\n  }\n").append("}\n");
        return sb.toString();
    }

    /**
     * Reads a column written by {@link #toJson()} (or by any JSON writer producing the same members).
     *
     * @param json the text
     * @param source where it came from, for messages
     * @return the column
     * @throws IllegalArgumentException if the text is not such a column
     */
    @SuppressWarnings("unchecked")
    public static SemanticsColumn fromJson(String json, String source) {
        Object parsed;
        try {
            parsed = JsonReader.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException(source + ": expected a JSON object");
        }
        Map<String, Object> m = (Map<String, Object>) parsed;
        try {
            Backend backend = Backend.valueOf(String.valueOf(m.get("backend")).toUpperCase(Locale.ROOT));
            List<String> modes = new ArrayList<>();
            for (Object o : (List<Object>) m.getOrDefault("modes", List.of())) {
                modes.add(String.valueOf(o));
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("cells")).entrySet()) {
                cells.put(e.getKey(), String.valueOf(e.getValue()));
            }
            return new SemanticsColumn(backend, String.valueOf(m.getOrDefault("variant", "")),
                    String.valueOf(m.get("producedOn")), Boolean.TRUE.equals(m.get("observed")), modes, cells);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + " is not a semantics column (backend, variant, producedOn,"
                    + " observed, modes, cells): " + e, e);
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        JsonWriter.quote(sb, s);
        return sb.toString();
    }
}
