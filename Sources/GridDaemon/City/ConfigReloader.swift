import GridCore
import GridSystem

/// SIGHUP / `systemctl reload gridd`: reads and validates the whole configuration again (config
/// file, grid map, holiday files — through the same `CityLoader` as start-up and
/// `--check-config`) and swaps the `CityModelBox` only if all of it is good.
///
/// - On any problem the running model stays, and each problem is logged as
///   `event=reload_failed problem="file:line: message"`.
/// - A new model applies from the next request on: routing, categories, access, the weights of
///   the reports' score (`[Evaluation]`), and the policy snapshotted onto *new* incidents. Incidents already open keep the policy they were created
///   with (their snapshot is in the database), so a reload never moves their deadlines.
/// - What was fixed at start-up stays: the database, spool, socket and log paths, the socket mode,
///   `[Limits]` of the socket, the writer and tail, and `[Spool]`. A reloaded config that changes them is taken for everything else,
///   with an `event=reload_restart_needed` warning naming what needs a restart.
struct ConfigReloader: Sendable {
    let configPath: String
    let clock: DrillClock
    let options: DaemonOptions
    let paths: DaemonPaths
    let box: CityModelBox
    let log: DispatchLog

    enum Outcome: Sendable, Equatable {
        case reloaded(cells: Int, categories: Int)
        case failed(problems: [String])
    }

    func reload(trigger: String) -> Outcome {
        switch CityLoader.load(configPath: configPath, clock: clock) {
        case .failure(let problems):
            for problem in problems.lines {
                log.log(.error, "reload_failed", [("config", configPath), ("trigger", trigger), ("problem", problem)])
            }
            log.log(.warning, "reload_failed", [
                ("config", configPath), ("trigger", trigger), ("problems", String(problems.lines.count)),
                ("kept_config_loaded_at", log.time(box.current.loadedAt)),
            ])
            return .failed(problems: problems.lines)
        case .success(let model):
            let old = box.current
            let restartNeeded = fixedAtStart(old: old.config, new: model.config)
            box.replace(with: model)
            for warning in model.warnings {
                log.log(.warning, "config_warning", [("config", configPath), ("warning", warning)])
            }
            if !restartNeeded.isEmpty {
                log.log(.warning, "reload_restart_needed", [
                    ("config", configPath), ("changed", restartNeeded.joined(separator: ",")),
                    ("note", "these settings keep their start-up values until gridd restarts"),
                ])
            }
            let categories = model.config.categories.categories.count
            log.log(.notice, "reloaded", [
                ("config", configPath), ("trigger", trigger), ("cells", String(model.map.cellCount)),
                ("categories", String(categories)), ("config_loaded_at", log.time(model.loadedAt)),
            ])
            return .reloaded(cells: model.map.cellCount, categories: categories)
        }
    }

    /// The settings of `new` that differ from what the daemon started with and cannot change
    /// while it runs.
    private func fixedAtStart(old: GridConfig, new: GridConfig) -> [String] {
        var changed: [String] = []
        let newPaths = DaemonPaths(config: new, options: options)
        if newPaths.database != paths.database { changed.append("database") }
        if newPaths.spool != paths.spool { changed.append("spool") }
        if newPaths.socket != paths.socket { changed.append("socket") }
        if newPaths.logDirectory != paths.logDirectory { changed.append("log_directory") }
        if new.daemon.socketMode != old.daemon.socketMode { changed.append("socket_mode") }
        // Report limits follow the reload (the decoder is part of the model); the rest of
        // `[Limits]` (the socket's, the writer's, the tail's, the stop's) is fixed at start; MaxBatch= follows too.
        var fixedLimits = old.limits
        fixedLimits.report = new.limits.report
        fixedLimits.maxBatch = new.limits.maxBatch
        if fixedLimits != new.limits { changed.append("limits") }
        if new.spool != old.spool { changed.append("spool_settings") }
        // The log's ts= and the sqlite views keep the zone of the start; status and events follow.
        if new.calendar.timeZoneIdentifier != old.calendar.timeZoneIdentifier { changed.append("time_zone") }
        return changed
    }
}

extension ConfigReloader {
    /// The reload of a running daemon: systemd is told (`RELOADING=1`, then `READY=1` with a line
    /// saying what happened), and a new model goes to the parts that keep what it says: the
    /// notifier's `[Notify]`, and the tail followers whose access it changed.
    func reloadServing(trigger: String, service: ServiceManager, notifier: Notifier?, status: DaemonStatus) {
        service.reloading()
        let text: String
        switch reload(trigger: trigger) {
        case .reloaded:
            let config = box.current.config
            notifier?.apply(config.notify)
            TailService.endFollowersWhoseAccessChanged(log: log, access: config.access, daemonUID: UserDirectory.currentUID())
            text = status.lineWithoutCounting(state: "serving (configuration reloaded)")
        case .failed(let problems):
            text = "serving the configuration loaded at \(log.time(box.current.loadedAt)); reload refused: "
                + "\(problems.count) problem(s), first: \(problems.first ?? "-")"
        }
        service.reloaded(status: text)
    }
}
