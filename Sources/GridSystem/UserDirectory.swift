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
    public static func currentPID() -> Int32 { getpid() }
}
