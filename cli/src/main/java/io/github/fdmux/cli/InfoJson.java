package io.github.fdmux.cli;

import io.github.fdmux.BackendStatus;
import io.github.fdmux.Capabilities;
import io.github.fdmux.EventSource;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.cli.compare.JsonWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code fdmux info --json}: the same facts as the text, as one JSON object, for scripts. Keys: version,
 * os {name, version, arch}, java {vm, version, vendor}, channels, nativeRefusal, backends [{backend, installed, available,
 * reason, cause, capabilities}], chosen {backend, why}.
 */
final class InfoJson {
    private InfoJson() {
    }

    static String render(List<BackendStatus> statuses, Poller chosen, String channels) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("version").value(Version.version());
        w.name("os").beginObject().name("name").value(System.getProperty("os.name"))
                .name("version").value(System.getProperty("os.version"))
                .name("arch").value(System.getProperty("os.arch")).endObject();
        w.name("java").beginObject().name("vm").value(System.getProperty("java.vm.name"))
                .name("version").value(System.getProperty("java.version"))
                .name("vendor").value(System.getProperty("java.vendor")).endObject();
        w.name("channels").value(channels);
        w.name("nativeRefusal").value(io.github.fdmux.unix.SupportedPlatforms.refusal()); // null: native backends may run
        w.name("backends").beginArray();
        for (BackendStatus s : statuses) {
            w.beginObject().name("backend").value(s.backend().name())
                    .name("installed").value(s.installed())
                    .name("available").value(s.available())
                    .name("reason").value(s.reason())
                    .name("cause").value(s.unavailabilityCause().map(Throwable::toString).orElse(null));
            w.name("capabilities");
            if (s.capabilities().isPresent()) {
                capabilities(w, s.capabilities().get());
            } else {
                w.value((String) null);
            }
            w.endObject();
        }
        w.endArray();
        w.name("chosen").beginObject().name("backend").value(chosen.backend().name())
                .name("why").value(chosen.selectionReason()).endObject();
        return w.endObject().toString();
    }

    private static void capabilities(JsonWriter w, Capabilities c) {
        w.beginObject().name("modes").beginObject();
        for (Mode m : Mode.values()) {
            w.name(m.id()).value(c.support(m).name().toLowerCase(Locale.ROOT));
        }
        w.endObject();
        w.name("sources").beginObject();
        for (EventSource source : EventSource.values()) {
            if (source != EventSource.FD) {
                w.name(source.name().toLowerCase(Locale.ROOT)).value(c.support(source).name().toLowerCase(Locale.ROOT));
            }
        }
        w.endObject();
        w.name("rawFds").value(c.rawFds())
                .name("exclusiveWakeups").value(c.exclusiveWakeups())
                .name("regularFiles").value(c.regularFiles())
                .name("timeoutResolutionNanos").value(c.timeoutResolution().toNanos());
        w.name("fdLimit");
        if (c.fdLimit().isPresent()) {
            w.value(c.fdLimit().getAsInt());
        } else {
            w.value((String) null);
        }
        w.name("wakeup").value(c.wakeupMechanism()).name("variant").value(c.variant());
        w.endObject();
    }
}
