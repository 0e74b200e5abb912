-- The seed's fn_create_order, with one item row per SKU (price 10.00 each).
CREATE FUNCTION fn_create_order(
    p_user_id UUID,
    p_item_ids TEXT[]
) RETURNS mutation_response AS $$
DECLARE
    r_order tb_order;
    v_total NUMERIC(12,2) := 0;
BEGIN
    IF p_item_ids IS NULL OR cardinality(p_item_ids) = 0 THEN
        RETURN ROW('validation:items', 'item_ids must not be empty', NULL, 'Order', NULL, NULL, NULL,
                   jsonb_build_object('field', 'item_ids'))::mutation_response;
    END IF;

    v_total := 10.00 * cardinality(p_item_ids);
    INSERT INTO tb_order (identifier, user_id, total)
    VALUES ('ORD-' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS') || '-' || substr(md5(random()::text), 1, 6),
            p_user_id, v_total)
    RETURNING * INTO r_order;

    INSERT INTO tb_order_item (fk_order, sku, qty, price)
    SELECT r_order.pk_order, sku, 1, 10.00 FROM unnest(p_item_ids) AS sku;

    RETURN ROW(
        'success',
        'Order created',
        r_order.id,
        'Order',
        (SELECT vo.data FROM v_order vo WHERE vo.id = r_order.id),
        NULL,
        NULL,
        jsonb_build_object('item_ids', p_item_ids)
    )::mutation_response;
END;
$$ LANGUAGE plpgsql;
