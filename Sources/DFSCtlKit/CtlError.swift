import ControlModels

/// An error dfsctl reports as one line on stderr (`dfsctl: <message>`), with
/// an exit code that tells scripts what kind of failure it was.
public struct CtlError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, which decides the exit code.
    public enum Kind: Sendable, Equatable {
        /// The server refused the request (not found, conflict, invalid): exit 1.
        case refused
        /// A bad command line or unreadable input file: exit 2.
        case usage
        /// Not logged in, bad credentials, expired session, forbidden: exit 3.
        case auth
        /// The server failed (5xx) or answered something unintelligible: exit 4.
        case server
        /// The server could not be reached: exit 5.
        case connection
        /// The contexts file cannot be read or written: exit 6.
        case config
    }

    public var kind: Kind
    /// The text after `dfsctl: `, one line.
    public var message: String

    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }

    public var description: String { message }

    /// The process exit code for this error (see `ExitCodes.help`).
    public var exitCode: Int32 {
        switch kind {
        case .refused: 1
        case .usage: 2
        case .auth: 3
        case .server: 4
        case .connection: 5
        case .config: 6
        }
    }

    /// The error for a problem document from the server:
    /// `<title>: <detail> (HTTP <status>)`; 401/403 are auth errors, other
    /// 4xx refusals, the rest server errors.
    public static func problem(_ p: Problem) -> CtlError {
        var text = p.title
        if let d = p.detail, !d.isEmpty, d != p.title { text += ": " + d }
        text = oneLine(text) + " (HTTP \(p.status))"
        return CtlError(kind(forStatus: p.status), text)
    }

    /// The error kind for an HTTP error status.
    public static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 401, 403: .auth
        case 400..<500: .refused
        default: .server
        }
    }

    /// The error when no context holds tokens.
    public static let notLoggedIn = CtlError(.auth, "not logged in: run `dfsctl login --server URL` first")

    /// Collapses newlines and runs of spaces so a message stays one line.
    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" }).map { $0.trimmingSpaces }.joined(separator: " ")
    }
}

/// The exit codes, as shown in `dfsctl --help`.
public enum ExitCodes {
    public static let help = """
        Exit codes:
          0  success
          1  the server refused the request (not found, conflict, invalid)
          2  usage error (bad arguments, unreadable input file)
          3  authentication: not logged in, bad credentials, session expired,
             or not allowed (HTTP 401/403)
          4  server error (HTTP 5xx, or a reply dfsctl cannot read)
          5  cannot reach the server
          6  the contexts file cannot be read or written
        """
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
