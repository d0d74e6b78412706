import ControlModels
import Foundation

/// Input rules, each failing with a message fit for the user.
enum Validate {
    /// Users and groups: POSIX-like names.
    static func principalName(_ name: String, _ what: String) throws {
        guard name.range(of: "^[a-z_][a-z0-9_.-]{0,31}$", options: .regularExpression) != nil else {
            throw ControlStoreError.invalid(
                "invalid \(what) name \"\(name)\": use 1-32 of a-z, 0-9, _ . -, starting with a letter or _")
        }
    }

    /// Passwords: 8 characters at least; at most 72 bytes (bcrypt reads no
    /// further, and a longer one would be silently cut); no NUL.
    static func password(_ p: String) throws {
        guard p.count >= 8 else { throw ControlStoreError.invalid("the password is too short: use at least 8 characters") }
        guard p.utf8.count <= 72 else { throw ControlStoreError.invalid("the password is too long: at most 72 bytes (UTF-8)") }
        guard !p.utf8.contains(0) else { throw ControlStoreError.invalid("the password contains a NUL character") }
    }

    static func email(_ e: String) throws {
        guard e.utf8.count <= 254, e.range(of: "^[^@\\s]+@[^@\\s]+$", options: .regularExpression) != nil else {
            throw ControlStoreError.invalid("invalid email address \"\(e)\"")
        }
    }

    /// Share names are export paths: "/" then printable characters, no "//", at most 255 bytes.
    static func shareName(_ n: String) throws {
        let ok = n.hasPrefix("/") && n.utf8.count <= 255 && !n.contains("//")
            && !n.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
            && (n == "/" || !n.hasSuffix("/"))
        guard ok else {
            throw ControlStoreError.invalid(
                "invalid share name \"\(n)\": an export path like /export (starts with /, no // or trailing /, no control characters, at most 255 bytes)")
        }
    }

    /// Store names, adapter types, setting and secret keys.
    static func identifier(_ s: String, _ what: String, max: Int = 64) throws {
        guard s.utf8.count <= max, s.range(of: "^[A-Za-z0-9_][A-Za-z0-9_.-]*$", options: .regularExpression) != nil else {
            throw ControlStoreError.invalid("invalid \(what) \"\(s)\": use 1-\(max) of A-Z, a-z, 0-9, _ . -")
        }
    }

    /// JSON text (store configuration, adapter settings).
    static func jsonObject(_ text: String, _ what: String) throws {
        guard let v = try? JSONSerialization.jsonObject(with: Data(text.utf8)), v is [String: Any] else {
            throw ControlStoreError.invalid("the \(what) is not a JSON object: \(text.prefix(80))")
        }
    }

    /// A share cache: at least `ShareCache.minimumSize`, at most 2^62 bytes
    /// (stored as a signed 64-bit integer).
    static func cache(_ c: ShareCache) throws {
        guard c.sizeBytes >= ShareCache.minimumSize, c.sizeBytes <= 1 << 62 else {
            throw ControlStoreError.invalid("invalid cache size \(c.sizeBytes) bytes: use at least \(ShareCache.minimumSize >> 20) MiB")
        }
    }

    static func port(_ p: Int) throws {
        guard (0...65535).contains(p) else { throw ControlStoreError.invalid("invalid port \(p): use 0-65535") }
    }
}
