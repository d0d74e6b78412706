import ControlModels
import Foundation
import JWTKit

/// Access and refresh tokens: HS256 JWTs signed with a 32-byte secret kept
/// (sealed) in the control database, so tokens stay valid across restarts
/// and across hosts sharing one database.
///
/// Claims: `sub` (user name), `typ` ("access" or "refresh": a refresh
/// token is never accepted as an access token and vice versa), `iat`,
/// `exp`, `epc` (the user's token epoch when issued: logout and password
/// changes raise the epoch, which ends every earlier token). The role is
/// NOT trusted from the token: every request reloads the user, so a
/// deleted or demoted user loses access at once.
public actor TokenService {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var typ: String
        var iat: IssuedAtClaim
        var exp: ExpirationClaim
        /// Absent in tokens of the first release: epoch 0.
        var epc: Int64?

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
        }
    }

    public enum Kind: String, Sendable { case access, refresh }

    private let keys = JWTKeyCollection()

    public init(secret: [UInt8]) async {
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    /// A signed token of `kind` for `user` in token epoch `epoch`, valid
    /// `ttl` seconds.
    public func issue(_ kind: Kind, user: String, epoch: Int64, ttl: Int, now: Date = Date()) async throws -> String {
        let claims = Claims(sub: .init(value: user), typ: kind.rawValue, iat: .init(value: now),
                            exp: .init(value: now.addingTimeInterval(TimeInterval(ttl))), epc: epoch)
        return try await keys.sign(claims)
    }

    /// The user name and token epoch of a valid, unexpired token of `kind`;
    /// nil otherwise (bad signature, expired, wrong kind, garbage). The
    /// caller compares the epoch with the user's current one.
    public func verify(_ token: String, as kind: Kind) async -> (user: String, epoch: Int64)? {
        guard let claims = try? await keys.verify(token, as: Claims.self), claims.typ == kind.rawValue else { return nil }
        return (claims.sub.value, claims.epc ?? 0)
    }
}
