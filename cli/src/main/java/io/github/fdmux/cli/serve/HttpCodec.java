package io.github.fdmux.cli.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The smallest HTTP/1.1 server that load generators such as {@code wrk} accept: every request is
 * answered {@code 200 OK} with the body {@code hello}, connections are kept alive (HTTP/1.1
 * default; HTTP/1.0 only with {@code Connection: keep-alive}), pipelined requests are answered in
 * order, request bodies announced by {@code Content-Length} are skipped. Chunked request bodies
 * get {@code 501}, header blocks larger than the input buffer {@code 431}, anything that is not an
 * HTTP/1.0 or HTTP/1.1 request line {@code 400}; each closes the connection. After a closing answer
 * (those, or {@code Connection: close}) nothing more is parsed or answered: the rest is dropped.
 *
 * <p>Parses in place with absolute gets on the connection's buffer: no allocation per request.
 * One instance per connection (it remembers how much of a body is still to skip).
 */
final class HttpCodec implements Codec {
    static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
    static final byte[] OK_CLOSE = ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    static final byte[] BAD_REQUEST = ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    static final byte[] TOO_LARGE = ascii(
            "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    static final byte[] NOT_IMPLEMENTED = ascii(
            "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    /** The longest answer: a request is parsed only when this much room is left in the output. */
    static final int MAX_ANSWER = Math.max(Math.max(OK_CLOSE.length, TOO_LARGE.length),
            Math.max(BAD_REQUEST.length, NOT_IMPLEMENTED.length));

    private static final byte[] CONTENT_LENGTH = ascii("content-length:");
    private static final byte[] CONNECTION = ascii("connection:");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");
    private static final byte[] CLOSE_TOKEN = ascii("close");
    private static final byte[] KEEP_ALIVE_TOKEN = ascii("keep-alive");
    private static final byte[] HTTP_1_X = ascii("HTTP/1.");

    /** Bytes of the current request's body still to be skipped. */
    private long bodyToSkip;
    /** A closing answer was given: nothing after it is parsed or answered. */
    private boolean done;
    /** Part of a request (header bytes or body) has arrived and the rest is awaited. */
    private boolean midRequest;

    @Override
    public int process(ByteBuffer in, ByteBuffer out) {
        if (done) {
            in.position(in.limit()); // whatever follows a closing answer is dropped unread
            return CLOSE;
        }
        while (true) {
            if (bodyToSkip > 0) {
                int skip = (int) Math.min(bodyToSkip, in.remaining());
                in.position(in.position() + skip);
                bodyToSkip -= skip;
                if (bodyToSkip > 0) {
                    midRequest = true;
                    return MORE;
                }
            }
            int start = in.position();
            if (start == in.limit()) {
                midRequest = false;
                return MORE;
            }
            if (out.remaining() < MAX_ANSWER) {
                midRequest = false;                 // waiting for the client to read, not for it to send
                return MORE;                        // backpressure: answer once the output drains
            }
            int end = headerEnd(in, start, in.limit());
            if (end < 0) {
                if (start == 0 && in.limit() == in.capacity()) {
                    return finish(in, out, TOO_LARGE);   // the header block cannot fit in the buffer
                }
                midRequest = true;
                return MORE;
            }
            in.position(end);
            if (request(in, start, end, out) == CLOSE) {
                return CLOSE;
            }
        }
    }

    /** @return whether part of a request has arrived and the rest is awaited (the request timeout runs) */
    @Override
    public boolean midRequest() {
        return midRequest && !done;
    }

    /** Answers the request in {@code [start, end)} (end is just after the blank line). */
    private int request(ByteBuffer in, int start, int end, ByteBuffer out) {
        int lineEnd = indexOfCrlf(in, start, end);
        if (!requestLineOk(in, start, lineEnd)) {
            return finish(in, out, BAD_REQUEST);    // not HTTP/1.x: nothing else here can be trusted
        }
        boolean close = in.get(lineEnd - 1) == '0'; // HTTP/1.0: close unless keep-alive
        long contentLength = 0;
        int line = lineEnd + 2;
        while (line < end - 2) {
            int next = indexOfCrlf(in, line, end);
            if (regionMatches(in, line, CONTENT_LENGTH, true)) {
                contentLength = parseLength(in, line + CONTENT_LENGTH.length, next);
                if (contentLength < 0) {
                    return finish(in, out, BAD_REQUEST);
                }
            } else if (regionMatches(in, line, TRANSFER_ENCODING, true)) {
                return finish(in, out, NOT_IMPLEMENTED);
            } else if (regionMatches(in, line, CONNECTION, true)) {
                if (contains(in, line + CONNECTION.length, next, CLOSE_TOKEN)) {
                    close = true;
                } else if (contains(in, line + CONNECTION.length, next, KEEP_ALIVE_TOKEN)) {
                    close = false;
                }
            }
            line = next + 2;
        }
        if (close) {
            return finish(in, out, OK_CLOSE);
        }
        out.put(OK);
        bodyToSkip = contentLength;
        midRequest = false;
        return MORE;
    }

    /** The last answer on this connection: gives it, drops the rest of the input, and parses nothing more. */
    private int finish(ByteBuffer in, ByteBuffer out, byte[] response) {
        out.put(response);                          // fits: process() checked MAX_ANSWER of room
        in.position(in.limit());
        done = true;
        midRequest = false;
        return CLOSE;
    }

    /**
     * A request line as RFC 9112 section 3 has it, restricted to what this server speaks: a method of
     * capital letters, one space, a target of visible ASCII, one space, {@code HTTP/1.0} or {@code HTTP/1.1}.
     */
    private static boolean requestLineOk(ByteBuffer in, int start, int lineEnd) {
        int i = start;
        while (i < lineEnd && in.get(i) >= 'A' && in.get(i) <= 'Z') {
            i++;
        }
        if (i == start || i >= lineEnd || in.get(i) != ' ') {
            return false;
        }
        int target = ++i;
        while (i < lineEnd && in.get(i) > ' ' && in.get(i) < 127) {
            i++;
        }
        if (i == target || i >= lineEnd || in.get(i) != ' ') {
            return false;
        }
        i++;
        if (lineEnd - i != HTTP_1_X.length + 1 || !regionMatches(in, i, HTTP_1_X, false)) {
            return false;
        }
        byte minor = in.get(lineEnd - 1);
        return minor == '0' || minor == '1';
    }

    /** @return the index just after the first CRLFCRLF in {@code [from, to)}, or -1 */
    static int headerEnd(ByteBuffer b, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && b.get(i + 2) == '\r' && b.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int indexOfCrlf(ByteBuffer b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n') {
                return i;
            }
        }
        return to;
    }

    private static boolean regionMatches(ByteBuffer b, int at, byte[] what, boolean ignoreCase) {
        if (at < 0 || at + what.length > b.limit()) {
            return false;
        }
        for (int i = 0; i < what.length; i++) {
            byte c = b.get(at + i);
            if (ignoreCase && c >= 'A' && c <= 'Z') {
                c = (byte) (c + ('a' - 'A'));
            }
            if (c != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(ByteBuffer b, int from, int to, byte[] token) {
        for (int i = from; i + token.length <= to; i++) {
            if (regionMatches(b, i, token, true)) {
                return true;
            }
        }
        return false;
    }

    /** @return the decimal value in {@code [from, to)} ignoring blanks, or -1 if it is not one */
    private static long parseLength(ByteBuffer b, int from, int to) {
        long value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte c = b.get(i);
            if (c == ' ' || c == '\t') {
                continue;
            }
            if (c < '0' || c > '9' || digits == 18) {
                return -1;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
