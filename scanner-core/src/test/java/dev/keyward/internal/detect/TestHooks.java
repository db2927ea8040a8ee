package dev.keyward.internal.detect;

/** Lets tests outside this package use the same placeholder test the engine does. */
public final class TestHooks {
    private TestHooks() {
    }

    public static boolean isPlaceholder(String s) {
        return Checks.isPlaceholder(s);
    }
}
