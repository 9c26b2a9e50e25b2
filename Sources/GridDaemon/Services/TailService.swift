import GridCore

/// `tail`: decides what a peer may see of the dispatch log and opens its stream.
///
/// Admins and operators see every line. A peer whose only roles are workers sees the lines
/// whose `unit` lies inside a unit it is bound to (its incidents' events), not the daemon's
/// operational lines (peers, paths, errors); asking for a unit outside its own is refused.
///
/// That decision holds only while `[Access]` does: after a reload, every follower whose access
/// the new rules change (no role left, other units, a worker made operator) is ended with
/// `access_changed` (`endFollowersWhoseAccessChanged`).
struct TailService: Sendable {
    let log: DispatchLog

    func open(_ query: TailQuery, requestID: JSONValue, peer: Actor, roles: Set<Role>) throws(GridError) -> TailStream {
        let scope = try Self.scope(of: roles, asking: query.unit, actor: peer)
        let broadcaster = log.broadcaster
        let subscription = broadcaster.subscribe(
            TailFilter(query, scope: scope), backlog: query.backlog, follow: query.follow, peer: peer)
        let log = self.log
        return TailStream(requestID: requestID, broadcaster: broadcaster, subscription: subscription) { lines, missed in
            guard missed > 0 else { return }
            log.log(.warning, "tail_lagged", [
                ("uid", String(peer.uid)), ("pid", peer.pid.map(String.init) ?? "-"), ("lines", String(lines)),
                ("missed", String(missed)),
            ])
        }
    }

    /// After a reload: ends each follower whose scope under `access` is not the one it was given
    /// (or that `access` no longer admits), and logs `tail_ended reason=access_changed` for it.
    static func endFollowersWhoseAccessChanged(log: DispatchLog, access: AccessRules, daemonUID: UInt32) {
        let ended = log.broadcaster.endFollowers(reason: .accessChanged) { filter, peer in
            guard let peer else { return false }
            let roles = access.roles(of: peer, daemonUID: daemonUID)
            guard !roles.isEmpty else { return true }
            do throws(GridError) {
                return try scope(of: roles, asking: filter.unit, actor: peer) != filter.scope
            } catch {
                return true  // its unit filter lies outside what it may now see
            }
        }
        for peer in ended {
            log.log(.notice, "tail_ended", [
                ("reason", StreamEndReason.accessChanged.rawValue), ("uid", peer.map { String($0.uid) } ?? "-"),
                ("pid", peer?.pid.map(String.init) ?? "-"),
            ])
        }
    }

    /// The units a peer's lines are limited to (nil: everything), or a refusal when it asks
    /// for a unit outside them.
    static func scope(of roles: Set<Role>, asking unit: UnitCode?, actor: Actor) throws(GridError) -> [UnitCode]? {
        if roles.contains(.admin) || roles.contains(.operator) || roles.contains(.inspector(nil)) { return nil }
        let units = roles.compactMap { role -> UnitCode? in
            switch role {
            case .worker(let unit), .inspector(let unit?): return unit
            default: return nil
            }
        }.sorted()
        if let unit, !units.contains(where: { $0.contains(unit) }) {
            let bound = units.map(\.rawValue).joined(separator: ", ")
            throw GridError(
                .permissionDenied,
                "\(actor) may not tail unit \(unit): rule: a worker tails only the lines of its units and below (you are bound to \(bound))")
        }
        return units
    }
}
