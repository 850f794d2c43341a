using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TaoLens.Data;
using TaoLens.Data.Ingestion;
using TaoLens.Data.Setup;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Ingestion.Runs;
using TaoLens.Testing;

namespace TaoLens.Ingestion.Tests.Runs;

public sealed class IngestionRunnerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_successful_run_writes_its_rows_and_records_itself()
    {
        await using var database = await SeededDatabaseAsync();
        using var host = BuildHost(database);
        var source = new ScriptedSource(_ => Task.FromResult<IngestionBatch>(new SnapshotBatch(Rows(10))));

        var result = await host.Services.GetRequiredService<IngestionRunner>().RunLatestAsync(source, CancellationToken.None);

        Assert.Equal(new RunResult(RunOutcome.Succeeded, 10, null), result);
        await using var db = database.CreateDbContext();
        var run = await db.IngestionRuns.SingleAsync();
        Assert.Equal((IngestionRunStatus.Succeeded, 10, "scripted"), (run.Status, run.RowsWritten, run.Source));
        Assert.NotNull(run.FinishedAt);
    }

    [Fact]
    public async Task A_duplicate_run_writes_nothing_new()
    {
        await using var database = await SeededDatabaseAsync();
        using var host = BuildHost(database);
        var source = new ScriptedSource(_ => Task.FromResult<IngestionBatch>(new SnapshotBatch(Rows(10))));
        var runner = host.Services.GetRequiredService<IngestionRunner>();

        await runner.RunLatestAsync(source, CancellationToken.None);
        var second = await runner.RunLatestAsync(source, CancellationToken.None);

        Assert.Equal(new RunResult(RunOutcome.Succeeded, 0, null), second);
        await using var db = database.CreateDbContext();
        Assert.Equal(10, await db.SubnetSnapshots.CountAsync());
    }

    [Fact]
    public async Task A_run_that_fails_half_way_through_writing_leaves_the_database_as_it_was()
    {
        await using var database = await SeededDatabaseAsync();
        using var host = BuildHost(database);
        var source = new ScriptedSource(_ => Task.FromResult<IngestionBatch>(new SnapshotBatch(Rows(10), failAfterWriting: true)));

        var result = await host.Services.GetRequiredService<IngestionRunner>().RunLatestAsync(source, CancellationToken.None);

        Assert.Equal(RunOutcome.Failed, result.Outcome);
        Assert.Contains("connection dropped half-way", result.Error, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.SubnetSnapshots.CountAsync());
        var run = await db.IngestionRuns.SingleAsync();
        Assert.Equal(IngestionRunStatus.Failed, run.Status);
        Assert.Contains("connection dropped half-way", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_killed_mid_write_writes_nothing_and_the_next_run_marks_it_interrupted_then_succeeds()
    {
        await using var database = await SeededDatabaseAsync();
        using var host = BuildHost(database);
        var runner = host.Services.GetRequiredService<IngestionRunner>();

        // Kill the run's write session from outside, as a crash or an OOM kill would end it.
        var killed = new ScriptedSource(_ => Task.FromResult<IngestionBatch>(new SnapshotBatch(Rows(10), killWith: database.ConnectionString)));
        var first = await runner.RunLatestAsync(killed, CancellationToken.None);
        Assert.Equal(RunOutcome.Failed, first.Outcome);
        Assert.Contains("terminat", first.Error, StringComparison.OrdinalIgnoreCase);

        // A process that died outright leaves its run marked Running: simulate that row.
        await using (var db = database.CreateDbContext())
        {
            db.IngestionRuns.Add(new IngestionRun { Source = "scripted", StartedAt = s_t0, Status = IngestionRunStatus.Running });
            await db.SaveChangesAsync();
        }

        var good = new ScriptedSource(_ => Task.FromResult<IngestionBatch>(new SnapshotBatch(Rows(10))));
        var next = await runner.RunLatestAsync(good, CancellationToken.None);

        Assert.Equal(new RunResult(RunOutcome.Succeeded, 10, null), next);
        await using var check = database.CreateDbContext();
        var runs = await check.IngestionRuns.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([IngestionRunStatus.Failed, IngestionRunStatus.Failed, IngestionRunStatus.Succeeded], runs.Select(r => r.Status));
        Assert.StartsWith("interrupted", runs[1].Error, StringComparison.Ordinal);
        Assert.Equal(10, await check.SubnetSnapshots.CountAsync());
    }

    [Fact]
    public async Task Two_instances_started_at_once_run_the_source_only_once()
    {
        await using var database = await SeededDatabaseAsync();
        using var instanceA = BuildHost(database);
        using var instanceB = BuildHost(database);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetches = 0;
        var source = new ScriptedSource(async ct =>
        {
            Interlocked.Increment(ref fetches);
            entered.TrySetResult();
            await release.Task.WaitAsync(ct);
            return new SnapshotBatch(Rows(5));
        });

        var runA = instanceA.Services.GetRequiredService<IngestionRunner>().RunLatestAsync(source, CancellationToken.None);
        await entered.Task;
        var resultB = await instanceB.Services.GetRequiredService<IngestionRunner>().RunLatestAsync(source, CancellationToken.None);
        release.SetResult();
        var resultA = await runA;

        Assert.Equal(RunOutcome.Skipped, resultB.Outcome);
        Assert.Equal(RunOutcome.Succeeded, resultA.Outcome);
        Assert.Equal(1, fetches);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.IngestionRuns.CountAsync());
    }

    [Fact]
    public async Task A_fetch_failure_is_recorded_with_its_message_and_nothing_is_written()
    {
        await using var database = await SeededDatabaseAsync();
        using var host = BuildHost(database);
        var source = new ScriptedSource(_ => throw new SourcePayloadException("scripted: data[0].price: missing"));

        var result = await host.Services.GetRequiredService<IngestionRunner>().RunLatestAsync(source, CancellationToken.None);

        Assert.Equal(RunOutcome.Failed, result.Outcome);
        Assert.Contains("data[0].price: missing", result.Error, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.SubnetSnapshots.CountAsync());
    }

    internal static IHost BuildHost(TestDatabase database)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TaoLens"] = database.ConnectionString,
            ["ReferenceData:Enabled"] = "false",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTaoLensDatabase();
        builder.Services.AddScoped<IngestionRunner>();
        return builder.Build();
    }

    private static async Task<TestDatabase> SeededDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        db.Subnets.AddRange(Enumerable.Range(0, 3).Select(n => new Subnet { Netuid = n, FirstSeenAt = s_t0, LastSeenAt = s_t0 }));
        await db.SaveChangesAsync();
        return database;
    }

    private static List<SubnetSnapshot> Rows(int count) =>
        Enumerable.Range(0, count).Select(i => new SubnetSnapshot { Netuid = i % 3, ObservedAt = s_t0.AddMinutes(i), Source = SnapshotSources.Chain, TaoInEmissionRao = 1_000 + i }).ToList();

    private sealed class ScriptedSource(Func<CancellationToken, Task<IngestionBatch>> fetch) : IIngestionSource
    {
        public string Name => "scripted";
        public bool Enabled => true;
        public string? DisabledReason => null;
        public TimeSpan Interval => TimeSpan.FromMinutes(1);

        public Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken) => fetch(cancellationToken);

        public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken) => null;
    }

    private sealed class SnapshotBatch(List<SubnetSnapshot> rows, bool failAfterWriting = false, string? killWith = null) : IngestionBatch
    {
        public override async Task<int> WriteAsync(TaoLensDbContext db, CancellationToken cancellationToken)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var written = await SnapshotWriter.WriteAsync(connection, rows[..(rows.Count / 2)], cancellationToken);
            if (failAfterWriting)
            {
                throw new IOException("connection dropped half-way");
            }

            if (killWith is not null)
            {
                await using var killer = new NpgsqlConnection(killWith);
                await killer.OpenAsync(cancellationToken);
                await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({connection.ProcessID})", killer);
                await kill.ExecuteScalarAsync(cancellationToken);
            }

            return written + await SnapshotWriter.WriteAsync(connection, rows[(rows.Count / 2)..], cancellationToken);
        }
    }
}
