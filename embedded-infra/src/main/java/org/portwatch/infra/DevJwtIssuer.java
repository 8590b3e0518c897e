package org.portwatch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Stands in for the hospital identity provider in local runs and tests: it holds an RSA key pair,
 * publishes the public half in the PEM form smallrye-jwt reads from
 * {@code mp.jwt.verify.publickey}, and signs RS256 access tokens shaped like the provider's.
 *
 * <p>Why: the services authorise every request from the token alone (roles in {@code groups},
 * the clinician's care teams in {@code care_teams}); tests must exercise that real verification
 * path, signature and issuer checks included, rather than switch security off. The key pair is
 * generated per issuer and never leaves the process except as the public key.
 *
 * <p>Its public key is also published as a JSON Web Key ({@link #jwk()}, served by {@link DevJwksServer}), as a
 * hospital's identity provider publishes its keys: tokens carry the key's id in their {@code kid} header, so a
 * service that fetches the provider's key set picks the key by it (and a new key by its new id).
 *
 * <p>Token shape: {@code iss}, {@code aud} ({@value #AUDIENCE}, what the services verify by default),
 * {@code sub} and {@code upn} (both the subject), {@code groups} (roles), {@code care_teams} (a JSON
 * array of strings), {@code iat}, {@code exp} and a random {@code jti}, signed with RS256.
 */
public final class DevJwtIssuer {

    /** The {@code aud} of every token unless asked otherwise: the services' default {@code mp.jwt.verify.audiences}. */
    public static final String AUDIENCE = "portwatch";

    private final String issuer;
    private final KeyPair keyPair;

    /**
     * Only JDK types cross this constructor, so the same issuer can be rebuilt from its key pair
     * by a copy of this class in another class loader (see
     * {@code org.portwatch.infra.testing.SharedInfra}).
     */
    private DevJwtIssuer(String issuer, KeyPair keyPair) {
        this.issuer = issuer;
        this.keyPair = keyPair;
    }

    /** An issuer named {@code issuer} (the {@code iss} claim) with a fresh RSA 2048 key pair. */
    public static DevJwtIssuer generate(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevJwtIssuer(issuer, generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    /**
     * The key's id, the {@code kid} header of every token: derived from the public key (base64url of the first 12
     * bytes of its SHA-256), so the same key pair always has the same id, in any class loader.
     */
    public String keyId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyPair.getPublic().getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The public key as a JSON Web Key (RFC 7517: kty RSA, use sig, alg RS256, its {@link #keyId()}). */
    public Map<String, String> jwk() {
        RSAPublicKey key = (RSAPublicKey) keyPair.getPublic();
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", keyId());
        jwk.put("n", base64url.encodeToString(unsigned(key.getModulus().toByteArray())));
        jwk.put("e", base64url.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
        return jwk;
    }

    /** JWK integers are unsigned big-endian: without the sign byte BigInteger may put in front. */
    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** The {@code iss} of every token, to configure as {@code mp.jwt.verify.issuer}. */
    public String issuer() {
        return issuer;
    }

    /**
     * The public key as a PEM {@code -----BEGIN PUBLIC KEY-----} block (X.509
     * SubjectPublicKeyInfo), usable verbatim as {@code mp.jwt.verify.publickey}.
     */
    public String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * Writes {@link #publicKeyPem()} to {@code file} (creating parent directories), for services
     * configured with {@code mp.jwt.verify.publickey.location}.
     */
    public void writePublicKey(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, publicKeyPem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the public key to " + file, e);
        }
    }

    /**
     * Signs a token for {@code subject}.
     *
     * @param roles      the {@code groups} claim (e.g. {@code admin}, {@code clinician})
     * @param careTeams  the {@code care_teams} claim: the care teams whose patients the subject
     *                   may see
     * @param validity   time from now to {@code exp}; a negative value mints an already expired
     *                   token, for testing rejection
     */
    public String token(String subject, Set<String> roles, Set<String> careTeams, Duration validity) {
        Objects.requireNonNull(validity, "validity");
        Instant now = Instant.now();
        return token(subject, roles, careTeams, AUDIENCE, now, now.plus(validity));
    }

    /**
     * Signs a token with every time and the audience chosen, for testing what a service refuses: another
     * application's audience, a token issued long ago that has not expired, one minted to live too long.
     */
    public String token(String subject, Set<String> roles, Set<String> careTeams, String audience, Instant issuedAt,
            Instant expiresAt) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(careTeams, "careTeams");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        // Sorted copies: deterministic claim order makes tokens easy to compare in test output.
        List<String> teams = new ArrayList<>(new TreeSet<>(careTeams));
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .groups(new TreeSet<>(roles))
                .claim("care_teams", teams)
                .issuedAt(issuedAt.getEpochSecond())
                .expiresAt(expiresAt.getEpochSecond())
                .jws()
                .keyId(keyId())
                .algorithm(SignatureAlgorithm.RS256)
                .sign(keyPair.getPrivate());
    }

    /** A token for subject {@code admin} with the single role {@code admin} and no care teams. */
    public String adminToken(Duration validity) {
        return token("admin", Set.of("admin"), Set.of(), validity);
    }

    /** A token with the single role {@code clinician} for a member of {@code careTeams}. */
    public String clinicianToken(String subject, Set<String> careTeams, Duration validity) {
        return token(subject, Set.of("clinician"), careTeams, validity);
    }

    @Override
    public String toString() {
        return "DevJwtIssuer[" + issuer + "]";
    }
}
