import ControlModels

/// Who gets what on a share: pure functions over the grants, no database.
///
/// A principal's level is the highest of its own user grant and the grants
/// of its groups; with none of those, the share's default. Callers that are
/// not a known user (anonymous, unknown uid) get the share's default.
public enum PermissionResolver {
    /// The effective level of `user` (nil: anonymous or unknown) who is a
    /// member of `groups`.
    public static func level(user: String?, groups: [String], shareDefault: AccessLevel, grants: [Permission]) -> AccessLevel {
        guard let user else { return shareDefault }
        var best: AccessLevel?
        for g in grants {
            let applies = switch g.kind {
            case .user: g.principal == user
            case .group: groups.contains(g.principal)
            }
            if applies { best = max(best ?? g.level, g.level) }
        }
        return best ?? shareDefault
    }

    /// For one share, every user's uid mapped to their effective level (the
    /// NFS adapter maps AUTH_SYS uids to users with it). Uids not in the map
    /// get `shareDefault`.
    public static func levelsByUID(users: [User], shareDefault: AccessLevel, grants: [Permission]) -> [UInt32: AccessLevel] {
        var out: [UInt32: AccessLevel] = [:]
        out.reserveCapacity(users.count)
        for u in users {
            out[u.uid] = level(user: u.name, groups: u.groups, shareDefault: shareDefault, grants: grants)
        }
        return out
    }
}
