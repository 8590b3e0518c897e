package org.portwatch.alert.notification.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A push service as a browser vendor runs it (RFC 8030), on the loopback interface, written from the RFCs with the
 * JDK's crypto alone, independently of the library the service uses. For every message it checks the VAPID
 * {@code Authorization: vapid t=<jwt>, k=<key>} header (RFC 8292: k is the key the device subscribed with, the JWT
 * is ES256-signed with it, its {@code aud} is this service's origin, {@code exp} in the future and at most 24 hours
 * away, {@code sub} a contact), requires {@code TTL} and {@code Content-Encoding: aes128gcm}, decrypts the body with
 * the device's private key and auth secret (RFC 8291 §3.3-3.4, RFC 8188), and records what arrived. A message that
 * fails a check is answered 401/403/400 and recorded with the reason; one that passes gets the status set for its
 * device (201 unless told otherwise). Public: assignment and escalation tests check what reached whose device.
 */
public final class PushServiceStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VAPID = Pattern.compile("vapid\\s+t=([A-Za-z0-9_.-]+),\\s*k=([A-Za-z0-9_-]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    /** A browser's subscription as the push service and the browser know it. */
    public record Device(String token, String endpoint, KeyPair keys, byte[] auth, String applicationServerKey) {

        /** keys.p256dh as the browser's toJSON() gives it. */
        String p256dh() {
            return B64URL.encodeToString(uncompressed((ECPublicKey) keys.getPublic()));
        }

        String authSecret() {
            return B64URL.encodeToString(auth);
        }

        /** The body of POST /api/v1/push/subscriptions. */
        public Map<String, Object> subscriptionJson() {
            return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh(), "auth", authSecret()));
        }
    }

    /**
     * One message that reached the service.
     *
     * @param status    what the service answered
     * @param rejection why it refused the message, null when it took it
     * @param headers   the request's headers, names in lower case
     * @param plaintext the decrypted payload, null when refused
     * @param claims    the VAPID JWT's claims, when it could be read
     */
    public record Received(int status, String rejection, Map<String, String> headers, String plaintext, JsonNode claims) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String origin;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    private PushServiceStandIn(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.origin = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static PushServiceStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2);
            PushServiceStandIn standIn = new PushServiceStandIn(server, executor);
            server.createContext("/push/", standIn::handle);
            server.setExecutor(executor);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new IllegalStateException("push service stand-in not started", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    String origin() {
        return origin;
    }

    /** A new browser subscribed with {@code applicationServerKey} (the VAPID public key, base64url). */
    public Device newDevice(String applicationServerKey) {
        String token = UUID.randomUUID().toString();
        byte[] auth = new byte[16];
        RANDOM.nextBytes(auth);
        Device device = new Device(token, origin + "/push/" + token, generateP256(), auth, applicationServerKey);
        devices.put(token, device);
        received.put(token, new CopyOnWriteArrayList<>());
        return device;
    }

    /** From now on, messages for {@code device} that pass every check are answered {@code status}. */
    void answer(Device device, int status) {
        answers.put(device.token(), status);
    }

    public List<Received> received(Device device) {
        return List.copyOf(received.get(device.token()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestURI().getPath().substring("/push/".length());
            Device device = devices.get(token);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            Received outcome;
            if (device == null || !"POST".equals(exchange.getRequestMethod())) {
                outcome = new Received(404, "no such subscription", headers, null, null);
            } else {
                outcome = check(device, headers, body);
                received.get(token).add(outcome);
            }
            exchange.sendResponseHeaders(outcome.status(), -1);
            OutputStream ignored = exchange.getResponseBody();
            ignored.close();
        }
    }

    private Received check(Device device, Map<String, String> headers, byte[] body) {
        String authorization = headers.get("authorization");
        Matcher vapid = authorization == null ? null : VAPID.matcher(authorization);
        if (vapid == null || !vapid.matches()) {
            return new Received(401, "no VAPID authorization", headers, null, null);
        }
        JsonNode claims;
        try {
            claims = verifiedClaims(vapid.group(1), vapid.group(2), device);
        } catch (Rejected e) {
            return new Received(403, e.getMessage(), headers, null, null);
        }
        if (headers.get("ttl") == null || !headers.get("ttl").matches("\\d+")) {
            return new Received(400, "no TTL", headers, null, claims);
        }
        if (!"aes128gcm".equals(headers.get("content-encoding"))) {
            return new Received(415, "not aes128gcm", headers, null, claims);
        }
        String plaintext;
        try {
            plaintext = decrypt(body, device);
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Received(400, "payload not decrypted: " + e.getClass().getSimpleName(), headers, null, claims);
        }
        return new Received(answers.getOrDefault(device.token(), 201), null, headers, plaintext, claims);
    }

    /** RFC 8292 §2-3: the token is signed with k, k is the device's application server key, the claims hold. */
    private JsonNode verifiedClaims(String jwt, String k, Device device) throws Rejected {
        if (!k.equals(device.applicationServerKey())) {
            throw new Rejected("k is not the key the subscription was made with");
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new Rejected("not a JWS compact serialisation");
        }
        try {
            JsonNode header = JSON.readTree(B64URL_DECODER.decode(parts[0]));
            if (!"ES256".equals(header.path("alg").asText())) {
                throw new Rejected("alg is not ES256");
            }
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(publicKey(B64URL_DECODER.decode(k)));
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(B64URL_DECODER.decode(parts[2]))) {
                throw new Rejected("signature does not verify with k");
            }
            JsonNode claims = JSON.readTree(B64URL_DECODER.decode(parts[1]));
            if (!origin.equals(claims.path("aud").asText())) {
                throw new Rejected("aud is not " + origin);
            }
            long now = Instant.now().getEpochSecond();
            long exp = claims.path("exp").asLong(0);
            if (exp <= now || exp > now + 24 * 3600) {
                throw new Rejected("exp not within the next 24 hours");
            }
            String sub = claims.path("sub").asText("");
            if (!sub.startsWith("mailto:") && !sub.startsWith("https:")) {
                throw new Rejected("sub is not a mailto: or https: contact");
            }
            return claims;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new Rejected("token unreadable: " + e.getClass().getSimpleName());
        }
    }

    /** RFC 8291 §3.3-3.4 over RFC 8188: one record, the sender's key in the header's keyid. */
    static String decrypt(byte[] body, Device device) throws GeneralSecurityException {
        ByteBuffer header = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        header.get(salt);
        int recordSize = header.getInt();
        int idLength = header.get() & 0xff;
        if (idLength != 65 || recordSize < 18) {
            throw new GeneralSecurityException("bad aes128gcm header");
        }
        byte[] senderKey = new byte[idLength];
        header.get(senderKey);
        byte[] ciphertext = new byte[header.remaining()];
        header.get(ciphertext);
        if (ciphertext.length > recordSize) {
            throw new GeneralSecurityException("more than one record");
        }

        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(device.keys().getPrivate());
        agreement.doPhase(publicKey(senderKey), true);
        byte[] ecdhSecret = agreement.generateSecret();

        byte[] receiverKey = uncompressed((ECPublicKey) device.keys().getPublic());
        byte[] prkKey = hmac(device.auth(), ecdhSecret);
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), receiverKey, senderKey);
        byte[] ikm = hmac(prkKey, concat(keyInfo, new byte[] {1}));
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII),
                new byte[] {1})), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII),
                new byte[] {1})), 12);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("no last-record delimiter");
        }
        return new String(padded, 0, end, StandardCharsets.UTF_8);
    }

    static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] uncompressed(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 4;
        copyUnsigned(key.getW().getAffineX(), point, 1);
        copyUnsigned(key.getW().getAffineY(), point, 33);
        return point;
    }

    static PublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
        if (uncompressed.length != 65 || uncompressed[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    /** An ES256 VAPID header made here, for the stand-in's own negative tests. */
    static String vapidHeader(KeyPair signer, String applicationServerKey, Map<String, Object> claims) {
        try {
            String header = B64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
            String payload = B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(signer.getPrivate());
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + header + "." + payload + "." + B64URL.encodeToString(signature.sign())
                    + ", k=" + applicationServerKey;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    private static void copyUnsigned(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, target, offset + 32 - length, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    /** A message the stand-in refuses, with the reason it records. */
    private static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
