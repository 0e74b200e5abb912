-- Status changes. p_status arrives as the GraphQL enum value (PENDING, CONFIRMED, ...).
CREATE FUNCTION fn_update_order_status(
    p_id UUID,
    p_status TEXT
) RETURNS mutation_response AS $$
DECLARE
    v_old TEXT;
    v_new TEXT := lower(p_status);
BEGIN
    SELECT status INTO v_old FROM tb_order WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ROW('not_found:order', 'Order not found', p_id, 'Order', NULL, NULL, NULL, NULL)::mutation_response;
    END IF;
    IF v_old = v_new THEN
        RETURN ROW('noop:unchanged', 'Status unchanged', p_id, 'Order',
                   (SELECT data FROM v_order WHERE id = p_id), NULL, NULL, NULL)::mutation_response;
    END IF;
    UPDATE tb_order SET status = v_new WHERE id = p_id;
    RETURN ROW('updated', 'Order status changed', p_id, 'Order',
               (SELECT data FROM v_order WHERE id = p_id), ARRAY['status'], NULL,
               jsonb_build_object('previous_status', v_old))::mutation_response;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION fn_ship_order(p_id UUID) RETURNS mutation_response AS $$
DECLARE
    v_old TEXT;
BEGIN
    SELECT status INTO v_old FROM tb_order WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN ROW('not_found:order', 'Order not found', p_id, 'Order', NULL, NULL, NULL, NULL)::mutation_response;
    END IF;
    IF v_old = 'cancelled' THEN
        RETURN ROW('conflict:cancelled', 'A cancelled order cannot be shipped', p_id, 'Order', NULL, NULL, NULL, NULL)::mutation_response;
    END IF;
    IF v_old = 'shipped' THEN
        RETURN ROW('noop:already_shipped', 'Order already shipped', p_id, 'Order',
                   (SELECT data FROM v_order WHERE id = p_id), NULL, NULL, NULL)::mutation_response;
    END IF;
    UPDATE tb_order SET status = 'shipped' WHERE id = p_id;
    RETURN ROW('updated', 'Order shipped', p_id, 'Order',
               (SELECT data FROM v_order WHERE id = p_id), ARRAY['status'], NULL,
               jsonb_build_object('previous_status', v_old))::mutation_response;
END;
$$ LANGUAGE plpgsql;
