import Dispatch
import GridCore
import GridSystem
import Glibc

/// The Unix socket server: accepts connections, reads each peer's credentials (SO_PEERCRED) once,
/// refuses connections over the total and per-uid limits, closes idle clients, and on shutdown
/// stops accepting and lets every connection finish what it has in flight.
///
/// When accept(2) fails (EMFILE: out of descriptors) the pending connections stay in the
/// listen backlog: accepting pauses for `acceptRetryMilliseconds` (logged once per episode)
/// rather than spinning on a listener that stays readable.
///
/// All state is confined to `queue`; public methods hop onto it.
public final class SocketServer: @unchecked Sendable {
    public struct Settings: Sendable {
        public var maxLineBytes: Int
        public var idleTimeoutMilliseconds: Int64
        public var maxConnections: Int
        /// Open connections allowed from one peer uid (every uid, root included).
        public var maxConnectionsPerUser: Int
        /// Responses waiting to be written beyond which a connection stops reading requests.
        public var maxUnsentBytes: Int

        public init(
            maxLineBytes: Int, idleTimeoutMilliseconds: Int64, maxConnections: Int, maxConnectionsPerUser: Int = 256,
            maxUnsentBytes: Int = 1 << 20
        ) {
            self.maxLineBytes = maxLineBytes
            self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
            self.maxConnections = maxConnections
            self.maxConnectionsPerUser = maxConnectionsPerUser
            self.maxUnsentBytes = maxUnsentBytes
        }
    }

    /// Counts for `status`.
    public struct Snapshot: Sendable {
        public var open = 0
        public var acceptedTotal = 0
        /// Open connections whose reading is paused because their client is not reading.
        public var heldBack = 0
        /// Distinct peer uids with a connection open.
        public var peers = 0
        /// The most connections any one uid has open.
        public var busiestPeer = 0
        public var refusedMaxConnections = 0
        public var refusedPerUser = 0
        /// accept(2) failures (EMFILE and the like), each followed by a pause.
        public var acceptFailures = 0
    }

    /// How long accepting pauses after accept(2) fails.
    static let acceptRetryMilliseconds = 100

    private let listener: FileDescriptor
    let settings: Settings
    private let handler: any RequestHandling
    private let log: DispatchLog
    private let queue = DispatchQueue(label: "gridd.socket")
    private var acceptSource: (any DispatchSourceRead)?
    private var idleTimer: (any DispatchSourceTimer)?
    private var connections: [Int: ClientConnection] = [:]
    private var nextNumber = 1
    private var userNames: [UInt32: String] = [:]
    private var groupNames: [UInt32: String] = [:]
    private var draining: (@Sendable () -> Void)?
    /// Set by `drain`: accepting never resumes.
    private var stoppedAccepting = false
    private var counts = Snapshot()
    private var openPerUID: [UInt32: Int] = [:]
    private var refusalLog = RefusalLogLimiter()
    /// When accepting paused after a failure (nil while accepting normally).
    private var acceptPausedAt: DispatchTime?
    private let readBuffer = SocketReadBuffer()

    public init(listener: FileDescriptor, settings: Settings, handler: any RequestHandling, log: DispatchLog) {
        self.listener = listener
        self.settings = settings
        self.handler = handler
        self.log = log
    }

    public func start() {
        queue.sync {
            startAccepting()
            let interval = max(10, min(1000, Int(settings.idleTimeoutMilliseconds / 4)))
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval))
            timer.setEventHandler { [self] in closeIdleConnections() }
            idleTimer = timer
            timer.activate()
        }
    }

    /// Counts for `status` (`connections`). Walks the open connections: O(connections).
    public func snapshot() -> Snapshot {
        queue.sync {
            var snapshot = counts
            snapshot.open = connections.count
            snapshot.heldBack = connections.values.reduce(0) { $0 + ($1.isHeldBack ? 1 : 0) }
            snapshot.peers = openPerUID.count
            snapshot.busiestPeer = openPerUID.values.max() ?? 0
            return snapshot
        }
    }

    private func startAccepting() {
        let source = DispatchSource.makeReadSource(fileDescriptor: listener.rawValue, queue: queue)
        source.setEventHandler { [self] in acceptPending() }
        acceptSource = source
        source.activate()
    }

    /// accept(2) failed: stop watching the listener (it stays readable, so the handler would spin)
    /// and try again later; the connections wait in the backlog meanwhile.
    private func pauseAccepting(after error: Errno) {
        counts.acceptFailures += 1
        acceptSource?.cancel()
        acceptSource = nil
        if acceptPausedAt == nil {
            acceptPausedAt = .now()
            log.log(.warning, "accept_paused", [
                ("error", error.description), ("open", String(connections.count)),
                ("retry_ms", String(SocketServer.acceptRetryMilliseconds)),
            ])
        }
        queue.asyncAfter(deadline: .now() + .milliseconds(SocketServer.acceptRetryMilliseconds)) { [self] in
            guard !stoppedAccepting, acceptSource == nil else { return }
            startAccepting()
        }
    }

    private func acceptPending() {
        while true {
            let accepted: FileDescriptor?
            do throws(Errno) {
                accepted = try UnixSocket.accept(listener)
            } catch {
                pauseAccepting(after: error)
                return
            }
            guard let fd = accepted else { return }
            counts.acceptedTotal += 1
            if let pausedAt = acceptPausedAt {
                acceptPausedAt = nil
                let paused = (DispatchTime.now().uptimeNanoseconds - pausedAt.uptimeNanoseconds) / 1_000_000
                log.log(.notice, "accept_resumed", [("paused_ms", String(paused)), ("failures", String(counts.acceptFailures))])
            }
            guard draining == nil else {
                fd.close()
                continue
            }
            guard connections.count < settings.maxConnections else {
                counts.refusedMaxConnections += 1
                refuse(fd, GridError(.unavailable, "too many connections (\(settings.maxConnections))"), reason: "max_connections", uid: nil)
                continue
            }
            let peer: Actor
            do throws(Errno) {
                let credentials = try UnixSocket.peerCredentials(fd)
                let open = openPerUID[credentials.uid, default: 0]
                guard open < settings.maxConnectionsPerUser else {
                    counts.refusedPerUser += 1
                    let limit = settings.maxConnectionsPerUser
                    refuse(
                        fd, GridError(.unavailable, "too many connections from uid \(credentials.uid) (limit \(limit))"),
                        reason: "per_user_limit", uid: credentials.uid)
                    continue
                }
                var groups = [credentials.gid]
                for gid in UserDirectory.supplementaryGroups(pid: credentials.pid) where !groups.contains(gid) { groups.append(gid) }
                peer = Actor(
                    uid: credentials.uid, name: userName(credentials.uid), pid: credentials.pid, groupIDs: groups,
                    groupNames: groups.compactMap(groupName))
            } catch {
                log.log(.error, "peer_credentials_failed", [("error", error.description)])
                fd.close()
                continue
            }
            let number = nextNumber
            nextNumber += 1
            let connection = ClientConnection(
                number: number, fd: fd, peer: peer, queue: queue, maxLineBytes: settings.maxLineBytes,
                maxUnsentBytes: settings.maxUnsentBytes, readBuffer: readBuffer, handler: handler
            ) { [weak self] connection in
                self?.connectionClosed(connection)
            }
            connections[number] = connection
            openPerUID[peer.uid, default: 0] += 1
            connection.start()
        }
    }

    /// Writes one error line (no request id) and closes: the client reads why before EOF. Logged
    /// at most once per reason and uid every `RefusalLogLimiter.intervalSeconds`.
    private func refuse(_ fd: FileDescriptor, _ error: GridError, reason: String, uid: UInt32?) {
        try? fd.writeAll(Response.failure(id: .null, error: error))
        fd.close()
        let limit = uid == nil ? settings.maxConnections : settings.maxConnectionsPerUser
        guard let suppressed = refusalLog.admit(key: "\(reason) \(uid.map(String.init) ?? "-")", now: .now()) else { return }
        var fields = [("reason", reason)]
        if let uid { fields.append(("uid", String(uid))) }
        fields += [("limit", String(limit)), ("open", String(connections.count))]
        if suppressed > 0 { fields.append(("suppressed", String(suppressed))) }
        log.log(.warning, "connection_refused", fields)
    }

    private func groupName(_ gid: UInt32) -> String? {
        if let name = groupNames[gid] { return name }
        let name = UserDirectory.groupName(gid: gid)
        if let name { groupNames[gid] = name }
        return name
    }

    private func userName(_ uid: UInt32) -> String? {
        if let name = userNames[uid] { return name }
        let name = UserDirectory.userName(uid: uid)
        if let name { userNames[uid] = name }
        return name
    }

    private func closeIdleConnections() {
        let deadline = DispatchTime.now() - .milliseconds(Int(settings.idleTimeoutMilliseconds))
        for connection in connections.values where connection.isIdle(since: deadline) {
            log.log(.warning, "client_timeout", [("uid", String(connection.peer.uid)), ("pid", connection.peer.pid.map(String.init) ?? "-")])
            connection.refuse(GridError(.timeout, "no request for \(settings.idleTimeoutMilliseconds) ms; closing the connection"))
        }
    }

    private func connectionClosed(_ connection: ClientConnection) {
        connections[connection.number] = nil
        let uid = connection.peer.uid
        if let open = openPerUID[uid] { openPerUID[uid] = open > 1 ? open - 1 : nil }
        if connections.isEmpty { finishDraining() }
    }

    private func finishDraining() {
        guard let draining else { return }
        self.draining = nil
        draining()
    }

    /// Stops accepting, stops reading new requests, and calls `completion` once every request
    /// already read has been answered and every connection closed (or after `timeout`, closing
    /// what is left). The listening socket is closed; the caller unlinks its path if it owns it.
    public func drain(timeout: DispatchTimeInterval = .seconds(10), completion: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            stoppedAccepting = true
            acceptSource?.cancel()
            acceptSource = nil
            idleTimer?.cancel()
            idleTimer = nil
            listener.close()
            draining = completion
            if connections.isEmpty {
                finishDraining()
                return
            }
            for connection in connections.values { connection.finish() }
            queue.asyncAfter(deadline: .now() + timeout) { [self] in
                guard draining != nil else { return }
                log.log(.warning, "shutdown_forced", [("connections", String(connections.count))])
                for connection in connections.values { connection.abort() }
                finishDraining()
            }
        }
    }
}
