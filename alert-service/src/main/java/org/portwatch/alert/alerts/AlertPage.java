package org.portwatch.alert.alerts;

import java.util.List;

/** A page of alerts, most severe and newest first; {@code total} counts every match. */
public record AlertPage(List<AlertItem> items, long total, int page, int size) {
}
