-- The SQL behind GET /api/v1/subnets/12/series?from=2025-11-01&to=2026-10-31&window=30 with the series cache off:
-- the four statements ValuationInputs.LoadAsync sends, in one pipeline as its NpgsqlBatch sends them (one round
-- trip, one Sync). The pgbench baseline. The 30-day window reads from 2025-10-03; the range ends before 2026-11-01.
\startpipeline
SELECT netuid, day, snapshot_count, tao_in_emission_sum, tao_in_emission_count, excess_tao_sum, excess_tao_count, alpha_out_emission_sum, alpha_out_emission_count, alpha_in_emission_sum, alpha_in_emission_count, alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao FROM subnet_days WHERE netuid = 12 AND day >= '2025-10-03T00:00:00Z' AND day < '2026-11-01T00:00:00Z' ORDER BY day;
SELECT day, price_usd, market_cap_usd, circulating_supply, total_supply, max_supply, fully_diluted_valuation_usd, volume24h_usd FROM market_days WHERE day >= '2025-10-03T00:00:00Z' AND day < '2026-11-01T00:00:00Z' ORDER BY day;
SELECT id, netuid, kind, source_kind, period_start, period_end, as_of, amount_usd, low_usd, high_usd, published_at, corrects_id FROM revenue_entries WHERE netuid IS NULL OR netuid = 12;
SELECT netuid, day, component, amount_usd, counts_as_external FROM daily_revenues WHERE netuid = 12 AND day >= '2025-10-03T00:00:00Z' AND day < '2026-11-01T00:00:00Z';
\endpipeline
