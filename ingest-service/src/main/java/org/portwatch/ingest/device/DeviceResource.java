package org.portwatch.ingest.device;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.ingest.config.IngestConfig;

/** The device registry for administrators: register (issue a token), look up, revoke. */
@Path("/api/v1/devices")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Devices", description = "Register wearables and gateways, and revoke their tokens (role admin)")
@SecurityRequirement(name = "jwt")
@APIResponse(responseCode = "429", description = "Too many requests from this client address (before the token is read); "
        + "retry after Retry-After seconds")
public class DeviceResource {

    private final DeviceService service;
    private final JsonWebToken jwt;
    private final IngestConfig config;

    public DeviceResource(DeviceService service, JsonWebToken jwt, IngestConfig config) {
        this.service = service;
        this.jwt = jwt;
        this.config = config;
    }

    /**
     * PostgreSQL unreachable is 503 with Retry-After, not 500 and not a hanging request: refused, or no
     * connection from the pool within twice the registry timeout (RegistryPoolCreator), or no answer within
     * five times it (10 s: a frozen server holds a query for ever; an administrator's write gets more room
     * than a device's lookup). A registration or revocation that got 503 may or may not have been stored:
     * GET the device to find out (a repeated registration is 409).
     */
    private <T> Uni<T> unavailableAs503(Uni<T> work) {
        return work.ifNoItem().after(config.registryTimeout().multipliedBy(5)).fail()
                .onFailure(RegistryErrors::isUnavailable)
                .transform(error -> RegistryErrors.unavailable(config.registryRetryAfterSeconds()));
    }

    /** Who is acting, for the audit trail. */
    private String subject() {
        String subject = jwt == null ? null : jwt.getSubject();
        return subject == null ? "unknown" : subject;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a device", description = "Issues the device's bearer token. The token is in this answer "
            + "only: it is stored as a hash and cannot be shown again.")
    @APIResponse(responseCode = "201", description = "Registered; the body holds the token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeviceView.class)))
    @APIResponse(responseCode = "409", description = "The deviceId is taken (ids are never reused)")
    @APIResponse(responseCode = "413", description = "Body over 16 KiB")
    @APIResponse(responseCode = "422", description = "Invalid fields")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "503", description = "The device registry (PostgreSQL) cannot be reached; retry after "
            + "Retry-After seconds")
    public Uni<Response> register(@NotNull @Valid DeviceRegistration registration, @Context UriInfo uri) {
        return unavailableAs503(service.register(registration, subject())).map(device -> Response
                .created(uri.getAbsolutePathBuilder().path(device.deviceId()).build())
                .entity(device)
                .build());
    }

    @GET
    @Path("/{deviceId}")
    @Operation(summary = "Look up a device", description = "The registration and its status; never the token.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DeviceView.class)))
    @APIResponse(responseCode = "404", description = "No such device")
    @APIResponse(responseCode = "503", description = "The device registry (PostgreSQL) cannot be reached; retry after "
            + "Retry-After seconds")
    public Uni<DeviceView> get(@PathParam("deviceId") String deviceId) {
        return unavailableAs503(service.find(deviceId));
    }

    @DELETE
    @Path("/{deviceId}")
    @Operation(summary = "Revoke a device", description = "Its token stops working at once on this instance and within "
            + "30 s on every other. Idempotent; the registration stays for the record.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such device")
    @APIResponse(responseCode = "503", description = "The device registry (PostgreSQL) cannot be reached; retry after "
            + "Retry-After seconds")
    public Uni<Response> revoke(@PathParam("deviceId") String deviceId) {
        return unavailableAs503(service.revoke(deviceId, subject())).map(device -> Response.noContent().build());
    }
}
