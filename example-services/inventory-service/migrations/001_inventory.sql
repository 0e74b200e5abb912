CREATE TABLE tb_inventory_item (
    pk_inventory_item  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                 UUID DEFAULT gen_random_uuid() UNIQUE NOT NULL,
    identifier         TEXT UNIQUE NOT NULL,          -- the SKU
    name               TEXT NOT NULL,
    quantity_available INT NOT NULL DEFAULT 0,
    quantity_reserved  INT NOT NULL DEFAULT 0
);

CREATE TABLE tb_reservation (
    pk_reservation BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             UUID DEFAULT gen_random_uuid() UNIQUE NOT NULL,
    order_id       UUID NOT NULL,
    sku            TEXT NOT NULL,
    reserved_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (order_id, sku)
);

CREATE VIEW v_inventory_item AS
SELECT i.pk_inventory_item,
       i.id,
       jsonb_build_object(
           'id', i.id,
           'sku', i.identifier,
           'name', i.name,
           'quantity_available', i.quantity_available,
           'quantity_reserved', i.quantity_reserved) AS data
FROM tb_inventory_item i;

CREATE VIEW v_reservation AS
SELECT r.pk_reservation,
       r.id,
       jsonb_build_object('id', r.id, 'order_id', r.order_id, 'sku', r.sku, 'reserved_at', r.reserved_at) AS data
FROM tb_reservation r;

-- Demo stock.
INSERT INTO tb_inventory_item (identifier, name, quantity_available)
SELECT 'SKU-' || lpad(n::text, 4, '0'), 'Product ' || n, 100
FROM generate_series(1, 50) AS n;
