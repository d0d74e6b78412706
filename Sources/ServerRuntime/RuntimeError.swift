/// An error of a live change, with a message for a person.
public struct RuntimeError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A named store, share, adapter or plugin does not exist.
        case notFound
        /// The change clashes with the running state (name taken, store in use).
        case conflict
        /// The plugin refused the configuration or settings (its message).
        case rejected
        /// Something failed while applying (address in use, I/O).
        case failed
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }

    public var description: String { message }
}
