package org.portwatch.model;

import java.util.regex.Pattern;

/**
 * The one shape of the ids the services exchange: patients, devices and care teams. Opaque, URL-safe and short,
 * never names or record numbers a person could read. One contract, so a patient registered for a device at ingest
 * is monitored under the same id in alert-service, and an id that passes one service's check passes the other's.
 *
 * <p>{@link #PATTERN} and {@link #MESSAGE} are constants because Bean Validation's {@code @Pattern} and OpenAPI's
 * {@code @Schema} take only constants; code checks with {@link #isValid}.
 */
public final class Ids {

    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}";
    public static final String MESSAGE = "must be 1-64 letters, digits or . _ : - and start with a letter or digit";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Ids() {
    }

    /** Whether {@code id} has the shape of {@link #PATTERN}; {@code null} has not. */
    public static boolean isValid(String id) {
        return id != null && COMPILED.matcher(id).matches();
    }
}
