-- Catalog: channels, stock locations, categories, products, variants, prices, stock, media.
-- Money is bigint minor units; the channel fixes the currency.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE channels (
    code                text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name                text NOT NULL,
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    storefront_base_url text NOT NULL
);

CREATE TABLE stock_locations (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text NOT NULL,
    is_default boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX stock_locations_one_default ON stock_locations (is_default) WHERE is_default;

CREATE TABLE categories (
    id        bigserial PRIMARY KEY,
    parent_id bigint REFERENCES categories (id) ON DELETE RESTRICT,
    slug      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    name      text NOT NULL,
    path      text NOT NULL UNIQUE,
    position  integer NOT NULL DEFAULT 0
);
CREATE INDEX categories_parent ON categories (parent_id, position);
CREATE INDEX categories_path_pattern ON categories (path text_pattern_ops);

CREATE TABLE products (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    name        text NOT NULL CHECK (length(name) > 0),
    description text NOT NULL DEFAULT '',
    brand       text,
    status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
    category_id bigint REFERENCES categories (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_active_name ON products (name, id) WHERE status = 'active';
CREATE INDEX products_active_newest ON products (created_at DESC, id DESC) WHERE status = 'active';
CREATE INDEX products_category ON products (category_id);
CREATE INDEX products_search_name ON products USING gin (name gin_trgm_ops);

CREATE TABLE product_attributes (
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    key        text NOT NULL CHECK (length(key) > 0),
    type       text NOT NULL CHECK (type IN ('TEXT', 'INTEGER', 'BOOLEAN')),
    value      text NOT NULL,
    position   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, key)
);
CREATE INDEX product_attributes_key_value ON product_attributes (key, value);

CREATE TABLE product_media (
    id         bigserial PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    url        text NOT NULL,
    alt        text NOT NULL DEFAULT '',
    position   integer NOT NULL DEFAULT 0,
    UNIQUE (product_id, position)
);

CREATE TABLE variants (
    id           bigserial PRIMARY KEY,
    product_id   bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku          text NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
    name         text NOT NULL,
    options      jsonb NOT NULL DEFAULT '[]',
    gtin         text CHECK (gtin ~ '^[0-9]{8,14}$'),
    mpn          text,
    weight_grams integer CHECK (weight_grams >= 0),
    condition    text NOT NULL DEFAULT 'new' CHECK (condition IN ('new', 'refurbished', 'used')),
    position     integer NOT NULL DEFAULT 0
);
CREATE INDEX variants_product ON variants (product_id, position);

CREATE TABLE variant_prices (
    variant_id        bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    channel_code      text NOT NULL REFERENCES channels (code) ON DELETE CASCADE,
    amount            bigint NOT NULL CHECK (amount >= 0),
    compare_at_amount bigint CHECK (compare_at_amount >= 0),
    PRIMARY KEY (variant_id, channel_code)
);
CREATE INDEX variant_prices_channel ON variant_prices (channel_code, variant_id);

CREATE TABLE stock_levels (
    variant_id    bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    location_code text NOT NULL REFERENCES stock_locations (code) ON DELETE CASCADE,
    on_hand       integer NOT NULL CHECK (on_hand >= 0),
    reserved      integer NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
    PRIMARY KEY (variant_id, location_code)
);

-- One row; bumped by every statement that changes catalog data. Caches, feeds (ETag) and
-- other engine processes (LISTEN emporium_catalog) key on it.
CREATE TABLE catalog_version (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO catalog_version (version, changed_at) VALUES (1, now());

CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next bigint;
BEGIN
    UPDATE catalog_version SET version = version + 1, changed_at = clock_timestamp() RETURNING version INTO next;
    PERFORM pg_notify('emporium_catalog', next::text);
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['channels', 'stock_locations', 'categories', 'products', 'product_attributes',
                             'product_media', 'variants', 'variant_prices', 'stock_levels']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()', t || '_bump_version', t);
    END LOOP;
END;
$$;
