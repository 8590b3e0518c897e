package org.portwatch.model;

/** Where a reading was taken. Clinical thermometer sites count more than a skin patch (docs/clinical-rules.md rule 1). */
public enum MeasurementSite {
    /** A wearable patch or band on the skin. */
    SKIN,
    WRIST,
    CHEST,
    AXILLARY,
    ORAL,
    TYMPANIC,
    TEMPORAL,
    RECTAL;

    /**
     * A manual clinical thermometer: one reading at or above the fever threshold is enough,
     * whereas a wearable needs a confirming second reading (docs/clinical-rules.md rule 1).
     */
    public boolean isClinicalThermometer() {
        return this == ORAL || this == TYMPANIC || this == TEMPORAL || this == RECTAL;
    }
}
