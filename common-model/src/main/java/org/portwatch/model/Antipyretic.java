package org.portwatch.model;

import java.time.Duration;

/**
 * The antipyretics a dose can be recorded for (by a clinician in alert-service, or by the patient's app with a
 * check-in, {@link SymptomCheckIn#antipyretic()}), each with how long after a dose a temperature may read lower than the
 * illness would make it (the masking window). The windows are the usual dosing intervals of the label: a dose works
 * for about that long, and the next is due. Where a product's effect may last longer, the longer window is taken: a
 * clinician told "may be masked" for too long loses little; told too briefly, trusts a reading they should not.
 */
public enum Antipyretic {
    /** Paracetamol (acetaminophen): every 4–6 h. */
    PARACETAMOL(Duration.ofHours(6)),
    /** Ibuprofen: every 6–8 h. */
    IBUPROFEN(Duration.ofHours(8)),
    /** Aspirin (acetylsalicylic acid): every 4–6 h. */
    ASPIRIN(Duration.ofHours(6)),
    /** Metamizole (dipyrone): every 6–8 h. */
    METAMIZOLE(Duration.ofHours(8)),
    /** Anything else given to bring a fever down: the longest window. */
    OTHER_ANTIPYRETIC(Duration.ofHours(8));

    /** The longest masking window: how far back a fever alert looks for doses. */
    public static final Duration LONGEST = Duration.ofHours(8);

    private final Duration masking;

    Antipyretic(Duration masking) {
        this.masking = masking;
    }

    /** How long after a dose a temperature may be lowered by it. */
    public Duration masking() {
        return masking;
    }
}
