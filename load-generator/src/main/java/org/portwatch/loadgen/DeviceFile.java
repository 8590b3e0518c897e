package org.portwatch.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Devices kept between runs, one {@code deviceId<TAB>patientId<TAB>token} a line. Why: a cold-start measurement
 * (bench/cold-start.sh) must send its first request to an ingest-service that nothing else has touched, so its
 * devices are registered beforehand, through another instance on the same registry, and read back here. The
 * tokens are credentials: the file is created readable by its owner only.
 */
final class DeviceFile {

    private DeviceFile() {
    }

    static void write(Path file, Device[] devices) {
        StringBuilder text = new StringBuilder();
        for (Device d : devices) {
            text.append(d.deviceId()).append('\t').append(d.patientId()).append('\t').append(d.token()).append('\n');
        }
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".devices", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write devices to " + file, e);
        }
    }

    static Device[] read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Options.UsageException("cannot read devices from " + file + ": " + e);
        }
        List<Device> devices = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
                throw new Options.UsageException(file + ": not a devices file (deviceId, patientId, token by tabs)");
            }
            devices.add(Device.of(parts[0], parts[1], parts[2]));
        }
        if (devices.isEmpty()) {
            throw new Options.UsageException(file + " holds no devices");
        }
        return devices.toArray(Device[]::new);
    }
}
