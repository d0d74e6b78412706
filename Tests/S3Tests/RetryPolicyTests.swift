import S3Kit
import Testing

@Suite("RetryPolicy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000)

    @Test(arguments: [500, 502, 503, 504, 429])
    func retriesServerErrorsAndThrottling(_ status: Int) {
        #expect(RetryPolicy.isRetryable(.http(status: status, code: nil)))
    }

    @Test(arguments: [400, 401, 403, 404, 405, 409, 411, 412, 416, 501])
    func doesNotRetryClientErrors(_ status: Int) {
        #expect(!RetryPolicy.isRetryable(.http(status: status, code: nil)))
    }

    @Test func retriesByS3Code() {
        #expect(RetryPolicy.isRetryable(.http(status: 503, code: "SlowDown")))
        #expect(RetryPolicy.isRetryable(.http(status: 400, code: "RequestTimeout")))
        #expect(RetryPolicy.isRetryable(.http(status: 200, code: "InternalError")))
        #expect(!RetryPolicy.isRetryable(.http(status: 403, code: "SignatureDoesNotMatch")))
        #expect(!RetryPolicy.isRetryable(.http(status: 404, code: "NoSuchBucket")))
    }

    @Test func retriesTransportFailures() {
        #expect(RetryPolicy.isRetryable(.transport(timedOut: true)))
        #expect(RetryPolicy.isRetryable(.transport(timedOut: false)))
    }

    @Test func ceilingDoublesUpToTheMaximum() {
        #expect((1...6).map { policy.ceilingMs(retry: $0) } == [100, 200, 400, 800, 1000, 1000])
        let huge = RetryPolicy(maxRetries: 20, baseDelayMs: 60_000, maxDelayMs: 600_000)
        #expect(huge.ceilingMs(retry: 64) == 600_000) // no overflow
    }

    @Test func fullJitterStaysWithinTheCeiling() {
        let out = .transport(timedOut: false) as RetryPolicy.Outcome
        #expect(policy.delayMs(afterAttempt: 1, outcome: out, unit: 0) == 0)
        #expect(policy.delayMs(afterAttempt: 1, outcome: out, unit: 0.5) == 50)
        #expect(policy.delayMs(afterAttempt: 2, outcome: out, unit: 0.999_999) == 199)
        #expect(policy.delayMs(afterAttempt: 3, outcome: out, unit: 0.25) == 100)
        #expect(policy.delayMs(afterAttempt: 3, outcome: out, unit: 7) == 400) // clamped unit
    }

    @Test func givesUpAfterMaxRetries() {
        let out = RetryPolicy.Outcome.http(status: 503, code: "SlowDown")
        #expect(policy.delayMs(afterAttempt: 3, outcome: out, unit: 0.5) != nil)
        #expect(policy.delayMs(afterAttempt: 4, outcome: out, unit: 0.5) == nil)
        #expect(RetryPolicy(maxRetries: 0).delayMs(afterAttempt: 1, outcome: out, unit: 0.5) == nil)
    }

    @Test func neverRetriesAFinalAnswer() {
        #expect(policy.delayMs(afterAttempt: 1, outcome: .http(status: 403, code: "AccessDenied"), unit: 0.5) == nil)
    }
}
