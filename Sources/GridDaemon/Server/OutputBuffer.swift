import GridSystem

/// The bytes a connection has to write and how far it got: written as far as the socket takes
/// them, the rest kept for when it is writable again. What is unsent is what back-pressure
/// counts (`BackPressure`).
struct OutputBuffer {
    private var bytes: [UInt8] = []
    /// How much of `bytes` is written.
    private var offset = 0

    /// What `flush` did.
    enum FlushResult: Equatable {
        /// There was nothing to write.
        case nothingToWrite
        /// Everything is written (some of it now).
        case allWritten
        /// The socket is full: the rest waits for it to be writable.
        case wouldBlock
        /// The write failed (the peer is gone).
        case failed(Errno)
    }

    /// Bytes waiting to be written.
    var unsentCount: Int { bytes.count - offset }
    var isFullyWritten: Bool { offset == bytes.count }

    mutating func append(_ response: [UInt8]) {
        bytes.append(contentsOf: response)
    }

    /// Writes with `write` until everything is written, the socket is full, or it fails. A slow
    /// reader's buffer drops what was written once that is most of it, so it does not grow at
    /// the front; a large buffer (a burst) is given back once all is written.
    mutating func flush(to write: (UnsafeRawBufferPointer) throws(Errno) -> IOResult<Int>) -> FlushResult {
        while offset < bytes.count {
            let start = offset
            let result: Result<IOResult<Int>, Errno> = bytes.withUnsafeBytes { buffer in
                do throws(Errno) {
                    return .success(try write(UnsafeRawBufferPointer(rebasing: buffer[start...])))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(.processed(let written)):
                offset += written
            case .success(.wouldBlock):
                if offset >= 65536, offset * 2 >= bytes.count {
                    bytes.removeSubrange(0..<offset)
                    offset = 0
                }
                return .wouldBlock
            case .failure(let error):
                return .failed(error)
            }
        }
        let wrote = !bytes.isEmpty
        // Keeps a small buffer for the next responses; a large one (a burst) goes back.
        bytes.removeAll(keepingCapacity: bytes.capacity <= 65536)
        offset = 0
        return wrote ? .allWritten : .nothingToWrite
    }

    /// Drops everything (the connection is dropped).
    mutating func removeAll() {
        bytes.removeAll()
        offset = 0
    }
}
