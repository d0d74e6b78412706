/// A doubly linked list of slots in an array, ordered from least to most
/// recently used, with O(1) append, removal and move-to-back. Internal storage
/// of ``DuplicateRequestCache``.
struct RecencyList<Element: Sendable>: Sendable {
    private struct Node: Sendable {
        var element: Element?
        var previous: Int
        var next: Int
    }

    private var nodes: [Node] = []
    private var freeSlots: [Int] = []
    /// Least recently used slot, or -1.
    private(set) var head = -1
    /// Most recently used slot, or -1.
    private(set) var tail = -1
    private(set) var count = 0

    /// Appends `element` as most recently used; returns its slot.
    mutating func append(_ element: Element) -> Int {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            nodes[slot] = Node(element: element, previous: tail, next: -1)
        } else {
            slot = nodes.count
            nodes.append(Node(element: element, previous: tail, next: -1))
        }
        if tail >= 0 { nodes[tail].next = slot } else { head = slot }
        tail = slot
        count += 1
        return slot
    }

    /// Removes the element in `slot` and returns it.
    @discardableResult
    mutating func remove(_ slot: Int) -> Element {
        unlink(slot)
        let element = nodes[slot].element!
        nodes[slot].element = nil
        freeSlots.append(slot)
        count -= 1
        if count == 0 {
            // Give memory back after a burst.
            nodes.removeAll(keepingCapacity: false)
            freeSlots.removeAll(keepingCapacity: false)
        }
        return element
    }

    /// Makes `slot` the most recently used.
    mutating func moveToBack(_ slot: Int) {
        guard slot != tail else { return }
        unlink(slot)
        nodes[slot].previous = tail
        nodes[slot].next = -1
        if tail >= 0 { nodes[tail].next = slot } else { head = slot }
        tail = slot
    }

    subscript(slot: Int) -> Element {
        get { nodes[slot].element! }
        set { nodes[slot].element = newValue }
    }

    /// The slot after `slot` (towards more recent), or -1.
    func next(after slot: Int) -> Int { nodes[slot].next }

    private mutating func unlink(_ slot: Int) {
        let previous = nodes[slot].previous
        let next = nodes[slot].next
        if previous >= 0 { nodes[previous].next = next } else { head = next }
        if next >= 0 { nodes[next].previous = previous } else { tail = previous }
    }
}
