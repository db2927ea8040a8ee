/**
 * Rules as data: {@link dev.keyward.rules.RuleSet} reads TOML rule files (gitleaks' field names where they mean
 * the same) into immutable {@link dev.keyward.rules.Rule}s, or fails with a {@link dev.keyward.rules.RuleException}
 * naming the file, rule and field.
 */
package dev.keyward.rules;
