import GridSystem

/// Where gridctl looks for the daemon: `--socket`, then `$GRIDD_SOCKET`, then `./var/gridd.sock`
/// if it exists (a daemon run from the checkout), then `/run/gridd/gridd.sock` (systemd).
public enum SocketLocator {
    public static let systemPath = "/run/gridd/gridd.sock"
    public static let checkoutPath = "var/gridd.sock"

    public static func resolve(flag: String?, environment: (String) -> String? = Files.environment) -> String {
        if let flag { return flag }
        if let fromEnvironment = environment("GRIDD_SOCKET"), !fromEnvironment.isEmpty { return fromEnvironment }
        if Files.exists(checkoutPath) { return checkoutPath }
        return systemPath
    }
}
