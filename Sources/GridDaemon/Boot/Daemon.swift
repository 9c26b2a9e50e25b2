import Dispatch
import GridCore
import GridStore
import GridSystem

/// The running daemon: the wiring of its components, started in this order by a
/// `ComponentRunner`, which stops them in reverse within one shutdown budget (docs/ARCHITECTURE.md,
/// "Components and their order"). Nothing is announced ready before it can be used; signals
/// (`SignalHandlers`), reload (`ConfigReloader`) and status (`DaemonStatus`) have files of their own.
public final class Daemon: Sendable {
    /// Where this daemon keeps its database, socket, spool and log.
    public let paths: DaemonPaths
    private let city: CityModel
    private let box: CityModelBox
    private let configPath: String
    private let options: DaemonOptions
    private let clock: DrillClock
    /// Descriptors passed by socket activation, taken before any thread started.
    private let inheritedSockets: [SocketActivation.Passed]
    /// systemd's notification protocol (no-op without $NOTIFY_SOCKET).
    private let service: ServiceManager
    private let log: DispatchLog
    private let runner: ComponentRunner
    private let status: DaemonStatus
    /// Where signals are handled, a reload runs and a stop runs, one at a time.
    private let controlQueue = DispatchQueue(label: "gridd.control")
    private let signals: SignalHandlers

    public init(
        city: CityModel, configPath: String, options: DaemonOptions, clock: DrillClock = DrillClock(),
        echoLogToStderr: Bool = true, inheritedSockets: [SocketActivation.Passed] = [], serviceManager: ServiceManager? = nil
    ) {
        self.city = city
        self.configPath = configPath
        self.options = options
        self.clock = clock
        self.inheritedSockets = inheritedSockets
        paths = DaemonPaths(config: city.config, options: options)
        box = CityModelBox(city)
        service = serviceManager ?? ServiceManager()
        // ts= in the working calendar's time zone (as configured at start; a reload keeps it).
        let calendar = city.lifecycle.calendar
        let limits = city.config.limits
        log = DispatchLog(
            filePath: paths.dispatchLog, clock: clock, utcOffset: { calendar.utcOffsetSeconds(at: $0) },
            echoToStderr: echoLogToStderr, tail: LogBroadcaster.Settings(backlog: limits.tailBacklog, queue: limits.tailQueue))
        service.attach(log: log)
        runner = ComponentRunner(budgetMilliseconds: limits.stopTimeoutMilliseconds) { [log] component in
            log.log(.warning, "stop_timeout", [("component", component)])
        }
        status = DaemonStatus(runner: runner, city: box, clock: clock, paths: paths)
        signals = SignalHandlers(queue: controlQueue)
    }

    /// Starts every component, in order; on a failure the ones started are stopped in reverse
    /// and the error is thrown. With `handlingSignals`, SIGTERM and SIGINT stop the daemon
    /// gracefully and exit the process with status 0 (also during start-up).
    public func start(handlingSignals: Bool) throws {
        try paths.makeDirectories()
        UnixSignal.sigpipe.ignore()
        if handlingSignals { handleSignals(with: signals, log: log) }
        let (limits, uid) = (city.config.limits, UserDirectory.currentUID())
        try runner.startUp { boot throws(DaemonStartError) in
            try boot.start(log)
            try boot.start(service)
            let traces = try boot.start(CleanShutdown(database: paths.database))
            let store = try boot.start(StoreComponent(
                path: paths.database, groupCommitMax: limits.groupCommitMax, traces: traces, log: log, service: service, clock: clock,
                calendar: city.lifecycle.calendar)).store
            CaseDeadlineBackfill(store: store, lifecycle: city.lifecycle, log: log).run()  // schema 4's cases, once
            // The outbox trigger goes in before anything can write an event (the scheduler fires
            // missed deadlines as soon as it starts); delivery starts once the daemon is ready.
            let notifier = try boot.start(
                Notifier(store: store, database: paths.database, settings: city.config.notify, log: log, city: box))
            // What follows a COMMIT (log line, next deadline) is the sink's; every change to a stored
            // incident goes through the runner (read → decide → write), timers and actions alike.
            let scheduler = DeadlineScheduler(store: store, clock: clock)
            let sink = CommitSink(log: log, scheduler: scheduler)
            let transitions = TransitionRunner(store: store, city: box, clock: clock, sink: sink)
            try boot.start(DeadlineScheduler.Firing(scheduler, through: transitions, database: paths.database))
            // WATCHDOG=1 is sent from the scheduler's own queue: a stuck dispatcher stops the pings.
            service.startWatchdog(through: { scheduler.onQueue($0) })
            let listener = try boot.start(Listener(
                path: paths.socket, mode: city.config.daemon.socketMode, passed: inheritedSockets, log: log, traces: traces))
            let intake = IntakeService(city: box, store: store, clock: clock, log: log, sink: sink)
            let handler = DaemonRequestHandler(
                city: box, store: store, intake: intake, actions: ActionService(city: box, runner: transitions, log: log, daemonUID: uid),
                clock: clock, log: log, daemonUID: uid, status: { [status] () throws(GridError) in try status.json() })
            // The spool takes files from here on, before the socket serves: files waited while the
            // daemon was down.
            try boot.start(SpoolWatcher(
                layout: SpoolLayout(root: paths.spool), settings: city.config.spool, city: box, intake: intake, log: log,
                clock: clock, daemonUID: uid))
            DescriptorBudget.apply(maxConnections: limits.maxConnections, log: log)
            try boot.start(SocketServer(
                listener: listener, settings: SocketServer.Settings(limits), handler: handler, log: log,
                classify: { [box] peer in PeerClass(roles: box.current.config.access.roles(of: peer, daemonUID: uid)) }))
            log.log(.notice, "ready", readyFields())
            notifier.apply(city.config.notify)
            try boot.start(ServiceReadiness(service: service, status: status, log: log))
        }
    }

    /// SIGHUP (`systemctl reload gridd`): re-reads and validates the whole configuration; the
    /// running one stays on any error. See `ConfigReloader`.
    public func reload(trigger: String) {
        controlQueue.async { [self] in
            guard runner.isRunning else { return }
            ConfigReloader(configPath: configPath, clock: clock, options: options, paths: paths, box: box, log: log)
                .reloadServing(trigger: trigger, service: service, notifier: runner.started(Notifier.self), status: status)
        }
    }

    /// Graceful shutdown: stop accepting, answer what is in flight, close the database, then call
    /// `completion` (on the control queue). A second call while stopping is ignored.
    public func stop(reason: String, completion: @escaping @Sendable () -> Void) {
        controlQueue.async { [runner] in runner.stop(.requested(reason: reason), completion: completion) }
    }

    /// Where everything is, for people starting the daemon by hand.
    public func readyBanner() -> String {
        let socket = status.socket
        return """
            gridd \(GriddVersion.current) ready (pid \(UserDirectory.currentPID()))
              config    \(configPath)
              grid map  \(city.config.grid.mapPath) (\(city.map.cellCount) cells, \(city.config.categories.categories.count) categories)
              database  \(paths.database)
              spool     \(paths.spool)
              socket    \(socket.path)\(socket.inherited ? " (socket-activated)" : "")
              log       \(paths.dispatchLog)

            """
    }

    /// An instant as RFC 3339 at the working calendar's offset, as the dispatch log prints it.
    public func localTime(_ instant: Timestamp) -> String {
        instant.rfc3339(utcOffsetSeconds: city.lifecycle.calendar.utcOffsetSeconds(at: instant))
    }

    private func readyFields() -> [(String, String)] {
        let socket = status.socket
        return [
            ("version", GriddVersion.current), ("pid", String(UserDirectory.currentPID())), ("socket", socket.path),
            ("database", paths.database), ("cells", String(city.map.cellCount)), ("socket_activated", socket.inherited ? "yes" : "no"),
            ("watchdog_usec", service.watchdogTimeoutMicroseconds.map(String.init) ?? "-"),
        ]
    }
}
