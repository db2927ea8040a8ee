package dev.keyward.org;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A clone URL taken apart: what keyward accepts, its identity and the user info it carries. */
record CloneUrl(String scheme, String user, String password, String host, int port, String path) {

    // [user@]host:path, the scp-like form git accepts; a host has no slash, so "./a:b" stays a path.
    private static final Pattern SCP = Pattern.compile("^(?:([A-Za-z0-9._~-]+)@)?([A-Za-z0-9.-]+):(?!//)(.+)$");

    /** Whether {@code s} looks like a URL rather than a path (so a bad URL gets a URL's error message). */
    static boolean looksLikeUrl(String s) {
        return s.contains("://") || SCP.matcher(s).matches() && !s.startsWith("/");
    }

    static CloneUrl parse(String url) {
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a clone URL has no spaces or control characters");
        }
        int sep = url.indexOf("://");
        if (sep < 0) {
            Matcher m = SCP.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a clone URL (https://, ssh://, git@host:path or file://)");
            }
            return checked(new CloneUrl("ssh", m.group(1), null, m.group(2).toLowerCase(Locale.ROOT), -1,
                    m.group(3)));
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https", "ssh", "file" -> {
            }
            case "http" -> throw new IllegalArgumentException("plain http:// is not supported; use https://");
            default -> throw new IllegalArgumentException("unsupported scheme " + scheme
                    + ":// (use https://, ssh://, git@host:path or file://)");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getReason());
        }
        String host = u.getHost();
        if (!scheme.equals("file") && (host == null || host.isEmpty())) {
            throw new IllegalArgumentException("a " + scheme + ":// URL needs a host");
        }
        String user = null;
        String password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return checked(new CloneUrl(scheme, user, password, host == null ? "" : host.toLowerCase(Locale.ROOT),
                u.getPort(), u.getPath() == null ? "" : u.getPath()));
    }

    private static CloneUrl checked(CloneUrl u) {
        String p = trimmed(u.path);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the URL names no repository path");
        }
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("the URL's path has an empty, '.' or '..' part");
            }
        }
        return u;
    }

    /** {@code host[_port]/path}, without {@code .git}: the same repository has one key however it is spelled. */
    String key() {
        String h = scheme.equals("file") ? "file" + (host.isEmpty() ? "" : "/" + host) : host;
        return h + (port > 0 ? "_" + port : "") + "/" + trimmed(path);
    }

    /** The host, or {@code file} for a file URL; the first folder of the mirror. */
    String hostKey() {
        return key().substring(0, key().indexOf('/'));
    }

    /** The path under the host, without {@code .git}. */
    String pathKey() {
        return key().substring(key().indexOf('/') + 1);
    }

    private static String trimmed(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
        }
        return p;
    }

    /**
     * The URL as handed to JGit: an HTTPS URL without user info, an SSH URL without a password. The credentials
     * go to JGit separately, so that nothing JGit writes (such as {@code FETCH_HEAD}) can hold them.
     */
    static String withoutSecrets(String url) {
        int[] span = userInfo(url);
        if (span == null) {
            return url;
        }
        int start = span[0];
        int at = span[1];
        String info = url.substring(start, at);
        int colon = info.indexOf(':');
        String kept = url.startsWith("https") ? "" : (colon >= 0 ? info.substring(0, colon) : info) + "@";
        return url.substring(0, start) + kept + url.substring(at + 1);
    }

    /** Where a URL's user info lies: {start, index of its '@'}, or null when it has none. */
    private static int[] userInfo(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            return null;
        }
        int start = sep + 3;
        int slash = url.indexOf('/', start);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() : slash);
        return at < start ? null : new int[] {start, at};
    }

    /** The URL with any password or token replaced by {@code ***}, fit for a message. */
    static String redact(String url) {
        int[] span = userInfo(url);
        if (span == null) {
            return url;
        }
        int start = span[0];
        int at = span[1];
        String info = url.substring(start, at);
        int colon = info.indexOf(':');
        String shown = colon >= 0 ? info.substring(0, colon) + ":***"
                : url.startsWith("https") ? "***" : info;
        return url.substring(0, start) + shown + url.substring(at);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
