import Dispatch
import GridCore
import GridStore
import GridSystem
import Glibc

/// The running daemon: wires config, store, socket server, log and signals together, and owns
/// the order of start-up (nothing is announced ready before it can be used) and of shutdown
/// (stop accepting, answer what is in flight, close the database, exit 0).
public final class Daemon: @unchecked Sendable {
    private let options: DaemonOptions
    private let clock: DrillClock
    private let city: CityModel
    private let configPath: String
    private let echoLogToStderr: Bool
    /// Where this daemon keeps its database, socket, spool and log.
    public let paths: DaemonPaths
    private let controlQueue = DispatchQueue(label: "gridd.control")
    private var signals: SignalHandlers?
    private var log: DispatchLog?
    private var store: IncidentStore?
    private var server: SocketServer?
    private var handler: DaemonRequestHandler?
    private var scheduler: DeadlineScheduler?
    private var spool: SpoolWatcher?
    private var outbox: NotificationOutbox?
    private var notifier: NotificationDispatcher?
    private var cityBox: CityModelBox?
    private var startedAt = Timestamp(milliseconds: 0)
    private var stopping = false
    /// systemd's notification protocol (no-op without $NOTIFY_SOCKET).
    private let service: ServiceManager
    /// Descriptors passed by socket activation, taken before any thread started.
    private let inheritedSockets: [SocketActivation.Passed]
    /// Whether the listening socket was passed by systemd: then it is systemd's, never unlinked.
    private var socketInherited = false
    /// The path clients connect to (the inherited socket's own path when activated).
    private var listeningPath: String
    private var serviceStatus: ServiceStatus?

    public init(
        city: CityModel, configPath: String, options: DaemonOptions, clock: DrillClock = DrillClock(),
        echoLogToStderr: Bool = true, inheritedSockets: [SocketActivation.Passed] = [], serviceManager: ServiceManager? = nil
    ) {
        self.echoLogToStderr = echoLogToStderr
        self.inheritedSockets = inheritedSockets
        self.service = serviceManager ?? ServiceManager()
        self.city = city
        self.configPath = configPath
        self.options = options
        self.clock = clock
        self.paths = DaemonPaths(config: city.config, options: options)
        self.listeningPath = paths.socket
    }

    /// Opens the store, binds the socket and starts serving. With `handlingSignals`, SIGTERM and
    /// SIGINT stop the daemon gracefully and exit the process with status 0.
    public func start(handlingSignals: Bool) throws {
        for directory in [paths.stateDirectory, paths.logDirectory, parent(of: paths.socket)] {
            try Files.makeDirectories(directory, mode: 0o750)
        }
        startedAt = clock.now()
        // ts= in the working calendar's time zone (as configured at start; a reload keeps it).
        let calendar = city.lifecycle.calendar
        let log = DispatchLog(
            filePath: paths.dispatchLog, clock: clock, utcOffset: { calendar.utcOffsetSeconds(at: $0) },
            echoToStderr: echoLogToStderr,
            tail: LogBroadcaster.Settings(backlog: city.config.limits.tailBacklog, queue: city.config.limits.tailQueue))
        self.log = log
        service.attach(log: log)

        signal(SIGPIPE, SIG_IGN)
        if handlingSignals {
            let signals = SignalHandlers(queue: controlQueue)
            let exitWhenStopped: @Sendable () -> Void = { exit(0) }
            signals.install([
                (SIGTERM, { @Sendable [self] in stop(reason: "SIGTERM", completion: exitWhenStopped) }),
                (SIGINT, { @Sendable [self] in stop(reason: "SIGINT", completion: exitWhenStopped) }),
                (SIGUSR1, { @Sendable in log.reopen() }),
                (SIGHUP, { @Sendable [self] in reload(trigger: "SIGHUP") }),
            ])
            self.signals = signals
        }

        // After a clean shutdown the database is known good and the full page check (seconds on
        // a large database) is skipped; after a crash, a first start or anything unknown, it runs.
        let marker = CleanShutdownMarker(database: paths.database)
        let cleanShutdown = marker.isClean()
        let store: IncidentStore
        do {
            var storeOptions = StoreOptions(
                groupCommitMax: city.config.limits.groupCommitMax, faultInjector: StoreFaultSwitch.injector())
            storeOptions.quickCheckAtOpen = !cleanShutdown
            // The marker says a database existed: never an empty one in its place (DatabaseFile).
            storeOptions.databaseTraces = [marker.path]
            storeOptions.onDatabaseLost = { [service, database = paths.database] detail in
                log.log(.error, "database_lost", [
                    ("path", database), ("detail", detail), ("action", "writes refused (unavailable) until restored and restarted"),
                ])
                service.status(ServiceStatus.databaseLostLine(detail))
            }
            store = try IncidentStore(path: paths.database, options: storeOptions)
            marker.remove()
            log.log(.info, "database_opened", [
                ("path", paths.database), ("integrity_check", cleanShutdown ? "skipped_after_clean_shutdown" : "quick_check"),
            ])
        } catch {
            throw DaemonStartError("cannot open the database \(paths.database): \(error)")
        }
        self.store = store
        // Cases from before case deadlines get theirs (a no-op once done), before timers load.
        CaseDeadlineBackfill(store: store, lifecycle: city.lifecycle, log: log).run()

        let cityBox = CityModelBox(city)
        self.cityBox = cityBox
        // The outbox trigger goes in before anything can write an event (the scheduler fires
        // missed deadlines as soon as it starts); delivery starts once the daemon is ready.
        let notifier: NotificationDispatcher
        do {
            (outbox, notifier) = try NotificationDispatcher.open(store: store, settings: city.config.notify, log: log, city: cityBox)
        } catch {
            store.close()
            throw DaemonStartError("cannot set up notifications in \(paths.database): \(error)")
        }
        self.notifier = notifier
        // What follows a COMMIT (log line, next deadline) is the sink's; every change to a stored
        // incident goes through the runner (read → decide → write), timers and actions alike.
        let scheduler = DeadlineScheduler(store: store, clock: clock)
        let sink = CommitSink(log: log, scheduler: scheduler)
        let runner = TransitionRunner(store: store, city: cityBox, clock: clock, sink: sink)
        do {
            try scheduler.start(firingThrough: runner)
        } catch {
            outbox?.close()
            store.close()
            throw DaemonStartError("cannot load pending deadlines from \(paths.database): \(error)")
        }
        self.scheduler = scheduler
        // WATCHDOG=1 is sent from the scheduler's own queue: a stuck dispatcher stops the pings.
        service.startWatchdog(through: { body in scheduler.onQueue(body) })
        let listener: FileDescriptor
        if let passed = SocketActivation.chooseListener(from: inheritedSockets, named: "gridd.sock") {
            // Socket activation: systemd bound the socket (path, owner, mode are the .socket
            // unit's); it stays systemd's and is never unlinked here.
            listener = passed.fd
            try? listener.setNonBlocking()
            socketInherited = true
            listeningPath = passed.boundPath ?? paths.socket
            log.log(.info, "socket_inherited", [
                ("fd", String(passed.fd.rawValue)), ("name", passed.name), ("path", passed.boundPath ?? "-"),
            ])
            if let bound = passed.boundPath, bound != paths.socket {
                log.log(.warning, "socket_path_differs", [("inherited", bound), ("configured", paths.socket)])
            }
        } else {
            if !inheritedSockets.isEmpty {
                log.log(.warning, "socket_activation_unusable", [
                    ("passed", String(inheritedSockets.count)), ("reason", "no listening stream socket among them"),
                ])
            }
            do throws(Errno) {
                listener = try UnixSocket.listen(path: paths.socket, mode: mode_t(city.config.daemon.socketMode))
            } catch {
                scheduler.stop()
                outbox?.close()
                store.close()
                throw DaemonStartError("cannot listen on \(paths.socket): \(error)")
            }
        }

        let daemonUID = getuid()
        let intake = IntakeService(city: cityBox, store: store, clock: clock, log: log, sink: sink)
        let actions = ActionService(city: cityBox, runner: runner, log: log, daemonUID: daemonUID)
        let handler = DaemonRequestHandler(
            city: cityBox, store: store, intake: intake, actions: actions, clock: clock, log: log, daemonUID: daemonUID,
            statusProvider: { [self] in statusObject() })
        self.handler = handler
        // The spool takes files from here on, before the socket serves (the bound socket is the
        // single-instance lock): files waited while the daemon was down.
        let spool = SpoolWatcher(
            layout: SpoolLayout(root: paths.spool), settings: city.config.spool, city: cityBox, intake: intake, log: log,
            clock: clock, daemonUID: daemonUID)
        do throws(Errno) {
            try spool.start()
        } catch {
            listener.close()
            if !socketInherited { unlink(paths.socket) }
            scheduler.stop()
            outbox?.close()
            store.close()
            throw DaemonStartError("cannot watch the spool \(paths.spool): \(error)")
        }
        self.spool = spool
        let limits = city.config.limits
        DescriptorBudget.apply(maxConnections: limits.maxConnections, log: log)
        let server = SocketServer(
            listener: listener,
            settings: .init(
                maxLineBytes: limits.maxLineBytes, idleTimeoutMilliseconds: limits.idleTimeoutMilliseconds,
                requestTimeoutMilliseconds: limits.requestTimeoutMilliseconds, maxConnections: limits.maxConnections,
                maxConnectionsPerUser: limits.maxConnectionsPerUser, reservedConnections: limits.reservedConnections),
            handler: handler, log: log,
            classify: { peer in PeerClass(roles: cityBox.current.config.access.roles(of: peer, daemonUID: daemonUID)) })
        self.server = server
        server.start()

        log.log(.notice, "ready", [
            ("version", GriddVersion.current), ("pid", String(getpid())), ("socket", listeningPath),
            ("database", paths.database), ("cells", String(city.map.cellCount)),
            ("socket_activated", socketInherited ? "yes" : "no"),
            ("watchdog_usec", service.watchdogTimeoutMicroseconds.map(String.init) ?? "-"),
        ])
        notifier.apply(city.config.notify)

        // READY=1 last: the database, the scheduler, the spool watcher and the socket are up.
        let spoolNew = SpoolLayout(root: paths.spool).new
        let serviceStatus = ServiceStatus(sources: .init(
            openIncidents: { [clock] in try? store.statistics(now: clock.now()).openIncidents },
            pendingDeadlines: { scheduler.snapshot().pending },
            spoolBacklog: { Directory.count(spoolNew) },
            connections: { server.snapshot().open },
            alarm: { store.databaseLost.map(ServiceStatus.databaseLostLine) }))
        self.serviceStatus = serviceStatus
        service.ready(status: serviceStatus.lineWithoutCounting(state: "serving"))
        let service = self.service
        service.onStatusQueue { service.status(serviceStatus.line(refreshingOpenCount: true)) }
        service.startStatusUpdates(everySeconds: ServiceStatus.updateSeconds) { serviceStatus.line() }
    }

    /// SIGHUP (`systemctl reload gridd`): re-reads and validates the whole configuration; the
    /// running one stays on any error. See `ConfigReloader`.
    public func reload(trigger: String) {
        controlQueue.async { [self] in
            guard !stopping, let cityBox, let log else { return }
            service.reloading()
            let reloader = ConfigReloader(
                configPath: configPath, clock: clock, options: options, paths: paths, box: cityBox, log: log)
            let text: String
            switch reloader.reload(trigger: trigger) {
            case .reloaded:
                notifier?.apply(cityBox.current.config.notify)
                TailService.endFollowersWhoseAccessChanged(log: log, access: cityBox.current.config.access, daemonUID: getuid())
                text = serviceStatus?.lineWithoutCounting(state: "serving (configuration reloaded)") ?? "serving"
            case .failed(let problems):
                text = "serving the configuration loaded at \(cityBox.current.loadedAt); reload refused: "
                    + "\(problems.count) problem(s), first: \(problems.first ?? "-")"
            }
            service.reloaded(status: text)
        }
    }

    /// Where everything is, for people starting the daemon by hand.
    public func readyBanner() -> String {
        """
        gridd \(GriddVersion.current) ready (pid \(getpid()))
          config    \(configPath)
          grid map  \(city.config.grid.mapPath) (\(city.map.cellCount) cells, \(city.config.categories.categories.count) categories)
          database  \(paths.database)
          spool     \(paths.spool)
          socket    \(listeningPath)\(socketInherited ? " (socket-activated)" : "")
          log       \(paths.dispatchLog)

        """
    }

    /// An instant as RFC 3339 at the working calendar's offset, as the dispatch log prints it.
    public func localTime(_ instant: Timestamp) -> String {
        instant.rfc3339(utcOffsetSeconds: city.lifecycle.calendar.utcOffsetSeconds(at: instant))
    }

    private func statusObject() -> JSONObject {
        var status = JSONObject()
        status["version"] = .string(GriddVersion.current)
        status["pid"] = .int(Int64(getpid()))
        let now = clock.now()
        status["now"] = .string(now.description)
        status["started_at"] = .string(startedAt.description)
        status["uptime_seconds"] = .int((now.milliseconds - startedAt.milliseconds) / 1000)
        if let model = cityBox?.current {
            status["config"] = .string(model.config.sourcePath)
            status["config_loaded_at"] = .string(model.loadedAt.description)
            status["cells"] = .int(Int64(model.map.cellCount))
        }
        status["socket_activated"] = .bool(socketInherited)
        status["paths"] = [
            "database": .string(paths.database), "socket": .string(listeningPath), "spool": .string(paths.spool),
            "log": .string(paths.dispatchLog),
        ]
        if let scheduler {
            let snapshot = scheduler.snapshot()
            status["deadlines"] = [
                "pending": .int(Int64(snapshot.pending)), "next": .from(snapshot.next?.description),
                "in_flight": .int(Int64(snapshot.inFlight)), "fired": .int(Int64(snapshot.fired)),
                "stale": .int(Int64(snapshot.stale)), "failed": .int(Int64(snapshot.failed)),
            ]
        }
        if let spool { status["spool"] = spool.statusJSON() }
        if let notifier { status["notify"] = notifier.statusJSON() }
        if let log { status["tail"] = log.broadcaster.statusJSON() }
        if !clock.isRealTime { status["drill"] = .bool(true) }
        if let server { status["connections"] = server.statusJSON() }
        return status
    }

    /// Graceful shutdown: stop accepting, answer what is in flight, close the database, then
    /// call `completion` (on the control queue). A second call while stopping is ignored.
    public func stop(reason: String, completion: @escaping @Sendable () -> Void) {
        controlQueue.async { [self] in
            guard !stopping else { return }
            stopping = true
            service.stopping(status: "stopping (\(reason)): answering requests in flight")
            log?.log(.notice, "stopping", [("reason", reason)])
            scheduler?.stop()
            spool?.stopTaking()
            notifier?.stop()
            guard let server else {
                finishStop(completion)
                return
            }
            server.drain { [self] in
                controlQueue.async { self.finishStop(completion) }
            }
        }
    }

    private func finishStop(_ completion: @Sendable () -> Void) {
        spool?.waitUntilIdle(seconds: 10)  // files in flight finish (committed, then removed)
        // Notifiers stopped: their outcomes (if any) are queued on the writer before it closes.
        _ = notifier?.waitUntilIdle(seconds: NotificationDispatcher.stopWaitSeconds)
        outbox?.close()
        if let store {
            store.close()
            CleanShutdownMarker(database: paths.database).write()
        }
        // A socket systemd passed is systemd's: it keeps listening (and queueing) for the next start.
        if !socketInherited { unlink(paths.socket) }
        service.stopTimers()
        log?.log(.notice, "stopped", [])
        log?.flush()
        log?.close()
        completion()
    }

    private func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// Why the daemon could not start (printed, then exit 1).
struct DaemonStartError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
