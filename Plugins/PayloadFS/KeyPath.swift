/// Reversible, traversal-proof mapping between block keys and relative paths.
///
/// A key is 1...1024 arbitrary bytes. It is cut into PIECES, and each piece
/// becomes one path component below the store root:
///
/// 1. Split the key on `/` into segments (empty segments are kept: `"/"` is
///    two empty segments, `"a/"` is `"a"` and an empty one).
/// 2. While a segment has 64 bytes or more left, its next 64 bytes become a
///    CONTINUATION piece, a directory named `<enc>.c`.
/// 3. The rest of the segment (0...63 bytes) becomes the segment's last piece:
///    a directory `<enc>.d` when a `/` follows, or the block FILE `<enc>.b`
///    when the key ends there.
///
/// `<enc>` is the piece's bytes with every byte outside `[a-z0-9_-]`
/// written as `%XX` (two UPPER-case hex digits). So `.`, `/`, `%`, NUL,
/// spaces, non-UTF-8 bytes and upper-case letters are always escaped: an
/// encoded piece never contains `.` or `/`, and every name holds exactly one
/// `.` — right before its one-letter suffix. Consequences:
///
/// - No component is ever `.` or `..`, and none contains `/`: whatever the
///   key, its path stays below the root (all access is `*at()` relative to
///   the root directory's descriptor, with `O_NOFOLLOW` on the last step).
/// - Names are at most 64 * 3 + 2 = 194 bytes (NAME_MAX is 255) and plain
///   ASCII; a relative path is at most about 3.2 KB (PATH_MAX is 4096).
/// - Upper-case letters are escaped (and hex digits are upper-case), so two
///   keys never map to names that differ only by case: safe on
///   case-insensitive file systems (macOS APFS / HFS+ defaults).
/// - `"a"` (`a.b`), `"a/b"` (`a.d/b.b`) and `"a/"` (`a.d/.b`) coexist.
/// - Temporary files are named `.tmp-...`: never a valid encoded name.
/// - Decoding is strict (suffix, hex case, no needlessly escaped byte, piece
///   lengths), so a name decodes only if it is the canonical encoding of its
///   piece: `decode(encode(k)) == k` and a foreign file is never listed under
///   a key that `get` would not find.
///
/// Examples:
///
///     ".."                 ->  %2E%2E.b
///     "../../etc/passwd"   ->  %2E%2E.d/%2E%2E.d/etc.d/passwd.b
///     "/"                  ->  .d/.b
///     "//"                 ->  .d/.d/.b
///     "a/"                 ->  a.d/.b
///     "%2F"                ->  %252%46.b
///     "Ab"                 ->  %41b.b
///     [0x00]               ->  %00.b
///     [0xFF]               ->  %FF.b
///     1024 x "x"           ->  x{64}.c/ (16 times) .b
///
/// Ordering (what makes `list` streamable): within one directory whose keys
/// all start with `base`, each entry covers the keys starting with `S`,
/// where `S = base + piece` (`.b`: exactly that key; `.c`: `piece` is 64
/// bytes without `/`) or `S = base + piece + "/"` (`.d`). No directory's `S`
/// is a prefix of another entry's `S` (a `.c` piece is longer than any
/// terminal piece and holds no `/`; `.d` pieces differ before their `/`), so
/// the key ranges of the entries never interleave: visiting entries sorted by
/// `S` (memcmp order, shorter first) yields every key in ascending order.
enum KeyPath {
    /// Bytes per continuation piece; terminal pieces are shorter.
    static let pieceBytes = 64

    /// What a path component stands for.
    enum Kind: Sendable {
        /// `<enc>.b`: a block file; the key ends with this piece.
        case block
        /// `<enc>.d`: a directory; the piece ends a segment, `/` follows.
        case segment
        /// `<enc>.c`: a directory; the segment goes on in the next piece.
        case continuation

        /// The ASCII suffix letter.
        var letter: UInt8 {
            switch self {
            case .block: UInt8(ascii: "b")
            case .segment: UInt8(ascii: "d")
            case .continuation: UInt8(ascii: "c")
            }
        }
    }

    /// The relative paths a key maps to.
    struct Encoded: Sendable {
        /// Directory components, outermost first (may be empty).
        var dirs: [String]
        /// The block file's name inside the last directory.
        var file: String

        /// The directory holding the block, relative to the root ("" = root).
        var dirPath: String { dirs.joined(separator: "/") }

        /// The block file, relative to the root.
        var filePath: String { dirs.isEmpty ? file : dirPath + "/" + file }

        /// The relative path of the first `depth` directories ("" = root).
        func dirPath(depth: Int) -> String { dirs[0..<depth].joined(separator: "/") }

        /// `name` placed in the block's directory.
        func sibling(_ name: String) -> String { dirs.isEmpty ? name : dirPath + "/" + name }
    }

    /// Whether byte `b` is written as itself (`[a-z0-9_-]`).
    @inline(__always)
    static func isLiteral(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The component name for `piece` with the suffix of `kind`.
    static func name<C: Collection<UInt8>>(_ piece: C, _ kind: Kind) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(piece.count * 3 + 2)
        for b in piece {
            if isLiteral(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        out.append(UInt8(ascii: "."))
        out.append(kind.letter)
        return String(decoding: out, as: UTF8.self)
    }

    /// The paths of `key` (1...DFS_BLOCK_KEY_MAX bytes, checked by the caller).
    static func encode(_ key: [UInt8]) -> Encoded {
        var dirs: [String] = []
        let segments = key.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var file = ""
        for (i, segment) in segments.enumerated() {
            var rest = segment[...]
            while rest.count >= pieceBytes {
                dirs.append(name(rest.prefix(pieceBytes), .continuation))
                rest = rest.dropFirst(pieceBytes)
            }
            if i == segments.count - 1 {
                file = name(rest, .block)
            } else {
                dirs.append(name(rest, .segment))
            }
        }
        return Encoded(dirs: dirs, file: file)
    }

    /// The value of an upper-case hex digit, or nil.
    @inline(__always)
    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }

    /// The piece and kind of a directory entry's name, or nil when the name
    /// is not the canonical encoding of a piece (temporary files, `.`, `..`,
    /// foreign files).
    static func decode<C: RandomAccessCollection<UInt8>>(_ name: C) -> (piece: [UInt8], kind: Kind)? where C.Index == Int {
        let n = name.count
        guard n >= 2 else { return nil }
        let s = name.startIndex
        guard name[s + n - 2] == UInt8(ascii: ".") else { return nil }
        let kind: Kind
        switch name[s + n - 1] {
        case UInt8(ascii: "b"): kind = .block
        case UInt8(ascii: "d"): kind = .segment
        case UInt8(ascii: "c"): kind = .continuation
        default: return nil
        }
        var piece: [UInt8] = []
        piece.reserveCapacity(n - 2)
        var i = s
        let end = s + n - 2
        while i < end {
            let c = name[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < end, let hi = hexValue(name[i + 1]), let lo = hexValue(name[i + 2]) else {
                    return nil
                }
                let b = hi << 4 | lo
                // Canonical only: literal bytes are never escaped, and '/'
                // never occurs inside a piece.
                if isLiteral(b) || b == UInt8(ascii: "/") { return nil }
                piece.append(b)
                i += 3
            } else if isLiteral(c) {
                piece.append(c)
                i += 1
            } else {
                return nil
            }
        }
        switch kind {
        case .continuation: guard piece.count == pieceBytes else { return nil }
        case .block, .segment: guard piece.count < pieceBytes else { return nil }
        }
        return (piece, kind)
    }
}
