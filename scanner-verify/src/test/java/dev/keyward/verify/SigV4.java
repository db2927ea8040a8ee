package dev.keyward.verify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 the way AWS does, for the stand-in: rebuild the canonical request from what
 * arrived, the string to sign from it, the signing key from the secret the stand-in holds, and compare.
 */
final class SigV4 {

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
    record Auth(String keyId, String date, String region, String service, List<String> signedHeaders,
                String signature) {
    }

    private SigV4() {
    }

    /** Parses the header, or null when it is not a SigV4 header. */
    static Auth parse(String header) {
        if (header == null || !header.startsWith("AWS4-HMAC-SHA256 ")) {
            return null;
        }
        Map<String, String> parts = new TreeMap<>();
        for (String p : header.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
            String[] kv = p.trim().split("=", 2);
            if (kv.length == 2) {
                parts.put(kv[0], kv[1]);
            }
        }
        String credential = parts.get("Credential");
        String signed = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signed == null || signature == null) {
            return null;
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            return null;
        }
        return new Auth(scope[0], scope[1], scope[2], scope[3], List.of(signed.split(";")), signature);
    }

    /**
     * True when {@code auth.signature} is the signature of this request under {@code secret}.
     *
     * @param header the request's headers by lower-case name (all values of one name joined by commas)
     */
    static boolean matches(Auth auth, String secret, String method, String rawPath, String rawQuery,
                           Function<String, String> header, byte[] body) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(method).append('\n');
        canonical.append(rawPath == null || rawPath.isEmpty() ? "/" : rawPath).append('\n');
        canonical.append(canonicalQuery(rawQuery)).append('\n');
        for (String h : auth.signedHeaders()) {
            String v = header.apply(h);
            canonical.append(h).append(':').append(v == null ? "" : v.trim().replaceAll(" +", " ")).append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", auth.signedHeaders())).append('\n');
        String payloadHash = header.apply("x-amz-content-sha256");
        canonical.append(payloadHash != null && payloadHash.equals("UNSIGNED-PAYLOAD") ? payloadHash : hex(sha256(body)));
        String amzDate = header.apply("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(auth.date())) {
            return false;
        }
        String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private static String canonicalQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String p : raw.split("&")) {
            String[] kv = p.split("=", 2);
            pairs.add(new String[] {encode(decode(kv[0])), encode(kv.length > 1 ? decode(kv[1]) : "")});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] kv : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(kv[0]).append('=').append(kv[1]);
        }
        return sb.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
