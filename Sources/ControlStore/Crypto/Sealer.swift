import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Seals small secrets (NT hashes, the JWT signing secret) with AES-256-GCM
/// under a key kept in a file OUTSIDE the database, so that a copy of the
/// database alone reveals none of them. Each value is bound to its row by
/// the associated data ("nt:<user>", "secret:<name>"): a sealed value moved
/// to another row does not open.
struct Sealer: Sendable {
    private let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// nonce (12) + ciphertext + tag (16).
    func seal(_ plain: [UInt8], context: String) throws -> [UInt8] {
        do {
            let box = try AES.GCM.seal(plain, using: key, authenticating: Array(context.utf8))
            guard let combined = box.combined else { throw ControlStoreError.backend("AES-GCM gave no combined form") }
            return Array(combined)
        } catch let e as ControlStoreError {
            throw e
        } catch {
            throw ControlStoreError.backend("cannot seal a secret: \(error)")
        }
    }

    /// Opens what `seal` made; fails when the key or the context differ.
    func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
        } catch {
            throw ControlStoreError.invalid(
                "cannot open a sealed secret (\(context.split(separator: ":").first ?? "")): the key file does not match the one the database was written with")
        }
    }

    /// Reads the 32-byte key at `path`, creating it (random, mode 0600) when
    /// missing. Refuses a key file other users may read, or of the wrong size.
    /// Creation is atomic (written to a temporary file, then linked into
    /// place), so two processes starting at once agree on one key.
    static func loadOrCreateKey(path: String) throws -> SymmetricKey {
        guard !path.isEmpty else { throw ControlStoreError.invalid("the key file path is empty") }
        if access(path, F_OK) != 0 && errno == ENOENT {
            try create(path)
        }
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw ControlStoreError.backend("cannot read the key file \(path): \(String(cString: strerror(errno)))")
        }
        guard st.st_mode & 0o077 == 0 else {
            throw ControlStoreError.invalid(
                "the key file \(path) may be read by other users (mode \(String(st.st_mode & 0o777, radix: 8))): run chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ControlStoreError.backend("cannot read the key file \(path)")
        }
        guard data.count == 32 else {
            throw ControlStoreError.invalid("the key file \(path) holds \(data.count) bytes, not a 32-byte key")
        }
        return SymmetricKey(data: data)
    }

    /// Writes a new random key to a temporary file beside `path` and links
    /// it into place; losing the race to another process is fine.
    private static func create(_ path: String) throws {
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ControlStoreError.backend("cannot create the key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { unlink(tmp) }
        let key = SymmetricKey(size: .bits256)
        let ok = key.withUnsafeBytes { raw -> Bool in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { return false }
                off += n
            }
            return fsync(fd) == 0
        }
        Glibc.close(fd)
        guard ok else { throw ControlStoreError.backend("cannot write the key file \(path): \(String(cString: strerror(errno)))") }
        if link(tmp, path) != 0 && errno != EEXIST {
            throw ControlStoreError.backend("cannot create the key file \(path): \(String(cString: strerror(errno)))")
        }
    }
}
