package org.portwatch.alert.role;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The settings a role implies, as a configuration source (registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}), so that what the switch turns off is off before
 * Quarkus starts anything, and an unknown role stops the process with a message naming the three values.
 *
 * <p>{@code detector}: the public HTTP server off ({@code quarkus.http.host-enabled=false}; health and metrics stay on
 * the management interface), the database's readiness checks off, and every incoming SmallRye channel off
 * (alerts-in, readings-in, checkins-in: they write to PostgreSQL, which the detector never touches). {@code api} and {@code all} need no setting here: the
 * Kafka Streams extension has no runtime switch (quarkus#47412), so {@code api} leaves its Topology out of lookup
 * instead ({@link org.portwatch.alert.detection.DetectorWiring}), the extension's own "no Topology, nothing to start"
 * path. Periodic rounds and the other background work follow {@link RoleLifecycle}'s events.
 *
 * <p>Ordinal 275: above {@code application.properties} (250), below environment variables (300) and system
 * properties (400), so an operator can still override one setting by hand.
 */
public class RoleSettings implements ConfigSourceFactory {

    static final String NAME = "portwatch role settings";
    static final int ORDINAL = 275;
    static final List<String> DATABASE_CHECKS = List.of(
            "io.quarkus.reactive.pg.client.runtime.health.ReactivePgDataSourcesHealthCheck",
            "io.quarkus.agroal.runtime.health.DataSourceHealthCheck");
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(Role.PROPERTY);
        Role role = configured == null || configured.getValue() == null ? Role.ALL : Role.parse(configured.getValue());
        return List.of(new PropertiesConfigSource(settings(role, context.iterateNames()), NAME, ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** What {@code role} sets, given the names of every configured property (to find the incoming channels). */
    static Map<String, String> settings(Role role, Iterator<String> names) {
        Map<String, String> settings = new TreeMap<>();
        if (role.runsApi()) {
            return settings;
        }
        settings.put("quarkus.http.host-enabled", "false");
        // The database's readiness checks off: nothing of the detector connects to PostgreSQL (its pools open lazily
        // and nothing here uses them), so the pod needs neither its credentials nor a way through its NetworkPolicy.
        // quarkus.datasource.active=false would say it better, but Quarkus then refuses to start while any bean
        // (the API's, never created here) has the pool in its constructor.
        for (String check : DATABASE_CHECKS) {
            settings.put("quarkus.smallrye-health.check.\"" + check + "\".enabled", "false");
        }
        while (names.hasNext()) {
            Matcher channel = INCOMING.matcher(names.next());
            if (channel.matches()) {
                settings.put("mp.messaging.incoming." + channel.group(1) + ".enabled", "false");
            }
        }
        return settings;
    }
}
