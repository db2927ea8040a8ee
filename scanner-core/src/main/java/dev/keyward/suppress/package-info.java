/**
 * Suppression that does not rot: {@link dev.keyward.suppress.Config} reads {@code .keyward.toml} (or a gitleaks
 * config, unchanged) with rules and allowlists; {@link dev.keyward.suppress.Baseline} holds findings accepted on
 * purpose, keyed on content. Both are given to {@link dev.keyward.Scanner.Builder} and applied to every input a
 * {@link dev.keyward.Scanner} reads, whatever its source (files, history, staged changes).
 */
package dev.keyward.suppress;
