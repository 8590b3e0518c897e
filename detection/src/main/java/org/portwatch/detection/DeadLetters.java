package org.portwatch.detection;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends a record the detector cannot read to {@code vitals.readings.dlq}, as it was received, with the
 * reason in headers — and the topology keeps running. Reasons name the problem, never the content.
 */
final class DeadLetters {

    static final String REASON = "x-dlq-reason";
    static final String SOURCE_TOPIC = "x-dlq-source-topic";
    static final String SOURCE_PARTITION = "x-dlq-source-partition";
    static final String SOURCE_OFFSET = "x-dlq-source-offset";

    private DeadLetters() {
    }

    static void send(ProcessorContext<Object, Object> context, Record<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, bytes(reason));
        context.recordMetadata().ifPresent((RecordMetadata metadata) -> {
            headers.add(SOURCE_TOPIC, bytes(metadata.topic()));
            headers.add(SOURCE_PARTITION, bytes(Integer.toString(metadata.partition())));
            headers.add(SOURCE_OFFSET, bytes(Long.toString(metadata.offset())));
        });
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
                DetectionTopology.DLQ_SINK);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
