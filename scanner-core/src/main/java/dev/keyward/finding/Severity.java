package dev.keyward.finding;

import java.util.Locale;

/** How bad a finding is, most severe first. Reports show the lower-case {@link #id()}. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW;

    /** The lower-case name used in rule files and reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code critical}, {@code high}, {@code medium} or {@code low}, in any case. */
    public static Severity parse(String s) {
        for (Severity v : values()) {
            if (v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + s + "' (expected critical, high, medium or low)");
    }
}
