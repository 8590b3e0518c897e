package org.portwatch.alert.assignment;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.portwatch.alert.notification.NotificationChannel;

/**
 * Who counts as "a clinician of the team" for an assignment. There is no roster: clinicians and their teams are known
 * only from tokens (subject and {@code care_teams} claim), and the service keeps a token's word in one place only, the
 * push subscriptions (V9: the subscriber's subject and care teams, vouched for until their token expires plus a
 * grace). So an assignee is the caller themself (their token says they are of the team), or a clinician with a live
 * device subscribed for the team — which is also what an assignment needs to reach them. Anyone else is refused
 * (422): an alert assigned to a mistyped or departed subject would be nobody's while looking owned.
 */
@ApplicationScoped
class TeamClinicians {

    private final List<NotificationChannel> channels;

    TeamClinicians(Instance<NotificationChannel> channels) {
        this.channels = channels.stream().toList();
    }

    /** Whether {@code subject} is known to be a clinician of {@code careTeamId}; joins the caller's session. */
    Uni<Boolean> isOfTeam(String careTeamId, String subject, String caller) {
        if (subject.equals(caller)) {
            return Uni.createFrom().item(true);
        }
        Uni<Boolean> known = Uni.createFrom().item(false);
        for (NotificationChannel channel : channels) {
            // One after the other: a reactive session runs one statement at a time.
            known = known.flatMap(found -> found ? Uni.createFrom().item(true)
                    : channel.personalTargets(careTeamId, subject).map(targets -> !targets.isEmpty()));
        }
        return known;
    }
}
