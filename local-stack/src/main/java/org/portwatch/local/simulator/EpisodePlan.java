package org.portwatch.local.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which simulated patients develop an episode: about 10 % of them, and always enough for a
 * demonstration to show every kind of alert — at least one fever and one racing heart from two
 * patients on, and one patient with both (the sepsis picture) from five on. A single patient
 * gets a fever, so even {@code --patients 1} shows an alert.
 */
public final class EpisodePlan {

    private EpisodePlan() {
    }

    /** How many of {@code patients} have an episode. */
    public static int episodeCount(int patients) {
        if (patients <= 0) {
            return 0;
        }
        int minimum = patients >= 5 ? 3 : Math.min(patients, 2);
        return Math.max(minimum, (int) Math.round(patients * 0.10));
    }

    /** The episode of each patient, by index; which patients get one is drawn from {@code random}. */
    public static List<EpisodeKind> assign(int patients, Random random) {
        List<EpisodeKind> kinds = new ArrayList<>(Collections.nCopies(Math.max(patients, 0), EpisodeKind.NONE));
        int count = episodeCount(patients);
        if (count == 0) {
            return kinds;
        }
        List<EpisodeKind> episodes = new ArrayList<>(count);
        if (patients >= 5) {
            episodes.add(EpisodeKind.FEVER_AND_RACING_HEART);
        }
        EpisodeKind[] cycle = {EpisodeKind.FEVER, EpisodeKind.RACING_HEART, EpisodeKind.FEVER_AND_RACING_HEART};
        for (int i = 0; episodes.size() < count; i++) {
            EpisodeKind next = cycle[i % cycle.length];
            if (patients < 5 && next == EpisodeKind.FEVER_AND_RACING_HEART) {
                continue;
            }
            episodes.add(next);
        }
        List<Integer> indexes = new ArrayList<>(patients);
        for (int i = 0; i < patients; i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, random);
        for (int i = 0; i < count; i++) {
            kinds.set(indexes.get(i), episodes.get(i));
        }
        return kinds;
    }
}
