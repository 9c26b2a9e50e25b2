import Dispatch
import GridCore
import GridSystem
import Glibc

/// The Unix socket server: accepts connections, reads each peer's credentials (SO_PEERCRED) once,
/// closes idle clients, and on shutdown stops accepting and lets every connection finish what it
/// has in flight.
///
/// All state is confined to `queue`; public methods hop onto it.
public final class SocketServer: @unchecked Sendable {
    public struct Settings: Sendable {
        public var maxLineBytes: Int
        public var idleTimeoutMilliseconds: Int64
        public var maxConnections: Int

        public init(maxLineBytes: Int, idleTimeoutMilliseconds: Int64, maxConnections: Int) {
            self.maxLineBytes = maxLineBytes
            self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
            self.maxConnections = maxConnections
        }
    }

    private let listener: FileDescriptor
    private let settings: Settings
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
    private var acceptedTotal = 0

    public init(listener: FileDescriptor, settings: Settings, handler: any RequestHandling, log: DispatchLog) {
        self.listener = listener
        self.settings = settings
        self.handler = handler
        self.log = log
    }

    public func start() {
        queue.sync {
            let source = DispatchSource.makeReadSource(fileDescriptor: listener.rawValue, queue: queue)
            source.setEventHandler { [self] in acceptPending() }
            acceptSource = source
            source.activate()

            let interval = max(10, min(1000, Int(settings.idleTimeoutMilliseconds / 4)))
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval))
            timer.setEventHandler { [self] in closeIdleConnections() }
            idleTimer = timer
            timer.activate()
        }
    }

    /// Counts for `status`.
    public func snapshot() -> (open: Int, acceptedTotal: Int) {
        queue.sync { (connections.count, acceptedTotal) }
    }

    private func acceptPending() {
        while true {
            let accepted: FileDescriptor?
            do throws(Errno) {
                accepted = try UnixSocket.accept(listener)
            } catch {
                log.log(.error, "accept_failed", [("error", error.description)])
                return
            }
            guard let fd = accepted else { return }
            acceptedTotal += 1
            guard draining == nil else {
                fd.close()
                continue
            }
            guard connections.count < settings.maxConnections else {
                try? fd.writeAll(Response.failure(id: .null, error: GridError(.unavailable, "too many connections (\(settings.maxConnections))")))
                fd.close()
                log.log(.warning, "connection_refused", [("reason", "max_connections"), ("limit", String(settings.maxConnections))])
                continue
            }
            let peer: Actor
            do throws(Errno) {
                let credentials = try UnixSocket.peerCredentials(fd)
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
                handler: handler
            ) { [weak self] connection in
                self?.connectionClosed(connection)
            }
            connections[number] = connection
            connection.start()
        }
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
