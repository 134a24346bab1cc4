package io.github.fdmux.bench.macro;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** What the report says about the machine, and the JVM options of the Java servers. */
final class Env {
    private Env() {
    }

    /** The same for every Java server: a fixed heap, the JDK export fdmux wants, no Netty leak sampling. */
    static List<String> serverJvmOptions() {
        List<String> o = new ArrayList<>(List.of("-Xms512m", "-Xmx512m",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled"));
        if (Runtime.version().feature() >= 22) {
            o.add("--enable-native-access=ALL-UNNAMED");
        }
        return o;
    }

    private static volatile long clockTicks;

    /** @return CLK_TCK (getconf), the unit of /proc/PID/stat times; 100 if it cannot be asked */
    static long clockTicks() {
        long t = clockTicks;
        if (t == 0) {
            t = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() == 0) {
                    t = Long.parseLong(out);
                }
            } catch (IOException | RuntimeException e) {
                // keep 100, Linux's USER_HZ
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockTicks = t;
        }
        return t;
    }

    static String ownJar() {
        try {
            return Paths.get(MacroBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
    }

    static String loadAverage() {
        return read(Paths.get("/proc/loadavg")).replaceAll("^(\\S+ \\S+ \\S+).*$", "$1").trim();
    }

    static String cpu() {
        String model = "?";
        int count = 0;
        for (String line : read(Paths.get("/proc/cpuinfo")).split("\n")) {
            if (line.startsWith("model name")) {
                model = line.substring(line.indexOf(':') + 1).trim();
                count++;
            }
        }
        return model + ", " + count + " CPUs";
    }

    static String kernel() {
        return read(Paths.get("/proc/sys/kernel/osrelease")).trim();
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "?";
        }
    }
}
