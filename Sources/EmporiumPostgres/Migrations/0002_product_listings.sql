-- Listing rows: one per active product that has a price in a channel, holding everything a product
-- listing shows (the product's columns, its attributes, media, variants with their options, prices
-- in that channel and available units) as arrays. A storefront listing page is then one index range
-- scan of this table, instead of a join over six tables per product.
--
-- The rows are kept exact by triggers in the same transaction as every write: statement-level
-- triggers recompute the affected products' rows from the source tables; stock changes, the hot write
-- path of checkout, apply their difference to the one array element they change, which composes with
-- concurrent stock changes (the UPDATE re-reads the latest row version before adding). A recompute
-- locks the rows it replaces before it reads the source tables, so it sees every stock change that
-- committed before it, and every later one waits for it and then adds its difference.
--
-- Lock order: every catalog write already takes the `catalog_version` row (its statement trigger
-- bumps it) and holds it to commit. Both listing paths take that row first and the listing rows
-- after it, ordered by (product, channel), so they cannot deadlock with each other or with the bump.
--
-- Bulk loaders set `emporium.defer_listings` to `on` for their transaction and call
-- `refresh_product_listings(NULL)` once at the end.

CREATE TABLE product_listings (
    product_id            bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    channel_code          text NOT NULL REFERENCES channels (code) ON DELETE CASCADE,
    slug                  text NOT NULL,
    name                  text NOT NULL,
    description           text NOT NULL,
    brand                 text,
    category_id           bigint,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    currency              text NOT NULL,
    min_amount            bigint NOT NULL,
    attribute_keys        text[] NOT NULL,
    attribute_types       text[] NOT NULL,
    attribute_values      text[] NOT NULL,
    media_urls            text[] NOT NULL,
    media_alts            text[] NOT NULL,
    media_positions       integer[] NOT NULL,
    variant_ids           bigint[] NOT NULL,
    variant_skus          text[] NOT NULL,
    variant_names         text[] NOT NULL,
    variant_option_counts integer[] NOT NULL,
    option_names          text[] NOT NULL,
    option_values         text[] NOT NULL,
    variant_gtins         text[] NOT NULL,
    variant_mpns          text[] NOT NULL,
    variant_weights       integer[] NOT NULL,
    variant_conditions    text[] NOT NULL,
    variant_positions     integer[] NOT NULL,
    price_amounts         bigint[] NOT NULL,
    compare_at_amounts    bigint[] NOT NULL,
    available             bigint[] NOT NULL,
    available_total       bigint NOT NULL,
    PRIMARY KEY (product_id, channel_code)
);
CREATE INDEX product_listings_name ON product_listings (channel_code, name, product_id);
CREATE INDEX product_listings_price ON product_listings (channel_code, min_amount, product_id);
CREATE INDEX product_listings_newest ON product_listings (channel_code, created_at DESC, product_id DESC);
CREATE INDEX product_listings_category ON product_listings (category_id);

-- Recomputes the listing rows of the given products (every product when `only_products` is NULL).
CREATE FUNCTION refresh_product_listings(only_products bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('emporium.defer_listings', true), '') = 'on' THEN
        RETURN;
    END IF;
    PERFORM 1 FROM catalog_version FOR UPDATE;
    PERFORM 1 FROM product_listings
        WHERE only_products IS NULL OR product_id = ANY (only_products)
        ORDER BY product_id, channel_code FOR UPDATE;
    DELETE FROM product_listings l
        WHERE (only_products IS NULL OR l.product_id = ANY (only_products))
          AND NOT EXISTS (
              SELECT 1 FROM products p
              JOIN variants v ON v.product_id = p.id
              JOIN variant_prices vp ON vp.variant_id = v.id AND vp.channel_code = l.channel_code
              WHERE p.id = l.product_id AND p.status = 'active');
    INSERT INTO product_listings
    SELECT p.id, c.code, p.slug, p.name, p.description, p.brand, p.category_id, p.created_at, p.updated_at,
           c.currency, v.min_amount,
           coalesce(a.keys, '{}'), coalesce(a.types, '{}'), coalesce(a.vals, '{}'),
           coalesce(m.urls, '{}'), coalesce(m.alts, '{}'), coalesce(m.positions, '{}'),
           v.ids, v.skus, v.names, v.option_counts, coalesce(o.names, '{}'), coalesce(o.vals, '{}'),
           v.gtins, v.mpns, v.weights, v.conditions, v.positions, v.amounts, v.compare_ats,
           v.available, v.available_total
    FROM products p
    CROSS JOIN channels c
    JOIN LATERAL (
        SELECT min(vp.amount) AS min_amount,
               array_agg(v.id ORDER BY v.position, v.id) AS ids,
               array_agg(v.sku ORDER BY v.position, v.id) AS skus,
               array_agg(v.name ORDER BY v.position, v.id) AS names,
               array_agg(jsonb_array_length(v.options) ORDER BY v.position, v.id) AS option_counts,
               array_agg(v.gtin ORDER BY v.position, v.id) AS gtins,
               array_agg(v.mpn ORDER BY v.position, v.id) AS mpns,
               array_agg(v.weight_grams ORDER BY v.position, v.id) AS weights,
               array_agg(v.condition ORDER BY v.position, v.id) AS conditions,
               array_agg(v.position ORDER BY v.position, v.id) AS positions,
               array_agg(vp.amount ORDER BY v.position, v.id) AS amounts,
               array_agg(vp.compare_at_amount ORDER BY v.position, v.id) AS compare_ats,
               array_agg(st.units ORDER BY v.position, v.id) AS available,
               sum(st.units)::bigint AS available_total
        FROM variants v
        LEFT JOIN variant_prices vp ON vp.variant_id = v.id AND vp.channel_code = c.code
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(greatest(s.on_hand - s.reserved, 0)), 0)::bigint AS units
            FROM stock_levels s WHERE s.variant_id = v.id) st
        WHERE v.product_id = p.id) v ON v.min_amount IS NOT NULL
    LEFT JOIN LATERAL (
        SELECT array_agg(pa.key ORDER BY pa.position, pa.key) AS keys,
               array_agg(pa.type ORDER BY pa.position, pa.key) AS types,
               array_agg(pa.value ORDER BY pa.position, pa.key) AS vals
        FROM product_attributes pa WHERE pa.product_id = p.id) a ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(pm.url ORDER BY pm.position) AS urls,
               array_agg(pm.alt ORDER BY pm.position) AS alts,
               array_agg(pm.position ORDER BY pm.position) AS positions
        FROM product_media pm WHERE pm.product_id = p.id) m ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(e.value ->> 'name' ORDER BY ov.position, ov.id, e.ordinality) AS names,
               array_agg(e.value ->> 'value' ORDER BY ov.position, ov.id, e.ordinality) AS vals
        FROM variants ov, jsonb_array_elements(ov.options) WITH ORDINALITY AS e (value, ordinality)
        WHERE ov.product_id = p.id) o ON true
    WHERE (only_products IS NULL OR p.id = ANY (only_products)) AND p.status = 'active'
    ON CONFLICT (product_id, channel_code) DO UPDATE SET
        slug = EXCLUDED.slug, name = EXCLUDED.name, description = EXCLUDED.description, brand = EXCLUDED.brand,
        category_id = EXCLUDED.category_id, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
        currency = EXCLUDED.currency, min_amount = EXCLUDED.min_amount,
        attribute_keys = EXCLUDED.attribute_keys, attribute_types = EXCLUDED.attribute_types,
        attribute_values = EXCLUDED.attribute_values, media_urls = EXCLUDED.media_urls,
        media_alts = EXCLUDED.media_alts, media_positions = EXCLUDED.media_positions,
        variant_ids = EXCLUDED.variant_ids, variant_skus = EXCLUDED.variant_skus,
        variant_names = EXCLUDED.variant_names, variant_option_counts = EXCLUDED.variant_option_counts,
        option_names = EXCLUDED.option_names, option_values = EXCLUDED.option_values,
        variant_gtins = EXCLUDED.variant_gtins, variant_mpns = EXCLUDED.variant_mpns,
        variant_weights = EXCLUDED.variant_weights, variant_conditions = EXCLUDED.variant_conditions,
        variant_positions = EXCLUDED.variant_positions, price_amounts = EXCLUDED.price_amounts,
        compare_at_amounts = EXCLUDED.compare_at_amounts, available = EXCLUDED.available,
        available_total = EXCLUDED.available_total;
END;
$$;

-- Statement-level triggers: the products a statement touched, from its transition tables.
CREATE FUNCTION product_listings_after_products() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RETURN NULL; -- the rows went with the products (ON DELETE CASCADE)
    END IF;
    PERFORM refresh_product_listings(ARRAY(SELECT DISTINCT id FROM changed_rows ORDER BY id));
    RETURN NULL;
END;
$$;

CREATE FUNCTION product_listings_after_product_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_product_listings(ARRAY(SELECT DISTINCT product_id FROM changed_rows ORDER BY product_id));
    RETURN NULL;
END;
$$;

CREATE FUNCTION product_listings_after_prices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_product_listings(ARRAY(
        SELECT DISTINCT v.product_id FROM changed_rows r JOIN variants v ON v.id = r.variant_id
        ORDER BY v.product_id));
    RETURN NULL;
END;
$$;

-- A change to channels (or a TRUNCATE of a source table) rebuilds every row.
CREATE FUNCTION product_listings_after_channels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_product_listings(NULL);
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    spec text[];
    event text;
BEGIN
    -- {table, function}: one trigger per event, as transition tables allow only one event per trigger.
    FOREACH spec SLICE 1 IN ARRAY ARRAY[
        ARRAY['products', 'product_listings_after_products'],
        ARRAY['variants', 'product_listings_after_product_rows'],
        ARRAY['product_media', 'product_listings_after_product_rows'],
        ARRAY['product_attributes', 'product_listings_after_product_rows'],
        ARRAY['variant_prices', 'product_listings_after_prices']]
    LOOP
        FOREACH event IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE']
        LOOP
            EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed_rows '
                           'FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                           spec[1] || '_listings_' || lower(event), event, spec[1],
                           CASE event WHEN 'DELETE' THEN 'OLD' ELSE 'NEW' END, spec[2]);
        END LOOP;
    END LOOP;
END;
$$;

CREATE TRIGGER channels_listings AFTER INSERT OR UPDATE OR DELETE ON channels
    FOR EACH STATEMENT EXECUTE FUNCTION product_listings_after_channels();

-- TRUNCATE has no transition table: rebuild every row.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['variants', 'product_media', 'product_attributes', 'variant_prices', 'stock_levels']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION product_listings_after_channels()',
                       t || '_listings_truncate', t);
    END LOOP;
END;
$$;

-- Stock: the difference one stock row makes to its variant's available units, added in place.
CREATE FUNCTION product_listings_after_stock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    variant bigint;
    difference bigint;
BEGIN
    IF coalesce(current_setting('emporium.defer_listings', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        variant := OLD.variant_id;
        difference := -greatest(OLD.on_hand - OLD.reserved, 0);
    ELSIF TG_OP = 'INSERT' THEN
        variant := NEW.variant_id;
        difference := greatest(NEW.on_hand - NEW.reserved, 0);
    ELSE
        IF NEW.variant_id <> OLD.variant_id THEN
            RAISE EXCEPTION 'a stock level cannot move to another variant';
        END IF;
        variant := NEW.variant_id;
        difference := greatest(NEW.on_hand - NEW.reserved, 0) - greatest(OLD.on_hand - OLD.reserved, 0);
    END IF;
    IF difference <> 0 THEN
        PERFORM 1 FROM catalog_version FOR UPDATE;
        PERFORM 1 FROM product_listings
            WHERE product_id = (SELECT v.product_id FROM variants v WHERE v.id = variant)
            ORDER BY product_id, channel_code FOR UPDATE;
        UPDATE product_listings l
        SET available[array_position(l.variant_ids, variant)] =
                l.available[array_position(l.variant_ids, variant)] + difference,
            available_total = l.available_total + difference
        WHERE l.product_id = (SELECT v.product_id FROM variants v WHERE v.id = variant)
          AND array_position(l.variant_ids, variant) IS NOT NULL;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER stock_levels_listings AFTER INSERT OR UPDATE OR DELETE ON stock_levels
    FOR EACH ROW EXECUTE FUNCTION product_listings_after_stock();

SELECT refresh_product_listings(NULL);
