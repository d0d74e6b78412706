import ControlModels
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Who made an authenticated request (from the access token).
public struct Identity: Sendable, Equatable {
    public var username: String
    public var role: Role
}

/// The request context of the API: Hummingbird's core storage plus the
/// caller's identity (set by `AuthMiddleware`) and address.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// Why a token that was sent was not accepted (answered on routes that need one).
    public var authFailure: String?
    /// The peer's IP address, for login rate limiting.
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Request bodies are small JSON documents.
    public var maxUploadSize: Int { 1 << 20 }

    /// The caller, or 401.
    func user() throws -> Identity {
        guard let identity else {
            throw ControlError(.unauthorized, authFailure ?? "this endpoint needs a bearer access token (POST /api/v1/auth/login)")
        }
        return identity
    }

    /// The caller when an admin, else 403.
    @discardableResult
    func admin() throws -> Identity {
        let id = try user()
        guard id.role == .admin else { throw ControlError(.forbidden, "only admins may do this (you are \(id.username), a \(id.role.rawValue))") }
        return id
    }

    /// Path parameter `name`, percent-decoded ("%2Fexport" → "/export").
    func param(_ name: String) throws -> String {
        guard let raw = parameters.get(name) else { throw ControlError(.invalid, "missing path parameter \(name)") }
        guard let decoded = raw.removingPercentEncoding else { throw ControlError(.invalid, "path parameter \(name) is not valid percent-encoding") }
        return decoded
    }
}
