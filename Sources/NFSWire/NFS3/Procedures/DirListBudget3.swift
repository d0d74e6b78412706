/// Fills a READDIR or READDIRPLUS reply up to the client's byte limits.
///
/// RFC 1813 bounds READDIR3resok by `count` and READDIRPLUS3resok by
/// `maxcount`, both "including all XDR overhead": the budget starts with the
/// size of an empty resok (directory attributes, verifier, the list's final
/// FALSE, eof) and charges each entry's exact encoded size, so a reply built
/// from the accepted entries never exceeds the limit. The 4-byte status word
/// and the RPC header are outside the resok and not counted.
///
/// READDIRPLUS also has `dircount`, the most bytes of "directory
/// information" without attributes and handles; each entry is charged its
/// ``EntryPlus3/dirInfoSize`` (its size as a READDIR entry3) against it. Some
/// clients send a small dircount expecting servers to ignore it; pass
/// `enforceDirCount: false` to do so.
///
/// If the first entry does not fit, RFC 1813 says to answer NFS3ERR_TOOSMALL.
public struct DirListBudget3: Sendable, Hashable {
    /// Bytes of the resok so far (empty resok plus accepted entries).
    public private(set) var used: Int
    /// Directory-information bytes so far (READDIRPLUS).
    public private(set) var dirInfoUsed: Int = 0
    /// Entries accepted.
    public private(set) var entryCount: Int = 0
    /// The resok size limit (count or maxcount).
    public let limit: Int
    /// The dircount limit, if enforced.
    public let dirInfoLimit: Int?

    /// A budget for READDIR: the resok must fit in `count` bytes.
    public init(readDirCount count: UInt32, hasDirAttributes: Bool) {
        limit = Int(count)
        dirInfoLimit = nil
        used = ReadDir3ResOK.emptySize(hasDirAttributes: hasDirAttributes)
    }

    /// A budget for READDIRPLUS: the resok must fit in `maxCount` bytes and
    /// the entries' directory information in `dirCount` (if enforced).
    public init(dirCount: UInt32, maxCount: UInt32, hasDirAttributes: Bool, enforceDirCount: Bool = true) {
        limit = Int(maxCount)
        dirInfoLimit = enforceDirCount ? Int(dirCount) : nil
        used = ReadDirPlus3ResOK.emptySize(hasDirAttributes: hasDirAttributes)
    }

    /// True if even an empty reply exceeds the limit.
    public var emptyReplyExceedsLimit: Bool { used > limit }

    /// Charge an entry of `size` bytes (`dirInfoSize` of them directory
    /// information) if it fits; returns false and changes nothing if not.
    public mutating func add(size: Int, dirInfoSize: Int) -> Bool {
        guard used + size <= limit else { return false }
        if let dirInfoLimit, dirInfoUsed + dirInfoSize > dirInfoLimit { return false }
        used += size
        dirInfoUsed += dirInfoSize
        entryCount += 1
        return true
    }

    /// Charge a READDIR entry if it fits.
    public mutating func add(_ entry: Entry3) -> Bool {
        add(size: entry.encodedSize, dirInfoSize: entry.encodedSize)
    }

    /// Charge a READDIRPLUS entry if it fits.
    public mutating func add(_ entry: EntryPlus3) -> Bool {
        add(size: entry.encodedSize, dirInfoSize: entry.dirInfoSize)
    }
}
