package io.github.fdmux.it.reliability.mbt;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.ReadyEvents;
import java.util.List;

/**
 * The pure-Java reference model of LEVEL, EDGE, ONESHOT and EDGE_ONESHOT over socket pairs whose
 * registered end never writes (so it is always writable and only the peer's steps change it).
 *
 * <p><b>Readiness</b> of the registered end, as the kernel computes it (net/unix/af_unix.c
 * unix_poll, net/ipv4/tcp.c tcp_poll): IN while bytes are queued or the peer shut down or closed;
 * RDHUP once the peer shut down or closed; HUP once an AF_UNIX peer closed (it shuts both
 * directions of the survivor; a TCP FIN shuts only reading, so no HUP); OUT always. The effective
 * mask is readiness ∩ (interest ∪ the hang-up a backend reports unasked, {@link Profile#forcedHangup()}).
 *
 * <p><b>Reports</b>, precise where the kernels are (fs/eventpoll.c is the reference):
 * <ul>
 *   <li>LEVEL: reported by every poll while the effective mask is not empty.</li>
 *   <li>ONESHOT: the same while armed; a report disarms; rearm() and modify() arm.</li>
 *   <li>EDGE: reported iff something happened since the last poll that queues the registration
 *       ("pending") and the effective mask is not empty at the poll; every poll consumes pending,
 *       reported or not (ep_send_events drops an edge item whose mask is empty). What queues it: an
 *       arrival of data while reading is of interest (the wakeup carries EPOLLIN, ep_poll_callback
 *       filters by the registered events), a FIN or close whatever the interest (sock_def_wakeup
 *       wakes with no key), and register/modify/rearm when the effective mask is not empty
 *       (ep_insert and ep_modify re-poll). Not draining does not matter: the next arrival reports
 *       again, exactly once per poll however many arrived between.</li>
 *   <li>EDGE_ONESHOT: EDGE while armed; arrivals while disarmed are dropped (ep_poll_callback skips
 *       an item with no events); rearm/modify arm and re-poll.</li>
 * </ul>
 * Where a backend's documented semantics are looser (kqueue's separate read and write filters),
 * the model says "may" ({@link Verdict#MAY}) instead of guessing: see {@link Profile}.
 */
final class Model {
    static final int IN = 1;
    static final int OUT = 2;
    static final int RDHUP = 4;
    static final int HUP = 8;

    /** Whether a registration has news queued for an edge-triggered report. */
    enum Pending { NO, YES, MAYBE }

    /** What a poll must do for a registration. */
    enum Verdict { MUST, MUST_NOT, MAY }

    /** One slot's state. */
    static final class Slot {
        final SlotSpec.Kind kind;
        int buffered;
        boolean peerShut;
        boolean peerClosed;
        boolean registered;
        Interest interest;
        boolean armed;
        Pending pending = Pending.NO;

        Slot(SlotSpec.Kind kind) {
            this.kind = kind;
        }
    }

    final Profile profile;
    final Mode mode;
    final Slot[] slots;

    Model(Profile profile, Mode mode, List<SlotSpec> specs) {
        this.profile = profile;
        this.mode = mode;
        this.slots = new Slot[specs.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(specs.get(i).kind());
            register(i, specs.get(i).interest());
        }
    }

    Slot slot(int i) {
        return slots[i];
    }

    int ready(Slot s) {
        int r = OUT;
        boolean eof = s.peerShut || s.peerClosed;
        if (s.buffered > 0 || eof) {
            r |= IN;
        }
        if (eof) {
            r |= RDHUP;
        }
        if (s.peerClosed && s.kind == SlotSpec.Kind.UNIX) {
            r |= HUP;
        }
        return r;
    }

    static int interestBits(Interest i) {
        return (i.isReadable() ? IN | RDHUP : 0) | (i.isWritable() ? OUT : 0);
    }

    int effective(Slot s) {
        return ready(s) & (interestBits(s.interest) | (profile.forcedHangup() ? HUP : 0));
    }

    /**
     * @param s a registered slot
     * @return the fdmux readiness bits an event for it must carry (see {@link #comparedBits(Slot)})
     */
    int expectedOps(Slot s) {
        int e = effective(s);
        int ops = 0;
        if ((e & IN) != 0) {
            ops |= ReadyEvents.READABLE;
        }
        if ((e & OUT) != 0) {
            ops |= ReadyEvents.WRITABLE;
        }
        if ((e & HUP) != 0 || (e & IN) != 0 && (e & RDHUP) != 0) {
            ops |= ReadyEvents.READ_CLOSED;
        }
        return profile.neverReadClosed() ? ops & ~ReadyEvents.READ_CLOSED : ops;
    }

    /**
     * @param s a registered slot
     * @return which bits of an event are compared: readable always; writable except where kqueue's
     *     filters fire separately under an edge mode; readClosed where the backend makes it exact (or
     *     never sets it). writeClosed and error are hints the conformance suite pins per backend.
     */
    int comparedBits(Slot s) {
        int bits = ReadyEvents.READABLE;
        if (!(profile.separateFilters() && mode.isEdge())) {
            bits |= ReadyEvents.WRITABLE;
        }
        if (profile.readClosedExact() || profile.neverReadClosed()) {
            bits |= ReadyEvents.READ_CLOSED;
        }
        return bits;
    }

    Verdict verdict(Slot s) {
        if (!s.registered) {
            return Verdict.MUST_NOT;
        }
        boolean any = effective(s) != 0;
        if (mode.isOneshot() && !s.armed || !any) {
            return Verdict.MUST_NOT;
        }
        if (!mode.isEdge()) {
            return Verdict.MUST;
        }
        return s.pending == Pending.YES ? Verdict.MUST : s.pending == Pending.MAYBE ? Verdict.MAY : Verdict.MUST_NOT;
    }

    /** After a poll: what it did to slot {@code i}. */
    void polled(int i, boolean reported) {
        Slot s = slots[i];
        if (reported && mode.isOneshot()) {
            s.armed = false;
        }
        s.pending = Pending.NO; // reported or not: an edge item leaves the ready list at every poll
    }

    /** Something woke the registered end's wait queue; {@code anyKey}: a FIN or close (no key), else data (EPOLLIN). */
    private void arrival(Slot s, boolean anyKey) {
        if (!s.registered || !mode.isEdge() || mode.isOneshot() && !s.armed) {
            return;
        }
        if (anyKey || s.interest.isReadable()) {
            // kqueue: a FIN reaches the write filter only if the peer is gone for writing too.
            boolean onlyWriteFilter = !s.interest.isReadable();
            s.pending = profile.separateFilters() && onlyWriteFilter ? max(s.pending, Pending.MAYBE) : Pending.YES;
        }
    }

    private static Pending max(Pending a, Pending b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** register/modify/rearm re-poll the fd under an edge mode. */
    private void repoll(Slot s, boolean fresh) {
        if (!mode.isEdge() || effective(s) == 0) {
            return;
        }
        // kqueue: EV_ADD of a new filter fires if ready; of an existing one, it may ("can" in Registration.modify).
        s.pending = profile.separateFilters() && !fresh ? max(s.pending, Pending.MAYBE) : Pending.YES;
    }

    // ---------------------------------------------------------------- steps; each returns whether it applies

    boolean write(int i, int n) {
        Slot s = slots[i];
        if (s.peerShut || s.peerClosed) {
            return false;
        }
        s.buffered += n;
        arrival(s, false);
        return true;
    }

    /** @return what read() returns: bytes, 0 for nothing yet, -1 at end of stream */
    int read(int i, int n) {
        Slot s = slots[i];
        if (s.buffered == 0) {
            return s.peerShut || s.peerClosed ? -1 : 0;
        }
        int r = Math.min(n, s.buffered);
        s.buffered -= r;
        return r;
    }

    boolean shutdownPeer(int i) {
        Slot s = slots[i];
        if (s.peerShut || s.peerClosed) {
            return false;
        }
        s.peerShut = true;
        arrival(s, true);
        return true;
    }

    boolean closePeer(int i) {
        Slot s = slots[i];
        if (s.peerClosed) {
            return false;
        }
        boolean news = !s.peerShut || s.kind == SlotSpec.Kind.UNIX; // TCP: the FIN went with the shutdown
        s.peerClosed = true;
        if (news) {
            arrival(s, true);
        }
        return true;
    }

    /** @return "ok", or the simple name of the exception the call must throw */
    String modify(int i, Interest interest) {
        Slot s = slots[i];
        if (!s.registered) {
            return "CancelledRegistrationException";
        }
        s.interest = interest;
        s.armed = true;
        repoll(s, false);
        return "ok";
    }

    String rearm(int i) {
        Slot s = slots[i];
        if (!s.registered) {
            return "CancelledRegistrationException";
        }
        if (!mode.isOneshot()) {
            return "IllegalStateException";
        }
        s.armed = true;
        repoll(s, false);
        return "ok";
    }

    boolean cancel(int i) {
        Slot s = slots[i];
        boolean was = s.registered;
        s.registered = false;
        s.pending = Pending.NO;
        return was;
    }

    String register(int i, Interest interest) {
        Slot s = slots[i];
        if (s.registered) {
            return "IllegalStateException";
        }
        s.registered = true;
        s.interest = interest;
        s.armed = true;
        s.pending = Pending.NO;
        repoll(s, true);
        return "ok";
    }
}
