using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Valuation;

namespace TaoLens.Data.Valuation;

/// <summary>
/// Reads what the valuation engine needs for [from, to] — the daily rollups of snapshots and market rows from the
/// first day the trailing window reads, the whole revenue ledger, the daily revenue feeds.
/// The one place stored rows become engine inputs.
/// </summary>
/// <remarks>
/// This is every page's and series request's hot path, so the four reads go to the server as one batch (one round
/// trip: on loopback each send costs more than the rows it fetches) and rows go straight into engine records, with no
/// entity per row and only the columns the engine reads. With a netuid each statement has its own text rather than
/// "netuid IS NULL OR …", so each keeps its index plan.
/// </remarks>
public static class ValuationInputs
{
    private const string SubnetDayColumns = "netuid, day, snapshot_count, tao_in_emission_sum, tao_in_emission_count, excess_tao_sum, excess_tao_count, "
        + "alpha_out_emission_sum, alpha_out_emission_count, alpha_in_emission_sum, alpha_in_emission_count, "
        + "alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao, registration_block";

    private const string LedgerColumns = "id, netuid, kind, source_kind, period_start, period_end, as_of, amount_usd, low_usd, high_usd, published_at, corrects_id, "
        + "source_name, covers_netuids, disputed_at IS NOT NULL, use_anyway_at IS NOT NULL";

    private const string FeedColumns = "netuid, day, component, amount_usd, counts_as_external";

    // A complete network day (docs/metrics.md): some subnet has an emission record, and every subnet whose first and last
    // emission records enclose the day has one (rows with prices alone do not count). Rows on a day all lie within their subnet's span, so equal counts mean no gap. Spans
    // are over the whole table, so a day's figures do not depend on the range a request loads.
    private const string CompleteDaysSql = """
        WITH span AS (SELECT netuid, min(day) AS first_day, max(day) AS last_day FROM subnet_days WHERE tao_in_emission_count > 0 GROUP BY netuid),
             present AS (SELECT day, count(*) AS subnets FROM subnet_days WHERE tao_in_emission_count > 0 AND day >= $1 AND day < $2 GROUP BY day)
        SELECT p.day FROM present p
        WHERE p.subnets = (SELECT count(*) FROM span s WHERE s.first_day <= p.day AND p.day <= s.last_day)
        ORDER BY p.day
        """;

    /// <summary>All subnets, or only <paramref name="netuid"/> (with the network-wide ledger claims) when given.</summary>
    public static async Task<ValuationInput> LoadAsync(TaoLensDbContext db, DateOnly from, DateOnly to, ValuationOptions options, int? netuid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);

        var start = Midnight(ValuationEngine.FirstInputDay(from, options));
        var end = Midnight(to.AddDays(1));

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // $1, $2: the days read; $3: the subnet, when given.
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
            {
                BatchCommands =
                {
                    Command(netuid is null
                        ? $"SELECT {SubnetDayColumns} FROM subnet_days WHERE day >= $1 AND day < $2 ORDER BY netuid, day"
                        : $"SELECT {SubnetDayColumns} FROM subnet_days WHERE netuid = $3 AND day >= $1 AND day < $2 ORDER BY day", start, end, netuid),
                    Command("SELECT day, price_usd, market_cap_usd, circulating_supply, total_supply, max_supply, fully_diluted_valuation_usd, volume24h_usd "
                        + "FROM market_days WHERE day >= $1 AND day < $2 ORDER BY day", start, end, netuid),
                    Command(netuid is null
                        ? $"SELECT {LedgerColumns} FROM revenue_entries"
                        : $"SELECT {LedgerColumns} FROM revenue_entries WHERE netuid IS NULL OR netuid = $3", start, end, netuid),
                    Command(netuid is null
                        ? $"SELECT {FeedColumns} FROM daily_revenues WHERE day >= $1 AND day < $2"
                        : $"SELECT {FeedColumns} FROM daily_revenues WHERE netuid = $3 AND day >= $1 AND day < $2", start, end, netuid),
                },
            };
            // The loaded rows cannot tell which days were complete network days (one subnet, or a range cut short): the database says.
            batch.BatchCommands.Add(Command(CompleteDaysSql, start, end, null));

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var subnetDays = await RowsAsync(reader, SubnetDayRow, cancellationToken);
            var marketDays = await RowsAsync(reader, MarketDayRow, cancellationToken);
            var ledger = await RowsAsync(reader, LedgerRow, cancellationToken);
            var daily = await RowsAsync(reader, FeedRow, cancellationToken);
            var complete = await RowsAsync(reader, r => Day(r, 0), cancellationToken);
            return new ValuationInput { SubnetDays = subnetDays, MarketDays = marketDays, RevenueEntries = ledger, DailyRevenue = daily, CompleteNetworkDays = complete };
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Every statement gets every parameter; typed, so a statement that leaves one unused is still valid.
    private static NpgsqlBatchCommand Command(string sql, DateTimeOffset start, DateTimeOffset end, int? netuid)
    {
        var command = new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                new NpgsqlParameter<DateTimeOffset> { TypedValue = start },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = end },
            },
        };
        if (netuid is { } id)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        }

        return command;
    }

    // Reads one statement's rows, then moves the reader to the next statement's.
    private static async Task<List<T>> RowsAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> row, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        return rows;
    }

    private static SubnetDay SubnetDayRow(NpgsqlDataReader r) => new(r.GetInt32(0), Day(r, 1))
    {
        SnapshotCount = r.GetInt32(2),
        TaoInEmissionRao = DailyRollup.Mean(Decimal(r, 3), r.GetInt32(4)),
        ExcessTaoRao = DailyRollup.Mean(Decimal(r, 5), r.GetInt32(6)),
        AlphaOutEmissionRao = DailyRollup.Mean(Decimal(r, 7), r.GetInt32(8)),
        AlphaInEmissionRao = DailyRollup.Mean(Decimal(r, 9), r.GetInt32(10)),
        AlphaInPoolRao = Long(r, 11),
        AlphaOutstandingRao = Long(r, 12),
        TaoInPoolRao = Long(r, 13),
        AlphaPriceTao = Decimal(r, 14),
        MovingPriceTao = Decimal(r, 15),
        RegistrationBlock = Long(r, 16),
    };

    private static MarketDay MarketDayRow(NpgsqlDataReader r) => new(Day(r, 0))
    {
        PriceUsd = Decimal(r, 1),
        MarketCapUsd = Decimal(r, 2),
        CirculatingSupply = Decimal(r, 3),
        TotalSupply = Decimal(r, 4),
        MaxSupply = Decimal(r, 5),
        FullyDilutedValuationUsd = Decimal(r, 6),
        Volume24hUsd = Decimal(r, 7),
    };

    // Kinds are stored by name (EF Core's string conversion of Core's enums).
    private static RevenueEntryInput LedgerRow(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt32(1),
            Enum.Parse<RevenueEntryKind>(r.GetString(2)), Enum.Parse<RevenueSourceType>(r.GetString(3)))
        {
            PeriodStart = Timestamp(r, 4),
            PeriodEnd = Timestamp(r, 5),
            AsOf = Timestamp(r, 6),
            AmountUsd = Decimal(r, 7),
            LowUsd = Decimal(r, 8),
            HighUsd = Decimal(r, 9),
            PublishedAt = Timestamp(r, 10),
            CorrectsId = r.IsDBNull(11) ? null : r.GetInt64(11),
            SourceName = r.GetString(12),
            CoversNetuids = r.IsDBNull(13) ? [] : r.GetFieldValue<int[]>(13),
            Disputed = r.GetBoolean(14),
            UseAnyway = r.GetBoolean(15),
        };

    private static DailyRevenueInput FeedRow(NpgsqlDataReader r) => new(r.GetInt32(0), Day(r, 1), r.GetString(2), r.GetDecimal(3), r.GetBoolean(4));

    private static DateOnly Day(NpgsqlDataReader r, int ordinal) => DailyRollup.UtcDay(r.GetFieldValue<DateTimeOffset>(ordinal));

    private static DateTimeOffset? Timestamp(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateTimeOffset>(ordinal);

    private static decimal? Decimal(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetDecimal(ordinal);

    private static long? Long(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
