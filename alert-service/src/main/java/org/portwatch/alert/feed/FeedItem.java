package org.portwatch.alert.feed;

/**
 * What the feed needs of the thing an event is about: which alert, and whose screens it goes to. The event's
 * {@code alert} is written as the implementing type's JSON (alerts' {@code AlertItem}), so the feed carries the alert
 * as lists show it without depending on the package that owns alerts.
 */
public interface FeedItem {

    String alertId();

    /** The care team whose screens show the event; null: nobody's. */
    String careTeamId();
}
