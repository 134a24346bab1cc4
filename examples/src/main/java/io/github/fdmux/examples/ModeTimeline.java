package io.github.fdmux.examples;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvent;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the same story on one socket in each mode and records what each poll returns: the
 * timeline table of docs/guide.md, which ModeTimelineTest compares with this program's output on
 * every backend and mode available. Run it to see your own machine's:
 * {@code java -cp ... io.github.fdmux.examples.ModeTimeline}.
 *
 * <p>The socket is registered with READ interest; each step does something (or nothing), then
 * polls once with a 100 ms timeout. A cell is what that poll reported for the socket, or {@code -}
 * for nothing.
 */
public final class ModeTimeline {
    /** The steps, in order. A re-arm step only re-arms in the oneshot modes; in the others it just polls. */
    public static final List<String> STEPS = List.of(
            "peer writes 100 bytes",
            "nothing happens",
            "read 10 bytes (90 left)",
            "peer writes 100 bytes (190 left)",
            "rearm() (oneshot modes only)",
            "read until EAGAIN (0 left)",
            "peer writes 100 bytes",
            "rearm() (oneshot modes only)");

    /** The steps in a word each, for {@link #strip}. */
    static final List<String> ACTIONS = List.of("+100", "wait", "read 10", "+100", "rearm*", "drain", "+100", "rearm*");
    /** Bytes waiting in the socket after each step, whatever the mode. */
    static final List<String> IN_SOCKET = List.of("100", "100", "90", "190", "190", "0", "100", "100");

    private static final int POLL_MILLIS = 100;
    private static final int STRIP_LABEL = 14;
    private static final int STRIP_CELL = 8;
    private static final int STEP_WIDTH = 38;
    private static final int CELL_WIDTH = 12;

    private ModeTimeline() {
    }

    /**
     * Plays {@link #STEPS} on a fresh loopback TCP connection registered with {@code poller}.
     *
     * @param poller the poller
     * @param mode the mode to register with
     * @return one cell per step: the flags the poll reported, or {@code -}
     * @throws IOException if a socket or the poller fails
     * @throws UnsupportedOperationException if the poller does not support {@code mode}
     */
    public static List<String> play(Poller poller, Mode mode) throws IOException {
        List<String> cells = new ArrayList<>();
        ReadyEvents events = new ReadyEvents(8);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel peer = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel socket = listener.accept()) {
                socket.configureBlocking(false);
                Registration r = poller.register(socket, Interest.READ, mode, null);
                try {
                    for (String step : STEPS) {
                        act(step, r, peer, socket);
                        cells.add(pollOnce(poller, events, r));
                    }
                } finally {
                    r.cancel();
                }
            }
        }
        return cells;
    }

    private static void act(String step, Registration r, SocketChannel peer, SocketChannel socket) throws IOException {
        if (step.startsWith("peer writes 100")) {
            peer.write(ByteBuffer.allocate(100));
        } else if (step.startsWith("read 10 ")) {
            socket.read(ByteBuffer.allocate(10));
        } else if (step.startsWith("read until EAGAIN")) {
            ByteBuffer sink = ByteBuffer.allocate(1024);
            while (socket.read(sink) > 0) {
                sink.clear();
            }
        } else if (step.startsWith("rearm()") && r.mode().isOneshot()) {
            r.rearm();
        }
    }

    private static String pollOnce(Poller poller, ReadyEvents events, Registration r) throws IOException {
        int n = poller.poll(events, POLL_MILLIS);
        for (int i = 0; i < n; i++) {
            if (events.registration(i) == r) {
                return ReadyEvent.describe(events.readyOps(i));
            }
        }
        return "-";
    }

    /**
     * Formats the table: a row per step, a column per mode.
     *
     * @param columns per mode, its cells (one per step)
     * @return the table, one line per row, each ending with a newline
     */
    public static String render(Map<Mode, List<String>> columns) {
        StringBuilder sb = new StringBuilder(pad("", STEP_WIDTH));
        for (Mode m : columns.keySet()) {
            sb.append(pad(m.name(), CELL_WIDTH));
        }
        sb.setLength(sb.toString().stripTrailing().length());
        sb.append('\n');
        for (int i = 0; i < STEPS.size(); i++) {
            StringBuilder row = new StringBuilder(pad((i + 1) + ". " + STEPS.get(i), STEP_WIDTH));
            for (List<String> cells : columns.values()) {
                row.append(pad(cells.get(i), CELL_WIDTH));
            }
            sb.append(row.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Formats one mode's column as a strip: the steps left to right, {@code R} where the poll
     * reported the socket readable, {@code .} where it reported nothing.
     *
     * @param mode the mode
     * @param cells its cells, one per step
     * @return four lines, each ending with a newline
     */
    public static String strip(Mode mode, List<String> cells) {
        StringBuilder step = new StringBuilder(pad("step", STRIP_LABEL));
        StringBuilder action = new StringBuilder(pad("action", STRIP_LABEL));
        StringBuilder bytes = new StringBuilder(pad("in socket", STRIP_LABEL));
        StringBuilder poll = new StringBuilder(pad(mode.name(), STRIP_LABEL));
        for (int i = 0; i < STEPS.size(); i++) {
            step.append(right(Integer.toString(i + 1)));
            action.append(right(ACTIONS.get(i)));
            bytes.append(right(IN_SOCKET.get(i)));
            String c = cells.get(i);
            poll.append(right(c.equals("readable") ? "R" : c.equals("-") ? "." : c));
        }
        return step + "\n" + action + "\n" + bytes + "\n" + poll + "\n";
    }

    private static String right(String s) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() + s.length() < STRIP_CELL) {
            sb.append(' ');
        }
        return sb.append(s).toString();
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        do {
            sb.append(' ');
        } while (sb.length() < width);
        return sb.toString();
    }

    /**
     * Prints the table, then a strip per mode, for the automatically chosen backend and every mode
     * it supports.
     *
     * @param args ignored
     * @throws IOException if polling fails
     */
    public static void main(String[] args) throws IOException {
        try (Poller poller = Pollers.open()) {
            Map<Mode, List<String>> columns = new EnumMap<>(Mode.class);
            for (Mode mode : Mode.values()) {
                if (poller.capabilities().supports(mode)) {
                    columns.put(mode, play(poller, mode));
                }
            }
            System.out.println(poller.backend() + ", socket registered with READ; what each poll returns:");
            System.out.print(render(columns));
            for (Map.Entry<Mode, List<String>> column : columns.entrySet()) {
                System.out.println();
                System.out.print(strip(column.getKey(), column.getValue()));
            }
        }
    }
}
