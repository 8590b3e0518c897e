/**
 * The live feed (Server-Sent Events): its endpoint ({@code FeedResource}), its event type ({@code FeedEvent}), the
 * append inside the transaction that changed an alert ({@code AlertFeed}, its statement in {@code FeedRepository})
 * and this replica's open streams ({@code FeedHub}). It knows alerts only as a {@code FeedItem} (which alert, which
 * team), so it depends on no feature package.
 *
 * <p>{@code FeedHub}'s tail is an engine like the outbox and lease ones, and stays on the raw reactive pool: it polls
 * the table's max id every {@code feed.poll-interval} and reads new rows once for every open stream of the replica,
 * on its own rounds outside any request, handing stored JSON text straight to the streams. No entity, no change, no
 * transaction: a Hibernate session per poll would only open and throw away a persistence context.
 */
package org.portwatch.alert.feed;
