package org.portwatch.alert.assignment;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A comment as the API shows it: who wrote it (their subject), when, and what. */
@Schema(name = "Comment")
public record CommentView(String author, Instant at, String text) {

    static CommentView of(AlertComment comment) {
        return new CommentView(comment.getAuthor(), comment.getAt(), comment.getText());
    }
}
