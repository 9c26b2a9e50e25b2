import GridCore

/// libFuzzer target: the socket's line handling. The first two bytes choose the line limit and
/// how the rest arrives in reads; the rest is the byte stream a client sends. It goes through
/// `LineFramer` (compiled in from GridDaemon, see scripts/fuzz.sh) chunk by chunk, every line
/// through `RequestDecoder.decode(line:)`, and every refusal through `Response.failure`.
/// Checks: the framer returns exactly the input's lines, none longer than the limit, and stops at
/// the first one that is; every response is one line of JSON echoing the request's id.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let limit = 16 + Int(data[0]) * 4
    let chunk = 1 + Int(data[1])
    let stream = UnsafeBufferPointer(start: data + 2, count: size - 2)
    var framer = LineFramer(limit: limit)
    var consumed = 0
    var offset = 0
    let decoder = RequestDecoder()
    reading: while offset < stream.count {
        let end = min(stream.count, offset + chunk)
        framer.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: stream[offset..<end])))
        offset = end
        while true {
            switch framer.next() {
            case .needMore:
                FuzzChecks.require(framer.pendingCount == offset - consumed, "the framer lost or invented bytes")
                continue reading
            case .tooLong:
                let newline = stream[consumed..<offset].firstIndex(of: 0x0A)
                FuzzChecks.require(newline.map { $0 - consumed > limit } ?? (offset - consumed > limit), "refused a line within the limit")
                return 0
            case .line(let line):
                FuzzChecks.require(line.count <= limit && !line.contains(0x0A), "a line over the limit or holding a newline")
                FuzzChecks.require(line.elementsEqual(stream[consumed..<(consumed + line.count)]) && stream[consumed + line.count] == 0x0A,
                             "the framer's line is not the input's")
                consumed += line.count + 1
                check(Array(line), decoder)
            }
        }
    }
    return 0
}

private func check(_ line: [UInt8], _ decoder: RequestDecoder) {
    let response: [UInt8]
    let id: JSONValue
    do {
        let request = try line.withUnsafeBufferPointer { (buffer) throws(RequestDecodingError) -> Request in
            try decoder.decode(line: buffer)
        }
        FuzzChecks.require(!request.opName.isEmpty, "a request without an op name")
        id = request.id
        response = Response.success(id: id, result: ["op": .string(request.opName)])
    } catch {
        id = error.id
        response = Response.failure(id: id, error: error.error)
        FuzzChecks.require(!error.error.message.isEmpty, "an error without a message")
    }
    FuzzChecks.require(response.last == 0x0A && response.dropLast().firstIndex(of: 0x0A) == nil, "a response is not one line")
    guard let parsed = try? JSONParser.parse(response.dropLast()) else { fatalError("a response is not JSON") }
    FuzzChecks.require(parsed.objectValue?["id"]?.serializedBytes() == id.serializedBytes(), "the response does not echo the id")
}
