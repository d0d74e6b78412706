/// A value bound to or read from a statement. Both backends map to these
/// four: integers (booleans are 0/1), text, bytes and NULL.
enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case text(String)
    case blob([UInt8])

    static func bool(_ b: Bool) -> SQLValue { .int(b ? 1 : 0) }
    static func u32(_ v: UInt32) -> SQLValue { .int(Int64(v)) }
    static func optText(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }

    /// Text with a NUL cannot be bound faithfully (C strings end there, and
    /// PostgreSQL's text refuses it): both backends refuse it up front, so
    /// "ann\0x" never finds "ann".
    static func checkNoNUL(_ params: [SQLValue]) throws {
        for case .text(let s) in params where s.utf8.contains(0) {
            throw ControlStoreError.invalid("names and values cannot contain a NUL character")
        }
    }
}

/// One result row. The accessors are lenient (an integer column read as
/// text gives its decimal form) because both backends report types a little
/// differently; a NULL reads as 0, "" or [] unless read with an `opt` accessor.
struct SQLRow: Sendable {
    let values: [SQLValue]

    func int(_ i: Int) -> Int64 {
        switch values[i] {
        case .int(let v): v
        case .text(let s): Int64(s) ?? 0
        default: 0
        }
    }

    func u32(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: int(i)) }
    func bool(_ i: Int) -> Bool { int(i) != 0 }
    func isNull(_ i: Int) -> Bool { values[i] == .null }

    func text(_ i: Int) -> String { optText(i) ?? "" }

    func optText(_ i: Int) -> String? {
        switch values[i] {
        case .text(let s): s
        case .int(let v): String(v)
        case .blob(let b): String(decoding: b, as: UTF8.self)
        case .null: nil
        }
    }

    func blob(_ i: Int) -> [UInt8] {
        switch values[i] {
        case .blob(let b): b
        case .text(let s): Array(s.utf8)
        default: []
        }
    }
}
