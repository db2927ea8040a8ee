/**
 * Reports: a {@link dev.keyward.report.Report} (what a scan of files, a history scan or a staged check found) and
 * one {@link dev.keyward.report.Reporter} per format that writes it, {@link dev.keyward.report.Redaction} (which
 * every reporter applies) and the {@link dev.keyward.report.Remediation} text. Reporters are stateless and
 * thread-safe.
 */
package dev.keyward.report;
