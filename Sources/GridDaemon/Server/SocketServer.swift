import Dispatch
import GridCore
import GridSystem

/// The Unix socket server: accepts connections, takes each peer's identity from the socket once
/// (SO_PEERCRED and SO_PEERGROUPS: what the kernel recorded at connect, never /proc by pid),
/// hands out connections by the peer's role (see `ConnectionBudget`: a `classify` closure from
/// the daemon reads the current `[Access]`, so a reload applies to the next connection), closes
/// idle clients and those that do not complete a request line in time, and on shutdown stops
/// accepting and lets every connection finish what it has in flight.
///
/// When accept(2) fails (EMFILE: out of descriptors) the pending connections stay in the
/// listen backlog: accepting pauses for `acceptRetryMilliseconds` (logged once per episode)
/// rather than spinning on a listener that stays readable.
///
/// All state is confined to `queue`: public methods hop onto it, and the handlers of its sources
/// and timers (which Dispatch runs there) check it with `dispatchPrecondition`, as its
/// connections do at every entry point.
public final class SocketServer: @unchecked Sendable {
    public struct Settings: Sendable {
        public var maxLineBytes: Int
        /// No complete request for this long, and nothing owed: the connection is closed.
        public var idleTimeoutMilliseconds: Int64
        /// A request line not complete this long after its first byte: the connection is closed.
        public var requestTimeoutMilliseconds: Int64
        public var maxConnections: Int
        /// Open connections allowed from one peer uid (every uid, root included).
        public var maxConnectionsPerUser: Int
        /// The last connections, kept for operators and admins.
        public var reservedConnections: Int
        /// Open connections allowed to one peer with no role, and to all of them together.
        public var roleLessPerUser: Int
        public var roleLessTotal: Int
        /// Responses waiting to be written beyond which a connection stops reading requests.
        public var maxUnsentBytes: Int

        public init(
            maxLineBytes: Int, idleTimeoutMilliseconds: Int64, requestTimeoutMilliseconds: Int64 = 5_000, maxConnections: Int,
            maxConnectionsPerUser: Int = 256, reservedConnections: Int = 8, roleLessPerUser: Int = 2, roleLessTotal: Int = 16,
            maxUnsentBytes: Int = 1 << 20
        ) {
            self.maxLineBytes = maxLineBytes
            self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
            self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
            self.maxConnections = maxConnections
            self.maxConnectionsPerUser = maxConnectionsPerUser
            self.reservedConnections = reservedConnections
            self.roleLessPerUser = roleLessPerUser
            self.roleLessTotal = roleLessTotal
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
        /// Open connections of peers with no role.
        public var roleLessOpen = 0
        public var refusedMaxConnections = 0
        public var refusedPerUser = 0
        /// Refused because only the connections reserved for operators and admins were left.
        public var refusedReserved = 0
        /// Refused because a peer with no role (or all of them) had its few connections.
        public var refusedNoRole = 0
        /// accept(2) failures (EMFILE and the like), each followed by a pause.
        public var acceptFailures = 0
    }

    /// How long accepting pauses after accept(2) fails.
    static let acceptRetryMilliseconds = 100

    /// Where the listening descriptor comes from (taken at `start`).
    private let listenerSource: Listener
    private var listener: FileDescriptor?
    let settings: Settings
    private let handler: any RequestHandling
    private let classify: @Sendable (Actor) -> PeerClass
    private let log: DispatchLog
    private let queue = DispatchQueue(label: "gridd.socket")
    private var acceptSource: (any DispatchSourceRead)?
    private var idleTimer: (any DispatchSourceTimer)?
    private var connections: [Int: ClientConnection] = [:]
    /// The class each open connection was admitted as (what `budget` counted it under).
    private var admittedAs: [Int: PeerClass] = [:]
    private var budget: ConnectionBudget
    /// The limits `budget` applies (readable from any thread).
    let budgetLimits: ConnectionBudget.Limits
    private var nextNumber = 1
    private var userNames: [UInt32: String] = [:]
    private var groupNames: [UInt32: String] = [:]
    /// Signalled once every connection closed after `beginDraining` (nil while not draining).
    private var draining: DispatchSemaphore?
    /// Set by `beginDraining`: accepting never resumes.
    private var stoppedAccepting = false
    private var counts = Snapshot()
    /// Set once SO_PEERGROUPS failed (a kernel before 4.13): logged once, peers get their primary gid only.
    private var peerGroupsUnavailable = false
    private var refusalLog = RefusalLogLimiter()
    /// When accepting paused after a failure (nil while accepting normally).
    private var acceptPausedAt: DispatchTime?
    private let readBuffer = SocketReadBuffer()

    /// - Parameter classify: the peer's standing under the current `[Access]`; called on every
    ///   accept, so it must be cheap (no user-database calls: the actor's names are cached here).
    init(
        listener: Listener, settings: Settings, handler: any RequestHandling, log: DispatchLog,
        classify: @escaping @Sendable (Actor) -> PeerClass
    ) {
        listenerSource = listener
        self.settings = settings
        self.handler = handler
        self.classify = classify
        self.log = log
        budgetLimits = ConnectionBudget.Limits(
            max: settings.maxConnections, maxPerUser: settings.maxConnectionsPerUser,
            reservedConnections: settings.reservedConnections, roleLessPerUser: settings.roleLessPerUser,
            roleLessTotal: settings.roleLessTotal)
        budget = ConnectionBudget(limits: budgetLimits)
    }

    /// Takes the listening socket and serves it.
    func start() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        let listener = listenerSource.take()
        queue.sync {
            self.listener = listener
            startAccepting()
            let shortest = min(settings.idleTimeoutMilliseconds, settings.requestTimeoutMilliseconds)
            let interval = max(10, min(1000, Int(shortest / 4)))
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval))
            timer.setEventHandler { [self] in closeIdleConnections() }
            idleTimer = timer
            timer.activate()
        }
    }

    /// Counts for `status` (`connections`). Walks the open connections: O(connections).
    public func snapshot() -> Snapshot {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync {
            var snapshot = counts
            snapshot.open = connections.count
            snapshot.heldBack = connections.values.reduce(0) { $0 + ($1.isHeldBack ? 1 : 0) }
            snapshot.peers = budget.perUID.count
            snapshot.busiestPeer = budget.perUID.values.max() ?? 0
            snapshot.roleLessOpen = budget.roleLessOpen
            return snapshot
        }
    }

    private func startAccepting() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let listener else { return }
        let source = DispatchSource.makeReadSource(fileDescriptor: listener.rawValue, queue: queue)
        source.setEventHandler { [self] in acceptPending() }
        acceptSource = source
        source.activate()
    }

    /// accept(2) failed: stop watching the listener (it stays readable, so the handler would spin)
    /// and try again later; the connections wait in the backlog meanwhile.
    private func pauseAccepting(after error: Errno) {
        dispatchPrecondition(condition: .onQueue(queue))
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
        dispatchPrecondition(condition: .onQueue(queue))
        while true {
            let fd: FileDescriptor
            do throws(Errno) {
                guard let listener, case .processed(let accepted) = try UnixSocket.accept(listener) else { return }
                fd = accepted
            } catch {
                pauseAccepting(after: error)
                return
            }
            counts.acceptedTotal += 1
            if let pausedAt = acceptPausedAt {
                acceptPausedAt = nil
                let paused = (DispatchTime.now().uptimeNanoseconds - pausedAt.uptimeNanoseconds) / 1_000_000
                log.log(.notice, "accept_resumed", [("paused_ms", String(paused)), ("failures", String(counts.acceptFailures))])
            }
            guard !stoppedAccepting else {
                fd.close()
                continue
            }
            if let refusal = budget.refusalWhenFull {
                refuse(fd, refusal, uid: nil)
                continue
            }
            guard let peer = identify(fd) else {
                fd.close()
                continue
            }
            let peerClass = classify(peer)
            if let refusal = budget.refusal(uid: peer.uid, as: peerClass) {
                refuse(fd, refusal, uid: peer.uid)
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
            admittedAs[number] = peerClass
            budget.take(uid: peer.uid, as: peerClass)
            connection.start()
        }
    }

    /// The peer's identity, all of it from the socket: uid, gid and pid (SO_PEERCRED), the
    /// supplementary groups (SO_PEERGROUPS), and the names for them (cached). Nil (logged) when
    /// the socket cannot tell.
    private func identify(_ fd: FileDescriptor) -> Actor? {
        let credentials: (pid: Int32, uid: UInt32, gid: UInt32)
        do throws(Errno) {
            credentials = try UnixSocket.peerCredentials(fd)
        } catch {
            log.log(.error, "peer_credentials_failed", [("error", error.description)])
            return nil
        }
        var groups = [credentials.gid]
        do throws(Errno) {
            for gid in try UnixSocket.peerGroups(fd) where !groups.contains(gid) { groups.append(gid) }
        } catch {
            // Fewer groups can only mean fewer roles: the peer is served with its primary gid.
            if !peerGroupsUnavailable {
                peerGroupsUnavailable = true
                log.log(.error, "peer_groups_unavailable", [
                    ("error", error.description), ("note", "SO_PEERGROUPS needs Linux 4.13; roles given by supplementary groups do not apply"),
                ])
            }
        }
        return Actor(
            uid: credentials.uid, name: userName(credentials.uid), pid: credentials.pid, groupIDs: groups,
            groupNames: groups.compactMap(groupName))
    }

    /// Writes one error line (no request id) and closes: the client reads why before EOF. Counted
    /// in `status`; logged at most once per reason and uid every `RefusalLogLimiter.intervalSeconds`.
    private func refuse(_ fd: FileDescriptor, _ refusal: ConnectionBudget.Refusal, uid: UInt32?) {
        switch refusal.reason {
        case .maxConnections: counts.refusedMaxConnections += 1
        case .perUser: counts.refusedPerUser += 1
        case .reserved: counts.refusedReserved += 1
        case .noRole, .noRoleTotal: counts.refusedNoRole += 1
        }
        try? fd.writeAll(Response.failure(id: .null, error: GridError(.unavailable, refusal.message)))
        fd.close()
        let reason = refusal.reason.rawValue
        guard let suppressed = refusalLog.admit(key: "\(reason) \(uid.map(String.init) ?? "-")", now: .now()) else { return }
        var fields = [("reason", reason)]
        if let uid { fields.append(("uid", String(uid))) }
        fields += [("limit", String(refusal.limit)), ("open", String(connections.count))]
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

    /// Closes, with a `timeout` line, connections that completed no request for `IdleTimeout=`
    /// (and are owed nothing), and those whose request line is not complete `RequestTimeout=`
    /// after its first byte — progress, not bytes: dribbling keeps no connection.
    private func closeIdleConnections() {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = DispatchTime.now()
        let idleSince = now - .milliseconds(Int(settings.idleTimeoutMilliseconds))
        let lineSince = now - .milliseconds(Int(settings.requestTimeoutMilliseconds))
        for connection in connections.values {
            let error: GridError
            let reason: String
            if connection.isStalledMidLine(since: lineSince) {
                reason = "request_timeout"
                error = GridError(
                    .timeout, "request line not completed within \(settings.requestTimeoutMilliseconds) ms of its first byte; closing the connection")
            } else if connection.isIdle(since: idleSince) {
                reason = "idle"
                error = GridError(.timeout, "no request for \(settings.idleTimeoutMilliseconds) ms; closing the connection")
            } else {
                continue
            }
            log.log(.warning, "client_timeout", [
                ("reason", reason), ("uid", String(connection.peer.uid)), ("pid", connection.peer.pid.map(String.init) ?? "-"),
            ])
            connection.refuse(error)
        }
    }

    private func connectionClosed(_ connection: ClientConnection) {
        dispatchPrecondition(condition: .onQueue(queue))
        connections[connection.number] = nil
        if let peerClass = admittedAs.removeValue(forKey: connection.number) {
            budget.release(uid: connection.peer.uid, as: peerClass)
        }
        if connections.isEmpty { finishDraining() }
    }

    private func finishDraining() {
        dispatchPrecondition(condition: .onQueue(queue))
        draining?.signal()
        draining = nil
    }

    /// Stops accepting (the listening socket is closed; its path is the daemon's to unlink, if it
    /// owns it) and reading new requests, and lets every connection finish what it has read.
    func beginDraining() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            stoppedAccepting = true
            acceptSource?.cancel()
            acceptSource = nil
            idleTimer?.cancel()
            idleTimer = nil
            listener?.close()
            listener = nil
            draining = DispatchSemaphore(value: 0)
            if connections.isEmpty {
                finishDraining()
                return
            }
            for connection in connections.values { connection.finish() }
        }
    }

    /// Waits until every request already read has been answered and every connection closed, at
    /// most until `deadline`; then closes what is left (`shutdown_forced`). Returns whether all
    /// finished in time. Call after `beginDraining`.
    func waitUntilDrained(deadline: DispatchTime) -> Bool {
        dispatchPrecondition(condition: .notOnQueue(queue))
        guard let drained = queue.sync(execute: { draining }) else { return true }
        if drained.wait(timeout: deadline) == .success { return true }
        return queue.sync {
            guard draining != nil else { return true }
            log.log(.warning, "shutdown_forced", [("connections", String(connections.count))])
            for connection in connections.values { connection.abort() }
            finishDraining()
            return false
        }
    }
}
