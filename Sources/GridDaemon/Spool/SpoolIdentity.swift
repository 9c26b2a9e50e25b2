import GridCore
import GridSystem
import Synchronization

/// The identity of a spool file's owner, as a socket peer's would be: the uid, the user name and
/// the user's groups from the user and group databases (getgrouplist), checked against the
/// access config. Lookups are cached for a short while: NSS reads /etc/group on every call, and a
/// burst of files usually comes from a handful of users.
final class SpoolIdentity: Sendable {
    private let city: CityModelBox
    private let daemonUID: UInt32
    private let cache = Mutex<[UInt32: (actor: Actor, until: Int64)]>([:])
    private let lifetimeMilliseconds: Int64 = 30_000

    init(city: CityModelBox, daemonUID: UInt32) {
        self.city = city
        self.daemonUID = daemonUID
    }

    /// The owner as an actor if the current access config admits it, else `permission_denied`.
    func admit(uid: UInt32) -> Result<Actor, GridError> {
        let actor = self.actor(uid: uid)
        do throws(GridError) {
            try Authority.checkAdmitted(actor, roles: city.current.config.access.roles(of: actor, daemonUID: daemonUID))
            return .success(actor)
        } catch {
            return .failure(GridError(.permissionDenied, "the file's owner \(error.message)"))
        }
    }

    func actor(uid: UInt32) -> Actor {
        let now = SystemClocks.monotonicMilliseconds()
        if let cached = cache.withLock({ $0[uid] }), cached.until > now { return cached.actor }
        var actor = Actor(uid: uid)
        if let account = UserDirectory.account(uid: uid) {
            actor.name = account.name
            actor.groupIDs = UserDirectory.groupIDs(user: account.name, primaryGID: account.gid)
            actor.groupNames = actor.groupIDs.compactMap { UserDirectory.groupName(gid: $0) }
        }
        cache.withLock { $0[uid] = (actor, now + lifetimeMilliseconds) }
        return actor
    }
}
