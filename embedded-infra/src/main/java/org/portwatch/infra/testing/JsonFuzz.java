package org.portwatch.infra.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.engine.SourceOfRandomness;

/**
 * The services' API fuzz suites share this: the cases (jqwik generators from a fixed seed), the mutations of a valid
 * JSON body, the hostile values put into it, the raw HTTP sending and the check of an answer. Each suite keeps what
 * is its own: the operations, the valid bodies, and how it proves that a rejected request changed nothing.
 */
public final class JsonFuzz {

    /** Writes what the server's reader must refuse: nesting far past Jackson's default of 1,000. */
    public static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build()).build());
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** java.net.http, not RestAssured: the exact bytes, escapes and content type go out, whatever they are. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Nesting of a buried value: past Jackson's limit of 1,000 sometimes, below it other times. */
    private static final int MAX_BURY = 1500;

    private JsonFuzz() {
    }

    /**
     * What a case does to a request. The body mutations come first; {@link #TRUNCATE_TEXT} and later ones work on the
     * bytes, so a tree mutation after them is skipped (there is no tree left to walk).
     */
    public enum Mutation {
        REPLACE_VALUE, REMOVE_FIELD, ADD_FIELD, BURY_DEEP, REPLACE_ROOT,
        /** The body's first array (a readings list) blown up to hundreds of entries. */
        MULTIPLY_ARRAY,
        TRUNCATE_TEXT, CORRUPT_BYTE, WRONG_CONTENT_TYPE, NO_BODY,
        /** A path parameter replaced by a hostile value; the suite applies it. */
        PATH_VALUE,
        /** A query parameter replaced or added; the suite applies it. */
        QUERY_VALUE
    }

    /** One case: what to do, with which hostile values, where (the pick seed chooses positions), as which type. */
    public record Case(List<Mutation> mutations, List<JsonNode> values, long pickSeed, String contentType,
            boolean raw) {
    }

    /**
     * The cases, from jqwik's generators outside a jqwik property (the app under test needs @QuarkusTest's
     * lifecycle, which jqwik's engine does not run): jqwik draws from its thread's random, which this seeds, so a
     * failing case comes back on every run.
     *
     * @param allowed the mutations this operation can take
     * @param specials the suite's own hostile strings (its enum names, ids, URLs), on top of the shared ones
     */
    public static Iterator<Case> seeded(long seed, Set<Mutation> allowed, Collection<String> specials) {
        SourceOfRandomness.create(Long.toString(seed));
        return cases(allowed, specials).sampleStream().iterator();
    }

    private static Arbitrary<Case> cases(Set<Mutation> allowed, Collection<String> specials) {
        Arbitrary<List<Mutation>> mutations = Arbitraries.of(allowed).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<JsonNode>> values = hostileValues(specials).list().ofSize(3);
        Arbitrary<String> contentTypes = Arbitraries.of("text/plain", "application/xml", "application/octet-stream",
                "application/json; charset=UTF-16", "application/problem+json", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/json;;;", "*/*");
        Arbitrary<Boolean> raw = Arbitraries.integers().between(0, 4).map(n -> n == 0);
        return Combinators.combine(mutations, values, Arbitraries.longs(), contentTypes, raw).as(Case::new);
    }

    /** Values a careless or hostile client sends where a well-typed one belongs. */
    private static Arbitrary<JsonNode> hostileValues(Collection<String> specials) {
        Arbitrary<JsonNode> numbers = Arbitraries.of(
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(-0.0),
                NODES.numberNode(Double.MAX_VALUE), NODES.numberNode(Double.MIN_VALUE), NODES.numberNode(1e308),
                NODES.numberNode(new BigDecimal("1e400")), NODES.numberNode(new BigDecimal("-1e-400")),
                NODES.numberNode(new BigInteger("9".repeat(400))), NODES.numberNode(2_147_483_648L), NODES.numberNode(-1),
                NODES.numberNode(37.5), NODES.numberNode(0));
        Arbitrary<JsonNode> doubles = Arbitraries.doubles().map(NODES::numberNode);
        Arbitrary<JsonNode> strings = Arbitraries.strings().all().ofMaxLength(40).map(NODES::textNode);
        List<String> special = new ArrayList<>(List.of("", " ", "NaN", "Infinity", "-0", "\u0000", "a\u0000b",
                "2026-13-45T99:99:99Z", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "\u202Eevil", "\uD800",
                "\uDFFF\uD800", "x".repeat(10_000), "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>"));
        special.addAll(specials);
        Arbitrary<JsonNode> texts = Arbitraries.of(special).map(NODES::textNode);
        Arbitrary<JsonNode> shapes = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add(1).add("two").addNull(),
                NODES.objectNode().put("note", "nested"), NODES.arrayNode().add("dr-a").add("").add("dr-a"));
        return Arbitraries.oneOf(numbers, doubles, strings, texts, shapes);
    }

    /**
     * A valid body on its way to being mutated: a JSON tree until a mutation turns it into bytes. Fields a case adds
     * are named from {@code addedNames} (the suite's own field names, and a few hostile ones).
     */
    public static final class Body {
        private final Random pick;
        private final List<String> addedNames;
        private JsonNode tree;
        private byte[] text;

        public Body(JsonNode valid, Random pick, Collection<String> addedNames) {
            this.tree = valid;
            this.pick = pick;
            this.addedNames = new ArrayList<>(addedNames);
            this.addedNames.addAll(List.of("__proto__", "x\u0000y", "\uD83D\uDE00", "$where"));
        }

        /**
         * Applies one body mutation with {@code value} (already a copy: the generators hand out shared nodes, which a
         * mutation must not grow from case to case). Mutations of the request line or headers are the suite's.
         */
        public void apply(Mutation mutation, JsonNode value) {
            if (text != null && mutation.ordinal() < Mutation.TRUNCATE_TEXT.ordinal()) {
                return; // the body is no longer JSON to walk
            }
            switch (mutation) {
                case REPLACE_VALUE -> tree = replaceSomewhere(tree, pick, node -> value);
                case REMOVE_FIELD -> removeSomewhere(tree, pick);
                case ADD_FIELD -> addSomewhere(tree, pick, addedNames.get(pick.nextInt(addedNames.size())), value);
                case BURY_DEEP -> tree = replaceSomewhere(tree, pick, node -> bury(node, 1 + pick.nextInt(MAX_BURY)));
                case REPLACE_ROOT -> tree = value;
                case MULTIPLY_ARRAY -> multiplyFirstArray(tree, pick);
                case TRUNCATE_TEXT -> text = Arrays.copyOf(bytes(), pick.nextInt(bytes().length + 1));
                case CORRUPT_BYTE -> {
                    byte[] bytes = bytes();
                    if (bytes.length > 0) {
                        bytes[pick.nextInt(bytes.length)] = (byte) pick.nextInt(256);
                    }
                    text = bytes;
                }
                default -> throw new IllegalArgumentException(mutation + " is not a body mutation");
            }
        }

        /** What goes on the wire. */
        public byte[] bytes() {
            if (text != null) {
                return text;
            }
            try {
                return JSON.writeValueAsBytes(tree);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What the service answered. */
    public record Answer(int status, String contentType, String body) {

        /** The body as JSON; null when it is none. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /**
         * What is wrong with this answer to anything a client may send: null when it is a 2xx–4xx and every 4xx is
         * the project's problem+json (RFC 9457, a {@code urn:portwatch:problem:} type and the status repeated), or
         * under /fhir/ its OperationOutcome.
         */
        public String failure() {
            if (status < 200 || status > 499) {
                return "status " + status;
            }
            if (status >= 400 && contentType.startsWith("application/fhir+json")) {
                // Under /fhir/ the same problem is a FHIR OperationOutcome, its type our code system's code.
                JsonNode outcome = json();
                if (outcome == null || !"OperationOutcome".equals(outcome.path("resourceType").asText())
                        || !"urn:portwatch:problem".equals(outcome.path("issue").path(0).path("details").path("coding")
                                .path(0).path("system").asText())) {
                    return "an OperationOutcome without our problem code";
                }
                return null;
            }
            if (status >= 400) {
                if (!contentType.startsWith("application/problem+json")) {
                    return "a 4xx as " + contentType;
                }
                JsonNode problem = json();
                if (problem == null || !problem.path("type").asText().startsWith("urn:portwatch:problem:")
                        || problem.path("status").asInt() != status) {
                    return "a problem without our type or status";
                }
            }
            return null;
        }
    }

    /** Sends the request as built and reads the whole answer. */
    public static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every node of the tree, root first. */
    static List<JsonNode> nodes(JsonNode root) {
        List<JsonNode> all = new ArrayList<>();
        List<JsonNode> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode node = todo.remove(todo.size() - 1);
            all.add(node);
            node.elements().forEachRemaining(todo::add);
        }
        return all;
    }

    static JsonNode replaceSomewhere(JsonNode root, Random pick, Function<JsonNode, JsonNode> replacement) {
        List<JsonNode> containers = nodes(root).stream().filter(n -> n.isContainerNode() && n.size() > 0).toList();
        if (containers.isEmpty()) {
            return replacement.apply(root);
        }
        JsonNode container = containers.get(pick.nextInt(containers.size()));
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(pick.nextInt(names.size()));
            object.set(name, replacement.apply(object.get(name)));
        } else if (container instanceof ArrayNode array) {
            int index = pick.nextInt(array.size());
            array.set(index, replacement.apply(array.get(index)));
        }
        return root;
    }

    static void removeSomewhere(JsonNode root, Random pick) {
        List<ObjectNode> objects = nodes(root).stream().filter(n -> n instanceof ObjectNode o && o.size() > 0)
                .map(ObjectNode.class::cast).toList();
        if (!objects.isEmpty()) {
            ObjectNode object = objects.get(pick.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.remove(names.get(pick.nextInt(names.size())));
        }
    }

    static void addSomewhere(JsonNode root, Random pick, String name, JsonNode value) {
        List<ObjectNode> objects = nodes(root).stream().filter(ObjectNode.class::isInstance)
                .map(ObjectNode.class::cast).toList();
        if (!objects.isEmpty()) {
            objects.get(pick.nextInt(objects.size())).set(name, value);
        }
    }

    static JsonNode bury(JsonNode node, int depth) {
        JsonNode buried = node;
        for (int i = 0; i < depth; i++) {
            buried = i % 2 == 0 ? NODES.arrayNode().add(buried) : NODES.objectNode().set("a", buried);
        }
        return buried;
    }

    static void multiplyFirstArray(JsonNode root, Random pick) {
        nodes(root).stream().filter(n -> n instanceof ArrayNode a && a.size() > 0).map(ArrayNode.class::cast)
                .findFirst().ifPresent(array -> {
                    JsonNode one = array.get(0);
                    int copies = pick.nextInt(700);
                    for (int i = 0; i < copies; i++) {
                        array.add(one); // the same node again: a copy of a deeply buried one would overflow the stack
                    }
                });
    }
}
