import ControlModels

/// A small YAML emitter for JSON values, enough for dfsctl's documents:
/// block mappings (keys sorted) and sequences, `{}`/`[]` when empty, and
/// strings plain only when YAML would read them back as the same string
/// (otherwise double-quoted with escapes).
public enum YAML {
    /// The document for `value`, ending with a newline.
    public static func emit(_ value: JSON) -> String {
        var out = ""
        switch value {
        case .object(let o) where !o.isEmpty: mapping(o, indent: 0, into: &out)
        case .array(let a) where !a.isEmpty: sequence(a, indent: 0, into: &out)
        default: out = scalar(value) + "\n"
        }
        return out
    }

    private static func pad(_ n: Int) -> String { String(repeating: " ", count: n) }

    private static func isCollection(_ v: JSON) -> Bool {
        switch v {
        case .object(let o): !o.isEmpty
        case .array(let a): !a.isEmpty
        default: false
        }
    }

    private static func mapping(_ o: [String: JSON], indent: Int, into out: inout String, firstInline: Bool = false) {
        for (i, key) in o.keys.sorted().enumerated() {
            let v = o[key]!
            let lead = (firstInline && i == 0) ? "" : pad(indent)
            out += lead + string(key) + ":"
            switch v {
            case .object(let m) where !m.isEmpty:
                out += "\n"; mapping(m, indent: indent + 2, into: &out)
            case .array(let a) where !a.isEmpty:
                out += "\n"; sequence(a, indent: indent, into: &out)
            default:
                out += " " + scalar(v) + "\n"
            }
        }
    }

    private static func sequence(_ a: [JSON], indent: Int, into out: inout String) {
        for v in a {
            out += pad(indent) + "-"
            switch v {
            case .object(let m) where !m.isEmpty:
                out += " "; mapping(m, indent: indent + 2, into: &out, firstInline: true)
            case .array(let inner) where !inner.isEmpty:
                out += "\n"; sequence(inner, indent: indent + 2, into: &out)
            default:
                out += " " + scalar(v) + "\n"
            }
        }
    }

    private static func scalar(_ v: JSON) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d.isNaN ? ".nan" : d.isInfinite ? (d > 0 ? ".inf" : "-.inf") : String(d)
        case .string(let s): string(s)
        case .array: "[]"
        case .object: "{}"
        }
    }

    /// Words YAML 1.1 or 1.2 reads as something other than a string.
    private static let reserved: Set<String> = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"]
    private static let plainSafe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+()@=,")

    /// `s` plain when that reads back as the same string, else double-quoted.
    static func string(_ s: String) -> String {
        if isPlain(s) { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
                    || u.value == 0xFEFF {
                    out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    private static func isPlain(_ s: String) -> Bool {
        guard let first = s.first, s.allSatisfy({ plainSafe.contains($0) || ($0 == " ") || (!$0.isASCII && !$0.isWhitespace && !$0.isNewline) })
        else { return false }
        if s.first == " " || s.last == " " { return false }
        if reserved.contains(s.lowercased()) { return false }
        // Anything starting like a number, or with an indicator, is quoted.
        if first.isNumber || "-+.,@=".contains(first) { return false }
        if s.contains(" #") || s.contains(": ") { return false }
        return true
    }
}
