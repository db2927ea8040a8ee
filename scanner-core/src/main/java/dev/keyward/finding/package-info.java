/**
 * The values a scan produces: {@link dev.keyward.finding.Finding}s with their {@link dev.keyward.finding.Location}
 * and {@link dev.keyward.finding.Provenance}, errors, skipped inputs and the {@link dev.keyward.finding.ScanResult}
 * that holds them. All are immutable records, safe to share between threads.
 */
package dev.keyward.finding;
