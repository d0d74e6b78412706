import NIOCore

extension DuplicateRequestCache {
    /// Bounds of a ``DuplicateRequestCache``.
    public struct Configuration: Hashable, Sendable {
        /// Most entries kept (in progress and done together).
        public var maximumEntries: Int
        /// Most reply bytes kept (sum of the stored replies' readable bytes).
        /// A reply larger than this alone is not cached.
        public var maximumBytes: Int
        /// How long an entry lives after it was last touched (begun, finished or
        /// hit). Linux clients retransmit for a couple of minutes at most.
        public var lifetime: TimeAmount

        public init(maximumEntries: Int = 4096, maximumBytes: Int = 16 << 20, lifetime: TimeAmount = .seconds(120)) {
            precondition(maximumEntries >= 1 && maximumBytes >= 0 && lifetime >= .zero)
            self.maximumEntries = maximumEntries
            self.maximumBytes = maximumBytes
            self.lifetime = lifetime
        }
    }
}
