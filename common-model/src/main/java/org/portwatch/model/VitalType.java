package org.portwatch.model;

/** What a reading measures; each type has one canonical UCUM unit in which it travels. */
public enum VitalType {
    BODY_TEMPERATURE(Units.CELSIUS),
    HEART_RATE(Units.PER_MINUTE),
    /**
     * REGULAR or IRREGULAR, as watches report it: categorical, so the reading's {@link VitalReading#rhythm()} holds it
     * and its {@code value} is 0 (see {@link VitalReading}).
     */
    HEART_RHYTHM(Units.RHYTHM);

    private final String canonicalUnit;

    VitalType(String canonicalUnit) {
        this.canonicalUnit = canonicalUnit;
    }

    /** The UCUM code of the unit every reading of this type is stored and sent in. */
    public String canonicalUnit() {
        return canonicalUnit;
    }

    /** Whether the reading is a category ({@link VitalReading#rhythm()}) rather than a measured number. */
    public boolean categorical() {
        return this == HEART_RHYTHM;
    }
}
