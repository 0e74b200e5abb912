-- Pattern 1 handler (idempotent, as the seed recommends): one reservation per (order, sku).
-- p_event is the order-created payload: the Order entity plus "metadata": {"item_ids": [...]}.
CREATE FUNCTION fn_reserve_inventory(p_event JSONB) RETURNS VOID AS $$
BEGIN
    WITH inserted AS (
        INSERT INTO tb_reservation (order_id, sku)
        SELECT (p_event->>'id')::uuid, sku
        FROM jsonb_array_elements_text(p_event->'metadata'->'item_ids') AS sku
        ON CONFLICT (order_id, sku) DO NOTHING
        RETURNING sku
    )
    UPDATE tb_inventory_item i
    SET quantity_reserved = quantity_reserved + 1,
        quantity_available = quantity_available - 1
    FROM inserted
    WHERE i.identifier = inserted.sku
      AND i.quantity_available > 0;
END;
$$ LANGUAGE plpgsql;

-- UPDATE-style mutation: the whole input arrives as one jsonb argument with snake_case keys.
CREATE FUNCTION fn_restock(p_input JSONB) RETURNS mutation_response AS $$
DECLARE
    v_sku TEXT := p_input->>'sku';
    v_qty INT := (p_input->>'quantity')::int;
    v_id UUID;
BEGIN
    IF v_qty IS NULL OR v_qty <= 0 THEN
        RETURN ROW('validation:quantity', 'quantity must be positive', NULL, 'InventoryItem', NULL, NULL, NULL, NULL)::mutation_response;
    END IF;
    UPDATE tb_inventory_item SET quantity_available = quantity_available + v_qty
    WHERE identifier = v_sku RETURNING id INTO v_id;
    IF v_id IS NULL THEN
        RETURN ROW('not_found:sku', 'Unknown SKU ' || v_sku, NULL, 'InventoryItem', NULL, NULL, NULL, NULL)::mutation_response;
    END IF;
    RETURN ROW('updated', 'Restocked', v_id, 'InventoryItem',
               (SELECT data FROM v_inventory_item WHERE id = v_id), ARRAY['quantityAvailable'], NULL, NULL)::mutation_response;
END;
$$ LANGUAGE plpgsql;

-- Request–reply responder: the request body is {"sku": "..."}; the reply is the StockLevel JSON (or null).
CREATE FUNCTION fn_stock_level(p_request JSONB) RETURNS JSONB AS $$
    SELECT jsonb_build_object('sku', identifier,
                              'quantity_available', quantity_available,
                              'quantity_reserved', quantity_reserved)
    FROM tb_inventory_item
    WHERE identifier = p_request->>'sku';
$$ LANGUAGE sql STABLE;
