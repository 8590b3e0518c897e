package org.portwatch.alert.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What {@code portwatch.role} switches, at the level of configuration (no Quarkus start): the same SmallRye config
 * builder Quarkus uses, with {@link RoleSettings} registered as the service registers it, and the channels of
 * application.properties.
 */
class ServiceRoleTest {

    /** The incoming channels as application.properties declares them (their connector), plus an unrelated key. */
    private static final Map<String, String> APPLICATION = Map.of(
            "mp.messaging.incoming.alerts-in.connector", "smallrye-kafka",
            "mp.messaging.incoming.readings-in.connector", "smallrye-kafka",
            "mp.messaging.incoming.checkins-in.connector", "smallrye-kafka",
            "mp.messaging.incoming.alerts-in.topic", "vitals.alerts");

    private static SmallRyeConfig config(Map<String, String> overrides) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(APPLICATION, "application.properties", 250))
                .withSources(new PropertiesConfigSource(overrides, "environment", 300))
                .withSources(new RoleSettings())
                .withMapping(RoleConfig.class)
                .build();
    }

    private static SmallRyeConfig role(String role) {
        return config(Map.of(Role.PROPERTY, role));
    }

    @Test
    void shouldRunEverythingWhenNoRoleIsSet() {
        SmallRyeConfig config = config(Map.of());

        assertThat(config.getConfigMapping(RoleConfig.class).role()).isEqualTo(Role.ALL);
        assertThat(config.getOptionalValue("quarkus.http.host-enabled", Boolean.class)).isEmpty();
        assertThat(config.getOptionalValue("mp.messaging.incoming.alerts-in.enabled", Boolean.class)).isEmpty();
        assertThat(Role.ALL.runsDetector()).isTrue();
        assertThat(Role.ALL.runsApi()).isTrue();
    }

    @Test
    void shouldTurnOffTheHttpApiTheDatabaseChecksAndEveryIncomingChannelInTheDetectorRole() {
        SmallRyeConfig config = role("detector");

        assertThat(config.getConfigMapping(RoleConfig.class).role()).isEqualTo(Role.DETECTOR);
        assertThat(config.getValue("quarkus.http.host-enabled", Boolean.class)).isFalse();
        for (String check : RoleSettings.DATABASE_CHECKS) {
            assertThat(config.getValue("quarkus.smallrye-health.check.\"" + check + "\".enabled", Boolean.class))
                    .as(check).isFalse();
        }
        for (String channel : new String[] {"alerts-in", "readings-in", "checkins-in"}) {
            assertThat(config.getValue("mp.messaging.incoming." + channel + ".enabled", Boolean.class))
                    .as(channel).isFalse();
        }
        assertThat(Role.DETECTOR.runsDetector()).isTrue();
        assertThat(Role.DETECTOR.runsApi()).isFalse();
    }

    @Test
    void shouldKeepTheHttpApiDatabaseAndChannelsButNotTheDetectorInTheApiRole() {
        SmallRyeConfig config = role("api");

        assertThat(config.getConfigMapping(RoleConfig.class).role()).isEqualTo(Role.API);
        assertThat(config.getOptionalValue("quarkus.http.host-enabled", Boolean.class)).isEmpty();
        assertThat(config.getOptionalValue("quarkus.smallrye-health.check.\"" + RoleSettings.DATABASE_CHECKS.get(0)
                + "\".enabled", Boolean.class)).isEmpty();
        assertThat(config.getOptionalValue("mp.messaging.incoming.readings-in.enabled", Boolean.class)).isEmpty();
        // The Kafka Streams Topology is left out of lookup on exactly this value (DetectorWiring).
        assertThat(config.getValue(Role.PROPERTY, String.class)).isEqualTo("api");
        assertThat(Role.API.runsDetector()).isFalse();
        assertThat(Role.API.runsApi()).isTrue();
    }

    @Test
    void shouldLetAnOperatorOverrideOneSettingByHand() {
        SmallRyeConfig config = config(Map.of(Role.PROPERTY, "detector", "quarkus.http.host-enabled", "true"));

        assertThat(config.getValue("quarkus.http.host-enabled", Boolean.class)).isTrue();
        assertThat(config.getValue("mp.messaging.incoming.alerts-in.enabled", Boolean.class)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"detectr", "API", " api", "both", ""})
    void shouldRefuseToStartWithAnUnknownRoleNamingTheThreeValues(String value) {
        assertThatThrownBy(() -> role(value))
                .hasStackTraceContaining("portwatch.role (PORTWATCH_ROLE) is '" + value + "'")
                .hasStackTraceContaining("must be one of detector, api, all");
    }

    @Test
    void shouldLeaveOtherPortwatchKeysAlone() {
        SmallRyeConfig config = config(Map.of("portwatch.test.infra", "shared", Role.PROPERTY, "api"));

        assertThat(config.getConfigMapping(RoleConfig.class).role()).isEqualTo(Role.API);
    }

    @Test
    void shouldShowTheRoleInLowerCaseAsConfigured() {
        assertThat(Role.parse("detector").label()).isEqualTo("detector");
        assertThat(Role.parse("all")).isEqualTo(Role.ALL);
    }
}
