/**
 * keyward's library API: build a {@link dev.keyward.Scanner} once with {@link dev.keyward.Scanner#builder()},
 * share it between threads, and scan bytes, streams, files, folders, the Git index, history or any source of
 * {@code dev.keyward.source}. Results are the immutable records of
 * {@code dev.keyward.finding}; reports are written by {@code dev.keyward.report}. Packages under
 * {@code dev.keyward.internal} are not API and may change at any time.
 */
package dev.keyward;
