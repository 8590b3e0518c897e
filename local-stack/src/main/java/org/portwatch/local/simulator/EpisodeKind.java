package org.portwatch.local.simulator;

/** What a simulated patient goes through besides ordinary life. */
public enum EpisodeKind {
    /** Ordinary variation only. */
    NONE,
    /** A fever: skin temperature rising to 38.3–39.2 °C. */
    FEVER,
    /** A racing heart at rest: 110–135 /min while resting. */
    RACING_HEART,
    /** Both together: the picture of a line infection or sepsis. */
    FEVER_AND_RACING_HEART;

    public boolean fever() {
        return this == FEVER || this == FEVER_AND_RACING_HEART;
    }

    public boolean racingHeart() {
        return this == RACING_HEART || this == FEVER_AND_RACING_HEART;
    }

    /** A short label for the banner. */
    public String label() {
        return switch (this) {
            case NONE -> "none";
            case FEVER -> "fever";
            case RACING_HEART -> "racing heart at rest";
            case FEVER_AND_RACING_HEART -> "fever + racing heart (sepsis picture)";
        };
    }
}
