-- The Accounts search filters on `search_text like '%…%'` and sorts by name. With the default statistics
-- target the planner's guess for a pattern swings with the ANALYZE sample (10 to 900 rows for one that
-- matches 360 of 100,000), and an overestimate makes it walk the name index instead of using the trigram
-- index. A larger sample keeps the estimate close (see docs/performance.md).
ALTER TABLE "accounts" ALTER COLUMN "search_text" SET STATISTICS 1000;
