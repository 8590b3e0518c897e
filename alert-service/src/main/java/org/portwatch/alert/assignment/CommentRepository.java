package org.portwatch.alert.assignment;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The repository of comment threads: every statement on {@code alert_comment} (inserts and reads only). */
@ApplicationScoped
public class CommentRepository implements PanacheRepositoryBase<AlertComment, Long> {

    /** The thread of {@code alertId}, oldest first (ids follow the inserts, which run in turn under the alert's lock). */
    public Uni<List<CommentView>> thread(UUID alertId) {
        return find("alertId", Sort.by("id"), alertId).list()
                .map(comments -> comments.stream().map(CommentView::of).toList());
    }

    Uni<Long> countOf(UUID alertId) {
        return count("alertId", alertId);
    }
}
