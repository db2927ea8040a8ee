package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The set answers as a {@code HashSet<Long>} does through any run of adds, removes and clears. */
class LongSetTest {

    record Op(int what, long key) {
    }

    @Property(tries = 500)
    void actsAsAHashSet(@ForAll("ops") List<Op> ops) {
        LongSet set = new LongSet();
        Set<Long> model = new HashSet<>();
        for (Op op : ops) {
            switch (op.what()) {
                case 0, 1, 2 -> assertThat(set.add(op.key())).isEqualTo(model.add(op.key()));
                case 3, 4 -> assertThat(set.remove(op.key())).isEqualTo(model.remove(op.key()));
                default -> {
                    set.clear();
                    model.clear();
                }
            }
            assertThat(set.size()).isEqualTo(model.size());
            assertThat(set.isEmpty()).isEqualTo(model.isEmpty());
            assertThat(set.contains(op.key())).isEqualTo(model.contains(op.key()));
        }
        for (Op op : ops) {
            assertThat(set.contains(op.key())).as("key %d", op.key()).isEqualTo(model.contains(op.key()));
            assertThat(set.contains(op.key() + 1)).isEqualTo(model.contains(op.key() + 1));
        }
    }

    /** Keys that collide: few distinct ones, multiples of a kind count as candidate keys are, and a rare clear. */
    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> keys = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 300),
                Arbitraries.longs().between(0, 5000).map(k -> k * 19 + 3),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<Integer> what = Arbitraries.frequency(Tuple.of(60, 0), Tuple.of(39, 3), Tuple.of(1, 5));
        return Combinators.combine(what, keys).as(Op::new).list().ofMaxSize(3000);
    }

    @Example
    void manyKeysAndEveryRemovalOrder() {
        LongSet set = new LongSet();
        for (long k = 0; k < 10_000; k++) {
            assertThat(set.add(k * 7)).isTrue();
        }
        for (long k = 0; k < 10_000; k += 2) {
            assertThat(set.remove(k * 7)).isTrue();
        }
        for (long k = 0; k < 10_000; k++) {
            assertThat(set.contains(k * 7)).as("key %d", k * 7).isEqualTo(k % 2 == 1);
        }
        assertThat(set.size()).isEqualTo(5_000);
    }

    @Example
    void theFreeMarkerIsRefused() {
        assertThatThrownBy(() -> new LongSet().add(LongSet.FREE)).isInstanceOf(IllegalArgumentException.class);
    }
}
