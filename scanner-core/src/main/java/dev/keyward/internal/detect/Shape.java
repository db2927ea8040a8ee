package dev.keyward.internal.detect;

/** A hand-written matcher standing for one built-in regex, finding exactly what RE2/J finds with it. */
interface Shape {

    /**
     * Finds the first match starting at or after {@code from} in {@code text[0, to)} and puts its start and end,
     * the number of the capture group that took part (0 when the regex has none) and that group's start and end
     * into {@code out[0..4]}. Returns false when there is none.
     */
    boolean find(byte[] text, int from, int to, int[] out);

    /** The matcher for {@code regex}, or null when no hand-written one stands for it. */
    static Shape forRegex(String regex) {
        Shape s = KeywordValues.forRegex(regex);
        return s != null ? s : KeyIds.forRegex(regex);
    }
}
