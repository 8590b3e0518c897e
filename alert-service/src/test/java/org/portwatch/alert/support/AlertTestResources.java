package org.portwatch.alert.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.portwatch.infra.testing.JwtTestResource;
import org.portwatch.infra.testing.KafkaTestResource;
import org.portwatch.infra.testing.PostgresTestResource;

/**
 * Every @QuarkusTest of this module runs against a real KRaft broker and a real PostgreSQL, started
 * once per test JVM; tokens come from a dev identity provider whose public key the app trusts.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "portwatch"))
@QuarkusTestResource(JwtTestResource.class)
public final class AlertTestResources {

    private AlertTestResources() {
    }
}
