package dev.keyward.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for one partition's STS and IAM, on 127.0.0.1 and a free port. It checks every request's SigV4
 * signature against the secret it holds for the key ID, answers in the services' XML shapes and error codes
 * (query protocol), and records what it received. Test code only; state changes are thread-safe.
 */
public final class AwsStandIn implements AutoCloseable {

    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

    /** One access key the stand-in knows. */
    public static final class Key {
        public final String keyId;
        public final String secret;
        public final String token;
        public final String account;
        public final String arn;
        public final String userId;
        public final String user; // IAM user owning it, or null for a role session
        public volatile boolean active = true;
        public volatile boolean expired;
        volatile Instant lastUsed;

        Key(String keyId, String secret, String token, String account, String arn, String userId, String user) {
            this.keyId = keyId;
            this.secret = secret;
            this.token = token;
            this.account = account;
            this.arn = arn;
            this.userId = userId;
            this.user = user;
        }
    }

    /** A request as received: service, action, parameters, the key ID that signed it. */
    public record Received(String service, String action, Map<String, String> params, String keyId) {
    }

    private final String region;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "aws-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, List<String>> attached = new ConcurrentHashMap<>(); // "user:NAME" etc -> names
    private final Map<String, List<String>> inline = new ConcurrentHashMap<>();
    private final Map<String, List<String>> groupsOfUser = new ConcurrentHashMap<>();
    private final Map<String, String> rolePolicies = new ConcurrentHashMap<>(); // "role/policy" -> document
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger throttle = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean hang;
    private volatile long delayMillis;

    private AwsStandIn(String region) throws IOException {
        this.region = region;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a stand-in for a partition whose requests are signed for {@code region}. */
    public static AwsStandIn start(String region) {
        try {
            return new AwsStandIn(region);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stand-in", e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The given partition, with this stand-in as its STS and IAM. */
    public Partition as(Partition p) {
        return p.at(uri(), uri());
    }

    /** A long-term key of IAM user {@code user} in {@code account}. */
    public Key addUserKey(String keyId, String secret, String account, String user, String partition) {
        String userId = "AIDA" + keyId.substring(4);
        Key k = new Key(keyId, secret, null, account, "arn:" + partition + ":iam::" + account + ":user/" + user,
                userId, user);
        keys.put(keyId, k);
        return k;
    }

    /** A temporary key of a session of role {@code role}. */
    public Key addSessionKey(String keyId, String secret, String token, String account, String role,
                             String partition) {
        Key k = new Key(keyId, secret, token, account, "arn:" + partition + ":sts::" + account + ":assumed-role/"
                + role + "/session1", "AROA" + keyId.substring(4) + ":session1", null);
        keys.put(keyId, k);
        return k;
    }

    public void attach(String principal, String policy) {
        attached.computeIfAbsent(principal, x -> new CopyOnWriteArrayList<>()).add(policy);
    }

    public void inline(String principal, String policy) {
        inline.computeIfAbsent(principal, x -> new CopyOnWriteArrayList<>()).add(policy);
    }

    public void addToGroup(String user, String group) {
        groupsOfUser.computeIfAbsent(user, x -> new CopyOnWriteArrayList<>()).add(group);
    }

    /** Answers this action (such as {@code ListUserPolicies}) with AccessDenied. */
    public void deny(String action) {
        denied.add(action);
    }

    /** Answers the next {@code n} requests with {@code Throttling}. */
    public void throttleNext(int n) {
        throttle.set(n);
    }

    /** Answers the next {@code n} requests with 500 {@code InternalFailure}. */
    public void failNext(int n) {
        failures.set(n);
    }

    /** Never answers any request (until closed). */
    public void hang() {
        this.hang = true;
    }

    /** Holds each request this long before answering. */
    public void delay(long millis) {
        this.delayMillis = millis;
    }

    public int requests() {
        return requests.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String action) {
        return received.stream().filter(r -> r.action().equals(action)).toList();
    }

    public String rolePolicy(String role, String name) {
        return rolePolicies.get(role + "/" + name);
    }

    public Key key(String keyId) {
        return keys.get(keyId);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (hang) {
                closed.await(60, TimeUnit.SECONDS); // bounded even if a test forgets to close
                return;
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Map<String, String> params = form(new String(body, StandardCharsets.UTF_8));
            SigV4.Auth auth = SigV4.parse(ex.getRequestHeaders().getFirst("Authorization"));
            String service = auth == null ? "?" : auth.service();
            String ns = service.equals("iam") ? IAM_NS : STS_NS;
            String action = params.getOrDefault("Action", "");
            received.add(new Received(service, action, Map.copyOf(params), auth == null ? null : auth.keyId()));
            if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(ex, ns, 400, "Throttling", "Rate exceeded");
                return;
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(ex, ns, 500, "InternalFailure", "The request processing has failed because of an unknown "
                        + "error, exception or failure.");
                return;
            }
            if (auth == null) {
                error(ex, ns, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
                return;
            }
            Key key = keys.get(auth.keyId());
            if (key == null || !key.active) {
                error(ex, ns, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
                return;
            }
            if (!auth.region().equals(region)) {
                error(ex, ns, 403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region.");
                return;
            }
            boolean signed = SigV4.matches(auth, key.secret, ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), h -> {
                        List<String> v = ex.getRequestHeaders().get(h);
                        return v == null ? null : String.join(",", v);
                    }, body);
            if (!signed) {
                error(ex, ns, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match "
                        + "the signature you provided. Check your AWS Secret Access Key and signing method. "
                        + "Consult the service documentation for details.");
                return;
            }
            if (key.token != null) {
                String token = ex.getRequestHeaders().getFirst("X-Amz-Security-Token");
                if (!key.token.equals(token)) {
                    error(ex, ns, 403, "InvalidClientTokenId", "The security token included in the request is "
                            + "invalid.");
                    return;
                }
                if (key.expired) {
                    error(ex, ns, 400, "ExpiredToken", "The security token included in the request is expired");
                    return;
                }
            }
            if (denied.contains(action)) {
                error(ex, ns, 403, "AccessDenied", "User: " + key.arn + " is not authorized to perform: "
                        + service + ":" + action);
                return;
            }
            key.lastUsed = Instant.parse("2026-11-28T10:15:00Z");
            answer(ex, service, action, params, key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange ex, String service, String action, Map<String, String> p, Key caller)
            throws IOException {
        if (service.equals("sts")) {
            switch (action) {
                case "GetCallerIdentity" -> ok(ex, STS_NS, action, "<Arn>" + x(caller.arn) + "</Arn><UserId>"
                        + x(caller.userId) + "</UserId><Account>" + caller.account + "</Account>");
                case "GetAccessKeyInfo" -> {
                    Key k = keys.get(p.getOrDefault("AccessKeyId", ""));
                    if (k == null) {
                        error(ex, STS_NS, 400, "InvalidParameterValue", "The access key ID is not valid.");
                    } else {
                        ok(ex, STS_NS, action, "<Account>" + k.account + "</Account>");
                    }
                }
                default -> error(ex, STS_NS, 400, "InvalidAction", "Could not find operation " + action);
            }
            return;
        }
        String user = p.containsKey("UserName") ? p.get("UserName") : caller.user;
        switch (action) {
            case "ListAttachedUserPolicies" -> ok(ex, IAM_NS, action, attachedXml(attached.get("user:" + user)));
            case "ListUserPolicies" -> ok(ex, IAM_NS, action, namesXml(inline.get("user:" + user)));
            case "ListGroupsForUser" -> {
                StringBuilder sb = new StringBuilder("<Groups>");
                for (String g : groupsOfUser.getOrDefault(user, List.of())) {
                    sb.append("<member><Path>/</Path><GroupName>").append(x(g)).append("</GroupName><GroupId>AGPA")
                            .append(Integer.toHexString(g.hashCode()).toUpperCase()).append("</GroupId><Arn>arn:aws:iam::")
                            .append(caller.account).append(":group/").append(x(g))
                            .append("</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></member>");
                }
                ok(ex, IAM_NS, action, sb.append("</Groups><IsTruncated>false</IsTruncated>").toString());
            }
            case "ListAttachedGroupPolicies" ->
                    ok(ex, IAM_NS, action, attachedXml(attached.get("group:" + p.get("GroupName"))));
            case "ListGroupPolicies" -> ok(ex, IAM_NS, action, namesXml(inline.get("group:" + p.get("GroupName"))));
            case "ListAttachedRolePolicies" ->
                    ok(ex, IAM_NS, action, attachedXml(attached.get("role:" + p.get("RoleName"))));
            case "ListRolePolicies" -> ok(ex, IAM_NS, action, namesXml(inline.get("role:" + p.get("RoleName"))));
            case "GetAccessKeyLastUsed" -> {
                Key k = keys.get(p.getOrDefault("AccessKeyId", ""));
                if (k == null) {
                    error(ex, IAM_NS, 404, "NoSuchEntity", "The Access Key with id " + p.get("AccessKeyId")
                            + " cannot be found");
                    return;
                }
                String used = k.lastUsed == null ? "<ServiceName>N/A</ServiceName><Region>N/A</Region>"
                        : "<LastUsedDate>" + k.lastUsed + "</LastUsedDate><ServiceName>s3</ServiceName>"
                        + "<Region>us-east-1</Region>";
                ok(ex, IAM_NS, action, "<UserName>" + x(String.valueOf(k.user)) + "</UserName><AccessKeyLastUsed>"
                        + used + "</AccessKeyLastUsed>");
            }
            case "UpdateAccessKey" -> {
                Key k = keys.get(p.getOrDefault("AccessKeyId", ""));
                if (k == null || k.user == null || !k.user.equals(user)) {
                    error(ex, IAM_NS, 404, "NoSuchEntity", "The Access Key with id " + p.get("AccessKeyId")
                            + " cannot be found");
                    return;
                }
                String status = p.getOrDefault("Status", "");
                if (!status.equals("Active") && !status.equals("Inactive")) {
                    error(ex, IAM_NS, 400, "ValidationError", "Invalid status");
                    return;
                }
                k.active = status.equals("Active");
                ok(ex, IAM_NS, action, null);
            }
            case "PutRolePolicy" -> {
                rolePolicies.put(p.get("RoleName") + "/" + p.get("PolicyName"), p.getOrDefault("PolicyDocument", ""));
                ok(ex, IAM_NS, action, null);
            }
            default -> error(ex, IAM_NS, 400, "InvalidAction", "Could not find operation " + action);
        }
    }

    private static String attachedXml(List<String> names) {
        StringBuilder sb = new StringBuilder("<AttachedPolicies>");
        for (String n : names == null ? List.<String>of() : names) {
            sb.append("<member><PolicyName>").append(x(n)).append("</PolicyName><PolicyArn>arn:aws:iam::aws:policy/")
                    .append(x(n)).append("</PolicyArn></member>");
        }
        return sb.append("</AttachedPolicies><IsTruncated>false</IsTruncated>").toString();
    }

    private static String namesXml(List<String> names) {
        StringBuilder sb = new StringBuilder("<PolicyNames>");
        for (String n : names == null ? List.<String>of() : names) {
            sb.append("<member>").append(x(n)).append("</member>");
        }
        return sb.append("</PolicyNames><IsTruncated>false</IsTruncated>").toString();
    }

    private static void ok(HttpExchange ex, String ns, String action, String result) throws IOException {
        String xml = "<" + action + "Response xmlns=\"" + ns + "\">"
                + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>";
        send(ex, 200, xml);
    }

    private static void error(HttpExchange ex, String ns, int status, String code, String message)
            throws IOException {
        String type = status >= 500 ? "Receiver" : "Sender";
        String xml = "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>" + type + "</Type><Code>" + code
                + "</Code><Message>" + x(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>";
        send(ex, status, xml);
    }

    private static void send(HttpExchange ex, int status, String xml) throws IOException {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return m;
        }
        for (String p : body.split("&")) {
            String[] kv = p.split("=", 2);
            m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return Collections.unmodifiableMap(m);
    }

    private static String x(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Every request received, as service:Action, in order. */
    public List<String> actions() {
        List<String> out = new ArrayList<>();
        received.forEach(r -> out.add(r.service() + ":" + r.action()));
        return out;
    }
}
