import Dispatch
import GridCore
import GridSystem

/// gridd's entry point: parses the command line, validates the configuration (and stops there
/// for `--check-config`), starts the daemon and serves until SIGTERM or SIGINT.
public enum GriddCommand {
    /// Runs gridd with `arguments` (without the program name); never returns.
    public static func main(arguments: [String]) -> Never {
        // Socket activation: take the passed descriptors (and unset LISTEN_*) while the process
        // still has one thread.
        let inheritedSockets = SocketActivation.take()
        let options: DaemonOptions
        do throws(GridError) {
            options = try DaemonOptions.parse(arguments)
        } catch {
            writeDiagnostic("gridd: \(error.message) (see gridd --help)\n")
            ProcessControl.exit(2)
        }
        if options.showHelp {
            writeDiagnostic(DaemonOptions.usage, to: .standardOutput)
            ProcessControl.exit(0)
        }
        if let name = options.manPage, let page = DaemonManPage.Page(rawValue: name) {
            writeDiagnostic(DaemonManPage.text(page), to: .standardOutput)
            ProcessControl.exit(0)
        }
        if options.showVersion {
            writeDiagnostic("gridd \(GriddVersion.current)\n", to: .standardOutput)
            ProcessControl.exit(0)
        }
        if let backup = options.restoreFrom { ProcessControl.exit(RestoreCommand.run(backup: backup, options: options)) }
        let clock = DrillClock(start: options.startAt, scale: options.timeScale)
        let configPath = options.resolvedConfigPath()
        let city: CityModel
        switch CityLoader.load(configPath: configPath, clock: clock) {
        case .success(let loaded): city = loaded
        case .failure(let problems):
            writeDiagnostic(problems.lines.map { $0 + "\n" }.joined())
            if !options.checkConfigOnly {
                writeDiagnostic("gridd: not started: the configuration has \(problems.lines.count) problem(s)\n")
                ServiceManager().notify(["STATUS=not started: \(problems.lines.first ?? "configuration problems")"])
            }
            ProcessControl.exit(1)
        }
        writeDiagnostic(city.warnings.map { $0 + "\n" }.joined())
        if options.checkConfigOnly {
            writeDiagnostic(
                "\(configPath): ok (\(city.config.categories.categories.count) categories, grid map \(city.config.grid.mapPath): \(city.map.cellCount) cells)\n",
                to: .standardOutput)
            ProcessControl.exit(0)
        }
        let service = ServiceManager()
        let daemon = Daemon(
            city: city, configPath: configPath, options: options, clock: clock, inheritedSockets: inheritedSockets,
            serviceManager: service)
        do {
            try daemon.start(handlingSignals: true)
        } catch {
            writeDiagnostic("gridd: not started: \(error)\n")
            service.notify(["STATUS=not started: \(error)"])
            ProcessControl.exit(1)
        }
        writeDiagnostic(daemon.readyBanner())
        if !clock.isRealTime {
            writeDiagnostic("  drill     clock starts at \(daemon.localTime(clock.now())), \(options.timeScale)× real time\n")
        }
        dispatchMain()
    }
}
