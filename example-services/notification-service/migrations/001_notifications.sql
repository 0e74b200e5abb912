CREATE TABLE tb_notification (
    pk_notification BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              UUID DEFAULT gen_random_uuid() UNIQUE NOT NULL,
    order_id        UUID NOT NULL,
    user_id         UUID,
    kind            TEXT NOT NULL,
    body            TEXT NOT NULL,
    queued_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE VIEW v_notification AS
SELECT n.pk_notification,
       n.id,
       jsonb_build_object('id', n.id, 'order_id', n.order_id, 'user_id', n.user_id, 'kind', n.kind,
                          'body', n.body, 'queued_at', n.queued_at) AS data
FROM tb_notification n;

-- Handlers are deliberately NOT idempotent: the runtime's inbox applies each event exactly once.
CREATE FUNCTION fn_queue_order_confirmation_email(p_event JSONB) RETURNS VOID AS $$
    INSERT INTO tb_notification (order_id, user_id, kind, body)
    VALUES ((p_event->>'id')::uuid, (p_event->>'user_id')::uuid, 'order_confirmation',
            format('Thank you! Order %s (%s items, total %s) is confirmed.',
                   p_event->>'identifier', jsonb_array_length(COALESCE(p_event->'metadata'->'item_ids', '[]')),
                   p_event->>'total'));
$$ LANGUAGE sql;

CREATE FUNCTION fn_queue_shipping_notification(p_event JSONB) RETURNS VOID AS $$
    INSERT INTO tb_notification (order_id, user_id, kind, body)
    VALUES ((p_event->>'id')::uuid, (p_event->>'user_id')::uuid, 'shipping',
            format('Order %s is on its way.', p_event->>'identifier'));
$$ LANGUAGE sql;
