package org.portwatch.model;

/**
 * A warning sign a patient reports at a check-in: the port leaflet's "call your healthcare provider right away" signs
 * that no thermometer or heart-rate sensor measures (docs/clinical-rules.md, rule 6). Every one of them is a
 * call-right-away sign; the severity each raises is the detector's ({@code SymptomRule}), not the contract's.
 */
public enum Symptom {
    /** "You have shoulder pain on the side where the port is located." */
    SHOULDER_PAIN,
    /** "Swollen arm, if the port is placed in your arm." */
    SWOLLEN_ARM,
    /** "The skin near the port is red, warm, swollen, or broken." */
    PORT_SITE_SKIN,
    /** "You can't flush the port or get a blood return" (and "can't access or use the port properly"). */
    PORT_WILL_NOT_FLUSH,
    /** "You feel a heart flutter or racing heart." */
    HEART_FLUTTER,
    /** Not on the leaflet's list: shaking chills are a sign of a line (bloodstream) infection, see docs/clinical-rules.md. */
    CHILLS,
    /** Anything else the patient wants the care team to know, described in a short text. */
    OTHER
}
