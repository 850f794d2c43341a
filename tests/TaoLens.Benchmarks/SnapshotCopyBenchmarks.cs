using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaoLens.Data.Snapshots;
using TaoLens.Data;
using TaoLens.LocalPostgres;

namespace TaoLens.Benchmarks;

/// <summary>
/// Writes 1,000,000 subnet snapshot rows (129 subnets × 7,752 ten-minute samples, every column filled) into an
/// empty <c>subnet_snapshots</c> through TaoLens's writer (binary COPY into staging, one merge), against the
/// baseline of <c>psql \copy</c> loading the same rows from CSV straight into the same table, same server, same run.
/// Results: docs/benchmarks.md, "Snapshot writer".
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SnapshotCopyBenchmarks
{
    public const int RowCount = 1_000_000;
    private const int Subnets = 129;

    private EmbeddedPostgres _postgres = null!;
    private string _root = null!;
    private string _csv = null!;
    private List<SubnetSnapshot> _rows = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), $"taolens-bench-{Guid.NewGuid():N}");
        _postgres = EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(_root, "postgres") }, NullLogger.Instance).GetAwaiter().GetResult();
        var options = new DbContextOptionsBuilder<TaoLensDbContext>();
        TaoLensDbContext.Configure(options, _postgres.ConnectionString);
        using (var db = new TaoLensDbContext(options.Options))
        {
            db.Database.Migrate();
            db.Database.ExecuteSqlRaw("INSERT INTO subnets (netuid, first_seen_at, last_seen_at, is_reference_data) SELECT n, now(), now(), false FROM generate_series(0, 128) n");
        }

        _rows = Generate();
        _csv = Path.Combine(_root, "snapshots.csv");
        WriteCsv(_rows, _csv);
        // psql runs as the invoking user and reads the file itself (\copy is client-side), so root-owned /tmp is fine.
    }

    [IterationSetup]
    public void Truncate()
    {
        using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("TRUNCATE subnet_snapshots; CHECKPOINT;", connection);
        command.ExecuteNonQuery();
    }

    [Benchmark(Baseline = true)]
    public int PsqlCopy()
    {
        var builder = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString);
        var info = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-v", "ON_ERROR_STOP=1",
            "-c", $"\\copy subnet_snapshots ({Columns}) FROM '{_csv}' WITH (FORMAT csv)" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PGPASSWORD"] = builder.Password;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && output.Contains($"COPY {RowCount}", StringComparison.Ordinal)
            ? RowCount
            : throw new InvalidOperationException($"psql failed: {error} {output}");
    }

    [Benchmark]
    public int TaoLensWriter()
    {
        using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var written = SnapshotWriter.WriteAsync(connection, _rows).GetAwaiter().GetResult();
        transaction.Commit();
        return written == RowCount ? written : throw new InvalidOperationException($"wrote {written} rows, expected {RowCount}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _postgres.StopAsync().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    private const string Columns = "netuid, observed_at, source, block_number, tao_in_emission_rao, excess_tao_rao, alpha_out_emission_rao, "
        + "alpha_in_emission_rao, alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao, cumulative_volume_rao";

    // Deterministic, chain-shaped values: per-block emissions around 1e7 rao, pools in the 1e13-1e15 range.
    private static List<SubnetSnapshot> Generate()
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<SubnetSnapshot>(RowCount);
        for (var i = 0; rows.Count < RowCount; i++)
        {
            var netuid = i % Subnets;
            var step = i / Subnets;
            rows.Add(new SubnetSnapshot
            {
                Netuid = netuid,
                ObservedAt = start.AddMinutes(10 * step),
                Source = SnapshotSources.Chain,
                BlockNumber = 5_000_000 + (50L * step),
                TaoInEmissionRao = random.NextInt64(1_000_000, 80_000_000),
                ExcessTaoRao = random.NextInt64(0, 5_000_000),
                AlphaOutEmissionRao = 1_000_000_000,
                AlphaInEmissionRao = random.NextInt64(100_000_000, 1_000_000_000),
                AlphaInPoolRao = random.NextInt64(1_000_000_000_000, 900_000_000_000_000),
                AlphaOutstandingRao = random.NextInt64(1_000_000_000_000, 900_000_000_000_000),
                TaoInPoolRao = random.NextInt64(1_000_000_000_000, 90_000_000_000_000),
                AlphaPriceTao = Math.Round((decimal)random.NextDouble() * 0.2m, 12),
                MovingPriceTao = Math.Round((decimal)random.NextDouble() * 0.2m, 12),
                CumulativeVolumeRao = new BigInteger(random.NextInt64(0, long.MaxValue)) * 1000,
            });
        }

        return rows;
    }

    private static void WriteCsv(List<SubnetSnapshot> rows, string path)
    {
        using var writer = new StreamWriter(path);
        foreach (var r in rows)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{r.Netuid},{r.ObservedAt:yyyy-MM-dd HH:mm:ss+00},{r.Source},{r.BlockNumber},{r.TaoInEmissionRao},{r.ExcessTaoRao},{r.AlphaOutEmissionRao},{r.AlphaInEmissionRao},"));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.AlphaInPoolRao},{r.AlphaOutstandingRao},{r.TaoInPoolRao},{r.AlphaPriceTao},{r.MovingPriceTao},{r.CumulativeVolumeRao}"));
        }
    }
}
