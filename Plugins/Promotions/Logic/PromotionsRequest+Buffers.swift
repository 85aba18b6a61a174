import EmporiumPluginKit
import Synchronization

// Reusing the arrays of a request that is done with for the next one: a request read from JSON is
// four arrays (text, lines, texts, redemptions), and making and freeing them cost more than
// filling them.
extension PromotionsRequest {
    /// The arrays of a request that is done with, empty but keeping their room, for the next
    /// request read with ``init(json:reusing:)`` to fill without allocating.
    public struct Buffers: Sendable {
        @usableFromInline var text: [UInt8] = []
        @usableFromInline var lines: [Line] = []
        @usableFromInline var texts: [Text] = []
        @usableFromInline var redemptions: [Redemption] = []

        /// Arrays larger than these are not kept, so that one large request does not hold its
        /// room for good.
        static let maxTextBytes = 64 * 1024
        static let maxElements = 1024

        /// No arrays yet.
        @inlinable public init() {}

        /// `array`, taken (left empty), emptied and with room for `minimumCapacity` elements.
        @inline(__always)
        static func take<Element>(_ array: inout [Element], minimumCapacity: Int) -> [Element] {
            var taken: [Element] = []
            swap(&taken, &array)
            // Empty already when it comes from ``PromotionsRequest/buffers()``.
            if !taken.isEmpty { taken.removeAll(keepingCapacity: true) }
            if taken.capacity < minimumCapacity { taken.reserveCapacity(minimumCapacity) }
            return taken
        }

        /// Empties `array`, keeping its room unless it is larger than `limit`.
        @inline(__always)
        static func empty<Element>(_ array: inout [Element], limit: Int) {
            if array.capacity <= limit { array.removeAll(keepingCapacity: true) } else { array = [] }
        }
    }

    /// Reads a `pricing.adjust` request document as ``init(json:)-(UnsafeRawBufferPointer)`` does,
    /// filling the arrays of `buffers` (taken from it) when the document has the engine's shape.
    public init(json document: UnsafeRawBufferPointer, reusing buffers: inout Buffers) throws(PluginJSONError) {
        if let request = Self.readCanonical(document, reusing: &buffers) {
            self = request
        } else {
            self = try Self.readGeneral(document)
        }
    }

    /// This request's arrays, emptied, for the next request to reuse.
    public consuming func buffers() -> Buffers {
        // The codes are a slice of `texts`: released first, so that `texts` is the only reference.
        couponCodes = []
        var buffers = Buffers()
        swap(&buffers.text, &text)
        swap(&buffers.lines, &lines)
        swap(&buffers.texts, &texts)
        swap(&buffers.redemptions, &couponRedemptions)
        Buffers.empty(&buffers.text, limit: Buffers.maxTextBytes)
        Buffers.empty(&buffers.lines, limit: Buffers.maxElements)
        Buffers.empty(&buffers.texts, limit: Buffers.maxElements)
        Buffers.empty(&buffers.redemptions, limit: Buffers.maxElements)
        return buffers
    }

    /// One set of ``Buffers`` kept between the requests of a plugin, taken and put back with one
    /// atomic exchange each: a call that finds it taken (another call on another thread has it)
    /// makes new arrays, as a request read without it does.
    public final class BufferPool: Sendable {
        /// The buffers held, boxed, and retained by the slot; 0 while a call has them.
        @usableFromInline let slot = Atomic<UInt>(0)

        @usableFromInline final class Box {
            // Unchecked: a box is reached only by the one call that took it out of the slot, so the
            // runtime's check of each access (a call to the runtime per request) can never fire.
            @exclusivity(unchecked) @usableFromInline var buffers = Buffers()
            @usableFromInline init() {}
        }

        /// An empty pool.
        public init() {}

        deinit {
            let held = slot.exchange(0, ordering: .acquiring)
            if let pointer = UnsafeRawPointer(bitPattern: held) { Unmanaged<Box>.fromOpaque(pointer).release() }
        }

        /// Calls `body` with the pool's buffers (or new, empty ones when another call has them), and
        /// keeps what `body` leaves in them for the next call.
        @inlinable public func withBuffers<Value, Failure: Error>(
            _ body: (inout Buffers) throws(Failure) -> Value
        ) throws(Failure) -> Value {
            let held = slot.exchange(0, ordering: .acquiring)
            let box =
                UnsafeRawPointer(bitPattern: held).map { Unmanaged<Box>.fromOpaque($0) }
                ?? Unmanaged.passRetained(Box())
            defer {
                let raw = UInt(bitPattern: box.toOpaque())
                if !slot.compareExchange(expected: 0, desired: raw, ordering: .releasing).exchanged { box.release() }
            }
            let outcome: Result<Value, Failure> = box._withUnsafeGuaranteedRef { box in
                do throws(Failure) {
                    return .success(try body(&box.buffers))
                } catch {
                    return .failure(error)
                }
            }
            return try outcome.get()
        }
    }
}
