package org.portwatch.alert.fhir;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.OperationOutcomes;

/**
 * FHIR R4 out, for hospital systems reading what we hold: a patient's stored readings as vital-signs Observations and
 * their alerts as Flags, searchset Bundles with paging links. Clinicians of the patient's care team; every error an
 * OperationOutcome (service-common renders problems under /fhir/ so).
 */
@Path("/fhir/r4")
@Produces({OperationOutcomes.FHIR_JSON, MediaType.APPLICATION_JSON})
@Tag(name = "FHIR R4", description = "A patient's vital signs and alerts as FHIR R4 (role clinician)")
public class FhirReadResource {

    private static final byte[] CAPABILITY_STATEMENT = load("/fhir/capability-statement.json");

    private final FhirService service;
    private final CareTeamAccess access;

    @Context
    UriInfo uri;

    public FhirReadResource(FhirService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @GET
    @Path("/metadata")
    // What this server speaks is public, as FHIR expects: clients read it before their first request.
    @PermitAll
    @Operation(summary = "CapabilityStatement", description = "What this FHIR endpoint answers (no token needed)")
    @APIResponse(responseCode = "200", description = "The CapabilityStatement")
    public Response metadata() {
        return Response.ok(CAPABILITY_STATEMENT, OperationOutcomes.FHIR_JSON).build();
    }

    @GET
    @Path("/Observation")
    @RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Search a patient's vital signs",
            description = "The patient's stored readings (30 days; off-body readings left out) as Observations of the "
                    + "vital-signs profile (bodytemp, heartrate), newest first, in a searchset Bundle with `total` and "
                    + "a `next` link while there is more. Another team's or an unknown patient: an empty searchset. "
                    + "Each search that finds the patient is audited (`fhir.observation.search`).")
    @APIResponse(responseCode = "200", description = "A searchset Bundle")
    @APIResponse(responseCode = "400", description = "A missing patient or a malformed parameter; nothing was read")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    public Uni<Response> observations(
            @Parameter(description = "Patient/{id} or {id}", required = true) @QueryParam("patient") String patient,
            @Parameter(description = "LOINC tokens, comma-separated: 8310-5, http://loinc.org|8867-4")
            @QueryParam("code") String code,
            @Parameter(description = "eq|ge|gt|le|lt and a day or an instant with its zone; repeatable")
            @QueryParam("date") List<String> date,
            @Parameter(description = "Page size, 1-1000 (default 100)") @QueryParam("_count") String count,
            @Parameter(description = "Where the page starts (from the next link)") @QueryParam("_offset") String offset) {
        FhirSearch search = FhirSearch.of(patient, code, date, null, count, offset);
        return service.observations(search, access, base(), at -> link("Observation", search, at))
                .map(bundle -> Response.ok(bundle, OperationOutcomes.FHIR_JSON).build());
    }

    @GET
    @Path("/Flag")
    @RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Search a patient's alerts",
            description = "The patient's alerts (of the patient's care team) as Flags: active while open or "
                    + "acknowledged, inactive once resolved; newest first. Another team's or an unknown patient: an "
                    + "empty searchset. Audited (`fhir.flag.search`).")
    @APIResponse(responseCode = "200", description = "A searchset Bundle")
    @APIResponse(responseCode = "400", description = "A missing patient or a malformed parameter; nothing was read")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    public Uni<Response> flags(
            @Parameter(description = "Patient/{id} or {id}", required = true) @QueryParam("patient") String patient,
            @Parameter(description = "active or inactive") @QueryParam("status") String status,
            @Parameter(description = "Page size, 1-1000 (default 100)") @QueryParam("_count") String count,
            @Parameter(description = "Where the page starts (from the next link)") @QueryParam("_offset") String offset) {
        FhirSearch search = FhirSearch.of(patient, null, null, status, count, offset);
        return service.flags(search, access, base(), at -> link("Flag", search, at))
                .map(bundle -> Response.ok(bundle, OperationOutcomes.FHIR_JSON).build());
    }

    private String base() {
        String root = uri.getBaseUri().toString();
        return (root.endsWith("/") ? root : root + "/") + "fhir/r4";
    }

    /** The search's URL at another offset: the request's own parameters, _offset replaced. */
    private String link(String type, FhirSearch search, int offset) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
            if (!parameter.getKey().equals("_offset")) {
                for (String value : parameter.getValue()) {
                    pairs.add(encode(parameter.getKey()) + "=" + encode(value));
                }
            }
        }
        pairs.add("_offset=" + offset);
        return base() + "/" + type + "?" + String.join("&", pairs);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] load(String resource) {
        try (InputStream in = FhirReadResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
