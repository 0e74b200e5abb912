-- Order service: write side (tb_*), read side (v_*), mutations (fn_*).
-- mutation_response is created by the FraiseQL runtime before migrations run.

CREATE TABLE tb_order (
    pk_order   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id         UUID DEFAULT gen_random_uuid() UNIQUE NOT NULL,
    identifier TEXT UNIQUE NOT NULL,
    user_id    UUID NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending',
    total      NUMERIC(12,2) NOT NULL,
    created_at TIMESTAMPTZ DEFAULT now() NOT NULL
);

CREATE TABLE tb_order_item (
    pk_order_item BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            UUID DEFAULT gen_random_uuid() UNIQUE NOT NULL,
    fk_order      BIGINT NOT NULL REFERENCES tb_order (pk_order) ON DELETE CASCADE,
    sku           TEXT NOT NULL,
    qty           INT NOT NULL CHECK (qty > 0),
    price         NUMERIC(12,2) NOT NULL
);
CREATE INDEX tb_order_item_fk_order_idx ON tb_order_item (fk_order);
CREATE INDEX tb_order_created_at_idx ON tb_order (created_at);

CREATE VIEW v_order AS
SELECT o.pk_order,
       o.id,
       jsonb_build_object(
           'id',         o.id,
           'identifier', o.identifier,
           'user_id',    o.user_id,
           'status',     o.status,
           'total',      o.total,
           'created_at', o.created_at,
           'items', COALESCE((
               SELECT jsonb_agg(jsonb_build_object('id', i.id, 'sku', i.sku, 'qty', i.qty, 'price', i.price)
                                ORDER BY i.pk_order_item)
               FROM tb_order_item i
               WHERE i.fk_order = o.pk_order), '[]'::jsonb)
       ) AS data
FROM tb_order o;
