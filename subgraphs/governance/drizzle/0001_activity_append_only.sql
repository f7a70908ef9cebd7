-- The activity timeline is an audit log: rows are only ever inserted.
CREATE FUNCTION "governance"."activity_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'governance.activity is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "activity_append_only" BEFORE UPDATE OR DELETE ON "governance"."activity"
  FOR EACH ROW EXECUTE FUNCTION "governance"."activity_append_only"();
