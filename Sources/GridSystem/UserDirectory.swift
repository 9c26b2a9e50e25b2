import Glibc

/// Names for uids and gids, from the system's user database (getpwuid_r / getgrnam_r).
public enum UserDirectory {
    public static func userName(uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }

    public static func currentUID() -> UInt32 { getuid() }

    /// The effective uid of this process: the owner of the files it creates.
    public static func effectiveUID() -> UInt32 { geteuid() }

    public static func currentPID() -> Int32 { getpid() }
}

extension UserDirectory {
    /// The name of a group, when the system knows it.
    public static func groupName(gid: UInt32) -> String? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        let status = getgrgid_r(gid, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.gr_name else { return nil }
        return String(cString: name)
    }
}

extension UserDirectory {
    /// The user's name and primary gid from the user database, when the system knows the uid.
    public static func account(uid: UInt32) -> (name: String, gid: UInt32)? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let name = entry.pw_name else { return nil }
        return (String(cString: name), entry.pw_gid)
    }

    /// Every group of a user (primary and supplementary) from the group database (getgrouplist),
    /// for identities that come without a process to ask, such as the owner of a spool file.
    public static func groupIDs(user name: String, primaryGID: UInt32) -> [UInt32] {
        var count: Int32 = 64
        while true {
            var groups = [gid_t](repeating: 0, count: Int(count))
            var found = count
            if getgrouplist(name, primaryGID, &groups, &found) >= 0 {
                return Array(groups.prefix(Int(found)))
            }
            // -1: the array was too small; `found` says how many there are.
            guard found > count, count < 65536 else { return [primaryGID] }
            count = found
        }
    }
}
