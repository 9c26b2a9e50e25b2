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
    private let clock: any WallClock
    private let controlQueue = DispatchQueue(label: "gridd.control")
    private var signals: SignalHandlers?
    private var log: DispatchLog?
    private var store: IncidentStore?
    private var server: SocketServer?
    private var handler: DaemonRequestHandler?
    private var paths: DaemonPaths?
    private var startedAt = Timestamp(milliseconds: 0)
    private var stopping = false

    public init(options: DaemonOptions, clock: any WallClock = SystemClock()) {
        self.options = options
        self.clock = clock
    }

    /// gridd's entry point: parses `arguments` (without the program name) and runs; never returns.
    public static func main(arguments: [String]) -> Never {
        let options: DaemonOptions
        do throws(GridError) {
            options = try DaemonOptions.parse(arguments)
        } catch {
            writeDiagnostic("gridd: \(error.message)\n\(DaemonOptions.usage)")
            exit(2)
        }
        if options.showHelp {
            writeDiagnostic(DaemonOptions.usage, to: .standardOutput)
            exit(0)
        }
        if options.showVersion {
            writeDiagnostic("gridd \(GriddVersion.current)\n", to: .standardOutput)
            exit(0)
        }
        let daemon = Daemon(options: options)
        exit(daemon.checkOrStart())
    }

    /// Validates (for --check-config) or starts and serves until a signal stops it.
    private func checkOrStart() -> Int32 {
        let configPath = options.resolvedConfigPath()
        let city: CityModel
        switch CityLoader.load(configPath: configPath, clock: clock) {
        case .success(let loaded): city = loaded
        case .failure(let problems):
            writeDiagnostic(problems.lines.map { $0 + "\n" }.joined())
            if !options.checkConfigOnly { writeDiagnostic("gridd: not started: the configuration has \(problems.lines.count) problem(s)\n") }
            return 1
        }
        if options.checkConfigOnly {
            writeDiagnostic(
                "\(configPath): ok (\(city.config.categories.categories.count) categories, grid map \(city.config.grid.mapPath): \(city.map.cellCount) cells)\n",
                to: .standardOutput)
            return 0
        }
        do {
            try start(city: city, configPath: configPath)
        } catch {
            writeDiagnostic("gridd: not started: \(error)\n")
            return 1
        }
        dispatchMain()
    }

    private func start(city: CityModel, configPath: String) throws {
        let paths = DaemonPaths(config: city.config, options: options)
        self.paths = paths
        for directory in [paths.stateDirectory, paths.logDirectory, parent(of: paths.socket)] {
            try Files.makeDirectories(directory, mode: 0o750)
        }
        startedAt = clock.now()
        let log = DispatchLog(filePath: paths.dispatchLog, clock: clock)
        self.log = log

        let signals = SignalHandlers(queue: controlQueue)
        signals.install([
            (SIGTERM, { @Sendable [self] in stop(signal: "TERM") }),
            (SIGINT, { @Sendable [self] in stop(signal: "INT") }),
            (SIGUSR1, { @Sendable in log.reopen() }),
            (SIGPIPE, { @Sendable in }),
        ])
        self.signals = signals

        let store: IncidentStore
        do {
            store = try IncidentStore(path: paths.database, options: StoreOptions(groupCommitMax: city.config.limits.groupCommitMax))
        } catch {
            throw DaemonStartError("cannot open the database \(paths.database): \(error)")
        }
        self.store = store

        let listener: FileDescriptor
        do throws(Errno) {
            listener = try UnixSocket.listen(path: paths.socket, mode: mode_t(city.config.daemon.socketMode))
        } catch {
            store.close()
            throw DaemonStartError("cannot listen on \(paths.socket): \(error)")
        }
        let handler = DaemonRequestHandler(
            model: city, store: store, clock: clock, log: log,
            statusProvider: { [self] in statusObject() })
        self.handler = handler
        let limits = city.config.limits
        let server = SocketServer(
            listener: listener,
            settings: .init(
                maxLineBytes: limits.maxLineBytes, idleTimeoutMilliseconds: limits.idleTimeoutMilliseconds,
                maxConnections: limits.maxConnections),
            handler: handler, log: log)
        self.server = server
        server.start()

        writeDiagnostic(
            """
            gridd \(GriddVersion.current) ready (pid \(getpid()))
              config    \(configPath)
              grid map  \(city.config.grid.mapPath) (\(city.map.cellCount) cells, \(city.config.categories.categories.count) categories)
              database  \(paths.database)
              spool     \(paths.spool)
              socket    \(paths.socket)
              log       \(paths.dispatchLog)

            """)
        log.log(.notice, "ready", [
            ("version", GriddVersion.current), ("pid", String(getpid())), ("socket", paths.socket),
            ("database", paths.database), ("cells", String(city.map.cellCount)),
        ])
    }

    private func statusObject() -> JSONObject {
        var status = JSONObject()
        status["version"] = .string(GriddVersion.current)
        status["pid"] = .int(Int64(getpid()))
        let now = clock.now()
        status["now"] = .string(now.description)
        status["started_at"] = .string(startedAt.description)
        status["uptime_seconds"] = .int((now.milliseconds - startedAt.milliseconds) / 1000)
        if let model = handler?.currentModel {
            status["config"] = .string(model.config.sourcePath)
            status["config_loaded_at"] = .string(model.loadedAt.description)
            status["cells"] = .int(Int64(model.map.cellCount))
        }
        if let paths {
            status["paths"] = [
                "database": .string(paths.database), "socket": .string(paths.socket), "spool": .string(paths.spool),
                "log": .string(paths.dispatchLog),
            ]
        }
        if let server {
            let snapshot = server.snapshot()
            status["connections"] = ["open": .int(Int64(snapshot.open)), "accepted": .int(Int64(snapshot.acceptedTotal))]
        }
        return status
    }

    /// Graceful shutdown, run on the control queue.
    private func stop(signal: String) {
        guard !stopping else { return }
        stopping = true
        log?.log(.notice, "stopping", [("signal", signal)])
        guard let server else { finishStop() ; return }
        server.drain { [self] in
            controlQueue.async { self.finishStop() }
        }
    }

    private func finishStop() {
        store?.close()
        if let paths { unlink(paths.socket) }
        log?.log(.notice, "stopped", [])
        log?.flush()
        log?.close()
        exit(0)
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
