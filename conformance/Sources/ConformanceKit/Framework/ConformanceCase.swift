import HostPlugins

/// One conformance case: a named check run against a fresh store instance.
public struct ConformanceCase: Sendable {
    /// Which plugin kind the case applies to.
    public let kind: PluginKind
    /// Group, e.g. "inode", "dirent", "txn", "posix".
    public let group: String
    public let name: String
    /// When set, the case applies only to plugins with these capability bits
    /// (e.g. DFS_CAP_PERSISTENT); others report it as skipped with the reason.
    public let requires: UInt64
    public let body: @Sendable (CaseContext) throws -> Void

    public init(_ kind: PluginKind, _ group: String, _ name: String, requires: UInt64 = 0,
                _ body: @escaping @Sendable (CaseContext) throws -> Void) {
        self.kind = kind
        self.group = group
        self.name = name
        self.requires = requires
        self.body = body
    }

    public var id: String { "\(group)/\(name)" }
}

/// A failed expectation inside a case.
public struct CaseFailure: Error, CustomStringConvertible {
    public let message: String
    public let file: StaticString
    public let line: UInt
    public var description: String { "\(message) (\(file):\(line))" }
}

/// Fail the case unless `condition` holds.
public func expect(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String,
                   file: StaticString = #fileID, line: UInt = #line) throws {
    if try !condition() { throw CaseFailure(message: message(), file: file, line: line) }
}

/// Fail the case unless `a == b`, printing both.
public func expectEqual<T: Equatable>(_ a: T, _ b: T, _ what: @autoclosure () -> String = "",
                                      file: StaticString = #fileID, line: UInt = #line) throws {
    if a != b {
        let w = what()
        throw CaseFailure(message: "\(w.isEmpty ? "" : w + ": ")expected \(b), got \(a)", file: file, line: line)
    }
}

/// Fail the case unless `body` throws a DFSError with `status`.
public func expectError(_ status: DFSStatus, _ what: @autoclosure () -> String = "",
                        file: StaticString = #fileID, line: UInt = #line, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as DFSError {
        if e.status == status { return }
        throw CaseFailure(message: "\(what()): expected \(status), got \(e)", file: file, line: line)
    }
    throw CaseFailure(message: "\(what()): expected \(status), but it succeeded", file: file, line: line)
}

/// Fail unconditionally.
public func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> CaseFailure {
    CaseFailure(message: message, file: file, line: line)
}
