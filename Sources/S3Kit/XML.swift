/// Just enough XML for S3's responses (ListObjectsV2, multipart, errors):
/// finds elements by name and decodes the five entities and numeric
/// character references. S3 bodies are flat and small, with no CDATA or
/// comments inside the values read here.
public enum S3XML {
    /// Text content of every `<name>...</name>` in `xml`, in order. Elements
    /// with attributes (`<name a="b">`) count too; `<name/>` gives "".
    public static func all(_ name: String, in xml: Substring) -> [Substring] {
        var out: [Substring] = []
        var rest = xml
        let open = "<" + name
        let close = "</" + name + ">"
        while let o = rest.range(of: open) {
            var after = rest[o.upperBound...]
            guard let first = after.first else { break }
            if first == "/" && after.dropFirst().first == ">" {
                out.append(after[after.startIndex..<after.startIndex])
                rest = after.dropFirst(2)
                continue
            }
            guard first == ">" || first == " " else { rest = after; continue } // <NameSuffix...>
            guard let gt = after.firstIndex(of: ">") else { break }
            after = after[after.index(after: gt)...]
            guard let c = after.range(of: close) else { break }
            out.append(after[..<c.lowerBound])
            rest = after[c.upperBound...]
        }
        return out
    }

    /// Decoded text of the first `<name>` element, or nil.
    public static func first(_ name: String, in xml: Substring) -> String? {
        all(name, in: xml).first.map { unescape($0) }
    }

    /// Replaces `&lt; &gt; &amp; &quot; &apos; &#N; &#xH;` by their characters.
    public static func unescape(_ s: Substring) -> String {
        guard s.contains("&") else { return String(s) }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            if ch == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let ent = s[s.index(after: i)..<semi]
                var rep: String?
                switch ent {
                case "lt": rep = "<"
                case "gt": rep = ">"
                case "amp": rep = "&"
                case "quot": rep = "\""
                case "apos": rep = "'"
                default:
                    if ent.hasPrefix("#x") || ent.hasPrefix("#X"), let v = UInt32(ent.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                        rep = String(Character(u))
                    } else if ent.hasPrefix("#"), let v = UInt32(ent.dropFirst()), let u = Unicode.Scalar(v) {
                        rep = String(Character(u))
                    }
                }
                if let rep {
                    out += rep
                    i = s.index(after: semi)
                    continue
                }
            }
            out.append(ch)
            i = s.index(after: i)
        }
        return out
    }

    /// `&`, `<`, `>`, `"` and `'` escaped for element text.
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// An S3 error body: `<Error><Code>..</Code><Message>..</Message></Error>`.
    public static func error(_ body: Substring) -> (code: String, message: String)? {
        guard body.contains("<Error"), let code = first("Code", in: body) else { return nil }
        return (code, first("Message", in: body) ?? "")
    }

    /// One page of a ListObjectsV2 response.
    public struct ListPage: Equatable, Sendable {
        public var objects: [(name: String, size: UInt64)]
        public var nextContinuationToken: String?
        public var isTruncated: Bool

        public static func == (a: ListPage, b: ListPage) -> Bool {
            a.objects.elementsEqual(b.objects) { $0.name == $1.name && $0.size == $1.size }
                && a.nextContinuationToken == b.nextContinuationToken && a.isTruncated == b.isTruncated
        }
    }

    /// Parses a ListObjectsV2 result; nil when it is not one (or a `Size`
    /// is not a number).
    public static func listPage(_ body: Substring) -> ListPage? {
        guard body.contains("<ListBucketResult") else { return nil }
        var objects: [(String, UInt64)] = []
        for c in all("Contents", in: body) {
            guard let key = first("Key", in: c), let sizeText = first("Size", in: c),
                  let size = UInt64(sizeText) else { return nil }
            objects.append((key, size))
        }
        let truncated = first("IsTruncated", in: body) == "true"
        return ListPage(objects: objects, nextContinuationToken: first("NextContinuationToken", in: body),
                        isTruncated: truncated)
    }
}
