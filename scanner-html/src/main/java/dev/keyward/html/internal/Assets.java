package dev.keyward.html.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page's one style sheet and one script, read once from the jar, and the Content-Security-Policy that allows
 * exactly those two (by hash) and nothing from anywhere.
 */
final class Assets {

    static final String CSS = load("report.css");
    static final String SCRIPT = load("report.js");
    static final String CSP = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; style-src '" + sha256(CSS)
            + "'; img-src data:; base-uri 'none'; form-action 'none'";

    private Assets() {
    }

    private static String load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/dev/keyward/html/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (s.contains("</")) {
                throw new IllegalStateException(name + " must not hold '</': it would close its element");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
