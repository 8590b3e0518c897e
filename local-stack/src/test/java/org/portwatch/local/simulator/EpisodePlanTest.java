package org.portwatch.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EpisodePlanTest {

    private static long count(List<EpisodeKind> kinds, EpisodeKind kind) {
        return kinds.stream().filter(k -> k == kind).count();
    }

    @Test
    void aboutTenPercentWithTheMinimumsADemonstrationNeeds() {
        assertThat(EpisodePlan.episodeCount(0)).isZero();
        assertThat(EpisodePlan.episodeCount(1)).isEqualTo(1);
        assertThat(EpisodePlan.episodeCount(2)).isEqualTo(2);
        assertThat(EpisodePlan.episodeCount(4)).isEqualTo(2);
        assertThat(EpisodePlan.episodeCount(5)).isEqualTo(3);
        assertThat(EpisodePlan.episodeCount(20)).isEqualTo(3);
        assertThat(EpisodePlan.episodeCount(50)).isEqualTo(5);
        assertThat(EpisodePlan.episodeCount(200)).isEqualTo(20);
    }

    @Test
    void everyKindOfAlertIsRepresented() {
        for (int n = 0; n <= 60; n++) {
            for (long seed = 0; seed < 5; seed++) {
                List<EpisodeKind> kinds = EpisodePlan.assign(n, new Random(seed));
                assertThat(kinds).hasSize(n);
                assertThat(kinds.stream().filter(k -> k != EpisodeKind.NONE).count())
                        .isEqualTo(EpisodePlan.episodeCount(n));
                long fever = count(kinds, EpisodeKind.FEVER) + count(kinds, EpisodeKind.FEVER_AND_RACING_HEART);
                long heart = count(kinds, EpisodeKind.RACING_HEART) + count(kinds, EpisodeKind.FEVER_AND_RACING_HEART);
                if (n == 1) {
                    assertThat(kinds).containsExactly(EpisodeKind.FEVER);
                }
                if (n >= 2) {
                    assertThat(count(kinds, EpisodeKind.FEVER)).as("fever alone, n=%d", n).isPositive();
                    assertThat(count(kinds, EpisodeKind.RACING_HEART)).as("racing heart alone, n=%d", n).isPositive();
                }
                if (n >= 5) {
                    assertThat(count(kinds, EpisodeKind.FEVER_AND_RACING_HEART)).as("both, n=%d", n).isPositive();
                } else {
                    assertThat(count(kinds, EpisodeKind.FEVER_AND_RACING_HEART)).isZero();
                }
                assertThat(fever + heart).isGreaterThanOrEqualTo(Math.min(n, 2));
            }
        }
    }

    @Test
    void deterministicForASeedAndSpreadOverPatients() {
        assertThat(EpisodePlan.assign(40, new Random(7))).isEqualTo(EpisodePlan.assign(40, new Random(7)));
        boolean someoneElse = false;
        for (long seed = 0; seed < 10; seed++) {
            someoneElse |= EpisodePlan.assign(40, new Random(seed)).get(0) == EpisodeKind.NONE;
        }
        assertThat(someoneElse).isTrue();
    }
}
