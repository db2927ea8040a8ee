/**
 * Opt-in verification of AWS credentials found by scanner-core, and the first response to a leak. This is the
 * only keyward module that opens network connections, and only when a caller asks it to.
 */
package dev.keyward.verify;
