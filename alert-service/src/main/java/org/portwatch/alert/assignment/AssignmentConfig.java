package org.portwatch.alert.assignment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the comment thread: free text a clinician types, kept for good, so bounded. */
@ConfigMapping(prefix = "alerts.comments")
public interface AssignmentConfig {

    /**
     * The longest comment, in UTF-16 characters: as long as an acknowledge or resolve note (2000), which is a few
     * paragraphs, and at most the column's 2000 (values above are refused at start).
     */
    @WithDefault("2000")
    int maxLength();

    /**
     * Comments one alert may have: far more than a shift writes on one alert (a thread of a dozen is long), few enough
     * that the detail, which shows the whole thread, stays small; beyond it a comment answers 409.
     */
    @WithDefault("200")
    int maxPerAlert();
}
