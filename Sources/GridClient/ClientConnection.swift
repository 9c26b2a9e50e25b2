import GridCore
import GridSystem
import Glibc

/// A client's connection to gridd's socket: sends request lines, reads response lines.
/// Blocking, with a timeout on every read, since a CLI has nothing else to do meanwhile.
public final class GridConnection {
    public let path: String
    private let fd: FileDescriptor
    private var buffer: [UInt8] = []
    private var nextID: Int64 = 1
    public var timeoutMilliseconds: Int32
    /// The language of the errors this connection throws.
    private let language: Language

    /// Connects to the daemon at `path` (called `name` in messages, `path` by default); the error
    /// says the daemon is unavailable and, in `language`, what would make it work.
    public init(path: String, name: String? = nil, timeoutMilliseconds: Int32 = 30_000, language: Language = .en) throws(ClientError) {
        self.path = path
        self.timeoutMilliseconds = timeoutMilliseconds
        self.language = language
        do throws(Errno) {
            fd = try UnixSocket.connect(path: path)
        } catch {
            // EACCES: the socket is 0660 gridd:gridd-workers; ENOENT, ECONNREFUSED: nobody listens.
            let key = error.code == EACCES ? "connect.denied" : [ENOENT, ECONNREFUSED].contains(error.code) ? "connect.notRunning" : "connect.failed"
            throw ClientError.unavailable(Messages.text(key, language, ["socket": name ?? path, "error": Messages.errorText(error, language)]))
        }
    }

    deinit { fd.close() }

    /// Sends one request (an `id` is added) and waits for its response.
    ///
    /// A connection the daemon refused at accept (too many connections, in all or from this
    /// uid) gets one `unavailable` line with no id, then EOF: that is thrown as
    /// `ClientError.unavailable` with the daemon's message (exit 69: nothing was done; retry later).
    public func call(_ op: String, _ fields: JSONObject = JSONObject()) throws(ClientError) -> ClientResponse {
        let id = nextID
        nextID += 1
        var request = JSONObject()
        request["id"] = .int(id)
        request["op"] = .string(op)
        for (key, value) in fields.pairs { request[key] = value }
        do throws(ClientError) {
            try sendLine(JSONValue.object(request).serialized())
        } catch {
            // The daemon may have refused and closed before the request went out (EPIPE): its
            // reason is already waiting to be read.
            timeoutMilliseconds = 0
            if let refusal = try? readResponse(), let reason = ClientError.connectionRefusal(refusal) { throw reason }
            throw error
        }
        let response = try readResponse()
        if let reason = ClientError.connectionRefusal(response) { throw reason }
        return response
    }

    /// Sends one raw line (a newline is appended).
    public func sendLine(_ line: String) throws(ClientError) {
        do throws(Errno) {
            try UnixSocket.sendAll(fd, Array((line + "\n").utf8))
        } catch {
            throw ClientError.unavailable(failure("connect.lost", error))
        }
    }

    /// Reads the next response line and decodes it.
    public func readResponse() throws(ClientError) -> ClientResponse {
        let line = try readLine()
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw ClientError.protocolError("gridd sent a line that is not JSON: \(error)")
        }
        return try ClientResponse(value)
    }

    /// Reads one line (without the newline), waiting at most the timeout for each chunk.
    public func readLine() throws(ClientError) -> [UInt8] {
        try nextLine(watching: nil)!
    }

    /// Reads one line like `readLine`, but returns nil as soon as `watched` reports an error or
    /// hang-up — the reader of `gridctl tail -f | head` went away — even while gridd is quiet.
    public func readLine(orHangUpOf watched: FileDescriptor) throws(ClientError) -> [UInt8]? {
        try nextLine(watching: watched)
    }

    /// The catalogue's `key` with the failed call's text, in the connection's language.
    private func failure(_ key: String, _ error: Errno) -> String {
        Messages.text(key, language, ["error": Messages.errorText(error, language)])
    }

    private func nextLine(watching watched: FileDescriptor?) throws(ClientError) -> [UInt8]? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            let wait: FileDescriptor.InputWait
            do throws(Errno) {
                wait = try fd.waitForInput(timeoutMilliseconds: timeoutMilliseconds, orHangUpOf: watched)
            } catch {
                throw ClientError.unavailable(failure("connect.waiting", error))
            }
            switch wait {
            case .readable: break
            case .timedOut: throw ClientError.unavailable(Messages.text("connect.timedOut", language, ["ms": String(timeoutMilliseconds)]))
            case .watchedHungUp: return nil
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let result: Result<Int, Errno> = chunk.withUnsafeMutableBytes { raw in
                do throws(Errno) { return .success(try fd.read(into: raw)) } catch { return .failure(error) }
            }
            switch result {
            case .success(0):
                throw ClientError.unavailable(Messages.text("connect.closed", language))
            case .success(let count):
                buffer.append(contentsOf: chunk[0..<count])
            case .failure(let error):
                throw ClientError.unavailable(failure("connect.reading", error))
            }
        }
    }
}

/// A decoded response line.
public struct ClientResponse: Sendable {
    public var id: JSONValue
    public var result: Result<JSONValue, GridError>

    public init(_ value: JSONValue) throws(ClientError) {
        guard let object = value.objectValue, let ok = object["ok"]?.boolValue else {
            throw ClientError.protocolError("gridd sent a response without \"ok\"")
        }
        id = object["id"] ?? .null
        if ok {
            result = .success(object["result"] ?? .null)
        } else {
            let error = object["error"]?.objectValue
            let code = error?["code"]?.stringValue.flatMap(GridError.Code.init(rawValue:)) ?? .internalError
            result = .failure(GridError(code, error?["message"]?.stringValue ?? "unknown error"))
        }
    }

    /// The result, or the daemon's refusal as a `ClientError`.
    public func get() throws(ClientError) -> JSONValue {
        switch result {
        case .success(let value): return value
        case .failure(let error): throw ClientError.refused(error)
        }
    }
}

/// What can go wrong for a client, each with gridctl's exit status.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// The daemon said no (validation, permission): exit 1.
    case refused(GridError)
    /// Bad command line: exit 2.
    case usage(String)
    /// The daemon is not there or went away: exit 69 (EX_UNAVAILABLE).
    case unavailable(String)
    /// The daemon sent something this client does not understand: exit 70 (EX_SOFTWARE).
    case protocolError(String)
    /// A local file could not be read: exit 66 (EX_NOINPUT).
    case input(String)

    /// The daemon's refusal of the connection itself (an `unavailable` error with no request id).
    static func connectionRefusal(_ response: ClientResponse) -> ClientError? {
        guard response.id == .null, case .failure(let error) = response.result, error.code == .unavailable else { return nil }
        return .unavailable("gridd refused the connection: \(error.message)")
    }

    public var exitStatus: Int32 {
        switch self {
        case .refused: return 1
        case .usage: return 2
        case .unavailable: return 69
        case .protocolError: return 70
        case .input: return 66
        }
    }

    public var description: String {
        switch self {
        case .refused(let error): return "refused: \(error.code.rawValue): \(error.message)"
        case .usage(let message): return message
        case .unavailable(let message): return message
        case .protocolError(let message): return "protocol error: \(message)"
        case .input(let message): return message
        }
    }
}
