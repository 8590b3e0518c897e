package org.portwatch.alert.assignment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One comment of an alert's thread. Immutable: no setters, and the table refuses UPDATE and DELETE (V27). */
@Entity
@Table(name = "alert_comment")
public class AlertComment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "alert_id", nullable = false, updatable = false)
    private UUID alertId;

    @Column(name = "author", nullable = false, length = 200, updatable = false)
    private String author;

    @Column(name = "at", nullable = false, updatable = false)
    private Instant at;

    @Column(name = "text", nullable = false, length = 2000, updatable = false)
    private String text;

    protected AlertComment() {
        // for Hibernate
    }

    AlertComment(UUID alertId, String author, Instant at, String text) {
        this.alertId = alertId;
        this.author = author;
        this.at = at;
        this.text = text;
    }

    public Long getId() {
        return id;
    }

    public UUID getAlertId() {
        return alertId;
    }

    public String getAuthor() {
        return author;
    }

    public Instant getAt() {
        return at;
    }

    public String getText() {
        return text;
    }
}
