/// Maps block keys (any 1...1024 bytes) to S3 object names and back.
///
/// S3 object names are at most 1024 bytes of UTF-8 and are listed in byte
/// order; block keys are arbitrary bytes listed in memcmp order. So:
///
/// - **Plain names**: `prefix + enc(key)`, where `enc` is base64 over the
///   alphabet `-0-9A-Z_a-z` (in ASCII order) without padding: 6 bits per
///   character, most significant first, the last character zero-padded.
///   It is injective (the length in characters tells the length in bytes),
///   preserves order (memcmp order of keys = byte order of names) and
///   prefixes (the whole characters of enc(p) prefix enc(k) when p prefixes
///   k). Every character is URI-unreserved, so names need no escaping.
/// - **Overflow names**, for keys whose plain name would not fit:
///   `prefix + enc(head) + "~" + hex(sha256(key))`, where `head` is the
///   first `headBytes` bytes (a multiple of 3, so enc(head) has no padded
///   character). `~` sorts after every alphabet character. The full key is
///   kept in the object's metadata (`x-amz-meta-dfs-key`).
///
/// Keys longer than `headBytes` (plain or overflow) that share a head form a
/// *group*: their names are contiguous in S3's order (they all start with
/// enc(head)), but inside a group the order of names is not the order of
/// keys, so a listing buffers each group and sorts it (see `S3BlockStore`).
public struct KeyCodec: Sendable {
    /// S3's limit on object names, in bytes.
    public static let maxObjectName = 1024
    /// Longest accepted configured prefix, in bytes.
    public static let maxPrefix = 256
    static let alphabet: [UInt8] = Array("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".utf8)
    static let reverse: [Int8] = {
        var r = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { r[Int(c)] = Int8(i) }
        return r
    }()
    static let overflowMark: UInt8 = 0x7E // "~"
    static let hashChars = 64

    /// The configured prefix of every object name.
    public let prefix: String
    /// Longest key stored under a plain name.
    public let plainMaxBytes: Int
    /// Bytes of a key that name its group (and start an overflow name).
    public let headBytes: Int

    /// Fails when the prefix leaves too little room for names.
    public init(prefix: String) throws(KeyCodecError) {
        let p = prefix.utf8.count
        if p > Self.maxPrefix { throw .prefixTooLong(p) }
        let budget = Self.maxObjectName - p
        self.prefix = prefix
        plainMaxBytes = budget * 6 / 8
        headBytes = (budget - 1 - Self.hashChars) * 6 / 8 / 3 * 3
    }

    // MARK: Encoding

    /// Number of characters of enc(key) for a key of `n` bytes.
    public static func encodedLength(_ n: Int) -> Int { (n * 8 + 5) / 6 }

    /// Order-preserving base64 of `bytes` (see the type's comment).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(encodedLength(bytes.count))
        var acc: UInt32 = 0
        var bits = 0
        for b in bytes {
            acc = (acc << 8) | UInt32(b)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[Int((acc >> UInt32(bits)) & 63)])
            }
            acc &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 { out.append(alphabet[Int((acc << UInt32(6 - bits)) & 63)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Inverse of `encode`; nil when `text` is not a valid encoding (a
    /// character outside the alphabet, an impossible length, or non-zero
    /// padding bits).
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let n = text.count * 6 / 8
        guard encodedLength(n) == text.count else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(n)
        var acc: UInt32 = 0
        var bits = 0
        for c in text {
            let v = reverse[Int(c)]
            if v < 0 { return nil }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
            acc &= (1 << UInt32(bits)) - 1
        }
        if acc != 0 { return nil }
        return out
    }

    // MARK: Names

    /// The object name of `key`, and whether it is an overflow name.
    public func objectName(_ key: [UInt8]) -> (name: String, overflow: Bool) {
        if key.count <= plainMaxBytes { return (prefix + Self.encode(key), false) }
        let head = Self.encode(key.prefix(headBytes))
        return (prefix + head + "~" + Crypto.hex(Crypto.sha256(key)), true)
    }

    /// What an object name (with the prefix) stands for.
    public enum Parsed: Equatable, Sendable {
        /// A plain name: the key itself.
        case plain([UInt8])
        /// An overflow name: the key's first `headBytes` bytes; the key is in
        /// the object's metadata.
        case overflow(head: [UInt8])
    }

    /// Parses an object name; nil for a name this codec never makes (an
    /// object someone else put under the prefix).
    public func parse(_ name: String) -> Parsed? {
        let all = Array(name.utf8)
        let p = prefix.utf8.count
        guard all.count > p, all[..<p].elementsEqual(prefix.utf8) else { return nil }
        let rest = all[p...]
        if let tilde = rest.firstIndex(of: Self.overflowMark) {
            let headChars = Self.encodedLength(headBytes)
            guard tilde - p == headChars, rest.count == headChars + 1 + Self.hashChars,
                  rest[(tilde + 1)...].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }),
                  let head = Self.decode(rest[..<tilde]) else { return nil }
            return .overflow(head: head)
        }
        guard rest.count <= Self.encodedLength(plainMaxBytes), let key = Self.decode(rest), !key.isEmpty else { return nil }
        return .plain(key)
    }

    /// The group a parsed name belongs to: the characters naming its head
    /// when the key is longer than `headBytes`, else nil (a lone name).
    public func group(of parsed: Parsed) -> [UInt8]? {
        switch parsed {
        case .overflow(let head): return head
        case .plain(let key): return key.count > headBytes ? Array(key.prefix(headBytes)) : nil
        }
    }

    /// Whole characters of enc(bytes[..<min(count, headBytes)]): a string that
    /// prefixes the name of every key that starts with `bytes`.
    func namePrefix(_ bytes: [UInt8]) -> String {
        let m = min(bytes.count, headBytes)
        let whole = m * 8 / 6
        return prefix + String(Self.encode(bytes.prefix(m)).prefix(whole))
    }

    /// The S3 `prefix` for listing keys that start with `keyPrefix`: every
    /// such key's name starts with it (more may, and are filtered out).
    public func listPrefix(_ keyPrefix: [UInt8]) -> String { namePrefix(keyPrefix) }

    /// The S3 `start-after` for listing keys greater than `key`: no name of
    /// such a key sorts at or before it. Nil when `key` is empty.
    public func listStartAfter(_ key: [UInt8]) -> String? {
        key.isEmpty ? nil : namePrefix(key)
    }
}

/// A configured prefix the codec cannot work with.
public enum KeyCodecError: Error, Equatable, CustomStringConvertible {
    case prefixTooLong(Int)

    public var description: String {
        switch self {
        case .prefixTooLong(let n): "prefix of \(n) bytes is longer than \(KeyCodec.maxPrefix)"
        }
    }
}
