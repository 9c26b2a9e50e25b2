import CLinux
import Glibc
import Synchronization

/// One run of an external program: started with posix_spawn, fed `input` on its stdin, its
/// stdout and stderr caught (the last bytes kept), stopped after a timeout or on `cancel()`, and
/// reaped. For notifiers (`[Notify] Exec=`) and anything else gridd hands to another program.
///
/// Why not Foundation's `Process`: it can hang when the child spawns another program, and it
/// reaps from a thread of its own. Here the child
/// - inherits no descriptor but stdin (a pipe), stdout and stderr (one pipe), so never the
///   database, the socket or the log (`closefrom` in the spawn actions);
/// - starts with every signal at its default and none blocked (gridd ignores SIGPIPE and
///   handles SIGTERM through Dispatch; a child must not inherit that);
/// - leads a process group of its own, so that a timeout stops the program and whatever it
///   started (a shell script's `curl`): SIGTERM to the group, SIGKILL after `killGrace`.
/// The exit is watched through a pidfd (Linux 5.3), with a 50 ms waitpid poll as a fallback.
/// `run()` blocks its thread until the program has exited and been reaped. The process must
/// ignore SIGPIPE (gridd does): a program that exits without reading its input makes the write
/// fail with EPIPE, which ends the input and nothing else.
public final class ProgramRun: Sendable {
    public struct Options: Sendable {
        /// The program (absolute path) and its arguments.
        public var arguments: [String]
        /// `NAME=value` strings: the whole environment of the child.
        public var environment: [String]
        /// Written to the child's stdin, which is then closed.
        public var input: [UInt8]
        public var timeoutMilliseconds: Int64
        /// Between SIGTERM and SIGKILL when a run is stopped.
        public var killGraceMilliseconds: Int64
        /// How much of the output to keep (the end of it).
        public var outputTailBytes: Int

        public init(
            arguments: [String], environment: [String], input: [UInt8], timeoutMilliseconds: Int64,
            killGraceMilliseconds: Int64 = 2000, outputTailBytes: Int = 2048
        ) {
            self.arguments = arguments
            self.environment = environment
            self.input = input
            self.timeoutMilliseconds = timeoutMilliseconds
            self.killGraceMilliseconds = killGraceMilliseconds
            self.outputTailBytes = outputTailBytes
        }
    }

    /// How a run ended.
    public enum Ending: Sendable, Equatable, CustomStringConvertible {
        /// It exited by itself with this status.
        case exited(Int32)
        /// A signal it did not get from us ended it.
        case signalled(Int32)
        /// It was still running at the timeout and was stopped.
        case timedOut
        /// `cancel()` stopped it (or it was cancelled before it started: then it never ran).
        case cancelled

        public var description: String {
            switch self {
            case .exited(let status): return "exit status \(status)"
            case .signalled(let signal): return "killed by signal \(signal) (\(Self.signalName(signal)))"
            case .timedOut: return "timed out"
            case .cancelled: return "stopped (gridd is shutting down)"
            }
        }

        static func signalName(_ signal: Int32) -> String {
            strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var ending: Ending
        /// The child's pid (0 when it never started).
        public var pid: pid_t
        /// The last `outputTailBytes` it wrote to stdout and stderr, interleaved as written.
        public var outputTail: [UInt8]
        public var elapsedMilliseconds: Int64

        public var succeeded: Bool { ending == .exited(0) }
    }

    let options: Options
    private let cancelPipe: (read: FileDescriptor, write: FileDescriptor)
    private let cancelled = Mutex(false)

    public init(_ options: Options) throws(Errno) {
        self.options = options
        let (read, write) = try ProgramRun.pipe()
        try read.setNonBlocking()
        try write.setNonBlocking()
        cancelPipe = (read, write)
    }

    deinit {
        cancelPipe.read.close()
        cancelPipe.write.close()
    }

    /// Stops the run from any thread: before it starts it never starts; running, its process
    /// group gets SIGTERM, then SIGKILL after the grace.
    public func cancel() {
        let first = cancelled.withLock { cancelled -> Bool in
            defer { cancelled = true }
            return !cancelled
        }
        if first { _ = [UInt8(1)].withUnsafeBytes { try? cancelPipe.write.write($0) } }
    }

    /// Spawns the program and waits for it to end. Throws only when it cannot be started
    /// (`posix_spawn`: no such file, not executable, …); everything after that is an `Outcome`.
    public func run() throws(Errno) -> Outcome {
        let started = ProgramRun.nowMilliseconds()
        if cancelled.withLock({ $0 }) {
            return Outcome(ending: .cancelled, pid: 0, outputTail: [], elapsedMilliseconds: 0)
        }
        let stdin = try ProgramRun.pipe()
        let output: (read: FileDescriptor, write: FileDescriptor)
        do throws(Errno) {
            output = try ProgramRun.pipe()
        } catch {
            stdin.read.close()
            stdin.write.close()
            throw error
        }
        let pid: pid_t
        do throws(Errno) {
            pid = try spawn(stdin: stdin.read, output: output.write)
        } catch {
            for fd in [stdin.read, stdin.write, output.read, output.write] { fd.close() }
            throw error
        }
        // The child has its copies; the parent keeps the ends it uses, non-blocking.
        stdin.read.close()
        output.write.close()
        try? stdin.write.setNonBlocking()
        try? output.read.setNonBlocking()
        var waiter = ChildWaiter(
            run: self, pid: pid, stdin: stdin.write, output: output.read, cancel: cancelPipe.read, started: started)
        let (ending, tail) = waiter.waitForExit()
        return Outcome(ending: ending, pid: pid, outputTail: tail, elapsedMilliseconds: ProgramRun.nowMilliseconds() - started)
    }

    private func spawn(stdin: FileDescriptor, output: FileDescriptor) throws(Errno) -> pid_t {
        let path = options.arguments.first ?? ""
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.rawValue, 0)
        posix_spawn_file_actions_adddup2(&actions, output.rawValue, 1)
        posix_spawn_file_actions_adddup2(&actions, output.rawValue, 2)
        clinux_spawn_file_actions_addclosefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = options.arguments.map { strdup($0) } + [nil]
        let envp = options.environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Errno(code: result, call: "posix_spawn(\(path))") }
        return pid
    }

    static func pipe() throws(Errno) -> (read: FileDescriptor, write: FileDescriptor) {
        var fds: [Int32] = [-1, -1]
        _ = try retryingInterrupts("pipe2") { clinux_pipe_cloexec(&fds) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    static func nowMilliseconds() -> Int64 { SystemClocks.monotonicMilliseconds() }
}
