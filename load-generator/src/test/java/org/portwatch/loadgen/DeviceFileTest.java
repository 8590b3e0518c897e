package org.portwatch.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceFileTest {

    @TempDir
    Path dir;

    @Test
    void devicesWrittenAreReadBackWithTheirTokensAndOnlyTheOwnerMayReadThem() throws Exception {
        Path file = dir.resolve("devices.tsv");
        Device[] devices = {Device.of("load-a-0", "load-a-p0", "tok0"), Device.of("load-a-1", "load-a-p1", "tok1")};

        DeviceFile.write(file, devices);

        assertThat(DeviceFile.read(file)).containsExactly(devices);
        assertThat(DeviceFile.read(file)[1].authorization()).isEqualTo("Bearer tok1");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Set.of(dir.toFile().list())).containsExactly("devices.tsv");
    }

    @Test
    void aFileOfSomethingElseIsAUsageError() throws Exception {
        Path file = dir.resolve("other.txt");
        Files.writeString(file, "not devices\n");
        assertThatThrownBy(() -> DeviceFile.read(file)).isInstanceOf(Options.UsageException.class)
                .hasMessageContaining("not a devices file");
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> DeviceFile.read(file)).hasMessageContaining("holds no devices");
    }
}
