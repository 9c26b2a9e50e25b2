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

    /// The supplementary groups of a running process, from /proc/PID/status (`Groups:`).
    /// SO_PEERCRED gives only the primary gid; access rules by group need the rest.
    public static func supplementaryGroups(pid: Int32) -> [UInt32] {
        guard let bytes = try? Files.read("/proc/\(pid)/status", limit: 1 << 16) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Groups:") }) else { return [] }
        return line.dropFirst("Groups:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt32($0) }
    }
}
