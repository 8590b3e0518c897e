/**
 * FHIR R4 out: a care team's patients' stored readings as vital-signs Observations and their alerts as Flags
 * ({@link org.portwatch.alert.fhir.FhirResources} argues Flag over DetectedIssue), searched by patient with paging.
 * Reads the readings history's and the alerts of record's tables through
 * {@link org.portwatch.alert.fhir.FhirRepository}; uses {@code patient} (the care team), {@code security}; nothing
 * imports it.
 */
package org.portwatch.alert.fhir;
