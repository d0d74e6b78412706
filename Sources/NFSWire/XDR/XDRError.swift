/// Why XDR input could not be decoded. Decoding never traps: every bad input
/// becomes one of these, which the RPC layer answers with GARBAGE_ARGS (or a
/// dropped connection for a broken record).
public enum XDRError: Error, Equatable, Sendable {
    /// The input ended before the value did.
    case truncated(needed: Int, available: Int)
    /// A variable-length item is longer than its declared maximum.
    case tooLong(length: Int, maximum: Int)
    /// An enum or bool discriminant outside its defined values.
    case badDiscriminant(UInt32, type: String)
    /// Bytes left over after a complete message.
    case trailingBytes(Int)
}
