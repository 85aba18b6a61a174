import EmporiumCore

/// The arrays of a listing row as packed into `product_listings.details` (migration 0003), in
/// that order, and the `available` column that follows it in every statement reading them: the
/// one place that knows the layout. Parts a reader does not want are passed over
/// without decoding and left empty; what is read is checked to be parallel as the layout requires.
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

    /// Reads the packed cell at the reader's position and the `available` cell after it.
    init(_ cells: inout BinaryRowReader, reading parts: Parts) throws(BinaryRowReader.Failure) {
        try cells.withPackedValue { (packed: inout PackedArrayReader) throws(BinaryRowReader.Failure) in
            try read(&packed, parts)
        }
        available = try cells.int64s()

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

    /// The packed arrays, in the layout's order.
    private mutating func read(_ packed: inout PackedArrayReader, _ parts: Parts) throws(BinaryRowReader.Failure) {
        if parts.contains(.attributes) {
            attributeKeys = try packed.strings()
            attributeTypes = try packed.strings()
            attributeValues = try packed.strings()
        } else {
            for _ in 0..<3 { try packed.skipArray() }
        }
        mediaURLs = try packed.strings()
        if parts.contains(.mediaAlts) { mediaAlts = try packed.strings() } else { try packed.skipArray() }
        if parts.contains(.mediaPositions) { mediaPositions = try packed.int32s() } else { try packed.skipArray() }
        variantIDs = try packed.int64s()
        skus = try packed.strings()
        if parts.contains(.variantNames) { variantNames = try packed.strings() } else { try packed.skipArray() }
        if parts.contains(.variantOptions) {
            optionCounts = try packed.int32s()
            optionNames = try packed.strings()
            optionValues = try packed.strings()
        } else {
            for _ in 0..<3 { try packed.skipArray() }
        }
        if parts.contains(.variantIdentifiers) {
            gtins = try packed.optionalStrings()
            mpns = try packed.optionalStrings()
        } else {
            for _ in 0..<2 { try packed.skipArray() }
        }
        if parts.contains(.variantWeights) { weights = try packed.optionalInt32s() } else { try packed.skipArray() }
        if parts.contains(.variantConditions) { conditions = try packed.strings() } else { try packed.skipArray() }
        if parts.contains(.variantPositions) {
            variantPositions = try packed.int32s()
        } else {
            try packed.skipArray()
        }
        amounts = try packed.optionalInt64s()
        compareAts = try packed.optionalInt64s()
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
