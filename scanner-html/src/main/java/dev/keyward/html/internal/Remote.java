package dev.keyward.html.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a repository lives on the web, read from its remote URL: only GitHub, GitLab and Bitbucket (their public
 * hosts), only the https, ssh:// and scp-like ({@code git@host:owner/repo}) forms. Anything else gives no link, so
 * a hostile remote can never turn into a link elsewhere; user names and tokens in the URL are dropped.
 */
public record Remote(Host host, String project) {

    /** The hosts we link to, with how each spells a commit and a file at a commit. */
    public enum Host {
        GITHUB("github.com", "/commit/", "/blob/"),
        GITLAB("gitlab.com", "/-/commit/", "/-/blob/"),
        BITBUCKET("bitbucket.org", "/commits/", "/src/");

        final String name;
        final String commit;
        final String file;

        Host(String name, String commit, String file) {
            this.name = name;
            this.commit = commit;
            this.file = file;
        }

        static Host of(String hostName) {
            String h = hostName.toLowerCase(Locale.ROOT);
            for (Host x : values()) {
                if (x.name.equals(h) || ("www." + x.name).equals(h)) {
                    return x;
                }
            }
            return null;
        }
    }

    // https://[user[:pass]@]host[:port]/path  ·  ssh://[user@]host[:port]/path  ·  [user@]host:path
    private static final Pattern URL = Pattern.compile(
            "(?:https?|ssh|git\\+ssh)://(?:[^@/]*@)?([^/:]+)(?::\\d+)?/(.+)");
    private static final Pattern SCP = Pattern.compile("(?:[^@/:]+@)?([^/:]+):(?!//)(.+)");
    // Owner (GitLab: nested groups) and name: the characters these hosts allow.
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+");

    /** The web location of a remote URL, or null when it is not on one of the three hosts. */
    public static Remote parse(String url) {
        if (url == null) {
            return null;
        }
        String u = url.trim();
        Matcher m = URL.matcher(u);
        if (!m.matches()) {
            m = SCP.matcher(u);
            if (!m.matches()) {
                return null;
            }
        }
        Host host = Host.of(m.group(1));
        if (host == null) {
            return null;
        }
        String path = m.group(2);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (!PROJECT.matcher(path).matches() || path.contains("..")) {
            return null;
        }
        int segments = path.split("/").length;
        if (host != Host.GITLAB && segments != 2) {
            return null;
        }
        return new Remote(host, path);
    }

    /** The project's home page. */
    public String home() {
        return "https://" + host.name + "/" + project;
    }

    /** The page of a commit (a hex object id; anything else gives null). */
    public String commit(String commit) {
        return isHex(commit) ? home() + host.commit + commit : null;
    }

    /** The page of a file as it was at a commit, each path segment percent-encoded. */
    public String file(String commit, String path) {
        if (!isHex(commit) || path == null || path.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(home()).append(host.file).append(commit);
        for (String seg : path.split("/", -1)) {
            sb.append('/').append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static boolean isHex(String s) {
        if (s == null || s.length() < 7 || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
