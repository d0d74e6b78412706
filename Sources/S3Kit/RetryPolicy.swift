/// When to retry a failed S3 request and how long to wait first. Pure: the
/// caller supplies the random numbers, so tests can pin the jitter.
///
/// Retried: HTTP 500, 502, 503, 504, 429 and the S3 error codes `SlowDown`,
/// `RequestTimeout`, `InternalError`, `ServiceUnavailable`; transport
/// failures (connection refused or reset, DNS, timeouts). Not retried: every
/// other 4xx (403, 404, 400 ...), which a retry cannot fix.
///
/// Delay before retry `n` (1-based): "full jitter", uniform in
/// `0 ... min(maxDelay, baseDelay * 2^(n-1))`.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (0: never retry).
    public var maxRetries: Int
    /// First backoff ceiling, milliseconds.
    public var baseDelayMs: Int
    /// Largest backoff ceiling, milliseconds.
    public var maxDelayMs: Int

    public init(maxRetries: Int, baseDelayMs: Int = 100, maxDelayMs: Int = 5000) {
        self.maxRetries = maxRetries
        self.baseDelayMs = baseDelayMs
        self.maxDelayMs = maxDelayMs
    }

    /// How an attempt ended.
    public enum Outcome: Sendable, Equatable {
        /// An HTTP response: status and the S3 error code from the body, if any.
        case http(status: Int, code: String?)
        /// No response: connection, DNS, TLS or timeout failure.
        case transport(timedOut: Bool)
    }

    /// True when `outcome` is worth another attempt.
    public static func isRetryable(_ outcome: Outcome) -> Bool {
        switch outcome {
        case .transport: return true
        case .http(let status, let code):
            if let code, ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling"].contains(code) {
                return true
            }
            return status == 429 || status == 500 || status == 502 || status == 503 || status == 504
        }
    }

    /// The backoff ceiling before retry `retry` (1-based), milliseconds.
    public func ceilingMs(retry: Int) -> Int {
        let shift = min(max(retry - 1, 0), 30)
        let (v, overflow) = baseDelayMs.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? maxDelayMs : min(maxDelayMs, v)
    }

    /// After `attempt` attempts (1-based) ended with `outcome`: nil to give
    /// up, or the delay before the next attempt. `unit` is a random number in
    /// [0, 1) for the jitter.
    public func delayMs(afterAttempt attempt: Int, outcome: Outcome, unit: Double) -> Int? {
        guard Self.isRetryable(outcome), attempt <= maxRetries else { return nil }
        let ceiling = ceilingMs(retry: attempt)
        let u = min(max(unit, 0), 1)
        return min(ceiling, Int(Double(ceiling) * u))
    }
}
