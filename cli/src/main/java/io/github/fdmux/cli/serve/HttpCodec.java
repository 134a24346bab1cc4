package io.github.fdmux.cli.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The smallest HTTP/1.1 server that load generators such as {@code wrk} accept: every request is
 * answered {@code 200 OK} with the body {@code hello}, connections are kept alive (HTTP/1.1
 * default; HTTP/1.0 only with {@code Connection: keep-alive}), pipelined requests are answered in
 * order, request bodies announced by {@code Content-Length} are skipped. Chunked request bodies
 * get {@code 501}, header blocks larger than the input buffer {@code 431}; both close the connection.
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
    private static final byte[] HTTP_1_0 = ascii("HTTP/1.0");

    /** Bytes of the current request's body still to be skipped. */
    private long bodyToSkip;

    @Override
    public int process(ByteBuffer in, ByteBuffer out) {
        while (true) {
            if (bodyToSkip > 0) {
                int skip = (int) Math.min(bodyToSkip, in.remaining());
                in.position(in.position() + skip);
                bodyToSkip -= skip;
                if (bodyToSkip > 0) {
                    return MORE;
                }
            }
            int start = in.position();
            int end = headerEnd(in, start, in.limit());
            if (end < 0) {
                if (start == 0 && in.limit() == in.capacity()) {
                    return answer(out, TOO_LARGE);   // the header block cannot fit in the buffer
                }
                return MORE;
            }
            if (out.remaining() < MAX_ANSWER) {
                return MORE;                        // backpressure: answer once the output drains
            }
            int result = request(in, start, end, out);
            in.position(end);
            if (result == CLOSE) {
                return CLOSE;
            }
        }
    }

    /** Answers the request in {@code [start, end)} (end is just after the blank line). */
    private int request(ByteBuffer in, int start, int end, ByteBuffer out) {
        int lineEnd = indexOfCrlf(in, start, end);
        boolean http10 = lineEnd - start >= HTTP_1_0.length
                && regionMatches(in, lineEnd - HTTP_1_0.length, HTTP_1_0, false);
        boolean close = http10;
        long contentLength = 0;
        int line = lineEnd + 2;
        while (line < end - 2) {
            int next = indexOfCrlf(in, line, end);
            if (regionMatches(in, line, CONTENT_LENGTH, true)) {
                contentLength = parseLength(in, line + CONTENT_LENGTH.length, next);
                if (contentLength < 0) {
                    return answer(out, BAD_REQUEST);
                }
            } else if (regionMatches(in, line, TRANSFER_ENCODING, true)) {
                return answer(out, NOT_IMPLEMENTED);
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
            return answer(out, OK_CLOSE);
        }
        out.put(OK);
        bodyToSkip = contentLength;
        return MORE;
    }

    private static int answer(ByteBuffer out, byte[] response) {
        if (out.remaining() >= response.length) {
            out.put(response);
        }
        return CLOSE;
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
