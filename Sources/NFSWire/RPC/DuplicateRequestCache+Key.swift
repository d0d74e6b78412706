import NIOCore

extension DuplicateRequestCache {
    /// Identifies one call: who sent it, its xid, and a checksum of its bytes
    /// (clients reuse xids across reboots and some reuse them sooner).
    public struct Key: Hashable, Sendable {
        /// The client's address as text (e.g. "192.0.2.7" or "fe80::1").
        public var clientAddress: String
        /// The client's source port.
        public var clientPort: Int
        public var xid: UInt32
        /// ``checksum(of:)`` of the whole record.
        public var checksum: UInt64

        public init(clientAddress: String, clientPort: Int, xid: UInt32, checksum: UInt64) {
            self.clientAddress = clientAddress
            self.clientPort = clientPort
            self.xid = xid
            self.checksum = checksum
        }

        /// A key for `record` (the call's whole record, header included).
        public init(clientAddress: String, clientPort: Int, xid: UInt32, record: ByteBuffer) {
            self.init(clientAddress: clientAddress, clientPort: clientPort, xid: xid, checksum: Self.checksum(of: record))
        }

        /// A 64-bit checksum of the readable bytes of `record`, and of its length.
        ///
        /// FNV-1a's xor-then-multiply step applied to 8-byte little-endian words
        /// (then to the remaining bytes), so a 1 MiB WRITE costs ~0.1 ms rather
        /// than ~1 ms byte by byte. Each step is a bijection of the state, so
        /// calls differing in one word always differ in checksum. Not
        /// cryptographic: it tells a retransmission from a new call that reuses
        /// an xid, it does not resist a hostile client (who can only hurt itself).
        public static func checksum(of record: ByteBuffer) -> UInt64 {
            let prime: UInt64 = 0x0000_0100_0000_01B3
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            record.withUnsafeReadableBytes { raw in
                let words = raw.count / 8
                for i in 0..<words {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                    hash = (hash ^ word) &* prime
                }
                for i in (words * 8)..<raw.count {
                    hash = (hash ^ UInt64(raw[i])) &* prime
                }
            }
            hash = (hash ^ UInt64(record.readableBytes)) &* prime
            return hash
        }
    }
}
