import Foundation
import Yams

/// Reads typed values out of a composed YAML document, turning every
/// surprise into a ``ConfigError`` that names the key path and the line.
struct NodeReader {
    /// The file name shown in messages.
    let source: String

    /// One entry of a mapping: its key's text, the key node (for the line of
    /// "unknown key" errors) and the value.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    func fail(_ path: String, _ node: Node?, _ message: String) -> ConfigError {
        let mark = node?.mark
        return .invalid(ConfigIssue(source: source, keyPath: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    /// True when the node is a null scalar (`key:`, `key: ~`, `key: null`).
    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain, NSNull.construct(from: s) != nil { return true }
        return false
    }

    /// What a node is, for "expected X, got Y".
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            if isNull(node) { return "nothing (null)" }
            return "\"\(s.string)\""
        }
    }

    /// The entries of a mapping, in order, after checking that every key is a
    /// known, unrepeated string. A null node is an empty mapping.
    func mapping(_ node: Node, path: String, allowed: [String]) throws -> [Entry] {
        if Self.isNull(node) { return [] }
        guard case .mapping(let m) = node else {
            throw fail(path, node, "expected a mapping (key: value lines), got \(Self.describe(node))")
        }
        var seen: [String: Int] = [:]
        var entries: [Entry] = []
        for (k, v) in m {
            let keyPath = path.isEmpty ? "" : path + "."
            guard case .scalar(let ks) = k else {
                throw fail(path, k, "keys must be plain names, got \(Self.describe(k))")
            }
            let key = ks.string
            guard allowed.contains(key) else {
                var msg = "unknown key \"\(key)\""
                if let near = Suggest.nearest(key, in: allowed) { msg += " (did you mean \"\(near)\"?)" }
                msg += "; known keys: " + allowed.joined(separator: ", ")
                throw fail(keyPath + key, k, msg)
            }
            if let first = seen[key] {
                throw fail(keyPath + key, k, "repeated key (first set on line \(first))")
            }
            seen[key] = k.mark?.line ?? 0
            entries.append(Entry(key: key, keyNode: k, value: v))
        }
        return entries
    }

    /// A string scalar; numbers and booleans are taken as their text. Nil for null.
    func string(_ node: Node, path: String) throws -> String? {
        if Self.isNull(node) { return nil }
        guard case .scalar(let s) = node else {
            throw fail(path, node, "expected a string, got \(Self.describe(node))")
        }
        return s.string
    }

    /// A non-empty string; nil for null.
    func nonEmpty(_ node: Node, path: String) throws -> String? {
        guard let s = try string(node, path: path) else { return nil }
        if s.trimmingCharacters(in: .whitespaces).isEmpty { throw fail(path, node, "must not be empty") }
        return s
    }

    /// An integer scalar; nil for null.
    func int(_ node: Node, path: String) throws -> Int? {
        if Self.isNull(node) { return nil }
        guard case .scalar(let s) = node, let v = Int.construct(from: s) else {
            throw fail(path, node, "expected a whole number, got \(Self.describe(node))")
        }
        return v
    }

    /// A port number in `range` (1...65535, or 0...65535 where 0 means "any free port").
    func port(_ node: Node, path: String, allowZero: Bool) throws -> Int? {
        guard let v = try int(node, path: path) else { return nil }
        let low = allowZero ? 0 : 1
        if v < low || v > 65535 {
            let hint = allowZero ? " (0 picks a free port)" : ""
            throw fail(path, node, "\(v) is out of range (\(low)...65535)\(hint)")
        }
        return v
    }

    /// A boolean scalar (true/false, yes/no, on/off); nil for null.
    func bool(_ node: Node, path: String) throws -> Bool? {
        if Self.isNull(node) { return nil }
        guard case .scalar(let s) = node, let v = Bool.construct(from: s) else {
            throw fail(path, node, "expected true or false, got \(Self.describe(node))")
        }
        return v
    }

    /// One of an enum's raw values (case-insensitive); nil for null.
    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, path: String, as: E.Type) throws -> E? where E.RawValue == String {
        guard let s = try string(node, path: path) else { return nil }
        if let v = E(rawValue: s.lowercased()) { return v }
        let names = E.allCases.map(\.rawValue)
        var msg = "\"\(s)\" is not one of " + names.joined(separator: ", ")
        if let near = Suggest.nearest(s, in: names) { msg += " (did you mean \"\(near)\"?)" }
        throw fail(path, node, msg)
    }

    /// A list of non-empty strings; nil for null. A single string is refused
    /// (write `[dir]`), so that a missing dash is not silently accepted.
    func strings(_ node: Node, path: String) throws -> [String]? {
        if Self.isNull(node) { return nil }
        guard case .sequence(let seq) = node else {
            throw fail(path, node, "expected a list (e.g. [/opt/dfs/plugins]), got \(Self.describe(node))")
        }
        return try seq.enumerated().map { i, item in
            guard let s = try nonEmpty(item, path: "\(path)[\(i)]") else {
                throw fail("\(path)[\(i)]", item, "must not be empty")
            }
            return s
        }
    }

    /// A bind address: an IPv4 or IPv6 literal, or a host name.
    func address(_ node: Node, path: String) throws -> String? {
        guard let s = try nonEmpty(node, path: path) else { return nil }
        if !Address.isValid(s) {
            throw fail(path, node, "\"\(s)\" is not an IP address or host name (e.g. 127.0.0.1, 0.0.0.0, ::1, localhost)")
        }
        return s
    }
}
