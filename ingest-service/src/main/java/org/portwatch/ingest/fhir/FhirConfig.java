package org.portwatch.ingest.fhir;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the FHIR R4 endpoint. */
@ConfigMapping(prefix = "ingest.fhir")
public interface FhirConfig {

    /**
     * How many (device, identifier) pairs this instance remembers as stored, so that a re-sent Observation is answered
     * 200 ("already seen") instead of 201 and is not sent again. 50,000 covers a thousand devices re-sending their last
     * fifty readings after a lost answer, at about 150 bytes each (7.5 MB). An identifier forgotten, or seen by another
     * replica, is answered 201 and sent again: harmless, as the detector recognises a reading by its identifier.
     */
    @WithDefault("50000")
    int rememberedIdentifiers();
}
