package org.portwatch.alert.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Admin clients that reach the brokers exactly as the service's consumers and the detector do. */
public final class Admins {

    private Admins() {
    }

    /**
     * An admin client from the service's {@code kafka.*} settings (bootstrap servers, and TLS/SASL where production
     * sets them), keeping only the admin client's own keys, with short timeouts: its callers ask for SREs and must
     * give up well within a probe or scrape interval.
     */
    public static Admin create(Map<String, Object> kafkaConfig, String clientId) {
        Map<String, Object> props = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        return Admin.create(props);
    }
}
