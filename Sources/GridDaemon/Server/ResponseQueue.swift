/// The responses a connection owes, in request order: one slot per request taken, filled when
/// its answer comes (answers may come in any order, from any queue), and handed out from the
/// front as soon as the front is answered — so a pipelining client reads its answers in the order
/// it asked. Slots are numbered for the life of the connection.
struct ResponseQueue {
    /// Answers in request order; nil until answered.
    private var slots: [[UInt8]?] = []
    /// The number of `slots[0]`.
    private(set) var firstSlot = 0

    /// Requests taken and not yet handed out (answered or not).
    var count: Int { slots.count }
    var isEmpty: Bool { slots.isEmpty }

    /// Reserves the slot of a request just taken and returns its number.
    mutating func reserve() -> Int {
        slots.append(nil)
        return firstSlot + slots.count - 1
    }

    /// Appends an answer already known (the connection's own error line).
    mutating func appendAnswered(_ response: [UInt8]) {
        slots.append(response)
    }

    /// Answers `slot`; false when it is not owed any more (or never was).
    mutating func fill(_ slot: Int, with response: [UInt8]) -> Bool {
        let index = slot - firstSlot
        guard index >= 0, index < slots.count else { return false }
        slots[index] = response
        return true
    }

    /// Moves the answered slots at the front into `output`, in order, up to the first unanswered one.
    mutating func moveAnswered(into output: inout OutputBuffer) {
        var ready = 0
        while ready < slots.count, let response = slots[ready] {
            output.append(response)
            ready += 1
        }
        if ready > 0 {
            slots.removeFirst(ready)
            firstSlot += ready
        }
    }

    /// Forgets every slot (the connection is dropped unanswered).
    mutating func removeAll() {
        slots.removeAll()
    }
}
