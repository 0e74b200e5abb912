CREATE TABLE tb_order_event (
    pk_order_event BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             UUID DEFAULT gen_random_uuid() UNIQUE NOT NULL,
    order_id       UUID NOT NULL,
    status         TEXT NOT NULL,
    total          NUMERIC(12,2) NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE VIEW v_order_event AS
SELECT e.pk_order_event,
       e.id,
       jsonb_build_object('id', e.id, 'order_id', e.order_id, 'status', e.status, 'total', e.total,
                          'recorded_at', e.recorded_at) AS data
FROM tb_order_event e;

CREATE VIEW v_order_stats AS
SELECT jsonb_build_object(
           'event_count', count(*),
           'order_count', count(DISTINCT order_id),
           'revenue', COALESCE(sum(total) FILTER (WHERE status = 'pending'), 0)) AS data
FROM tb_order_event;

-- Records both created and updated events (the same handler for two subjects, as in the seed).
CREATE FUNCTION fn_record_order_event(p_event JSONB) RETURNS VOID AS $$
    INSERT INTO tb_order_event (order_id, status, total)
    VALUES ((p_event->>'id')::uuid, COALESCE(p_event->>'status', 'unknown'), COALESCE((p_event->>'total')::numeric, 0));
$$ LANGUAGE sql;
