/**
 * Rules as data: {@link dev.keyward.rules.RuleSet} reads TOML rule files (gitleaks' field names where they mean
 * the same) into immutable {@link dev.keyward.rules.Rule}s, or fails with a {@link dev.keyward.rules.RuleException}
 * naming the file, rule and field. {@link dev.keyward.rules.Allowlist} is the one allowlist model, for a rule's
 * own allowlists (which target that rule) and a config's alike; {@link dev.keyward.rules.ConfigDocument} reads a
 * config document into plain values for {@code dev.keyward.suppress.Config}. This package depends on
 * {@code dev.keyward.finding} only.
 */
package dev.keyward.rules;
