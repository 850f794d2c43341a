using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Data.ReferenceData;
using TaoLens.Data.Setup;
using TaoLens.LocalPostgres;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Revenue;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Benchmarks;

/// <summary>
/// Imports a 10,000-row ledger CSV (<see cref="LedgerCsv"/>) through the product's <see cref="LedgerImport"/>, resolved
/// from the app's own registrations, as an instance admin: <see cref="Preview"/> is the dry run (parse, validate, match
/// against the ledger, nothing written), <see cref="Commit"/> the real import into an empty ledger. The baseline is
/// <c>psql \copy</c> of the same rows, as the import stores them, into the same table in the same run.
/// Results: docs/benchmarks.md, "Ledger CSV import (10,000 rows)".
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class LedgerImportBenchmarks
{
    public const int RowCount = LedgerImport.MaxRows;

    // Every column the import writes (all but the identity), in the table's names.
    private const string Columns = "netuid, covers_netuids, subject, kind, period_start, period_end, as_of, amount_usd, low_usd, high_usd, "
        + "external_components, source_name, source_url, source_kind, published_at, note, entered_by, entered_by_id, entered_at, is_reference_data";

    private EmbeddedPostgres _postgres = null!;
    private Microsoft.Extensions.Hosting.IHost _host = null!;
    private string _root = null!;
    private string _tableCsv = null!;
    private byte[] _file = null!;
    private ClaimsPrincipal _admin = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), $"taolens-bench-{Guid.NewGuid():N}");
        _postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(_root, "postgres") }, NullLogger.Instance);

        // The app's registrations for the database and the ledger; the host is built, never started.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[$"ConnectionStrings:{DatabaseSetupExtensions.ConnectionStringName}"] = _postgres.ConnectionString;
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTaoLensDatabase();
        builder.Services.AddValuation();
        builder.Services.AddRevenue();
        _host = builder.Build();

        var userId = Guid.CreateVersion7();
        List<int> netuids;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TaoLensDbContext>();
            await db.Database.MigrateAsync();
            // The shipped reference data: its subnets 0–128 with their names; its ledger rows go, the ledger starts empty.
            await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync();
            db.Users.Add(new TaoLensUser { Id = userId, UserName = "bench@example.com", Email = "bench@example.com", IsInstanceAdmin = true });
            await db.SaveChangesAsync();
            netuids = await db.Subnets.OrderBy(s => s.Netuid).Select(s => s.Netuid).ToListAsync();
        }

        _admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString())], "benchmark"));
        _file = LedgerCsv.Generate(RowCount, netuids);
        if (_file.Length > LedgerImport.MaxBytes)
        {
            throw new InvalidOperationException($"The file is {_file.Length:N0} bytes, over the import's limit.");
        }

        // The baseline's file is the import's own result, read back in the table's shape: the same rows, byte for byte.
        Truncate();
        Check(Import(dryRun: false), written: true);
        _tableCsv = Path.Combine(_root, "ledger.csv");
        Psql($"\\copy (SELECT {Columns} FROM revenue_entries ORDER BY id) TO '{_tableCsv}' WITH (FORMAT csv)", $"COPY {RowCount}");
        Console.WriteLine($"// Ledger file: {RowCount:N0} rows, {_file.Length:N0} bytes; table CSV {new FileInfo(_tableCsv).Length:N0} bytes");
    }

    [IterationSetup]
    public void Truncate()
    {
        using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("TRUNCATE revenue_entries RESTART IDENTITY; CHECKPOINT;", connection);
        command.ExecuteNonQuery();
    }

    [Benchmark(Baseline = true)]
    public int PsqlCopy()
    {
        Psql($"\\copy revenue_entries ({Columns}) FROM '{_tableCsv}' WITH (FORMAT csv)", $"COPY {RowCount}");
        return RowCount;
    }

    [Benchmark]
    public int Preview() => Check(Import(dryRun: true), written: false);

    [Benchmark]
    public int Commit() => Check(Import(dryRun: false), written: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _postgres.StopAsync().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    // One request's worth: a fresh scope (so a fresh context) per import, as the endpoint gets.
    private Outcome<ImportPreview> Import(bool dryRun)
    {
        using var scope = _host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<LedgerImport>().ImportAsync(_admin, _file, dryRun, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static int Check(Outcome<ImportPreview> outcome, bool written)
    {
        if (outcome.Value is not { } preview || preview.Errors.Count > 0 || preview.Added != RowCount || preview.Written != written)
        {
            var first = outcome.Value?.Errors is [var error, ..] ? error : null;
            throw new InvalidOperationException($"Import failed: {outcome.Refusal?.Detail} {first}");
        }

        return preview.Added;
    }

    private void Psql(string command, string expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString);
        var info = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-v", "ON_ERROR_STOP=1", "-c", command })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PGPASSWORD"] = builder.Password;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !output.Contains(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"psql failed: {error} {output}");
        }
    }
}
