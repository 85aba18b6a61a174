import EmporiumCore

/// The arrays of a listing row as packed into `product_listings.listing_head` and `listing_tail`
/// (migration 0004), in that order, and the `available` column that follows them in every
/// statement reading them: the one place that knows the layout. A statement sends NULL for the
/// tail when the reader wants nothing of it. Parts a reader does not want are passed over without
/// decoding and left empty; what is read is checked to be parallel as the layout requires.
struct PackedListingArrays {
    /// Parts that may be passed over. Media URLs, variant ids and SKUs, prices and compare-at
    /// prices are always read.
    struct Parts: OptionSet {
        let rawValue: UInt16

        static let attributes = Parts(rawValue: 1 << 0)
        static let mediaAlts = Parts(rawValue: 1 << 1)
        static let mediaPositions = Parts(rawValue: 1 << 2)
        static let variantNames = Parts(rawValue: 1 << 3)
        /// Option counts, names and values.
        static let variantOptions = Parts(rawValue: 1 << 4)
        /// GTINs and MPNs.
        static let variantIdentifiers = Parts(rawValue: 1 << 5)
        static let variantWeights = Parts(rawValue: 1 << 6)
        static let variantConditions = Parts(rawValue: 1 << 7)
        static let variantPositions = Parts(rawValue: 1 << 8)

        static let all: Parts = [
            .attributes, .mediaAlts, .mediaPositions, .variantNames, .variantOptions, .variantIdentifiers,
            .variantWeights, .variantConditions, .variantPositions,
        ]
        /// The parts packed in `listing_tail`: without any of them, the tail need not be sent.
        static let tail: Parts = [
            .attributes, .variantNames, .variantOptions, .variantIdentifiers, .variantWeights, .variantConditions,
        ]
        /// What ``ListingOmissions/variantDetails`` leaves out.
        static let variantDetails: Parts = [
            .variantNames, .variantOptions, .variantIdentifiers, .variantWeights, .variantConditions,
        ]
    }

    var attributeKeys: [String] = []
    var attributeTypes: [String] = []
    var attributeValues: [String] = []
    var mediaURLs: [String] = []
    var mediaAlts: [String] = []
    var mediaPositions: [Int32] = []
    var variantIDs: [Int64] = []
    var skus: [String] = []
    var variantNames: [String] = []
    var optionCounts: [Int32] = []
    var optionNames: [String] = []
    var optionValues: [String] = []
    var gtins: [String?] = []
    var mpns: [String?] = []
    var weights: [Int32?] = []
    var conditions: [String] = []
    var variantPositions: [Int32] = []
    var amounts: [Int64?] = []
    var compareAts: [Int64?] = []
    /// Available units per variant (the `available` column, never packed: stock is the hot write).
    var available: [Int64] = []

    /// Empty arrays, to be filled by ``read(_:reading:)``.
    init() {}

    /// Reads the head, tail and `available` cells at the reader's position.
    init(_ cells: inout BinaryRowReader, reading parts: Parts) throws(BinaryRowReader.Failure) {
        try read(&cells, reading: parts)
    }

    /// Reads the head, tail and `available` cells at the reader's position in place of what was
    /// read before, keeping the arrays' storage: a page's rows reuse one set of arrays. The tail
    /// may be NULL only when `parts` wants nothing of it.
    mutating func read(_ cells: inout BinaryRowReader, reading parts: Parts) throws(BinaryRowReader.Failure) {
        try cells.withPackedValue { (packed: inout PackedArrayReader) throws(BinaryRowReader.Failure) in
            try readHead(&packed, parts)
        }
        let tailSent = try cells.withOptionalPackedValue {
            (packed: inout PackedArrayReader) throws(BinaryRowReader.Failure) in
            try readTail(&packed, parts)
            return true
        }
        if tailSent == nil {
            guard parts.isDisjoint(with: .tail) else { throw BinaryRowReader.Failure(column: -1) }
            clearTail()
        }
        try cells.withPackedValue { (packed: inout PackedArrayReader) throws(BinaryRowReader.Failure) in
            try packed.int64s(into: &available)
        }

        let variants = variantIDs.count
        let parallel =
            attributeTypes.count == attributeKeys.count && attributeValues.count == attributeKeys.count
            && (!parts.contains(.mediaAlts) || mediaAlts.count == mediaURLs.count)
            && (!parts.contains(.mediaPositions) || mediaPositions.count == mediaURLs.count)
            && skus.count == variants && amounts.count == variants && compareAts.count == variants
            && available.count == variants
            && (!parts.contains(.variantNames) || variantNames.count == variants)
            && (!parts.contains(.variantOptions)
                || (optionCounts.count == variants && optionValues.count == optionNames.count
                    && optionCounts.reduce(0, { $0 + Int($1) }) == optionNames.count))
            && (!parts.contains(.variantIdentifiers) || (gtins.count == variants && mpns.count == variants))
            && (!parts.contains(.variantWeights) || weights.count == variants)
            && (!parts.contains(.variantConditions) || conditions.count == variants)
            && (!parts.contains(.variantPositions) || variantPositions.count == variants)
        guard parallel else { throw BinaryRowReader.Failure(column: -1) }
    }

    /// `listing_head`, in its order. A part passed over is left empty.
    private mutating func readHead(_ packed: inout PackedArrayReader, _ parts: Parts) throws(BinaryRowReader.Failure) {
        mediaAlts.removeAll(keepingCapacity: true)
        mediaPositions.removeAll(keepingCapacity: true)
        variantPositions.removeAll(keepingCapacity: true)
        try packed.strings(into: &mediaURLs)
        if parts.contains(.mediaAlts) { try packed.strings(into: &mediaAlts) } else { try packed.skipArray() }
        if parts.contains(.mediaPositions) { try packed.int32s(into: &mediaPositions) } else { try packed.skipArray() }
        try packed.int64s(into: &variantIDs)
        try packed.strings(into: &skus)
        if parts.contains(.variantPositions) {
            try packed.int32s(into: &variantPositions)
        } else {
            try packed.skipArray()
        }
        try packed.optionalInt64s(into: &amounts)
        try packed.optionalInt64s(into: &compareAts)
    }

    /// `listing_tail`, in its order. A part passed over is left empty.
    private mutating func readTail(_ packed: inout PackedArrayReader, _ parts: Parts) throws(BinaryRowReader.Failure) {
        clearTail()
        if parts.contains(.attributes) {
            try packed.strings(into: &attributeKeys)
            try packed.strings(into: &attributeTypes)
            try packed.strings(into: &attributeValues)
        } else {
            for _ in 0..<3 { try packed.skipArray() }
        }
        if parts.contains(.variantNames) { try packed.strings(into: &variantNames) } else { try packed.skipArray() }
        if parts.contains(.variantOptions) {
            try packed.int32s(into: &optionCounts)
            try packed.strings(into: &optionNames)
            try packed.strings(into: &optionValues)
        } else {
            for _ in 0..<3 { try packed.skipArray() }
        }
        if parts.contains(.variantIdentifiers) {
            try packed.optionalStrings(into: &gtins)
            try packed.optionalStrings(into: &mpns)
        } else {
            for _ in 0..<2 { try packed.skipArray() }
        }
        if parts.contains(.variantWeights) { try packed.optionalInt32s(into: &weights) } else { try packed.skipArray() }
        if parts.contains(.variantConditions) {
            try packed.strings(into: &conditions)
        } else {
            try packed.skipArray()
        }
    }

    /// Empties what the tail holds: for a row whose tail was not sent, and before reading one.
    private mutating func clearTail() {
        attributeKeys.removeAll(keepingCapacity: true)
        attributeTypes.removeAll(keepingCapacity: true)
        attributeValues.removeAll(keepingCapacity: true)
        variantNames.removeAll(keepingCapacity: true)
        optionCounts.removeAll(keepingCapacity: true)
        optionNames.removeAll(keepingCapacity: true)
        optionValues.removeAll(keepingCapacity: true)
        gtins.removeAll(keepingCapacity: true)
        mpns.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        conditions.removeAll(keepingCapacity: true)
    }

    /// The product's attributes (empty when not read).
    var attributes: [ProductAttribute] {
        (0..<attributeKeys.count).map {
            ProductAttribute(
                key: attributeKeys[$0],
                value: PostgresCatalogStore.attributeValue(attributeTypes[$0], attributeValues[$0]))
        }
    }

    /// The selected options of each variant, in variant order (empty lists when not read).
    var options: [[SelectedOption]] {
        guard !optionCounts.isEmpty else { return Array(repeating: [], count: variantIDs.count) }
        var result: [[SelectedOption]] = []
        result.reserveCapacity(optionCounts.count)
        var start = 0
        for count in optionCounts {
            let end = start + Int(count)
            result.append((start..<end).map { SelectedOption(name: optionNames[$0], value: optionValues[$0]) })
            start = end
        }
        return result
    }
}

extension PackedListingArrays.Parts {
    /// What a listing that leaves out `omit` reads.
    init(omitting omit: ListingOmissions) {
        self = .all
        if omit.contains(.attributes) { remove(.attributes) }
        if omit.contains(.variantDetails) { subtract(.variantDetails) }
    }
}
