/// A byte stream that does not frame into acceptable records. The connection
/// must be closed: there is no way to find the next record boundary.
public struct RecordMarkingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case recordTooLarge, alreadyFailed }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The record being assembled (data plus 4 bytes per record mark) would
        /// exceed the configured maximum.
        public static let recordTooLarge = Code(.recordTooLarge)
        /// The reassembler was used again after an error.
        public static let alreadyFailed = Code(.alreadyFailed)

        public var description: String {
            switch base {
            case .recordTooLarge: "record too large"
            case .alreadyFailed: "stream already failed"
            }
        }
    }

    public let code: Code
    /// The size the record would have reached, counting record marks.
    public let size: Int
    /// The configured maximum.
    public let maximum: Int

    public init(code: Code, size: Int, maximum: Int) {
        self.code = code
        self.size = size
        self.maximum = maximum
    }

    public var description: String { "RPC record marking: \(code) (\(size) bytes, maximum \(maximum))" }
}
