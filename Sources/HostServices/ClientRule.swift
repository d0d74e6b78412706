#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HostPlugins

/// An IPv4 or IPv6 address as 4 or 16 bytes, in network order.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6).
    public let bytes: [UInt8]

    public var isV4: Bool { bytes.count == 4 }

    /// Parse "1.2.3.4", "::1", "[fe80::1]" or "fe80::1%eth0" (brackets and
    /// a zone suffix are ignored). Nil for anything else.
    public init?(_ text: String) {
        var s = Substring(text)
        if s.hasPrefix("[") && s.hasSuffix("]") { s = s.dropFirst().dropLast() }
        if let pct = s.firstIndex(of: "%") { s = s[..<pct] }
        guard !s.isEmpty, s.count <= 45 else { return nil }
        let str = String(s)
        if str.contains(":") {
            var a = in6_addr()
            guard inet_pton(AF_INET6, str, &a) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &a) { Array($0) }
        } else {
            var a = in_addr()
            guard inet_pton(AF_INET, str, &a) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &a) { Array($0) }
        }
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`,
    /// how a dual-stack socket reports IPv4 peers); nil otherwise.
    public var mappedV4: IPAddress? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPAddress(bytes: Array(bytes[12...]))
    }

    public var description: String {
        if isV4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}

/// One entry of a share's allowed-client list: `*`, an exact address, or a
/// CIDR block (`192.168.0.0/16`, `2001:db8::/32`). IPv4 rules also match
/// IPv4-mapped IPv6 peers (`::ffff:192.168.1.9`).
public struct ClientRule: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared); nil for `*`.
    public let network: IPAddress?
    /// Prefix length in bits (32 / 128 for an exact address).
    public let prefixLength: Int

    /// Parse one rule; `.inval` naming the text for anything malformed
    /// (bad address, prefix out of range).
    public init(_ text: String) throws(DFSError) {
        let t = text.trimmingSpaces
        if t == "*" {
            network = nil
            prefixLength = 0
            return
        }
        let parts = t.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addr = IPAddress(String(parts[0])) else {
            throw DFSError(.inval, "allowed client \"\(text)\" is not an IP address or CIDR block")
        }
        let maxBits = addr.bytes.count * 8
        var bits = maxBits
        if parts.count == 2 {
            guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(parts[1]), (0...maxBits).contains(n) else {
                throw DFSError(.inval, "allowed client \"\(text)\": prefix length must be 0...\(maxBits)")
            }
            bits = n
        }
        network = IPAddress(bytes: Self.mask(addr.bytes, bits))
        prefixLength = bits
    }

    /// True when `address` lies in this rule's block.
    public func matches(_ address: IPAddress) -> Bool {
        guard let network else { return true }
        if network.bytes.count == address.bytes.count {
            return Self.mask(address.bytes, prefixLength) == network.bytes
        }
        if network.isV4, let v4 = address.mappedV4 {
            return Self.mask(v4.bytes, prefixLength) == network.bytes
        }
        return false
    }

    public var description: String {
        guard let network else { return "*" }
        return prefixLength == network.bytes.count * 8 ? "\(network)" : "\(network)/\(prefixLength)"
    }

    /// `bytes` with every bit past the first `bits` cleared.
    static func mask(_ bytes: [UInt8], _ bits: Int) -> [UInt8] {
        var out = bytes
        for i in out.indices {
            let keep = bits - i * 8
            if keep >= 8 { continue }
            out[i] &= keep <= 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
        return out
    }
}

/// A parsed allowed-client list: empty admits everyone.
public struct ClientList: Sendable, Equatable {
    public let rules: [ClientRule]

    /// Parse every entry; `.inval` for the first bad one.
    public init(_ entries: [String]) throws(DFSError) {
        var rules: [ClientRule] = []
        for e in entries { rules.append(try ClientRule(e)) }
        self.rules = rules
    }

    /// True when the list is empty or `address` (as `dfs_cred.client_addr`
    /// gives it; nil when absent) matches an entry. A missing or unparsable
    /// address matches only `*`.
    public func admits(_ address: String?) -> Bool {
        if rules.isEmpty { return true }
        if rules.contains(where: { $0.network == nil }) { return true }
        guard let address, let ip = IPAddress(address) else { return false }
        return rules.contains { $0.matches(ip) }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
