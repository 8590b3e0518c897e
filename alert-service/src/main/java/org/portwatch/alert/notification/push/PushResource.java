package org.portwatch.alert.notification.push;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;

/**
 * Web Push for clinicians: the dashboard reads the VAPID public key, subscribes the browser with it and hands the
 * subscription over here; from then on the device gets every alert of the clinician's care teams (and escalations,
 * when the clinician is on call), also with the dashboard closed. Administrators configure and get no pushes.
 */
@Path("/api/v1/push")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Web Push", description = "Alerts on clinicians' browsers and phones (RFC 8030, VAPID RFC 8292, RFC 8291)")
@SecurityRequirement(name = "jwt")
public class PushResource {

    static final String SUBSCRIPTION_EXAMPLE = """
            {
              "id": "4b6f1f0e-8f0a-4a59-9a55-2f1d6c1b7e10",
              "endpoint": "https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3A",
              "careTeams": ["oncology-day-unit"],
              "expirationTime": null,
              "validUntil": "2025-03-01T21:15:30Z",
              "createdAt": "2025-03-01T08:15:30.123456Z",
              "updatedAt": "2025-03-01T08:15:30.123456Z"
            }""";
    static final String INPUT_EXAMPLE = """
            {
              "endpoint": "https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bHqjZxM0VImWWqDRN7U0a3A",
              "expirationTime": null,
              "keys": {
                "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                "auth": "tBHItJI5svbpez7KI4CCXg"
              }
            }""";
    static final String VALIDATION_EXAMPLE = """
            {
              "type": "urn:portwatch:problem:validation-failed",
              "title": "Invalid request fields",
              "status": 422,
              "detail": "Invalid value for: keys.p256dh.",
              "instance": "/api/v1/push/subscriptions",
              "errors": [{"field": "keys.p256dh", "reason": "NOT_A_P256_POINT",
                          "detail": "is not a point of the P-256 curve"}]
            }""";

    private final PushSubscriptionService service;
    private final VapidKeys keys;
    private final CareTeamAccess access;

    public PushResource(PushSubscriptionService service, VapidKeys keys, CareTeamAccess access) {
        this.service = service;
        this.keys = keys;
        this.access = access;
    }

    @GET
    @Path("/vapid-public-key")
    @Authenticated
    @Operation(summary = "The key browsers subscribe with",
            description = "The application server's VAPID public key (RFC 8292): pass it, converted to bytes, as "
                    + "`applicationServerKey` to `PushManager.subscribe`. It changes only when the service's key pair "
                    + "changes; a browser subscribed with another key must unsubscribe and subscribe again.")
    @APIResponse(responseCode = "200", description = "The uncompressed P-256 point, base64url without padding",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VapidPublicKey.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    public VapidPublicKey vapidPublicKey() {
        return new VapidPublicKey(keys.publicKey());
    }

    @POST
    @Path("/subscriptions")
    @RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe this browser to alerts",
            description = "Send the browser's `PushSubscription.toJSON()` as it is. Creates the subscription (201), or "
                    + "answers 200 with the same id for an endpoint the caller subscribed already (the same browser), "
                    + "with the care teams of the caller's token. An endpoint subscribed by someone else is refused "
                    + "(409, nothing changed): unsubscribe in the browser and subscribe again for a new endpoint. The "
                    + "subscription lives until the token's expiry plus `notification.push.owner-grace` (12 h); "
                    + "`POST /api/v1/push/subscriptions/renewal` at every start of the dashboard extends it. The "
                    + "endpoint must be an https URL of a known push service; p256dh a P-256 point, auth 16 bytes, "
                    + "both base64url.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PushSubscriptionInput.class),
            examples = @ExampleObject(name = "subscription", value = INPUT_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Subscribed; Location names the subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PushSubscriptionView.class),
                    examples = @ExampleObject(name = "created", value = SUBSCRIPTION_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Already subscribed by the caller (same endpoint); care teams and validity updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PushSubscriptionView.class),
                    examples = @ExampleObject(name = "known", value = SUBSCRIPTION_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Malformed JSON")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    @APIResponse(responseCode = "409", description = "The endpoint is subscribed by someone else; nothing changed")
    @APIResponse(responseCode = "422", description = "Invalid fields: endpoint, keys.p256dh, keys.auth, expirationTime",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "notAPoint", value = VALIDATION_EXAMPLE)))
    public Uni<Response> subscribe(PushSubscriptionInput input, @Context UriInfo uri) {
        return service.subscribe(input, access).map(saved -> saved.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(saved.subscription().id()).build())
                        .entity(saved.subscription()).build()
                : Response.ok(saved.subscription()).build());
    }

    @POST
    @Path("/subscriptions/renewal")
    @RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
    @Operation(summary = "Renew my subscriptions with this token",
            description = "The dashboard calls this at every start. Every subscription of the caller (on any device) "
                    + "gets the care teams of the token presented now, and lives until its expiry plus "
                    + "`notification.push.owner-grace`: a clinician moved off a team stops getting its alerts at once, "
                    + "and one who keeps using the dashboard keeps getting pushes. No body. Answers the caller's "
                    + "subscriptions as they are now.")
    @APIResponse(responseCode = "200", description = "The caller's subscriptions, renewed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PushSubscriptionView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    public Uni<List<PushSubscriptionView>> renew() {
        return service.renew(access);
    }

    @GET
    @Path("/subscriptions")
    @RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
    @Operation(summary = "My subscribed devices", description = "The caller's own subscriptions, oldest first.")
    @APIResponse(responseCode = "200", description = "The caller's subscriptions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PushSubscriptionView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    public Uni<List<PushSubscriptionView>> list() {
        return service.list(access);
    }

    @DELETE
    @Path("/subscriptions/{id}")
    @RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
    @Operation(summary = "Unsubscribe a device",
            description = "Stops pushes to one of the caller's devices. Call it when the clinician logs out or turns "
                    + "alerts off, before `PushSubscription.unsubscribe()` in the browser.")
    @APIResponse(responseCode = "204", description = "Unsubscribed")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's")
    public Uni<Response> unsubscribe(
            @Parameter(description = "The subscription's id", example = "4b6f1f0e-8f0a-4a59-9a55-2f1d6c1b7e10")
            @PathParam("id") String id) {
        return service.unsubscribe(id, access).map(done -> Response.noContent().build());
    }
}
