/**
 * The live feed (Server-Sent Events): its endpoint ({@code FeedResource}), its event type ({@code FeedEvent}), the
 * append inside the transaction that changed an alert ({@code AlertFeed}) and this replica's open streams
 * ({@code FeedHub}). It knows alerts only as a {@code FeedItem} (which alert, which team), so it depends on no
 * feature package. {@code FeedHub} reads the feed through the raw reactive pool: its shared reads run outside any
 * request and any Hibernate session, like the outbox and lease engines.
 */
package org.portwatch.alert.feed;
