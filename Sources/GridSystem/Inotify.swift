import Glibc

/// An inotify instance (inotify(7)): a non-blocking, close-on-exec descriptor that reports
/// changes in watched directories. Read it when it is readable (a DispatchSourceRead) with
/// `readEvents` until it returns no events.
public struct Inotify: Sendable {
    public let descriptor: FileDescriptor

    /// One event: the watch, what happened (`IN_*` bits) and, for events in a directory, the name.
    public struct Event: Sendable, Equatable {
        public var watch: Int32
        public var mask: UInt32
        public var cookie: UInt32
        /// The name inside the watched directory as the kernel gave it; empty for events about
        /// the directory itself (and for `IN_Q_OVERFLOW`). File names are bytes, not always UTF-8.
        public var nameBytes: [UInt8]

        public init(watch: Int32, mask: UInt32, cookie: UInt32, nameBytes: [UInt8]) {
            self.watch = watch
            self.mask = mask
            self.cookie = cookie
            self.nameBytes = nameBytes
        }

        public init(watch: Int32, mask: UInt32, cookie: UInt32, name: String) {
            self.init(watch: watch, mask: mask, cookie: cookie, nameBytes: Array(name.utf8))
        }

        /// The name, or nil when it is not UTF-8 (such a name cannot be opened through a String).
        public var name: String? { String(validating: nameBytes, as: UTF8.self) }

        /// The name was renamed into the watched directory (IN_MOVED_TO).
        public var isMovedIn: Bool { mask & UInt32(IN_MOVED_TO) != 0 }
        /// The kernel's event queue overflowed (`max_queued_events`): events were lost.
        public var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }
        /// The watch was removed (the directory was deleted or its file system unmounted).
        public var isIgnored: Bool { mask & UInt32(IN_IGNORED) != 0 }
    }

    /// The events a watch asks for (the `IN_*` bits of inotify_add_watch(2) that gridd uses).
    public struct Mask: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A name was renamed into the directory (IN_MOVED_TO).
        public static let movedIn = Mask(rawValue: UInt32(IN_MOVED_TO))
        /// A file opened for writing was closed (IN_CLOSE_WRITE).
        public static let closedAfterWriting = Mask(rawValue: UInt32(IN_CLOSE_WRITE))
        /// Fail unless the path is a directory (IN_ONLYDIR).
        public static let onlyDirectory = Mask(rawValue: UInt32(IN_ONLYDIR))
    }

    /// inotify_init1(IN_NONBLOCK | IN_CLOEXEC).
    public init() throws(Errno) {
        let flags = Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC)
        descriptor = FileDescriptor(rawValue: try retryingInterrupts("inotify_init1") { inotify_init1(flags) })
    }

    /// inotify_add_watch(2): watches `path` for the events in `mask`; returns the watch descriptor.
    public func addWatch(_ path: String, mask: UInt32) throws(Errno) -> Int32 {
        try retryingInterrupts("inotify_add_watch(\(path))") { inotify_add_watch(descriptor.rawValue, path, mask) }
    }

    /// `addWatch(_:mask:)` with named events.
    public func addWatch(_ path: String, for events: Mask) throws(Errno) -> Int32 {
        try addWatch(path, mask: events.rawValue)
    }

    /// Reads what is queued now into `buffer` (at least 64 KiB is sensible) and parses it;
    /// an empty result means nothing more is queued (EAGAIN).
    public func readEvents(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> [Event] {
        guard case .processed(let count) = try descriptor.readNonBlocking(into: buffer, call: "read(inotify)") else { return [] }
        return Inotify.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }

    /// Parses a buffer of `struct inotify_event` records: a 16-byte header (wd, mask, cookie, len)
    /// followed by `len` bytes of name, NUL-padded. Records are variable-length; a truncated
    /// record at the end (which the kernel never produces) is ignored.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> [Event] {
        let header = 16
        var events: [Event] = []
        var offset = 0
        while offset + header <= bytes.count {
            let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            guard offset + header + length <= bytes.count else { break }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[(offset + header)..<(offset + header + length)])
            events.append(Event(watch: watch, mask: mask, cookie: cookie, nameBytes: Array(nameBytes.prefix { $0 != 0 })))
            offset += header + length
        }
        return events
    }

    public func close() { descriptor.close() }
}
