/// Write throttling on dirty bytes with hysteresis: throttled from the
/// high watermark until dirty bytes fall to the low one. Pure.
public struct BackPressure: Equatable, Sendable {
    public let high: UInt64
    public let low: UInt64
    public private(set) var throttled = false

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = min(low, high)
    }

    /// Take the current dirty byte count; returns whether writes are
    /// throttled now.
    @discardableResult
    public mutating func update(dirtyBytes: UInt64) -> Bool {
        if !throttled && dirtyBytes >= high { throttled = true }
        else if throttled && dirtyBytes <= low { throttled = false }
        return throttled
    }
}

/// Exponential backoff between upload attempts of one key. Pure.
public struct Backoff: Equatable, Sendable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .milliseconds(50), cap: Duration = .seconds(10)) {
        self.base = base; self.cap = cap
    }

    /// Delay before attempt `failures + 1` (after `failures` failures, ≥ 1).
    public func delay(afterFailures failures: Int) -> Duration {
        var d = base
        for _ in 1..<max(1, min(failures, 40)) {
            d = d * 2
            if d >= cap { return cap }
        }
        return min(d, cap)
    }
}
