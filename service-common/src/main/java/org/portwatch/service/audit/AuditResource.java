package org.portwatch.service.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The audit trail of this service for administrators: newest first, filterable by actor, action and target. */
@Path("/api/v1/audit")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who did what, when (role admin)")
@SecurityRequirement(name = "jwt")
public class AuditResource {

    /** Details are flat maps of names, ids and numbers: a plain mapper serves. */
    private static final ObjectMapper DETAILS = new ObjectMapper();

    static final String WHERE = " FROM audit_entry WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2)"
            + " AND ($3::text IS NULL OR target_type = $3) AND ($4::text IS NULL OR target_id = $4)";

    /** One audit entry. */
    public record Entry(long id, Instant at, String actor, String action, String targetType, String targetId,
            Map<String, Object> details) {
    }

    /** A page of entries, newest first. */
    public record Page(List<Entry> items, long total, int page, int size) {
    }

    private final Pool pool;

    public AuditResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Operation(summary = "Audit trail", description = "alert-service: acknowledgements, resolutions, threshold, webhook, "
            + "escalation-policy and push-subscription changes, reads of alert evidence; ingest-service: device "
            + "registrations and revocations.")
    public Uni<Page> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("targetType") String targetType, @QueryParam("targetId") String targetId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        List<Object> filters = Arrays.asList(blank(actor), blank(action), blank(targetType), blank(targetId));
        List<Object> paged = new ArrayList<>(filters);
        paged.add(size);
        paged.add(page * size);
        return pool.preparedQuery("SELECT id, at, actor, action, target_type, target_id, CAST(details AS text) AS details"
                        + WHERE + " ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6").execute(Tuple.from(paged))
                .flatMap(rows -> {
                    List<Entry> items = new ArrayList<>();
                    rows.forEach(row -> items.add(new Entry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(),
                            row.getString("actor"), row.getString("action"), row.getString("target_type"),
                            row.getString("target_id"), details(row.getString("details")))));
                    return pool.preparedQuery("SELECT count(*) AS total" + WHERE).execute(Tuple.from(filters))
                            .map(count -> new Page(items, count.iterator().next().getLong("total"), page, size));
                });
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(String json) {
        try {
            return DETAILS.readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Map.of();
        }
    }
}
