package io.github.fdmux.cli.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text, strictly (RFC 8259): objects (insertion-ordered) → Map, arrays → List, strings,
 * numbers → Double, true/false → Boolean, null. The one reader of the CLI (semantics columns), its
 * tests (which check the machine-readable output with it) and the benchmarks (JMH's result files).
 */
public final class JsonReader {
    private final String s;
    private final boolean bareNaN;
    private int i;

    private JsonReader(String s, boolean bareNaN) {
        this.s = s;
        this.bareNaN = bareNaN;
    }

    /**
     * @param text a JSON document
     * @return maps, lists, strings, doubles, booleans or null
     * @throws IllegalArgumentException naming the offset and the text around it, if it is not JSON
     */
    public static Object parse(String text) {
        return new JsonReader(text, false).document();
    }

    /**
     * As {@link #parse}, but also takes a bare {@code NaN} as a number, which some JMH versions write
     * (not JSON).
     *
     * @param text a JSON document, perhaps with bare NaNs
     * @return maps, lists, strings, doubles, booleans or null
     */
    public static Object parseAllowingNaN(String text) {
        return new JsonReader(text, true).document();
    }

    private Object document() {
        ws();
        Object v = value();
        ws();
        if (i != s.length()) {
            throw error("trailing characters");
        }
        return v;
    }

    private Object value() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default: return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        elements('}', () -> {
            String k = string();
            ws();
            expect(':');
            ws();
            if (m.put(k, value()) != null) {
                throw error("duplicate key " + k);
            }
        });
        return m;
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        elements(']', () -> l.add(value()));
        return l;
    }

    /**
     * From an opening bracket to its {@code close}: nothing, or elements separated by commas, each
     * read by {@code element} (which starts on the element's first character).
     */
    private void elements(char close, Runnable element) {
        i++;
        ws();
        if (peek(close)) {
            i++;
            return;
        }
        while (true) {
            ws();
            element.run();
            ws();
            if (peek(',')) {
                i++;
                continue;
            }
            expect(close);
            return;
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case '"': case '\\': case '/': sb.append(e); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: throw error("bad escape \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Double number() {
        if (bareNaN && s.startsWith("NaN", i)) {
            i += 3;
            return Double.NaN;
        }
        int start = i;
        if (peek('-')) {
            i++;
        }
        if (peek('0')) {
            i++;
        } else {
            digits();
        }
        if (peek('.')) {
            i++;
            digits();
        }
        if (peek('e') || peek('E')) {
            i++;
            if (peek('+') || peek('-')) {
                i++;
            }
            digits();
        }
        return Double.parseDouble(s.substring(start, i));
    }

    private void digits() {
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw error("digit expected");
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("bad literal");
        }
        i += word.length();
        return v;
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "' expected");
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid JSON at " + i + ": " + what + " in "
                + s.substring(Math.max(0, i - 30), Math.min(s.length(), i + 30)));
    }
}
