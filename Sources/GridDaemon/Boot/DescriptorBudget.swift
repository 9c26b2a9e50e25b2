import GridSystem

/// At start-up: raises the soft RLIMIT_NOFILE to the hard limit (the soft default of 1024 is
/// below what `MaxConnections=` allows) and logs what it is, warning when it cannot hold
/// `MaxConnections` plus the daemon's own descriptors. Under systemd the unit's `LimitNOFILE=`
/// sets both limits to the same value, so nothing needs raising there.
enum DescriptorBudget {
    /// Descriptors the daemon holds besides its clients: the database and its WAL (writer,
    /// readers, checkpointer, outbox), the log, the listener, inotify, notifier pipes, Dispatch.
    static let reserved = 64

    static func apply(maxConnections: Int, log: DispatchLog) {
        let limits: OpenFileLimit.Limits
        do throws(Errno) {
            let (before, after) = try OpenFileLimit.raiseSoftToHard()
            limits = after
            log.log(.info, "open_file_limit", [
                ("soft", String(after.soft)), ("hard", String(after.hard)),
                ("raised_from", before.soft == after.soft ? "-" : String(before.soft)),
            ])
        } catch {
            log.log(.warning, "open_file_limit_unchanged", [("error", error.description)])
            guard let current = try? OpenFileLimit.current() else { return }
            limits = current
        }
        let needed = UInt64(maxConnections + reserved)
        if limits.soft < needed {
            log.log(.warning, "open_file_limit_low", [
                ("soft", String(limits.soft)), ("max_connections", String(maxConnections)), ("needed", String(needed)),
                ("note", "accept pauses when descriptors run out; raise LimitNOFILE= or lower MaxConnections="),
            ])
        }
    }
}
