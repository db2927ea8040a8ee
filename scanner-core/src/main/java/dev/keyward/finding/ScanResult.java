package dev.keyward.finding;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a scan found: findings in a stable order (path, offset, rule), errors for what could not be read, what
 * was skipped on purpose, and counts. Immutable.
 */
public record ScanResult(List<Finding> findings, List<ScanError> errors, List<Skipped> skipped, ScanStats stats) {

    /** The order findings are reported in: by path, then position, then rule. */
    public static final Comparator<Finding> ORDER = ScanResult::compare;

    public ScanResult {
        findings = sorted(findings, ORDER);
        errors = sorted(errors, Comparator.comparing(ScanError::path));
        skipped = sorted(skipped, Comparator.comparing(Skipped::path));
        Objects.requireNonNull(stats, "stats");
    }

    /** {@link #ORDER} written out: under C1 the composed comparator's lambdas cost a tenth of a dense scan. */
    private static int compare(Finding a, Finding b) {
        String pa = a.path();
        String pb = b.path();
        int c = pa == pb ? 0 : pa.compareTo(pb); // one file's findings share one path string
        if (c == 0) {
            c = Long.compare(a.location().offset(), b.location().offset());
        }
        return c != 0 ? c : a.ruleId().compareTo(b.ruleId());
    }

    /**
     * An unmodifiable copy in {@code order}; findings mostly come in order already, and are then not sorted (and
     * copied without a stream, which costs several times more under C1).
     */
    private static <T> List<T> sorted(List<T> list, Comparator<? super T> order) {
        T prev = null;
        boolean first = true;
        for (T t : list) {
            if (!first && order.compare(prev, t) > 0) {
                @SuppressWarnings("unchecked")
                T[] a = (T[]) list.toArray();
                Arrays.sort(a, order);
                return List.of(a);
            }
            prev = t;
            first = false;
        }
        return List.copyOf(list);
    }

    /** True when every input was read: no errors. */
    public boolean complete() {
        return errors.isEmpty();
    }
}
