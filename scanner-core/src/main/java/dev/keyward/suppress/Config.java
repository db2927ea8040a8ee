package dev.keyward.suppress;

import dev.keyward.rules.Allowlist;
import dev.keyward.rules.ConfigDocument;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleException;
import dev.keyward.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A keyward config file ({@code .keyward.toml}), or a gitleaks config read unchanged: rules to add, rules to turn
 * off or on, and allowlists. Immutable and thread-safe.
 *
 * <pre>
 * [extend]
 * useDefault = true                    # keep the built-in AWS rules beside [[rules]] below
 * disabledRules = ["aws-account-id"]   # turn rules off by id
 * enabledRules = ["aws-iam-unique-id"] # turn rules that are off by default on
 *
 * [[rules]]                            # same fields as rules/aws.toml (gitleaks' names)
 * id = "acme-token"
 * regex = '''acme_[a-z0-9]{32}'''
 *
 * [allowlist]                          # gitleaks' global allowlist; also [[allowlists]] with targetRules
 * paths = ['''(^|/)testdata/''']       # RE2 regexes on the path
 * globs = ["**&#47;*.lock", "vendor/"]  # path globs (keyward's own key)
 * regexes = ['''^AKIA.*TEST''']        # on the secret (regexTarget = "match" or "line" for others)
 * stopwords = ["dummy"]
 * commits = ["9f1c2d3e4b5a"]           # history blobs first introduced by these commits
 * </pre>
 *
 * <p>Rules: a config without {@code [[rules]]} keeps the built-in rules. A config with its own {@code [[rules]]}
 * replaces them, as in gitleaks, unless {@code [extend] useDefault = true}; when it says neither way, a warning
 * says the built-in rules are off. A config rule with the id of a built-in rule replaces that rule.
 *
 * <p>Paths: allowlist paths and globs are matched against the path relative to the folder holding the config file
 * (for files under it) and against the path as reported ({@code ./} removed); either matching is enough. History
 * and staged paths are relative to the repository already.
 *
 * <p>Parsing returns a config or throws a {@link RuleException} naming the file, the rule and the field. Keys
 * keyward does not support are listed in {@link #warnings()}, never dropped silently.
 */
public final class Config {

    /** The file name found automatically at the scanned folder or the repository root. */
    public static final String FILE_NAME = ".keyward.toml";

    private final String origin;
    private final Path base;
    private final RuleSet rules;
    private final boolean hasRules;
    private final boolean useDefault;
    private final Set<String> disabledRules;
    private final Set<String> enabledRules;
    private final List<Allowlist> allowlists;
    private final List<String> warnings;

    private Config(String origin, Path base, List<Rule> rules, boolean hasRules, boolean useDefault,
                   Set<String> disabled, Set<String> enabled, List<Allowlist> allowlists, List<String> warnings) {
        this.origin = origin;
        this.base = base;
        this.rules = RuleSet.of(rules);
        this.hasRules = hasRules;
        this.useDefault = useDefault;
        this.disabledRules = Set.copyOf(disabled);
        this.enabledRules = Set.copyOf(enabled);
        this.allowlists = List.copyOf(allowlists);
        this.warnings = List.copyOf(warnings);
    }

    /** A config that changes nothing. */
    public static Config empty() {
        return new Config("no config", null, List.of(), false, true, Set.of(), Set.of(), List.of(), List.of());
    }

    /**
     * Reads a config file. Allowlist paths are matched relative to the folder holding it.
     *
     * @throws RuleException naming the file (and rule and field) when it cannot be read or used
     */
    public static Config load(Path file) {
        Objects.requireNonNull(file, "file");
        String origin = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RuleException(origin, null, null, "no such file");
        } catch (IOException e) {
            throw new RuleException(origin, null, null, "cannot read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RuleException(origin, null, null, "not valid UTF-8 text");
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(text, origin, dir);
    }

    /**
     * Parses a config document.
     *
     * @param toml   the document
     * @param origin the file name to put in messages
     * @param base   the folder allowlist paths are relative to, or null
     * @throws RuleException naming the origin, rule and field of the first problem
     */
    public static Config parse(String toml, String origin, Path base) {
        Objects.requireNonNull(toml, "toml");
        Objects.requireNonNull(origin, "origin");
        ConfigDocument d = ConfigDocument.parse(toml, origin);
        return new Config(origin, base, d.rules(), d.hasRules(), d.useDefault(), d.disabledRules(),
                d.enabledRules(), d.allowlists(), d.warnings());
    }

    /**
     * The config file that applies to a scan of {@code scanned}: {@value #FILE_NAME} in the scanned folder (the
     * folder of a scanned file), else in the root of the Git repository holding it.
     */
    public static Optional<Path> find(Path scanned) {
        Path p = scanned.toAbsolutePath().normalize();
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        if (dir == null) {
            return Optional.empty();
        }
        Path here = dir.resolve(FILE_NAME);
        if (Files.isRegularFile(here)) {
            return Optional.of(here);
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                Path atRoot = d.resolve(FILE_NAME);
                return Files.isRegularFile(atRoot) ? Optional.of(atRoot) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The rules in force when this config is applied over {@code base} (normally {@link RuleSet#defaults()}). */
    public RuleSet rulesOver(RuleSet baseRules) {
        if (!hasRules) {
            return baseRules;
        }
        return useDefault ? baseRules.plus(rules) : rules;
    }

    /** Where it came from (the file name), for messages. */
    public String origin() {
        return origin;
    }

    /** The folder allowlist paths are relative to, or null. */
    public Optional<Path> base() {
        return Optional.ofNullable(base);
    }

    /** The config's own rules ({@code [[rules]]}), in file order. */
    public RuleSet rules() {
        return rules;
    }

    /** Whether the config has {@code [[rules]]} (which then replace the built-in rules unless useDefault). */
    public boolean hasRules() {
        return hasRules;
    }

    /** {@code [extend] useDefault}. */
    public boolean useDefault() {
        return useDefault;
    }

    /** Rule ids turned off ({@code [extend] disabledRules}). */
    public Set<String> disabledRules() {
        return disabledRules;
    }

    /** Rule ids turned on ({@code [extend] enabledRules}). */
    public Set<String> enabledRules() {
        return enabledRules;
    }

    /** The allowlists: {@code [allowlist]}, {@code [[allowlists]]} and each rule's {@code [[rules.allowlists]]}. */
    public List<Allowlist> allowlists() {
        return allowlists;
    }

    /** Keys that were present but not supported, and other things worth telling the user, one message each. */
    public List<String> warnings() {
        return warnings;
    }
}
