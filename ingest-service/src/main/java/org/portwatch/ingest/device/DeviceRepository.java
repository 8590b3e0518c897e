package org.portwatch.ingest.device;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, String> {

    public Uni<Device> findActiveByTokenHash(String tokenHash) {
        return find("tokenHash = ?1 and revokedAt is null", tokenHash).firstResult();
    }
}
