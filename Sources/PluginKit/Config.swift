import Foundation

/// Reads a plugin's JSON configuration and rejects what it does not know, so
/// every bad key yields a message that names it.
///
///     var cfg = try PluginConfig(json, plugin: "fs")
///     let path = try cfg.string("path")                // required
///     let sync = try cfg.bool("fsync", default: true)
///     try cfg.finish()                                 // unknown keys -> error
public struct PluginConfig {
    private var object: [String: JSONValue]
    private var used: Set<String> = []
    public let pluginName: String

    /// `json` NULL or blank means `{}`.
    public init(_ json: UnsafePointer<CChar>?, plugin: String) throws {
        try self.init(text: json.map { String(cString: $0) } ?? "", plugin: plugin)
    }

    public init(text: String, plugin: String) throws {
        pluginName = plugin
        if text.allSatisfy({ $0.isWhitespace }) {
            object = [:]
            return
        }
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(text)
        } catch {
            throw PluginError.inval("\(plugin): configuration is not valid JSON: \(text.prefix(80))")
        }
        guard case .object(let obj) = parsed else {
            throw PluginError.inval("\(plugin): configuration must be a JSON object, got \(parsed.typeName)")
        }
        object = obj
    }

    private mutating func value(_ key: String) -> JSONValue? {
        used.insert(key)
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    private func wrongType(_ key: String, _ want: String, _ got: JSONValue) -> PluginError {
        .inval("\(pluginName): key \"\(key)\" must be \(want), got \(got.typeName)")
    }

    public mutating func optionalString(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw wrongType(key, "a string", v) }
        return s
    }

    public mutating func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else {
            throw PluginError.inval("\(pluginName): missing required key \"\(key)\"")
        }
        return s
    }

    public mutating func string(_ key: String, default d: String) throws -> String {
        try optionalString(key) ?? d
    }

    public mutating func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let v = value(key) else { return d }
        guard case .bool(let b) = v else { throw wrongType(key, "true or false", v) }
        return b
    }

    public mutating func int(_ key: String, default d: Int, range: ClosedRange<Int>? = nil) throws -> Int {
        guard let v = value(key) else { return d }
        guard case .int(let i) = v else { throw wrongType(key, "an integer", v) }
        let n = Int(i)
        if let range, !range.contains(n) {
            throw PluginError.inval("\(pluginName): key \"\(key)\" = \(n) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    /// Fails naming the first key that no accessor asked for.
    public func finish() throws {
        if let k = object.keys.filter({ !used.contains($0) }).sorted().first {
            let known = used.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw PluginError.inval("\(pluginName): unknown configuration key \"\(k)\" (known: \(known.isEmpty ? "none" : known))")
        }
    }
}
