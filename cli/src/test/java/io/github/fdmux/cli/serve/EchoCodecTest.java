package io.github.fdmux.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class EchoCodecTest {
    @Test
    void copiesAsMuchAsTheOutputHoldsAndLeavesTheRest() {
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        ByteBuffer out = ByteBuffer.allocateDirect(4);
        in.put(new byte[] {1, 2, 3, 4, 5, 6}).flip();
        assertEquals(Codec.MORE, EchoCodec.INSTANCE.process(in, out));
        assertEquals(4, out.position());
        assertEquals(2, in.remaining());
        assertEquals(5, in.get(in.position()));
        assertEquals(6, in.limit(), "the input's limit is restored");
    }
}
