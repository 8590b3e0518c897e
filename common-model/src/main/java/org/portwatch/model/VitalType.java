package org.portwatch.model;

/** What a reading measures; each type has one canonical UCUM unit in which it travels. */
public enum VitalType {
    BODY_TEMPERATURE(Units.CELSIUS),
    HEART_RATE(Units.PER_MINUTE);

    private final String canonicalUnit;

    VitalType(String canonicalUnit) {
        this.canonicalUnit = canonicalUnit;
    }

    /** The UCUM code of the unit every reading of this type is stored and sent in. */
    public String canonicalUnit() {
        return canonicalUnit;
    }
}
