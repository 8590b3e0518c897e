package org.portwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class DevVapidKeysTest {

    @Test
    void shouldEncodeAnUncompressedPointAndA32ByteScalarAsBase64Url() {
        for (int i = 0; i < 20; i++) { // leading zero bytes and sign bytes happen in some pairs
            DevVapidKeys keys = DevVapidKeys.generate();
            byte[] point = Base64.getUrlDecoder().decode(keys.publicKey());
            byte[] scalar = Base64.getUrlDecoder().decode(keys.privateKey());
            assertEquals(65, point.length);
            assertEquals(0x04, point[0]);
            assertEquals(32, scalar.length);
            assertFalse(keys.publicKey().contains("="));
            assertFalse(keys.toString().contains(keys.privateKey()));
        }
        assertNotEquals(DevVapidKeys.generate().publicKey(), DevVapidKeys.generate().publicKey());
    }
}
