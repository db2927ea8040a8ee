package dev.keyward.rules;

/**
 * A rule or config file that cannot be used, with the file, rule id and field it is about, so the message alone
 * tells a person what to fix.
 */
public final class RuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String origin;
    private final String ruleId;
    private final String field;

    public RuleException(String origin, String ruleId, String field, String message) {
        super(compose(origin, ruleId, field, message));
        this.origin = origin;
        this.ruleId = ruleId;
        this.field = field;
    }

    private static String compose(String origin, String ruleId, String field, String message) {
        StringBuilder sb = new StringBuilder(origin == null ? "rules" : origin);
        if (ruleId != null) {
            sb.append(": rule '").append(ruleId).append('\'');
        }
        if (field != null) {
            sb.append(": field '").append(field).append('\'');
        }
        return sb.append(": ").append(message).toString();
    }

    /** The file or resource the rule came from. */
    public String origin() {
        return origin;
    }

    /** The rule id, or null when the problem is not in one rule. */
    public String ruleId() {
        return ruleId;
    }

    /** The field, or null when the problem is not in one field. */
    public String field() {
        return field;
    }
}
