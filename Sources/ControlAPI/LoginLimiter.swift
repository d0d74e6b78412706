import Foundation

/// Failed-login rate limiting per client address: at most `limit` failures
/// within a sliding `window`; then logins from that address are refused
/// (429, with the seconds to wait) until the oldest failure leaves the
/// window. A success does not erase failures (so guessing cannot be
/// interleaved with a known password). Pure value type; the API keeps one
/// behind a lock.
public struct LoginLimiter: Sendable {
    public var window: TimeInterval
    private var failures: [String: [Date]] = [:]
    /// Addresses remembered at most; the stalest are dropped beyond it.
    public static let maxTracked = 10_000

    public init(window: TimeInterval = 60) { self.window = window }

    /// Seconds to wait before `address` may try again, or nil when it may.
    public mutating func retryAfter(_ address: String, limit: Int, now: Date = Date()) -> Int? {
        prune(address, now)
        guard let f = failures[address], f.count >= limit, let oldest = f.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
    }

    /// Record a failed attempt.
    public mutating func recordFailure(_ address: String, now: Date = Date()) {
        prune(address, now)
        failures[address, default: []].append(now)
        if failures.count > Self.maxTracked {
            let stalest = failures.min { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }?.key
            if let stalest { failures.removeValue(forKey: stalest) }
        }
    }

    private mutating func prune(_ address: String, _ now: Date) {
        guard var f = failures[address] else { return }
        f.removeAll { now.timeIntervalSince($0) >= window }
        failures[address] = f.isEmpty ? nil : f
    }
}
