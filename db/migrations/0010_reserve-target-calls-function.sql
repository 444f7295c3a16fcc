-- The rate budget's reservation in one statement (db/queries/target-budget.ts): the connection's advisory
-- lock is held for one round trip instead of eight, so on a busy machine the budget grants calls as fast as
-- the vendor allows them instead of one per lock hold (about 3 a second at load 25).
CREATE OR REPLACE FUNCTION reserve_target_calls(p_connection uuid, p_calls int, p_limits int[], p_windows_ms double precision[], p_longest_ms double precision)
RETURNS TABLE (wait_ms int, ids bigint[]) LANGUAGE plpgsql AS $$
DECLARE
  t timestamptz;
  used int;
  slot timestamptz;
  wait double precision := 0;
  hold_until timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(p_connection::text));
  -- The time the lock was got: waiting for it must not make the windows, nor the granted calls, look older.
  t := clock_timestamp();
  DELETE FROM target_calls WHERE connection_id = p_connection AND target_calls.at <= t - make_interval(secs => p_longest_ms / 1000);
  -- The vendor answered 429: nothing goes out before its reset.
  SELECT h.until INTO hold_until FROM target_budget_holds h WHERE h.connection_id = p_connection AND h.until > t;
  IF hold_until IS NOT NULL THEN
    RETURN QUERY SELECT greatest(2, ceil(extract(epoch FROM hold_until - t) * 1000)::int + 1), NULL::bigint[];
    RETURN;
  END IF;
  FOR w IN 1 .. coalesce(array_length(p_limits, 1), 0) LOOP
    SELECT count(*) INTO used FROM target_calls c WHERE c.connection_id = p_connection AND c.at > t - make_interval(secs => p_windows_ms[w] / 1000);
    IF used + p_calls > p_limits[w] THEN
      -- Room opens when the call that is (used + calls - limit)-th oldest in the window leaves it.
      SELECT c.at INTO slot FROM target_calls c WHERE c.connection_id = p_connection AND c.at > t - make_interval(secs => p_windows_ms[w] / 1000)
        ORDER BY c.at ASC OFFSET used + p_calls - p_limits[w] - 1 LIMIT 1;
      wait := greatest(wait, 2, coalesce(ceil(extract(epoch FROM slot + make_interval(secs => p_windows_ms[w] / 1000) - t) * 1000), p_windows_ms[w]) + 1);
    END IF;
  END LOOP;
  IF wait > 0 THEN
    RETURN QUERY SELECT wait::int, NULL::bigint[];
    RETURN;
  END IF;
  RETURN QUERY WITH ins AS (INSERT INTO target_calls (connection_id, at) SELECT p_connection, t FROM generate_series(1, p_calls) RETURNING target_calls.id)
    SELECT 0, array_agg(ins.id ORDER BY ins.id) FROM ins;
END $$;
