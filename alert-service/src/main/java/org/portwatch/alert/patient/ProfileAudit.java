package org.portwatch.alert.patient;

import java.util.List;
import org.jboss.logging.Logger;

/**
 * One line per profile change: who (the token's subject), which patient, which fields. Never a value: the
 * display name is patient data, and the numbers are in the profile's history on the topic.
 */
final class ProfileAudit {

    /** A category of its own, so operators can route audit lines to their own sink. */
    static final String CATEGORY = "org.portwatch.audit.patient";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    /** What happened to a profile. */
    enum Action {
        CREATED,
        UPDATED,
        READMITTED,
        DISCHARGED
    }

    private ProfileAudit() {
    }

    static void record(Action action, String patientId, String subject, List<String> changedFields) {
        LOG.infof("patient-profile %s patientId=%s by=%s fields=%s", action, patientId, subject, changedFields);
    }
}
