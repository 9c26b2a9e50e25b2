/// A fixed-capacity FIFO over one preallocated array: O(1) append and remove-first, no
/// reallocation once built. The dispatch log's backlog (overwriting the oldest line when full)
/// and each tail subscriber's queue (refusing when full) are both one of these.
struct RingBuffer<Element> {
    private var storage: [Element?]
    /// Index in `storage` of the oldest element.
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        storage = Array(repeating: nil, count: max(0, capacity))
    }

    var capacity: Int { storage.count }
    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == storage.count }

    /// The element `index` places after the oldest (0 is the oldest, count − 1 the newest).
    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "ring index \(index) out of 0..<\(count)")
        return storage[(head + index) % storage.count]!
    }

    /// Appends `element` if there is room; false (and nothing changes) when full.
    @discardableResult
    mutating func append(_ element: Element) -> Bool {
        guard count < storage.count else { return false }
        storage[(head + count) % storage.count] = element
        count += 1
        return true
    }

    /// Appends `element`, dropping the oldest one when full (nothing is kept at capacity 0).
    mutating func appendOverwriting(_ element: Element) {
        guard !storage.isEmpty else { return }
        if count < storage.count {
            append(element)
        } else {
            storage[head] = element
            head = (head + 1) % storage.count
        }
    }

    /// Removes and returns the oldest element.
    mutating func removeFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    /// Removes every element, oldest first, into an array.
    mutating func removeAll() -> [Element] {
        var elements: [Element] = []
        elements.reserveCapacity(count)
        while let element = removeFirst() { elements.append(element) }
        return elements
    }
}
