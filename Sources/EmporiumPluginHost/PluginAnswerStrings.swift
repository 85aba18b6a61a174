import Synchronization

/// The labels and promotion ids of one plugin's recent `pricing.adjust` answers, kept so that an
/// answer repeating them byte for byte reuses their `String`s instead of making new ones: a plugin
/// answers the same few labels call after call. A reused `String` has exactly the bytes read, so it
/// is the same value as the one that would have been made.
///
/// Bounded: ``positions`` places (the n-th label or promotion id of an answer, in reading order),
/// each with the last ``ways`` different strings seen there, each at most ``maxBytes`` long; and at
/// most ``maxGenerations`` sets of them over the cache's life, after which it keeps the last and
/// learns no more (a plugin whose labels differ call after call costs no more than that).
///
/// One adapter's calls share it on any thread without a lock: a set of strings (a ``Generation``)
/// is immutable once made, a call reads the current one through one atomic load, and every set
/// stays alive as long as the cache, so a call never reads one that was freed. Only a call that met
/// a string the current set lacked takes the lock, to make and publish the next set.
final class PluginAnswerStrings: Sendable {
    /// Places kept: 16 discounts' label and promotion id.
    static let positions = 32
    /// Strings kept per place, the most recent first.
    static let ways = 2
    /// Longer strings are not kept.
    static let maxBytes = 256
    /// Sets of strings made over the cache's life, at most.
    static let maxGenerations = 16

    /// The address of the current ``Generation``; 0 before the first.
    private let current = Atomic<UInt>(0)
    /// Set once ``maxGenerations`` sets were made: then ``learn(from:)`` returns without the lock.
    private let full = Atomic<Bool>(false)
    /// Every generation made, the current one last: they live as long as the cache.
    private let generations = Mutex<[Generation]>([])

    init() {}

    /// A reading of one answer with the strings current now.
    func reading() -> Reading {
        let address = current.load(ordering: .acquiring)
        return Reading(
            known: UnsafeRawPointer(bitPattern: address).map { Unmanaged<Generation>.fromOpaque($0) },
            // A full cache learns nothing more: nothing is noted for it.
            learns: !full.load(ordering: .relaxed))
    }

    /// Adds what `reading` met and did not know, each at the front of its place, to the current
    /// strings (which may be newer than those `reading` began with), and publishes the result.
    func learn(from reading: Reading) {
        guard !reading.learned.isEmpty, !full.load(ordering: .relaxed) else { return }
        generations.withLock { generations in
            guard generations.count < Self.maxGenerations else {
                full.store(true, ordering: .relaxed)
                return
            }
            var strings = generations.last?.strings ?? [String](repeating: "", count: Self.positions * Self.ways)
            var changed = false
            for (position, string) in reading.learned {
                let first = position * Self.ways
                let places = first..<(first + Self.ways)
                guard !places.contains(where: { strings[$0].utf8.elementsEqual(string.utf8) }) else { continue }
                for index in places.reversed().dropLast() { strings[index] = strings[index - 1] }
                strings[first] = string
                changed = true
            }
            guard changed else { return }
            let next = Generation(strings)
            generations.append(next)
            current.store(UInt(bitPattern: Unmanaged.passUnretained(next).toOpaque()), ordering: .releasing)
        }
    }

    /// The strings kept, place after place (for tests).
    var strings: [String] {
        generations.withLock { $0.last?.strings ?? [String](repeating: "", count: Self.positions * Self.ways) }
    }

    /// The number of sets of strings made (for tests).
    var generationCount: Int { generations.withLock { $0.count } }

    /// One immutable set of strings, `positions × ways` of them, place after place, the most recent
    /// first ("" where none was kept: an empty string read there is "" either way), with their
    /// UTF-8 bytes end to end for comparing.
    final class Generation: Sendable {
        let strings: [String]
        /// Where each string's bytes start in ``utf8``, and one past the last string's end.
        let starts: [Int]
        let utf8: [UInt8]

        init(_ strings: [String]) {
            self.strings = strings
            var starts: [Int] = []
            starts.reserveCapacity(strings.count + 1)
            var utf8: [UInt8] = []
            for string in strings {
                starts.append(utf8.count)
                utf8.append(contentsOf: string.utf8)
            }
            starts.append(utf8.count)
            self.starts = starts
            self.utf8 = utf8
        }

        /// The string kept at `position` whose bytes are `bytes`, if any.
        @inline(__always)
        func string(at position: Int, matching bytes: UnsafeRawBufferPointer) -> String? {
            let first = position &* PluginAnswerStrings.ways
            return utf8.withUnsafeBytes { utf8 in
                for index in first..<(first &+ PluginAnswerStrings.ways) {
                    let start = starts[index]
                    guard starts[index &+ 1] &- start == bytes.count else { continue }
                    if PluginAnswerStrings.equal(utf8.baseAddress, start, bytes) { return strings[index] }
                }
                return nil
            }
        }
    }

    /// Whether the `bytes.count` bytes at `base + offset` are `bytes`, eight at a time.
    @inline(__always)
    static func equal(_ base: UnsafeRawPointer?, _ offset: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count > 0, let base, let other = bytes.baseAddress else { return count == 0 }
        let kept = base + offset
        var index = 0
        while index &+ 8 <= count {
            guard
                kept.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    == other.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            else { return false }
            index &+= 8
        }
        while index < count {
            guard kept.load(fromByteOffset: index, as: UInt8.self) == other.load(fromByteOffset: index, as: UInt8.self)
            else { return false }
            index &+= 1
        }
        return true
    }

    /// The strings of one answer as it is read: each kept string that recurs at its place is
    /// reused, any other one made (and noted, for ``learn(from:)``). It holds its generation
    /// unretained: use it only while its cache is alive (as ``PricingResponse`` does, holding the
    /// cache for the whole read).
    struct Reading {
        /// The strings current when the reading began (alive as long as the cache); nil: none.
        private let known: Unmanaged<Generation>?
        /// Whether new strings are noted.
        private let learns: Bool
        /// The place of the next string.
        private var position = 0
        /// The strings made, with their places.
        private(set) var learned: [(position: Int, string: String)] = []

        /// A reading that reuses nothing and notes nothing (no cache).
        static var none: Reading { Reading(known: nil, learns: false) }

        fileprivate init(known: Unmanaged<Generation>?, learns: Bool) {
            self.known = known
            self.learns = learns
        }

        /// Passes over a string read otherwise (one with escapes or non-ASCII bytes): the next one
        /// is at the next place.
        @inline(__always)
        mutating func skip() { position &+= 1 }

        /// The `String` of `bytes` (valid UTF-8), the next string of the answer.
        @inline(__always)
        mutating func string(_ bytes: UnsafeRawBufferPointer) -> String {
            let position = self.position
            self.position = position &+ 1
            guard position < PluginAnswerStrings.positions else { return String(decoding: bytes, as: UTF8.self) }
            if let known,
                let string = known._withUnsafeGuaranteedRef({ $0.string(at: position, matching: bytes) })
            {
                return string
            }
            let string = String(decoding: bytes, as: UTF8.self)
            if learns, bytes.count <= PluginAnswerStrings.maxBytes { learned.append((position, string)) }
            return string
        }
    }
}
