/// A credential or verifier the server refuses. Answer with the denied reply
/// ``rejection`` (`AUTH_ERROR` with ``stat``).
public struct RPCAuthError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `auth_stat` to send.
    public let stat: RPCAuthStat
    /// What was wrong, for logs.
    public let detail: String

    public init(stat: RPCAuthStat, detail: String) {
        self.stat = stat
        self.detail = detail
    }

    /// The denied reply to send.
    public var rejection: RPCRejection { .authError(stat) }

    public var description: String { "\(stat): \(detail)" }
}
