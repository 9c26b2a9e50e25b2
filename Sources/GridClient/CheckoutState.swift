import GridSystem
import Glibc

/// `./var` in the directory gridctl runs in: the state directory of a checkout's own daemon
/// (`swift run gridd`), whose socket and spool gridctl uses when no flag or variable names one —
/// but only where they belong to the user running gridctl.
///
/// Anyone can create `var/gridd.sock` or `var/spool` in a directory they may write into (/tmp, a
/// shared project directory): trusting them would send a worker's report, phone number included,
/// to another user's fake daemon, or drop it into that user's spool. So `./var` must be a real
/// directory (opened with O_NOFOLLOW: not a symbolic link) owned by the caller and writable by
/// nobody else, and the entry in it must be owned by the caller too: a socket, or a spool root
/// that is a directory not writable by group or others. (The socket's own mode is not looked at:
/// writing to a socket is connecting to it; only the owner of `./var` can put one there.) Root is
/// no exception: in a user's checkout it does not talk to that user's daemon unless told to.
///
/// The checked `./var` stays open and the path handed out goes through it
/// (`/proc/self/fd/N/gridd.sock`): another user renaming `var` away and putting their own in its
/// place between the check and the connect (possible in a world-writable directory) changes
/// nothing.
public enum CheckoutState {
    public static let directory = "var"

    /// What is at `./var/NAME`.
    public enum Lookup: Equatable, Sendable {
        /// Nothing there: use the system path.
        case absent
        /// It belongs to the caller: `path` is what to open, `name` what messages call it.
        case trusted(path: String, name: String)
        /// It is there but does not belong to the caller: use the system path, and say why.
        case refused(String)
    }

    /// The checkout daemon's socket, `./var/gridd.sock`.
    public static func socket(uid: UInt32 = getuid()) -> Lookup {
        lookup("gridd.sock", uid: uid) { status in
            status.mode & S_IFMT == S_IFSOCK ? nil : "it is a \(status.kindName), not a socket"
        }
    }

    /// The checkout daemon's spool, `./var/spool`.
    public static func spool(uid: UInt32 = getuid()) -> Lookup {
        lookup("spool", uid: uid) { status in
            guard status.isDirectory else { return "it is a \(status.kindName), not a directory" }
            return status.mode & 0o022 == 0 ? nil : "it is writable by \(writers(status.mode))"
        }
    }

    private static func lookup(_ name: String, uid: UInt32, problem: (FileStatus) -> String?) -> Lookup {
        let shown = "./\(directory)/\(name)"
        // Nothing to say where there is nothing: the common case outside a checkout.
        guard (try? Directory.linkStatus(directory + "/" + name)) != nil else { return .absent }
        let parent: FileDescriptor
        do throws(Errno) {
            parent = try FileDescriptor.open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        } catch {
            let reason = error.code == ELOOP || error.code == ENOTDIR ? "./\(directory) is a symbolic link or not a directory" : error.message
            return .refused("not using \(shown): \(reason)")
        }
        var keep = false
        defer { if !keep { parent.close() } }
        guard let status = try? parent.status() else { return .refused("not using \(shown): cannot stat ./\(directory)") }
        guard status.uid == uid else {
            return .refused("not using \(shown): ./\(directory) belongs to uid \(status.uid), not to you (uid \(uid))")
        }
        guard status.mode & 0o022 == 0 else {
            return .refused("not using \(shown): ./\(directory) is writable by \(writers(status.mode))")
        }
        let path = "/proc/self/fd/\(parent.rawValue)/\(name)"
        let entry: FileStatus
        do throws(Errno) {
            entry = try Directory.linkStatus(path)
        } catch {
            // Gone since the first look, or no /proc: say so rather than pass it over silently.
            return .refused("not using \(shown): cannot check it through ./\(directory) (\(error.message))")
        }
        guard entry.uid == uid else { return .refused("not using \(shown): it belongs to uid \(entry.uid), not to you (uid \(uid))") }
        if let problem = problem(entry) { return .refused("not using \(shown): \(problem)") }
        // Kept open for the rest of the run: `path` goes through it.
        keep = true
        return .trusted(path: path, name: shown)
    }

    private static func writers(_ mode: mode_t) -> String {
        switch (mode & 0o020 != 0, mode & 0o002 != 0) {
        case (true, true): return "group and others"
        case (true, false): return "its group"
        default: return "others"
        }
    }
}
