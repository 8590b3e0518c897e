package org.portwatch.model;

/**
 * The value of a {@link VitalType#HEART_RHYTHM} reading, as wearables report it (an irregular-rhythm notification
 * such as the Apple Watch's, or a regular check): a category, not a number.
 */
public enum HeartRhythm {
    REGULAR,
    IRREGULAR
}
