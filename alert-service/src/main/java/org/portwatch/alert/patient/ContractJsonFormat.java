package org.portwatch.alert.patient;

import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;
import org.portwatch.model.Json;

/**
 * How JSON columns ({@code patient.thresholds}) are written: with {@link Json#mapper()}, the one mapping of the
 * event contracts, not with the REST layer's ObjectMapper, whose settings are free to change for the API's sake.
 * A stored {@code Thresholds} then reads back exactly as the topic's copy does.
 *
 * <p>Persistence-unit wide (Quarkus allows one per unit): other features' JSON columns get the same mapping.
 */
@JsonFormat
@PersistenceUnitExtension
public class ContractJsonFormat implements FormatMapper {

    private final FormatMapper delegate = new JacksonJsonFormatMapper(Json.mapper());

    @Override
    public <T> T fromString(CharSequence json, JavaType<T> type, WrapperOptions options) {
        return delegate.fromString(json, type, options);
    }

    @Override
    public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
        return delegate.toString(value, type, options);
    }

    @Override
    public boolean supportsSourceType(Class<?> sourceType) {
        return delegate.supportsSourceType(sourceType);
    }

    @Override
    public boolean supportsTargetType(Class<?> targetType) {
        return delegate.supportsTargetType(targetType);
    }

    @Override
    public <T> void writeToTarget(T value, JavaType<T> type, Object target, WrapperOptions options)
            throws java.io.IOException {
        delegate.writeToTarget(value, type, target, options);
    }

    @Override
    public <T> T readFromSource(JavaType<T> type, Object source, WrapperOptions options) throws java.io.IOException {
        return delegate.readFromSource(type, source, options);
    }
}
