-- Keeps account_counts (organization_id → number of accounts) in step with accounts, one statement at a
-- time: a 50,000-row import updates each organization's counter once, not 50,000 times. Counter rows are
-- locked in organization order, so concurrent statements touching several organizations cannot deadlock
-- on them.
CREATE FUNCTION account_counts_apply(deltas jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_counts AS c (organization_id, total)
    SELECT (d->>'organization_id')::uuid, (d->>'n')::bigint
    FROM jsonb_array_elements(deltas) d
    ORDER BY 1
  ON CONFLICT (organization_id) DO UPDATE SET total = c.total + excluded.total;
END $$;
--> statement-breakpoint
CREATE FUNCTION account_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_counts_apply(coalesce(
    (SELECT jsonb_agg(jsonb_build_object('organization_id', organization_id, 'n', n))
     FROM (SELECT organization_id, count(*) AS n FROM new_rows GROUP BY organization_id) g), '[]'::jsonb));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION account_counts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_counts_apply(coalesce(
    (SELECT jsonb_agg(jsonb_build_object('organization_id', organization_id, 'n', -n))
     FROM (SELECT organization_id, count(*) AS n FROM old_rows GROUP BY organization_id) g), '[]'::jsonb));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION account_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_counts_apply(coalesce(
    (SELECT jsonb_agg(jsonb_build_object('organization_id', organization_id, 'n', n))
     FROM (SELECT organization_id, sum(n) AS n FROM (
             SELECT o.organization_id, -1 AS n FROM old_rows o JOIN new_rows w ON w.id = o.id
               WHERE w.organization_id <> o.organization_id
             UNION ALL
             SELECT w.organization_id, 1 FROM old_rows o JOIN new_rows w ON w.id = o.id
               WHERE w.organization_id <> o.organization_id) moves
           GROUP BY organization_id) g), '[]'::jsonb));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER account_counts_insert AFTER INSERT ON accounts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_counts_after_insert();
--> statement-breakpoint
CREATE TRIGGER account_counts_delete AFTER DELETE ON accounts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION account_counts_after_delete();
--> statement-breakpoint
CREATE TRIGGER account_counts_update AFTER UPDATE ON accounts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_counts_after_update();
--> statement-breakpoint
INSERT INTO account_counts (organization_id, total)
  SELECT organization_id, count(*) FROM accounts GROUP BY organization_id;
