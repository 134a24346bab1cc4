package io.github.fdmux.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"fdmux " + version()};
    }

    static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
