package org.portwatch.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail. {@code type} is stable and documented; {@code detail} is for people.
 * Never an exception class name, a stack trace or a patient's data.
 *
 * @param errors per-field violations, where the problem is about fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(
        @Schema(example = "urn:portwatch:problem:invalid-readings") String type,
        @Schema(example = "No valid readings") String title,
        @Schema(example = "422") int status,
        @Schema(example = "None of the 2 readings could be accepted; see errors.") String detail,
        @Schema(example = "/api/v1/readings") String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One rejected field.
     *
     * @param index  the position of the reading in the request, where the field belongs to one
     * @param field  the JSON field
     * @param reason a stable code, e.g. {@code IMPLAUSIBLE_VALUE}
     * @param detail a human sentence
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer index, String field, String reason, String detail) {
    }
}
