/**
 * Reports: one {@link dev.keyward.report.Reporter} per format, {@link dev.keyward.report.Redaction} (which every
 * reporter applies) and the {@link dev.keyward.report.Remediation} text. Reporters are stateless and thread-safe.
 */
package dev.keyward.report;
