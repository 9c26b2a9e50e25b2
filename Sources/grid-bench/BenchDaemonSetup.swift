import Dispatch
import GridClient
import GridDaemon
import GridSystem
import GridTesting

/// The sample city's configuration, rewritten to point at the checkout's map and holidays, for
/// in-process daemons on a temporary state directory (the submit and spool benchmarks).
struct BenchDaemonSetup {
    let directory: String
    let configPath: String
    let city: CityModel
    let options: DaemonOptions

    /// - Parameter extraConfig: INI text appended to the sample config (later keys win).
    init(directory: String, extraConfig: String = "") {
        self.directory = directory
        configPath = BenchDaemonSetup.writeConfig(directory: directory, extraConfig: extraConfig)
        switch CityLoader.load(configPath: configPath, clock: SystemClock()) {
        case .success(let loaded): city = loaded
        case .failure(let problems): fatalError("config: \(problems.lines)")
        }
        var options = DaemonOptions()
        options.stateDirectory = directory
        self.options = options
    }

    /// Writes the sample config, with the checkout's map and holidays and `extraConfig` appended,
    /// to `directory`/gridd.conf; returns its path (also for the real gridd, see `GriddProcess`).
    static func writeConfig(directory: String, extraConfig: String = "") -> String {
        let path = directory + "/gridd.conf"
        do throws(Errno) {
            try SampleConfig.write(to: path, repositoryRoot: repositoryRoot(), extraConfig: extraConfig)
        } catch {
            fatalError("run grid-bench from the repository root (Config/gridd.conf: \(error))")
        }
        return path
    }

    /// A daemon on this setup, started (no signal handling, no log on stderr).
    func startDaemon() -> Daemon {
        let daemon = Daemon(city: city, configPath: configPath, options: options, echoLogToStderr: false)
        try! daemon.start(handlingSignals: false)
        return daemon
    }

    /// "N writes in M transactions (K per commit)", from the daemon's status.
    static func commitSummary(_ daemon: Daemon) -> String? {
        guard let connection = try? GridConnection(path: daemon.paths.socket),
            let store = try? connection.call("status").get().objectValue?["store"]?.objectValue
        else { return nil }
        let writes = store["committed_writes"]?.intValue ?? 0
        let batches = max(1, store["committed_batches"]?.intValue ?? 1)
        return "\(writes) writes in \(batches) transactions (\(writes / batches) per commit)"
    }

    /// Stops `daemon` gracefully and waits until it has.
    static func stop(_ daemon: Daemon) {
        let stopped = DispatchSemaphore(value: 0)
        daemon.stop(reason: "bench") { stopped.signal() }
        stopped.wait()
    }
}
