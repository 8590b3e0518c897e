package org.portwatch.ingest.device;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, String> {

    /** At most {@code limit} devices that are not revoked, for the verdicts a fresh instance starts with. */
    public Uni<List<Device>> listActive(int limit) {
        return find("revokedAt is null").page(0, limit).list();
    }

    public Uni<Device> findActiveByTokenHash(String tokenHash) {
        return find("tokenHash = ?1 and revokedAt is null", tokenHash).firstResult();
    }
}
