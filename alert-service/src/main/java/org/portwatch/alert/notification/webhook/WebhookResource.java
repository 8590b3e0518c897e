package org.portwatch.alert.notification.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.model.Ids;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;

/**
 * A care team's webhook receivers: configuration, so administrators only. Every request is signed per Standard
 * Webhooks with the secret shown once, at creation or rotation (during a rotation's overlap, with both).
 */
@Path("/api/v1/care-teams/{careTeamId}/webhooks")
@RolesAllowed(CareTeamAccess.ROLE_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Signed HTTP notifications to paging and messaging systems (role admin)")
@SecurityRequirement(name = "jwt")
public class WebhookResource {

    /** A webhook id: a UUID, so the path cannot smuggle anything into a query or a log line. */
    static final String ID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String ID_MESSAGE = "must be a webhook id (a UUID)";

    static final String CREATED_EXAMPLE = """
            {"id": "6f1c2f0e-3b8a-4d8e-9a51-2f4f0c7d9b11", "careTeamId": "oncology-day-unit",
             "url": "https://pager.example-hospital.org/hooks/portwatch", "audience": "ESCALATION",
             "secret": "whsec_K3h0c2VjcmV0LWV4YW1wbGUtb25seS1kby1ub3QtdXNlIQ==",
             "createdAt": "2025-03-01T08:15:30.123456Z"}""";
    static final String REFUSED_EXAMPLE = """
            {"type": "urn:portwatch:problem:validation-failed", "title": "Invalid request fields", "status": 422,
             "detail": "Invalid value for: url.", "instance": "/api/v1/care-teams/oncology-day-unit/webhooks",
             "errors": [{"field": "url", "reason": "ADDRESS_NOT_ALLOWED",
                         "detail": "The host metadata.internal resolves to a non-public address; webhooks may only reach public addresses."}]}""";

    private final WebhookService service;
    private final CareTeamAccess access;

    public WebhookResource(WebhookService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a webhook",
            description = "The URL must be absolute http(s) without user info, and its host must resolve to public "
                    + "addresses only (no loopback, private, link-local, carrier-grade NAT, multicast, documentation, "
                    + "tunnel or translator (Teredo, NAT64 local-use, 6to4 relay) or reserved ones, "
                    + "unless the operator allowed a network). Each delivery is a POST of the notification's JSON with "
                    + "the headers webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks, v1 = "
                    + "HMAC-SHA256); redirects are not followed. The answer shows the signing secret: the only time.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookInput.class),
            examples = @ExampleObject(name = "onCall", summary = "The on-call pager: escalations only",
                    value = "{\"url\": \"https://pager.example-hospital.org/hooks/portwatch\", \"audience\": \"ESCALATION\"}")))
    @APIResponse(responseCode = "201", description = "Registered; the secret is shown here only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedWebhook.class),
                    examples = @ExampleObject(name = "created", value = CREATED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Malformed JSON")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    @APIResponse(responseCode = "422", description = "Invalid URL, refused address, unknown audience or care team id",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "refused", value = REFUSED_EXAMPLE)))
    public Uni<Response> create(
            @Parameter(description = "The care team's opaque id", example = "oncology-day-unit")
            @PathParam("careTeamId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String careTeamId,
            WebhookInput input, @Context UriInfo uri) {
        return service.create(careTeamId, input, access).map(created -> Response
                .created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build());
    }

    @GET
    @Operation(summary = "List a care team's webhooks", description = "Live webhooks, oldest first, without secrets.")
    @APIResponse(responseCode = "200", description = "The webhooks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView[].class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    public Uni<List<WebhookView>> list(
            @PathParam("careTeamId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String careTeamId) {
        return service.list(careTeamId);
    }

    @GET
    @Path("/{webhookId}")
    @Operation(summary = "Read a webhook", description = "Without its secret. A deleted webhook is not found.")
    @APIResponse(responseCode = "200", description = "The webhook",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class)))
    @APIResponse(responseCode = "404", description = "No such webhook in this care team")
    public Uni<WebhookView> get(
            @PathParam("careTeamId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String careTeamId,
            @PathParam("webhookId") @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String webhookId) {
        return service.find(careTeamId, UUID.fromString(webhookId));
    }

    @DELETE
    @Path("/{webhookId}")
    @Operation(summary = "Delete a webhook",
            description = "No new notifications go to it; queued ones are dropped (GONE). Its attempt log stays readable.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such webhook in this care team (or already deleted)")
    public Uni<Response> delete(
            @PathParam("careTeamId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String careTeamId,
            @PathParam("webhookId") @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String webhookId) {
        return service.delete(careTeamId, UUID.fromString(webhookId), access).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{webhookId}/secret/rotate")
    @Operation(summary = "Rotate a webhook's signing secret",
            description = "A new secret replaces the current one and is shown here, once. For "
                    + "notification.webhook.secrets.rotation-overlap (24 h by default) every delivery carries two v1 "
                    + "signatures, with the new and the former secret, space-separated in webhook-signature (Standard "
                    + "Webhooks): install the new secret on the receiver within that time. Audited.")
    @APIResponse(responseCode = "200", description = "Rotated; the new secret is shown here only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RotatedSecret.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    @APIResponse(responseCode = "404", description = "No such webhook in this care team (or deleted)")
    public Uni<RotatedSecret> rotate(
            @PathParam("careTeamId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String careTeamId,
            @PathParam("webhookId") @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String webhookId) {
        return service.rotate(careTeamId, UUID.fromString(webhookId), access);
    }

    @GET
    @Path("/{webhookId}/attempts")
    @Operation(summary = "A webhook's latest delivery attempts",
            description = "Newest first: the notification id (the webhook-id header), the attempt number, when, the "
                    + "outcome (DELIVERED, RETRY, GONE, REJECTED), the receiver's status and how long it took. Also for a "
                    + "deleted webhook.")
    @APIResponse(responseCode = "200", description = "The attempts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeliveryAttemptView[].class)))
    @APIResponse(responseCode = "404", description = "No such webhook in this care team")
    public Uni<List<DeliveryAttemptView>> attempts(
            @PathParam("careTeamId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String careTeamId,
            @PathParam("webhookId") @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String webhookId,
            @Parameter(description = "How many attempts, newest first (1-500)")
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return service.attempts(careTeamId, UUID.fromString(webhookId), limit);
    }
}
