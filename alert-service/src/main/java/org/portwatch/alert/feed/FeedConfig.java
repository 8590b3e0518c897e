package org.portwatch.alert.feed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live feed's timing and limits. */
@ConfigMapping(prefix = "alerts.feed")
public interface FeedConfig {

    /** How often a replica with open streams looks for feed rows other replicas committed. */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    /** A comment line on every stream this often, so proxies keep idle streams open and clients see the link live. */
    @WithDefault("PT15S")
    Duration heartbeat();

    /** How long feed rows are kept: how far back a reconnecting client can resume. */
    @WithDefault("PT24H")
    Duration retention();

    /**
     * Open streams one subject may hold on this replica. A clinician has a few screens open at once (workstation,
     * ward tablet, phone, a second tab); 5 leaves room for those and a reconnect that overlaps the stream it replaces,
     * while one stolen or buggy client cannot hold hundreds of connections.
     */
    @WithDefault("5")
    int maxStreamsPerSubject();

    /**
     * Open streams on this replica, all subjects together. Each holds a connection and a little memory; 2,000 covers
     * every clinician of a large hospital on one replica with room to spare (the api Deployment scales out before),
     * and bounds what a flood of streams can take from the replica that also answers the API.
     */
    @WithDefault("2000")
    int maxStreams();

    /**
     * The Retry-After of a stream refused for a limit: a stream whose client went away is noticed at the next
     * heartbeat, so two heartbeats later its place is free.
     */
    @WithDefault("PT30S")
    Duration refusedRetryAfter();

    /**
     * Events a stream may have waiting to be written to its client. A client that reads slower than the feed grows
     * (a stalled connection) is closed beyond it, and resumes with Last-Event-ID without loss: its backlog must not
     * grow in this replica's memory without bound.
     */
    @WithDefault("1000")
    int maxPendingEvents();
}
