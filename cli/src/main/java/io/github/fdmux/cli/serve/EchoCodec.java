package io.github.fdmux.cli.serve;

import java.nio.ByteBuffer;

/** Echo: copies input to output, as much as the output has room for. Stateless. */
final class EchoCodec implements Codec {
    static final EchoCodec INSTANCE = new EchoCodec();

    private EchoCodec() {
    }

    @Override
    public int process(ByteBuffer in, ByteBuffer out) {
        int n = Math.min(in.remaining(), out.remaining());
        if (n > 0) {
            int limit = in.limit();
            in.limit(in.position() + n);
            out.put(in);
            in.limit(limit);
        }
        return MORE;
    }
}
