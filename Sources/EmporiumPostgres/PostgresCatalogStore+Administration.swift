import EmporiumCore
import PostgresNIO

extension PostgresCatalogStore {
    public func setStock(sku: String, location: String?, onHand: Int) async throws -> StockChangeResult {
        var statement = SQLStatement()
        let skuBind = statement.bind(sku)
        let locationBind = statement.bind(location)
        let onHandBind = statement.bind(Int32(clamping: onHand))
        // One statement decides every outcome, so a concurrent reservation cannot slip between a check and the write.
        statement.append(
            """
            WITH v AS (SELECT id FROM variants WHERE sku = \(skuBind)),
                 loc AS (SELECT code FROM stock_locations
                         WHERE (\(locationBind)::text IS NULL AND is_default) OR code = \(locationBind)::text),
                 written AS (
                     INSERT INTO stock_levels (variant_id, location_code, on_hand)
                     SELECT v.id, loc.code, \(onHandBind) FROM v, loc
                     ON CONFLICT (variant_id, location_code) DO UPDATE SET on_hand = EXCLUDED.on_hand
                         WHERE stock_levels.reserved <= EXCLUDED.on_hand
                     RETURNING variant_id)
            SELECT (SELECT count(*) FROM v), (SELECT count(*) FROM loc), (SELECT count(*) FROM written),
                   (SELECT coalesce(max(s.reserved), 0) FROM stock_levels s, v, loc
                    WHERE s.variant_id = v.id AND s.location_code = loc.code)
            """)
        guard let row = try await database.rows(statement.query).first else { return .unknownSKU }
        let (variants, locations, written, reserved) = try row.decode((Int64, Int64, Int64, Int32).self)
        if variants == 0 { return .unknownSKU }
        if locations == 0 { return .unknownLocation }
        if written == 0 { return .belowReserved(reserved: Int(reserved)) }
        guard let variant = try await variant(sku: sku) else { return .unknownSKU }
        return .updated(variant)
    }

    public func setPrice(sku: String, channel: String, amount: Int64) async throws -> PriceChangeResult {
        var statement = SQLStatement()
        let skuBind = statement.bind(sku)
        let channelBind = statement.bind(channel)
        let amountBind = statement.bind(amount)
        statement.append(
            """
            WITH v AS (SELECT id FROM variants WHERE sku = \(skuBind)),
                 c AS (SELECT code FROM channels WHERE code = \(channelBind)),
                 written AS (
                     INSERT INTO variant_prices (variant_id, channel_code, amount)
                     SELECT v.id, c.code, \(amountBind) FROM v, c
                     ON CONFLICT (variant_id, channel_code) DO UPDATE SET amount = EXCLUDED.amount,
                         compare_at_amount = CASE WHEN variant_prices.compare_at_amount > EXCLUDED.amount
                                                  THEN variant_prices.compare_at_amount END
                     RETURNING variant_id)
            SELECT (SELECT count(*) FROM v), (SELECT count(*) FROM c), (SELECT count(*) FROM written)
            """)
        guard let row = try await database.rows(statement.query).first else { return .unknownSKU }
        let (variants, channels, _) = try row.decode((Int64, Int64, Int64).self)
        if variants == 0 { return .unknownSKU }
        if channels == 0 { return .unknownChannel }
        guard let variant = try await variant(sku: sku) else { return .unknownSKU }
        return .updated(variant)
    }

    /// A variant by SKU, whatever its product's status.
    public func variant(sku: String) async throws -> ProductVariant? {
        var statement = SQLStatement()
        let bind = statement.bind(sku)
        statement.append("SELECT \(Self.variantColumns) FROM variants v WHERE v.sku = \(bind)")
        return try await database.rows(statement.query).first.map(Self.decodeVariant)
    }
}
