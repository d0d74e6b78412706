import HostPlugins

/// Which share an inode belongs to, kept in the upper 32 bits of
/// `Inode.flags` (host-defined bits the stores keep verbatim). Several shares
/// may live in one metadata store, and a handle is only as trustworthy as
/// its sender: resolving a handle checks that the inode carries the tag of
/// the handle's share, so a client allowed on one share cannot reach
/// another share's files by forging handles.
///
/// The tag is the share's data id (its id when it was first registered)
/// truncated to 32 bits; 0 means "untagged" — inodes created before tags
/// existed, which are accepted in any share of their store (the situation
/// before this check). The lower 32 bits stay free for protocol flags
/// (DOS attributes) and are all clients see.
public enum ShareTag {
    public static let mask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// The flag bits of share data id `dataID`.
    public static func bits(_ dataID: UInt64) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: dataID)) << 32 }

    /// Whether `inode` may be reached through a handle of share `share`.
    static func admits(_ inode: Inode, _ share: Share) -> Bool {
        let tag = inode.flags & mask
        return tag == 0 || tag == bits(share.dataID)
    }
}
