package org.portwatch.alert.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A resource as someone might add it without deciding who may call it: no security annotation on it or its class.
 * Test code only (hidden from the OpenAPI document, so no inventory counts it), for {@link DenyUnannotatedTest}.
 */
@Path("/api/v1/test-only/unannotated")
public class UnannotatedProbeResource {

    @GET
    @Operation(hidden = true)
    public String get() {
        return "open to anyone";
    }
}
