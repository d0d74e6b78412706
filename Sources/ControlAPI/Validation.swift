import Foundation
import ServerConfig
import ControlModels
import HostServices

/// Input checks that belong to the control plane (the store validates
/// users, groups and shares itself).
enum Names {
    /// Store names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit.
    static func validateStore(_ name: String) throws {
        let ok = !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { $0.isAlnum || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
            && name.utf8.first!.isAlnum
        if !ok {
            throw ControlError(.invalid, "store name \"\(name)\" is not valid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
    }
}

enum ClientRules {
    /// Every entry must be an address or CIDR block the host understands.
    static func validate(_ rules: [String]) throws {
        do {
            _ = try ClientList(rules)
        } catch {
            throw ControlError(.invalid, "allowedClients: \(error.message)")
        }
    }
}

extension UInt8 {
    var isAlnum: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

/// Hiding secrets in store configurations shown by the API.
public enum Redaction {
    public static let mask = ServerConfig.mask

    /// Keys whose values are secrets: password, passwd, secret*, token,
    /// *_key / *key (access keys excepted), credentials.
    static func isSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        if k == "access_key_id" || k == "access_key" { return false }
        return k.contains("password") || k.contains("passwd") || k.hasPrefix("secret") || k.contains("token")
            || k.hasSuffix("_key") || k == "key" || k.contains("credential")
    }

    /// `config` with secret values masked, recursively; a DSN's password
    /// (`password=...` or `user:pass@`) masked too.
    public static func redact(_ config: JSON) -> JSON {
        switch config {
        case .object(let o):
            var out: [String: JSON] = [:]
            for (k, v) in o {
                if isSecret(k), v != .null { out[k] = .string(mask) }
                else if k.lowercased().contains("dsn") || k.lowercased() == "url", case .string(let s) = v { out[k] = .string(redactDSN(s)) }
                else { out[k] = redact(v) }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(redact))
        default:
            return config
        }
    }

    /// A DSN's password masked, in key=value and URL form (the same rule
    /// `dfs config show` uses).
    public static func redactDSN(_ dsn: String) -> String {
        ServerConfig.redactDSN(dsn)
    }
}
