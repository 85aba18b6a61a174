-- A listing sends only what it shows.
--
-- `details` (0003) packed every array of a listing row into one bytea, so every listing sent them
-- all, about 1.2 KB per product, although a product card shows only its media, its variants' ids,
-- SKUs, prices and stock. The arrays are now packed in two: `listing_head`, what every listing
-- shows (media URLs, alternative texts and positions, variant ids, SKUs and positions, prices and
-- compare-at prices), and `listing_tail`, what a listing shows only when a field of the query asks
-- (attributes, variant names, options, GTINs, MPNs, weights and conditions). A listing that does
-- not show the tail sends NULL in its place; partner feeds read both. Same layout as `details`:
-- `array_send` of each array, back to back, in the order of the functions below, pinned to UTF-8.
--
-- Both are stored inline and uncompressed as long as the row allows (`STORAGE MAIN`: PostgreSQL
-- first compresses or moves the arrays, which listings do not read). `details` was a plain
-- `bytea` and so was compressed in most rows (1.2 KB to about 0.5 KB): every listing decompressed
-- it again.
--
-- `created_epoch` and `updated_epoch` are the product's times in whole epoch seconds, as the
-- listing shows them: `extract(epoch …)` is a `numeric` computation, about a sixth of
-- PostgreSQL's executor time for a page when it ran twice per row on every read.

CREATE FUNCTION epoch_seconds(moment timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
-- Immutable for epochs: the number of seconds since 1970 does not depend on the session's time zone.
AS $$ SELECT extract(epoch FROM moment)::bigint $$;

CREATE FUNCTION listing_head(
    media_urls text[], media_alts text[], media_positions integer[], variant_ids bigint[], variant_skus text[],
    variant_positions integer[], price_amounts bigint[], compare_at_amounts bigint[]
) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET client_encoding TO 'UTF8'
AS $$
    SELECT array_send(media_urls) || array_send(media_alts) || array_send(media_positions)
        || array_send(variant_ids) || array_send(variant_skus) || array_send(variant_positions)
        || array_send(price_amounts) || array_send(compare_at_amounts)
$$;

CREATE FUNCTION listing_tail(
    attribute_keys text[], attribute_types text[], attribute_values text[], variant_names text[],
    variant_option_counts integer[], option_names text[], option_values text[], variant_gtins text[],
    variant_mpns text[], variant_weights integer[], variant_conditions text[]
) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET client_encoding TO 'UTF8'
AS $$
    SELECT array_send(attribute_keys) || array_send(attribute_types) || array_send(attribute_values)
        || array_send(variant_names) || array_send(variant_option_counts) || array_send(option_names)
        || array_send(option_values) || array_send(variant_gtins) || array_send(variant_mpns)
        || array_send(variant_weights) || array_send(variant_conditions)
$$;

ALTER TABLE product_listings
    DROP COLUMN details,
    ADD COLUMN created_epoch bigint GENERATED ALWAYS AS (epoch_seconds(created_at)) STORED,
    ADD COLUMN updated_epoch bigint GENERATED ALWAYS AS (epoch_seconds(updated_at)) STORED,
    ADD COLUMN listing_head bytea GENERATED ALWAYS AS (
        listing_head(
            media_urls, media_alts, media_positions, variant_ids, variant_skus, variant_positions, price_amounts,
            compare_at_amounts)
    ) STORED,
    ADD COLUMN listing_tail bytea GENERATED ALWAYS AS (
        listing_tail(
            attribute_keys, attribute_types, attribute_values, variant_names, variant_option_counts, option_names,
            option_values, variant_gtins, variant_mpns, variant_weights, variant_conditions)
    ) STORED,
    -- In the same statement, so that the rewrite it causes already stores them this way.
    ALTER COLUMN listing_head SET STORAGE MAIN,
    ALTER COLUMN listing_tail SET STORAGE MAIN;

DROP FUNCTION listing_details(
    text[], text[], text[], text[], text[], integer[], bigint[], text[], text[], integer[], text[], text[], text[],
    text[], integer[], text[], integer[], bigint[], bigint[]);
