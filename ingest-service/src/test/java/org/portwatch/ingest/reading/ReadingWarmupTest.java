package org.portwatch.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.portwatch.ingest.device.WarmupToken;

/** The start-up warm-up: readiness DOWN until it ended, bounded, and its readings those of no real device. */
class ReadingWarmupTest {

    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration MAX_AGE = Duration.ofDays(7);

    /** A validator that holds the warm-up at its first call until released, and counts the calls. */
    static final class HeldValidator extends ReadingValidator {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        HeldValidator() {
            super(SKEW, MAX_AGE);
        }

        @Override
        public Outcome validate(List<ReadingInput> inputs, String deviceId, String patientId, Instant receivedAt) {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.validate(inputs, deviceId, patientId, receivedAt);
        }
    }

    @Test
    void readinessStaysDownUntilTheWarmupHasRunEveryRequest() throws Exception {
        HeldValidator validator = new HeldValidator();
        ReadingWarmup warmup = new ReadingWarmup(validator, ReadingsResource.BATCH_READER, 500, Duration.ofMinutes(1));

        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        warmup.start();
        assertThat(validator.entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(warmup.seconds()).isNaN();

        validator.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        HealthCheckResponse ready = warmup.call();
        assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(ready.getName()).isEqualTo(ReadingWarmup.CHECK);
        assertThat(warmup.requestsDone()).isEqualTo(500);
        assertThat(validator.calls).hasValue(500);
        assertThat(warmup.seconds()).isNotNaN().isPositive();
        // 50 of the 500 requests carry 100 readings (a few rejected on purpose), the rest one.
        assertThat(warmup.readingsDone()).isGreaterThan(450 + 50 * 90).isLessThan(450 + 50 * 100 + 1);
    }

    @Test
    void theTimeBoundEndsItAndReadinessTurnsUp() {
        ReadingWarmup warmup = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                Integer.MAX_VALUE, Duration.ofMillis(200));
        warmup.start();
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(warmup.requestsDone()).isLessThan(Integer.MAX_VALUE);
    }

    @Test
    void aFailureEndsItEarlyAndReadinessTurnsUpAnyway() {
        ReadingValidator broken = new ReadingValidator(SKEW, MAX_AGE) {
            @Override
            public Outcome validate(List<ReadingInput> inputs, String deviceId, String patientId, Instant receivedAt) {
                throw new IllegalStateException("broken on purpose");
            }
        };
        ReadingWarmup warmup = new ReadingWarmup(broken, ReadingsResource.BATCH_READER, 1000, Duration.ofMinutes(1));
        warmup.start();
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(warmup.requestsDone()).isZero();
    }

    @Test
    void registryLookupsOfTokensNoDeviceHasComeAfterTheReadingsAndBeforeReadiness() {
        java.util.List<String> hashes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ReadingWarmup warmup = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                100, Duration.ofMinutes(1), hash -> {
                    hashes.add(hash);
                    return io.smallrye.mutiny.Uni.createFrom().nullItem();
                }, 40);
        warmup.start();
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(warmup.requestsDone()).isEqualTo(100);
        assertThat(warmup.lookupsDone()).isEqualTo(40);
        // Well-formed token hashes (SHA-256, hex), each of a fresh random token.
        assertThat(hashes).hasSize(40).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
    }

    @Test
    void aRegistryThatCannotBeReachedEndsTheLookupsAndReadinessTurnsUp() {
        AtomicInteger asked = new AtomicInteger();
        ReadingWarmup warmup = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                10, Duration.ofMinutes(1), hash -> {
                    asked.incrementAndGet();
                    return io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("no database"));
                }, 1000);
        warmup.start();
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(warmup.lookupsDone()).isZero();
        assertThat(asked.get()).isEqualTo(ReadingWarmup.LOOKUPS_AT_ONCE);
    }

    @Test
    void theDevicesVerdictsArePreloadedBeforeReadinessAndAFailedPreloadDoesNotHoldItDown() {
        AtomicInteger loads = new AtomicInteger();
        ReadingWarmup warmup = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                10, Duration.ofMinutes(1), () -> {
                    loads.incrementAndGet();
                    return io.smallrye.mutiny.Uni.createFrom().item(1234);
                }, hash -> io.smallrye.mutiny.Uni.createFrom().nullItem(), 0);
        warmup.start();
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        assertThat(loads).hasValue(1);
        assertThat(warmup.verdictsPreloaded()).isEqualTo(1234);

        ReadingWarmup failing = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                10, Duration.ofMinutes(1),
                () -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("no database")),
                hash -> io.smallrye.mutiny.Uni.createFrom().nullItem(), 0);
        failing.start();
        await().atMost(Duration.ofSeconds(30)).until(failing::done);
        assertThat(failing.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(failing.verdictsPreloaded()).isZero();
        assertThat(failing.requestsDone()).isEqualTo(10);
    }

    @Test
    void offWhenNoRequestsAreConfigured() {
        ReadingWarmup warmup = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                0, Duration.ofMinutes(1));
        warmup.start();
        assertThat(warmup.done()).isTrue();
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void theSyntheticReadingsAreValidForTheValidatorAndBelongToNoRegistrablePatient() throws Exception {
        ReadingValidator validator = new ReadingValidator(SKEW, MAX_AGE);
        Instant now = Instant.now();
        int accepted = 0;
        int rejected = 0;
        for (byte[] body : ReadingWarmup.bodies(now)) {
            ReadingBatch batch = ReadingsResource.BATCH_READER.readValue(body);
            ReadingValidator.Outcome outcome = validator.validate(batch.readings(), ReadingWarmup.DEVICE_ID,
                    ReadingWarmup.PATIENT_ID, now);
            accepted += outcome.accepted().size();
            rejected += outcome.rejected().size();
            outcome.accepted().forEach(r -> assertThat(r.patientId()).isEqualTo(ReadingWarmup.PATIENT_ID));
        }
        // Mostly valid (the path a 202 takes), a few rejected (the path of a 202 with rejections).
        assertThat(accepted).isGreaterThan(9 * rejected).isPositive();
        assertThat(rejected).isPositive();
        assertThat(ReadingWarmup.PATIENT_ID).contains(" ");
    }

    /** A loopback client answering every request with {@code status}, noting whether the token was open meanwhile. */
    static final class FakeLoopback implements ReadingWarmup.LoopbackClients {
        final WarmupToken token;
        final int status;
        final AtomicInteger posts = new AtomicInteger();
        final AtomicInteger postsWithTheTokenClosed = new AtomicInteger();
        volatile int port;
        volatile boolean closed;

        FakeLoopback(WarmupToken token, int status) {
            this.token = token;
            this.status = status;
        }

        @Override
        public ReadingWarmup.LoopbackClient open(int port) {
            this.port = port;
            return new ReadingWarmup.LoopbackClient() {
                @Override
                public java.util.concurrent.CompletionStage<Integer> post(byte[] body) {
                    posts.incrementAndGet();
                    if (!token.isOpen()) {
                        postsWithTheTokenClosed.incrementAndGet();
                    }
                    return java.util.concurrent.CompletableFuture.supplyAsync(() -> status);
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    @Test
    void overHttpItWaitsForTheServerAndItsTokenIsOpenOnlyMeanwhile() {
        WarmupToken token = new WarmupToken();
        FakeLoopback loopback = new FakeLoopback(token, ReadingWarmup.REFUSED);
        ReadingWarmup warmup = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                10, Duration.ofMinutes(1), token, loopback, 300, 4);
        warmup.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> warmup.requestsDone() == 10);
        // The server does not listen yet: nothing is sent, readiness stays DOWN.
        assertThat(loopback.posts).hasValue(0);
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        warmup.serverListening(18123);
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(loopback.port).isEqualTo(18123);
        assertThat(loopback.posts).hasValue(300);
        assertThat(warmup.httpDone()).isEqualTo(300);
        assertThat(warmup.httpUnexpected()).isZero();
        assertThat(loopback.postsWithTheTokenClosed).hasValue(0);
        assertThat(loopback.closed).isTrue();
        assertThat(token.isOpen()).isFalse();
    }

    @Test
    void overHttpAnswersOtherThanRefusedAreCountedAndAServerThatNeverListensDoesNotHoldReadiness() {
        WarmupToken token = new WarmupToken();
        FakeLoopback accepting = new FakeLoopback(token, 202);
        ReadingWarmup counted = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                0, Duration.ofMinutes(1), token, accepting, 50, 8);
        counted.serverListening(18124);
        counted.start();
        await().atMost(Duration.ofSeconds(30)).until(counted::done);
        assertThat(counted.httpDone()).isEqualTo(50);
        assertThat(counted.httpUnexpected()).isEqualTo(50);

        FakeLoopback never = new FakeLoopback(token, ReadingWarmup.REFUSED);
        ReadingWarmup bounded = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                0, Duration.ofMillis(300), token, never, 50, 8);
        bounded.start();
        await().atMost(Duration.ofSeconds(30)).until(bounded::done);
        assertThat(bounded.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(never.posts).hasValue(0);
        assertThat(token.isOpen()).isFalse();
    }

    @Test
    void atItsEndItWaitsUntilTheJitIsQuietAndNoLongerThanItsBound() {
        // Busy for three steps (a compiler thread's whole step each), then quiet.
        AtomicInteger reads = new AtomicInteger();
        ReadingWarmup settling = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                10, Duration.ofMinutes(1));
        settling.jitSettle(() -> {
            int n = reads.getAndIncrement();
            return Math.min(n, 3) * ReadingWarmup.SETTLE_STEP_MILLIS;
        });
        settling.start();
        await().atMost(Duration.ofSeconds(30)).until(settling::done);
        assertThat(settling.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        // The first read, three busy steps, one quiet one.
        assertThat(reads).hasValue(5);
        assertThat(settling.jitSettleSeconds()).isGreaterThanOrEqualTo(4 * ReadingWarmup.SETTLE_STEP_MILLIS / 1000.0 * 0.9);

        // A JIT that never quiets down holds readiness only until the warm-up's bound.
        AtomicInteger busy = new AtomicInteger();
        ReadingWarmup bounded = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                10, Duration.ofMillis(1500));
        bounded.jitSettle(() -> busy.getAndIncrement() * 1000L);
        bounded.start();
        await().atMost(Duration.ofSeconds(30)).until(bounded::done);
        assertThat(bounded.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(bounded.seconds()).isLessThan(5);
    }

    @Test
    void theHttpPartLeavesAFifthOfTheBoundForTheJit() {
        WarmupToken token = new WarmupToken();
        // A server that never answers: the HTTP part can only end at its share of the bound. Closing the client
        // fails what is still in flight, as the real one does; those are not unexpected answers.
        java.util.Queue<java.util.concurrent.CompletableFuture<Integer>> pending =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        ReadingWarmup.LoopbackClients silent = port -> new ReadingWarmup.LoopbackClient() {
            @Override
            public java.util.concurrent.CompletionStage<Integer> post(byte[] body) {
                java.util.concurrent.CompletableFuture<Integer> answer = new java.util.concurrent.CompletableFuture<>();
                pending.add(answer);
                return answer;
            }

            @Override
            public void close() {
                pending.forEach(answer -> answer.completeExceptionally(new IllegalStateException("client closed")));
            }
        };
        ReadingWarmup warmup = new ReadingWarmup(new ReadingValidator(SKEW, MAX_AGE), ReadingsResource.BATCH_READER,
                0, Duration.ofSeconds(2), token, silent, 100, 2);
        AtomicInteger jitReads = new AtomicInteger();
        warmup.jitSettle(() -> {
            jitReads.incrementAndGet();
            return 0;
        });
        warmup.serverListening(18125);
        warmup.start();
        await().atMost(Duration.ofSeconds(30)).until(warmup::done);
        assertThat(warmup.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(jitReads.get()).isGreaterThanOrEqualTo(2);
        assertThat(warmup.jitSettleSeconds()).isNotNaN();
        assertThat(warmup.seconds()).isGreaterThanOrEqualTo(1.5).isLessThan(5);
        assertThat(token.isOpen()).isFalse();
        assertThat(pending).hasSize(2).allMatch(java.util.concurrent.CompletableFuture::isCompletedExceptionally);
        assertThat(warmup.httpUnexpected()).as("requests cut by the bound are not unexpected answers").isZero();
    }
}
