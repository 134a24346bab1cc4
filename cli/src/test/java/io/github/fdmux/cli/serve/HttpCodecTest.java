package io.github.fdmux.cli.serve;

import static io.github.fdmux.cli.serve.HostileClientTest.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpCodecTest {
    private final HttpCodec codec = new HttpCodec();
    private final ByteBuffer in = ByteBuffer.allocateDirect(512);
    private final ByteBuffer out = ByteBuffer.allocateDirect(4096);

    /** Feeds {@code text}, runs the codec as a connection does, and returns what it answered. */
    private String feed(String text, int expectedResult) {
        in.put(text.getBytes(StandardCharsets.US_ASCII));
        in.flip();
        assertEquals(expectedResult, codec.process(in, out));
        in.compact();
        return answered();
    }

    /** Takes what the codec wrote into {@code out}, leaving it empty. */
    private String answered() {
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        out.clear();
        return ascii(b);
    }

    private static String ok() {
        return ascii(HttpCodec.OK);
    }

    /** Requests answered by one canned answer: the request, the answer, and whether the connection stays. */
    static Stream<Arguments> singleRequests() {
        return Stream.of(
                Arguments.of(Named.of("closes when asked", "GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"),
                        HttpCodec.OK_CLOSE, Codec.CLOSE),
                Arguments.of(Named.of("closes for HTTP/1.0", "GET / HTTP/1.0\r\n\r\n"), HttpCodec.OK_CLOSE, Codec.CLOSE),
                Arguments.of(Named.of("HTTP/1.0 keep-alive stays open",
                        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), HttpCodec.OK, Codec.MORE),
                Arguments.of(Named.of("refuses what it does not implement",
                        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), HttpCodec.NOT_IMPLEMENTED, Codec.CLOSE),
                Arguments.of(Named.of("a bad Content-Length is a bad request",
                        "POST / HTTP/1.1\r\nContent-Length: x1\r\n\r\n"), HttpCodec.BAD_REQUEST, Codec.CLOSE));
    }

    @ParameterizedTest
    @MethodSource("singleRequests")
    void answersASingleRequest(String request, byte[] answer, int result) {
        assertEquals(ascii(answer), feed(request, result));
    }

    @Test
    void answersEachRequestAndKeepsTheConnection() {
        assertEquals(ok(), feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n", Codec.MORE));
        assertEquals(ok().repeat(2), feed("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n", Codec.MORE));
    }

    @Test
    void waitsForTheRestOfAPartialRequest() {
        assertEquals("", feed("GET / HTTP/1.1\r\nHo", Codec.MORE));
        assertEquals("", feed("st: a\r\n", Codec.MORE));
        assertEquals(ok(), feed("\r\n", Codec.MORE));
    }

    @Test
    void skipsBodiesAnnouncedByContentLengthEvenAcrossReads() {
        assertEquals(ok(), feed("POST / HTTP/1.1\r\ncontent-LENGTH: 10\r\n\r\n01234", Codec.MORE));
        assertEquals(ok(), feed("56789GET / HTTP/1.1\r\n\r\n", Codec.MORE));
    }

    @Test
    void answersNothingAfterAClosingAnswer() {
        assertEquals(ascii(HttpCodec.OK_CLOSE),
                feed("GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET /next HTTP/1.1\r\n\r\n", Codec.CLOSE));
        assertEquals(0, in.position(), "what followed was dropped");
        assertEquals("", feed("GET /later HTTP/1.1\r\n\r\n", Codec.CLOSE));
    }

    @Test
    void answersNothingAfterA501() {
        assertEquals(ascii(HttpCodec.NOT_IMPLEMENTED),
                feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", Codec.CLOSE));
        assertEquals("", feed("GET / HTTP/1.1\r\n\r\n", Codec.CLOSE));
    }

    @Test
    void whatIsNotAnHttp1RequestLineIsABadRequest() {
        String bad = ascii(HttpCodec.BAD_REQUEST);
        for (String line : new String[] {"hello", "GET / HTTP/2.0", "GET / HTTP/1.1 x", "get / HTTP/1.1", "GET  / HTTP/1.1",
            "GET /\u0001 HTTP/1.1", " GET / HTTP/1.1", "GET / http/1.1", "GET HTTP/1.1", ""}) {
            HttpCodec fresh = new HttpCodec();
            in.clear();
            in.put((line + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            in.flip();
            assertEquals(Codec.CLOSE, fresh.process(in, out), line);
            assertEquals(bad, answered(), line);
        }
    }

    @Test
    void midRequestOnlyWhileARequestIsArriving() {
        assertEquals(false, codec.midRequest());
        feed("GET / HTTP/1.1\r\nHo", Codec.MORE);
        assertEquals(true, codec.midRequest(), "header bytes are waiting for the rest");
        feed("st: a\r\n\r\n", Codec.MORE);
        assertEquals(false, codec.midRequest(), "complete and answered");
        feed("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n12", Codec.MORE);
        assertEquals(true, codec.midRequest(), "a body is still arriving");
        feed("345", Codec.MORE);
        assertEquals(false, codec.midRequest());
    }

    @Test
    void headersLargerThanTheBufferAre431() {
        String huge = "GET / HTTP/1.1\r\nX: " + "a".repeat(600);
        in.put(huge.substring(0, 512).getBytes(StandardCharsets.US_ASCII));
        in.flip();
        assertEquals(Codec.CLOSE, codec.process(in, out));
        assertEquals(ascii(HttpCodec.TOO_LARGE), answered());
    }

    @Test
    void leavesRequestsInTheBufferWhenTheOutputIsFull() {
        ByteBuffer small = ByteBuffer.allocateDirect(HttpCodec.MAX_ANSWER + 10);
        in.put("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        in.flip();
        assertEquals(Codec.MORE, codec.process(in, small));
        assertEquals(HttpCodec.OK.length, small.position(), "one answer fits");
        assertEquals("GET /2 HTTP/1.1\r\n\r\n".length(), in.remaining(), "the second request waits");
    }
}
