package io.github.fdmux.cli.compare;

/**
 * Writes JSON text: objects, arrays, strings (escaped), numbers (non-finite ones as null), booleans.
 * Just enough for the machine-readable output; not thread-safe.
 */
public final class JsonWriter {
    private final StringBuilder sb = new StringBuilder();
    private boolean needComma;

    /** @return this, after '{' */
    public JsonWriter beginObject() {
        return open('{');
    }

    /** @return this, after '}' */
    public JsonWriter endObject() {
        return close('}');
    }

    /** @return this, after '[' */
    public JsonWriter beginArray() {
        return open('[');
    }

    /** @return this, after ']' */
    public JsonWriter endArray() {
        return close(']');
    }

    /**
     * @param name a member name
     * @return this, ready for the member's value
     */
    public JsonWriter name(String name) {
        separate();
        string(name);
        sb.append(':');
        needComma = false;
        return this;
    }

    /**
     * @param value a string, or null
     * @return this
     */
    public JsonWriter value(String value) {
        if (value == null) {
            nextValue().append("null");
        } else {
            quote(nextValue(), value);
        }
        return this;
    }

    /**
     * @param value a number
     * @return this
     */
    public JsonWriter value(long value) {
        nextValue().append(value);
        return this;
    }

    /**
     * @param value a number; NaN and infinities are written as null
     * @return this
     */
    public JsonWriter value(double value) {
        nextValue().append(!Double.isFinite(value) ? "null"
                : value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value));
        return this;
    }

    /**
     * @param value a boolean
     * @return this
     */
    public JsonWriter value(boolean value) {
        nextValue().append(value);
        return this;
    }

    private JsonWriter open(char bracket) {
        separate();
        sb.append(bracket);
        needComma = false;
        return this;
    }

    private JsonWriter close(char bracket) {
        sb.append(bracket);
        needComma = true;
        return this;
    }

    /**
     * Separates a value from the one before it, and the next one from it.
     *
     * @return where to write the value
     */
    private StringBuilder nextValue() {
        separate();
        needComma = true;
        return sb;
    }

    private void separate() {
        if (needComma) {
            sb.append(',');
            needComma = false;
        }
    }

    private void string(String s) {
        quote(sb, s);
    }

    /**
     * Appends {@code s} as a JSON string: quoted, with quotes, backslashes and control characters escaped.
     *
     * @param out where to append
     * @param s the string
     */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
