import Foundation
import GridClient
import GridCore
import XCTest

/// A drill clock that survives restarts: every start gets `--start-at` where a clock started with
/// the first one would be now, so the daemon's time never runs backwards across a crash and the
/// deadlines that passed while it was down are due when it comes back.
struct DrillTimeline {
    let origin: Timestamp
    let realOrigin = Date()
    let scale: Double

    init(origin: Timestamp = Timestamp(rfc3339: "2026-10-08T09:00:00+08:00")!, scale: Double = SuitePolicy.timeScale) {
        self.origin = origin
        self.scale = scale
    }

    func now() -> Timestamp {
        origin.adding(milliseconds: Int64(Date().timeIntervalSince(realOrigin) * 1000 * scale))
    }

    /// The drill flags for a start now.
    func arguments() -> [String] { ["--start-at", now().description, "--time-scale", String(scale)] }
}

extension DaemonHarness {
    /// `status` as an object.
    func status() throws -> JSONObject {
        try XCTUnwrap(try connect().call("status").get().objectValue)
    }

    /// Waits (at most `seconds`) until the spool has taken every file: new/ empty, none in flight.
    func waitForSpoolToSettle(seconds: Double) -> Bool {
        waitUntil(seconds: seconds) {
            guard spoolNames("new").isEmpty, let spool = try? spoolStatus() else { return false }
            return spool["in_flight"]?.intValue == 0
        }
    }

    /// Waits (at most `seconds`) for a moment when the scheduler has nothing due and nothing in
    /// flight, and its next deadline is more than `beyond` milliseconds away; returns the daemon's
    /// clock at that moment: every deadline up to it has been applied (or was lost).
    func waitUntilNothingIsDue(seconds: Double, beyond: Int64 = 0) -> Timestamp? {
        var horizon: Timestamp?
        _ = waitUntil(seconds: seconds) {
            guard let status = try? status(), let now = status["now"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
                let deadlines = status["deadlines"]?.objectValue, deadlines["in_flight"]?.intValue == 0
            else { return false }
            if let next = deadlines["next"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
                next.milliseconds <= now.milliseconds + beyond
            {
                return false
            }
            horizon = now
            return true
        }
        return horizon
    }
}
