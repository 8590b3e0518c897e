package org.portwatch.alert.notification;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Who is on call for a care team: the subjects (clinicians) an escalation round goes to. Channels ask it for the
 * {@link Audience#ESCALATION} targets; escalation, which owns the policy naming them, implements it. Joins the
 * caller's Hibernate Reactive session.
 */
public interface OnCallContacts {

    /** The on-call subjects of {@code careTeamId}; empty when its policy names nobody (the whole team is paged). */
    Uni<List<String>> of(String careTeamId);
}
