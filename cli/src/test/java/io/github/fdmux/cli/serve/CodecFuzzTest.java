package io.github.fdmux.cli.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the codecs the way a {@link Connection} drives them (in the style of the
 * model-based tests in integration-tests: a seeded generator, a delta-debugging shrinker, the seed
 * and the shrunk input in the failure): bytes arrive in random chunks into a small input buffer, the
 * client reads the output at random rates, and the codec runs after every arrival and every read.
 *
 * <p>Properties, for every input: no exception escapes; nothing is answered after a closing answer
 * (even if the codec is called again, as serve's Connection did before issue 18); the output is a
 * sequence of whole known answers with at most one closing answer, last; a full input buffer with
 * room in the output never stalls (the codec consumes, answers 431, or closes: otherwise the
 * connection would hold its buffer for ever, memory the server never gets back); echo returns
 * exactly the bytes sent, in order. Memory is bounded by construction (the codec works in the
 * caller's two fixed buffers) and checked by the stall property.
 *
 * <p>{@code -Dfdmux.fuzz.tries} inputs per codec (2,000 by default), from {@code -Dfdmux.fuzz.seed}
 * (random when unset; a failure names it).
 */
class CodecFuzzTest {
    private static final int TRIES = Integer.getInteger("fdmux.fuzz.tries", 2000);
    private static final long SEED = Long.getLong("fdmux.fuzz.seed", System.nanoTime());
    private static final byte[][] ANSWERS = {HttpCodec.OK, HttpCodec.OK_CLOSE, HttpCodec.BAD_REQUEST,
        HttpCodec.TOO_LARGE, HttpCodec.NOT_IMPLEMENTED};

    /** One input: buffer sizes, and the bytes in the chunks they arrive in, each followed by a client read. */
    record Case(int inCapacity, int outCapacity, List<byte[]> chunks, List<Integer> reads) {
        String describe() {
            StringBuilder sb = new StringBuilder("in " + inCapacity + " B, out " + outCapacity + " B, chunks:");
            for (int i = 0; i < chunks.size(); i++) {
                sb.append("\n  \"").append(escape(chunks.get(i))).append("\" then read ").append(reads.get(i));
            }
            return sb.toString();
        }
    }

    @Test
    void httpCodecKeepsItsPropertiesOnRandomInput() {
        fuzz("HTTP", CodecFuzzTest::httpBytes, HttpCodec::new, CodecFuzzTest::checkHttp);
    }

    @Test
    void echoReturnsExactlyWhatWasSentOnRandomInput() {
        fuzz("echo", CodecFuzzTest::randomBytes, () -> EchoCodec.INSTANCE, CodecFuzzTest::checkEcho);
    }

    /** The shrinker finds a small failing input: a planted bug (answer after 'X') shrinks to one chunk. */
    @Test
    void shrinkerReducesAFailureToItsCore() {
        Case big = generate(new SplittableRandom(7), r -> ascii("aaaaXbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
        Function<Case, String> planted = c -> c.chunks().stream().anyMatch(b -> new String(b,
                StandardCharsets.ISO_8859_1).contains("X")) ? "contains X" : null;
        assertTrue(planted.apply(big) != null, "the planted failure is there");
        Case small = shrink(big, planted);
        int bytes = small.chunks().stream().mapToInt(b -> b.length).sum();
        assertTrue(small.chunks().size() == 1 && bytes == 1, "shrunk to the one byte that matters: " + small.describe());
    }

    // ------------------------------------------------------------------ running

    private static void fuzz(String what, Function<SplittableRandom, byte[]> bytes, Supplier<Codec> codecs,
            Check check) {
        int ran = 0;
        for (int t = 0; t < TRIES; t++) {
            long seed = SEED ^ (t * 0x9E3779B97F4A7C15L);
            Case c = generate(new SplittableRandom(seed), bytes);
            Function<Case, String> fails = x -> run(x, codecs.get(), check);
            String failure = fails.apply(c);
            if (failure != null) {
                Case small = shrink(c, fails);
                throw new AssertionError(what + " codec, try " + t + " (-Dfdmux.fuzz.seed=" + SEED + "): "
                        + fails.apply(small) + "\nshrunk input: " + small.describe());
            }
            ran++;
        }
        assertTrue(ran == TRIES, ran + " of " + TRIES + " inputs run");
    }

    interface Check {
        /** @return what is wrong with this output for this input, or null */
        String check(byte[] sent, byte[] answered, boolean closed);
    }

    /** Drives the codec like a Connection (without its stop-after-close), checking as it goes. */
    static String run(Case c, Codec codec, Check check) {
        ByteBuffer in = ByteBuffer.allocate(c.inCapacity());
        ByteBuffer out = ByteBuffer.allocate(c.outCapacity());
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        boolean[] closed = {false};
        try {
            for (int i = 0; i < c.chunks().size(); i++) {
                ByteBuffer chunk = ByteBuffer.wrap(c.chunks().get(i));
                int guard = 0;
                while (chunk.hasRemaining()) {
                    int n = Math.min(in.remaining(), chunk.remaining());
                    if (n > 0) {
                        sent.write(chunk.array(), chunk.position(), n);
                        in.put(chunk.array(), chunk.position(), n);
                        chunk.position(chunk.position() + n);
                    }
                    String e = process(codec, in, out, closed);
                    if (e != null) {
                        return e;
                    }
                    if (!in.hasRemaining()) {
                        read(out, answered, Integer.MAX_VALUE); // the connection waits for the client to read
                        e = process(codec, in, out, closed);
                        if (e != null) {
                            return e;
                        }
                        if (!in.hasRemaining()) {
                            if (closed[0]) {
                                in.clear(); // serve drops input after a closing answer
                            } else {
                                return "stalled: a full input buffer (" + in.capacity() + " B), an empty output, and"
                                        + " the codec takes nothing";
                            }
                        }
                    }
                    if (++guard > 100_000) {
                        return "no progress feeding a chunk";
                    }
                }
                read(out, answered, c.reads().get(i));
                String e = process(codec, in, out, closed);
                if (e != null) {
                    return e;
                }
            }
            for (int i = 0; i < 1000 && (out.position() > 0 || in.position() > 0); i++) {
                read(out, answered, Integer.MAX_VALUE);
                String e = process(codec, in, out, closed);
                if (e != null) {
                    return e;
                }
                if (out.position() == 0) {
                    break;
                }
            }
            return check.check(sent.toByteArray(), answered.toByteArray(), closed[0]);
        } catch (RuntimeException | Error e) {
            return "exception escaped: " + e;
        }
    }

    private static String process(Codec codec, ByteBuffer in, ByteBuffer out, boolean[] closed) {
        int before = out.position();
        in.flip();
        int r = codec.process(in, out);
        in.compact();
        if (closed[0] && out.position() != before) {
            return "answered " + (out.position() - before) + " bytes after a closing answer";
        }
        if (r == Codec.CLOSE) {
            closed[0] = true;
        } else if (r != Codec.MORE) {
            return "unknown result " + r;
        }
        return null;
    }

    private static void read(ByteBuffer out, ByteArrayOutputStream into, int max) {
        out.flip();
        int n = Math.min(max, out.remaining());
        into.write(out.array(), out.position(), n);
        out.position(out.position() + n);
        out.compact();
    }

    private static String checkHttp(byte[] sent, byte[] answered, boolean closed) {
        int i = 0;
        int closing = 0;
        while (i < answered.length) {
            byte[] match = null;
            for (byte[] a : ANSWERS) {
                if (startsWith(answered, i, a)) {
                    match = a;
                }
            }
            if (match == null) {
                return "output is not a sequence of whole answers at byte " + i + ": \""
                        + escape(java.util.Arrays.copyOfRange(answered, i, Math.min(answered.length, i + 80))) + "\"";
            }
            if (closing > 0) {
                return "an answer after the closing one";
            }
            if (match != HttpCodec.OK) {
                closing++;
            }
            i += match.length;
        }
        if (closing > 0 != closed) {
            return closed ? "closed without a closing answer" : "a closing answer without CLOSE";
        }
        return null;
    }

    private static String checkEcho(byte[] sent, byte[] answered, boolean closed) {
        if (closed) {
            return "echo closed";
        }
        return java.util.Arrays.equals(sent, answered) ? null
                : "echoed " + answered.length + " bytes for " + sent.length + " sent, or not the same bytes";
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ generating

    static Case generate(SplittableRandom r, Function<SplittableRandom, byte[]> bytes) {
        int[] sizes = {256, 300, 512, 1024};
        int inCapacity = sizes[r.nextInt(sizes.length)];
        int outCapacity = sizes[r.nextInt(sizes.length)];
        byte[] all = bytes.apply(r);
        List<byte[]> chunks = new ArrayList<>();
        List<Integer> reads = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            int n = Math.min(all.length - at, 1 + (r.nextInt(4) == 0 ? r.nextInt(8) : r.nextInt(400)));
            chunks.add(java.util.Arrays.copyOfRange(all, at, at + n));
            reads.add(r.nextInt(3) == 0 ? 0 : r.nextInt(600));
            at += n;
        }
        return new Case(inCapacity, outCapacity, chunks, reads);
    }

    private static byte[] randomBytes(SplittableRandom r) {
        byte[] b = new byte[r.nextInt(3000)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Requests, most of them well formed, some broken in the ways that matter to the parser. */
    private static byte[] httpBytes(SplittableRandom r) {
        String[] methods = {"GET", "POST", "HEAD", "PUT", "get", "G3T", ""};
        String[] versions = {"HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "http/1.1", "HTTP/1.", "HTTP/1.12", ""};
        StringBuilder sb = new StringBuilder();
        int requests = 1 + r.nextInt(6);
        for (int q = 0; q < requests; q++) {
            switch (r.nextInt(10)) {
                case 0 -> sb.append(garbage(r, r.nextInt(200)));
                case 1 -> sb.append("\r\n\r\n");
                case 2 -> sb.append("GET / HTTP/1.1\r\nX-Big: ").append("a".repeat(200 + r.nextInt(1500)));
                default -> {
                    sb.append(methods[r.nextInt(4) == 0 ? r.nextInt(methods.length) : 0]).append(' ')
                            .append(r.nextInt(8) == 0 ? "" : "/p" + r.nextInt(100)).append(r.nextInt(10) == 0 ? "  " : " ")
                            .append(versions[r.nextInt(3) == 0 ? r.nextInt(versions.length) : 0]).append("\r\n");
                    int body = 0;
                    for (int h = r.nextInt(4); h > 0; h--) {
                        switch (r.nextInt(6)) {
                            case 0 -> {
                                body = r.nextInt(300);
                                sb.append("Content-Length: ").append(r.nextInt(10) == 0 ? "x" + body : body).append("\r\n");
                            }
                            case 1 -> sb.append("Connection: ").append(r.nextBoolean() ? "close" : "keep-alive")
                                    .append("\r\n");
                            case 2 -> sb.append("Transfer-Encoding: chunked\r\n");
                            default -> sb.append("X-H").append(h).append(": v").append(r.nextInt(1000)).append("\r\n");
                        }
                    }
                    sb.append("\r\n").append("b".repeat(body));
                }
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int flips = r.nextInt(5) == 0 ? 1 + r.nextInt(3) : 0; flips > 0 && b.length > 0; flips--) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static String garbage(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) r.nextInt(256));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ shrinking

    /**
     * Delta debugging, as integration-tests' mbt.Shrinker: drop runs of chunks (halves, quarters, ...,
     * single ones), then halve each chunk from either end, then zero the reads, while it still fails.
     * Every candidate is run for real.
     */
    static Case shrink(Case failing, Function<Case, String> fails) {
        Case best = failing;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < 5_000) {
            progress = false;
            for (int chunk = Math.max(1, best.chunks().size() / 2); chunk >= 1; chunk /= 2) {
                for (int start = 0; start + chunk <= best.chunks().size() && best.chunks().size() > chunk; ) {
                    List<byte[]> chunks = new ArrayList<>(best.chunks());
                    List<Integer> reads = new ArrayList<>(best.reads());
                    chunks.subList(start, start + chunk).clear();
                    reads.subList(start, start + chunk).clear();
                    Case candidate = new Case(best.inCapacity(), best.outCapacity(), chunks, reads);
                    runs++;
                    if (fails.apply(candidate) != null) {
                        best = candidate;
                        progress = true;
                    } else {
                        start += chunk;
                    }
                }
            }
            for (int i = 0; i < best.chunks().size(); i++) {
                byte[] b = best.chunks().get(i);
                for (byte[] smaller : new byte[][] {java.util.Arrays.copyOfRange(b, 0, b.length / 2),
                    java.util.Arrays.copyOfRange(b, b.length / 2, b.length),
                    java.util.Arrays.copyOfRange(b, 0, Math.max(0, b.length - 1)),
                    java.util.Arrays.copyOfRange(b, Math.min(1, b.length), b.length)}) {
                    if (smaller.length == 0 || smaller.length == b.length) {
                        continue;
                    }
                    List<byte[]> chunks = new ArrayList<>(best.chunks());
                    chunks.set(i, smaller);
                    Case candidate = new Case(best.inCapacity(), best.outCapacity(), chunks, best.reads());
                    runs++;
                    if (fails.apply(candidate) != null) {
                        best = candidate;
                        progress = true;
                        break;
                    }
                }
                if (best.reads().get(i) != 0) {
                    List<Integer> reads = new ArrayList<>(best.reads());
                    reads.set(i, 0);
                    Case candidate = new Case(best.inCapacity(), best.outCapacity(), best.chunks(), reads);
                    runs++;
                    if (fails.apply(candidate) != null) {
                        best = candidate;
                        progress = true;
                    }
                }
            }
        }
        return best;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 32 && c < 127) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\u%04x", c));
            }
        }
        return sb.toString();
    }
}
