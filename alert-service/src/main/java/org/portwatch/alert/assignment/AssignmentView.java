package org.portwatch.alert.assignment;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An alert's assignment after a PUT or DELETE: its assignee (null: nobody) and since when. */
@Schema(name = "Assignment")
public record AssignmentView(String alertId, String assignee, Instant assignedAt) {
}
