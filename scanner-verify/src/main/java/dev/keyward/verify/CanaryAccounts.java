package dev.keyward.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The AWS accounts known to hold canary tokens, read from {@code rules/canary-accounts.toml} (packaged in the
 * scanner-core jar) plus any the caller adds. Immutable.
 */
public final class CanaryAccounts {

    static final String RESOURCE = "/dev/keyward/rules/canary-accounts.toml";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final Map<String, String> services; // account -> who runs it

    private CanaryAccounts(Map<String, String> services) {
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The built-in list. */
    public static CanaryAccounts builtIn() {
        try (InputStream in = CanaryAccounts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the canary account list " + RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "canary-accounts.toml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a list in the format of {@code rules/canary-accounts.toml}: {@code [[accounts]]} with {@code id}
     * (12 digits), {@code service} and {@code source} (both required: every entry names where it comes from).
     *
     * @throws IllegalArgumentException naming the origin and entry when the text is not such a list
     */
    public static CanaryAccounts parse(String toml, String origin) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": not valid TOML: " + e.getMessage(), e);
        }
        JsonNode accounts = root.path("accounts");
        if (!accounts.isArray()) {
            throw new IllegalArgumentException(origin + ": no [[accounts]] entries");
        }
        Map<String, String> map = new LinkedHashMap<>();
        int n = 0;
        for (JsonNode a : accounts) {
            n++;
            String id = a.path("id").asText("");
            if (!ACCOUNT.matcher(id).matches()) {
                throw new IllegalArgumentException(origin + ": entry " + n + ": 'id' must be 12 digits, got '" + id
                        + "'");
            }
            String service = a.path("service").asText("");
            String source = a.path("source").asText("");
            if (service.isBlank() || source.isBlank()) {
                throw new IllegalArgumentException(origin + ": entry " + n + " (" + id
                        + "): 'service' and 'source' are required");
            }
            if (map.putIfAbsent(id, service) != null) {
                throw new IllegalArgumentException(origin + ": account " + id + " is listed twice");
            }
        }
        return new CanaryAccounts(map);
    }

    /** This list and the given accounts (12 digits each), for example a team's own canaries. */
    public CanaryAccounts with(Set<String> extra, String service) {
        Map<String, String> map = new LinkedHashMap<>(services);
        for (String id : extra) {
            if (!ACCOUNT.matcher(Objects.requireNonNull(id)).matches()) {
                throw new IllegalArgumentException("a canary account must be 12 digits, got '" + id + "'");
            }
            map.putIfAbsent(id, service);
        }
        return new CanaryAccounts(map);
    }

    /** True when the account holds canary tokens. */
    public boolean contains(String account) {
        return account != null && services.containsKey(account);
    }

    /** Who runs the canary account, or null. */
    public String service(String account) {
        return account == null ? null : services.get(account);
    }

    /** Every listed account. */
    public Set<String> accounts() {
        return services.keySet();
    }
}
