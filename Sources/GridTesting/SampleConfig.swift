import GridSystem
import Glibc

/// The sample city's configuration (`Config/gridd.conf` of the checkout) made usable from any
/// directory, for daemons on temporary state directories: the tests' `DaemonHarness` and the
/// bench's in-process and spawned daemons.
///
/// It exists so that both rewrite the sample the same way: its grid map and holiday paths are
/// relative to `Config/`, so they are made absolute under the checkout, and the caller's INI text
/// is appended (later keys win).
public enum SampleConfig {
    /// The sample config of the checkout at `repositoryRoot`, its map and holidays made absolute,
    /// with `extraConfig` appended.
    public static func text(repositoryRoot root: String, extraConfig: String = "") throws(Errno) -> String {
        let sample = String(decoding: try Files.read(root + "/Config/gridd.conf"), as: UTF8.self)
        let config = sample
            .replacing("Map=grid.geojson", with: "Map=\(root)/Config/grid.geojson")
            .replacing("Holidays=holidays/", with: "Holidays=\(root)/Config/holidays/")
        return config + "\n" + extraConfig + "\n"
    }

    /// Writes `text(repositoryRoot:extraConfig:)` to `path`, replacing the file in one rename, so
    /// that a daemon reloading it never reads half of it.
    public static func write(to path: String, repositoryRoot: String, extraConfig: String = "") throws(Errno) {
        let bytes = Array(try text(repositoryRoot: repositoryRoot, extraConfig: extraConfig).utf8)
        let temporary = path + ".tmp"
        let file = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        defer { file.close() }
        try file.writeAll(bytes)
        _ = try retryingInterrupts("rename(\(temporary), \(path))") { rename(temporary, path) }
    }
}
