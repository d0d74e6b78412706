/// MD4 (RFC 1320). Broken as a general hash; here only because NTLM's
/// "NT hash" is MD4 of the UTF-16LE password, which SMB authentication
/// (NTLMv2) needs. Do not use it for anything else.
enum MD4 {
    /// The 16-byte digest of `message`.
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var a: UInt32 = 0x6745_2301, b: UInt32 = 0xefcd_ab89, c: UInt32 = 0x98ba_dcfe, d: UInt32 = 0x1032_5476

        // Padding: 0x80, zeros to 56 mod 64, then the bit length (64-bit little-endian).
        var msg = message
        let bitLength = UInt64(message.count) &* 8
        msg.append(0x80)
        while msg.count % 64 != 56 { msg.append(0) }
        for i in 0..<8 { msg.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }

        @inline(__always) func rotl(_ x: UInt32, _ s: UInt32) -> UInt32 { (x << s) | (x >> (32 - s)) }
        @inline(__always) func f(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { (x & y) | (~x & z) }
        @inline(__always) func g(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { (x & y) | (x & z) | (y & z) }
        @inline(__always) func h(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 { x ^ y ^ z }

        var x = [UInt32](repeating: 0, count: 16)
        for block in stride(from: 0, to: msg.count, by: 64) {
            for i in 0..<16 {
                let o = block + 4 * i
                x[i] = UInt32(msg[o]) | UInt32(msg[o + 1]) << 8 | UInt32(msg[o + 2]) << 16 | UInt32(msg[o + 3]) << 24
            }
            let (aa, bb, cc, dd) = (a, b, c, d)

            // Round 1: [abcd k s] a = (a + F(b,c,d) + X[k]) <<< s
            let s1: [UInt32] = [3, 7, 11, 19]
            for i in 0..<16 {
                let k = i
                switch i % 4 {
                case 0: a = rotl(a &+ f(b, c, d) &+ x[k], s1[0])
                case 1: d = rotl(d &+ f(a, b, c) &+ x[k], s1[1])
                case 2: c = rotl(c &+ f(d, a, b) &+ x[k], s1[2])
                default: b = rotl(b &+ f(c, d, a) &+ x[k], s1[3])
                }
            }
            // Round 2: a = (a + G(b,c,d) + X[k] + 5A827999) <<< s, k = 0,4,8,12,1,5,...
            let s2: [UInt32] = [3, 5, 9, 13]
            for i in 0..<16 {
                let k = (i % 4) * 4 + i / 4
                let t: UInt32 = 0x5a82_7999
                switch i % 4 {
                case 0: a = rotl(a &+ g(b, c, d) &+ x[k] &+ t, s2[0])
                case 1: d = rotl(d &+ g(a, b, c) &+ x[k] &+ t, s2[1])
                case 2: c = rotl(c &+ g(d, a, b) &+ x[k] &+ t, s2[2])
                default: b = rotl(b &+ g(c, d, a) &+ x[k] &+ t, s2[3])
                }
            }
            // Round 3: a = (a + H(b,c,d) + X[k] + 6ED9EBA1) <<< s, k = 0,8,4,12,2,10,...
            let s3: [UInt32] = [3, 9, 11, 15]
            let order3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]
            for i in 0..<16 {
                let k = order3[i]
                let t: UInt32 = 0x6ed9_eba1
                switch i % 4 {
                case 0: a = rotl(a &+ h(b, c, d) &+ x[k] &+ t, s3[0])
                case 1: d = rotl(d &+ h(a, b, c) &+ x[k] &+ t, s3[1])
                case 2: c = rotl(c &+ h(d, a, b) &+ x[k] &+ t, s3[2])
                default: b = rotl(b &+ h(c, d, a) &+ x[k] &+ t, s3[3])
                }
            }
            a = a &+ aa; b = b &+ bb; c = c &+ cc; d = d &+ dd
        }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for w in [a, b, c, d] {
            for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: w >> (8 * UInt32(i)))) }
        }
        return out
    }
}

/// NTLM's NT hash: MD4 of the password in UTF-16 little-endian.
enum NTHash {
    static func of(password: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for unit in password.utf16 {
            bytes.append(UInt8(truncatingIfNeeded: unit))
            bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        return MD4.digest(bytes)
    }
}
