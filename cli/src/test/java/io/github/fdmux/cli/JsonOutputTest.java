package io.github.fdmux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.Backend;
import io.github.fdmux.BackendStatus;
import io.github.fdmux.EventSource;
import io.github.fdmux.Mode;
import io.github.fdmux.Pollers;
import io.github.fdmux.cli.compare.JsonReader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code info --json} and {@code conformance --json} are JSON with the facts of the text output. */
class JsonOutputTest {

    @Test
    @SuppressWarnings("unchecked")
    void infoJsonListsEveryBackendAndTheChoice() {
        Cli r = Cli.run("info", "--json");
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> info = (Map<String, Object>) JsonReader.parse(r.out().strip());
        assertEquals("fdmux " + Version.version(), "fdmux " + info.get("version"));
        List<Object> backends = (List<Object>) info.get("backends");
        assertEquals(Backend.values().length, backends.size());
        for (Object o : backends) {
            Map<String, Object> b = (Map<String, Object>) o;
            BackendStatus s = Pollers.status(Backend.valueOf((String) b.get("backend")));
            assertEquals(s.available(), b.get("available"), b.toString());
            assertEquals(s.reason(), b.get("reason"));
            if (s.available()) {
                Map<String, Object> modes = (Map<String, Object>) ((Map<String, Object>) b.get("capabilities")).get("modes");
                for (Mode m : Mode.values()) {      // as the backend says, e.g. IO_URING's LEVEL is emulated
                    assertEquals(s.capabilities().orElseThrow().support(m).name().toLowerCase(Locale.ROOT),
                            modes.get(m.id()), b.toString());
                }
                Map<String, Object> sources = (Map<String, Object>) ((Map<String, Object>) b.get("capabilities"))
                        .get("sources");
                for (EventSource e : EventSource.values()) {
                    if (e != EventSource.FD) {  // native or emulated, as the backend says
                        assertEquals(s.capabilities().orElseThrow().support(e).name().toLowerCase(Locale.ROOT),
                                sources.get(e.name().toLowerCase(Locale.ROOT)), b.toString());
                    }
                }
            } else {
                assertEquals(null, b.get("capabilities"));
            }
        }
        Map<String, Object> chosen = (Map<String, Object>) info.get("chosen");
        assertTrue(((String) chosen.get("why")).startsWith(chosen.get("backend") + ":"), chosen.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void conformanceJsonHasEveryRunWithItsStatus() {
        Cli r = Cli.run("conformance", "--json", "--behaviours", "readableWhenDataArrives,modesAccepted");
        assertEquals(0, r.code(), r.toString());
        Map<String, Object> m = (Map<String, Object>) JsonReader.parse(r.out().strip());
        List<Object> behaviours = (List<Object>) m.get("behaviours");
        assertEquals(2, behaviours.size());
        int outcomes = 0;
        for (Object o : behaviours) {
            for (Object x : (List<Object>) ((Map<String, Object>) o).get("outcomes")) {
                Map<String, Object> outcome = (Map<String, Object>) x;
                assertEquals("passed", outcome.get("status"), outcome.toString());
                assertEquals(outcome.get("expected"), outcome.get("observed"));
                outcomes++;
            }
        }
        assertEquals(((Number) m.get("runs")).intValue(), outcomes);
        assertEquals(outcomes, ((Number) m.get("passed")).intValue());
        assertTrue(outcomes >= 2, m.toString());
    }

    @Test
    void jsonAndMarkdownTogetherIsAUsageError() {
        Cli r = Cli.run("conformance", "--json", "--markdown", "x.md");
        assertEquals(2, r.code(), r.toString());
    }
}
