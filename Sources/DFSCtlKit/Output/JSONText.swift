import ControlModels
import Foundation

/// Pretty JSON text of a JSON value: two-space indent, sorted keys,
/// `[]`/`{}` when empty (Foundation's pretty printer spreads empty
/// collections over lines).
public enum JSONText {
    public static func pretty(_ value: JSON) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out + "\n"
    }

    private static func write(_ v: JSON, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent + 2), close = String(repeating: " ", count: indent)
        switch v {
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, x) in a.enumerated() {
                out += pad
                write(x, indent: indent + 2, into: &out)
                out += i < a.count - 1 ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, k) in o.keys.sorted().enumerated() {
                out += pad + scalar(.string(k)) + ": "
                write(o[k]!, indent: indent + 2, into: &out)
                out += i < o.count - 1 ? ",\n" : "\n"
            }
            out += close + "}"
        case .array: out += "[]"
        case .object: out += "{}"
        default: out += scalar(v)
        }
    }

    private static func scalar(_ v: JSON) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return (try? String(decoding: e.encode(v), as: UTF8.self)) ?? "null"
    }
}
