using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TaoLens.Data;
using TaoLens.Data.Setup;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Ingestion;
using TaoLens.Ingestion.Runs;
using TaoLens.Testing;
using TaoLens.Web.Features.Operators;

namespace TaoLens.Web.Tests.Operators;

public sealed class OperatorCommandsTests
{
    [Fact]
    public void Commands_are_split_from_host_arguments()
    {
        var serve = OperatorCommands.Parse(["--urls=http://x"]);
        Assert.Null(serve.Command);
        Assert.Null(serve.ExitCode);
        Assert.Equal(["--urls=http://x"], serve.HostArgs);

        Assert.Null(OperatorCommands.Parse([]).Command);
        Assert.Equal(["Urls=http://x"], OperatorCommands.Parse(["Urls=http://x"]).HostArgs);

        var migrate = OperatorCommands.Parse(["migrate", "--Database:MigrateOnStartup=true"]);
        Assert.Equal(new OperatorCommand("migrate"), migrate.Command);
        Assert.Equal(["--Database:MigrateOnStartup=true"], migrate.HostArgs);

        var backfill = OperatorCommands.Parse(["ingest", "chutes", "--from", "2025-10-01", "--x=1", "--to", "2025-10-03"]);
        Assert.Equal(new OperatorCommand("ingest", "chutes", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 3)), backfill.Command);
        Assert.Equal(["--x=1"], backfill.HostArgs);
    }

    [Theory]
    [InlineData("chain")]
    [InlineData("Subtensor")]
    [InlineData("subtensor")]
    [InlineData("CHAIN")]
    public void The_chain_source_answers_to_its_cli_and_its_configuration_name_in_any_case(string name)
    {
        Assert.Equal(new OperatorCommand("ingest", "chain"), OperatorCommands.Parse(["ingest", name]).Command);
        Assert.Equal("coingecko", OperatorCommands.Parse(["ingest", "CoinGecko"]).Command?.Source);
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("ingest", "--from", "2025-10-01")]
    [InlineData("ingest", "nope")]
    [InlineData("ingest", "chutes", "--from", "yesterday")]
    [InlineData("ingest", "chutes", "--to", "2025-10-01")]
    [InlineData("ingest", "chutes", "--from", "2025-10-05", "--to", "2025-10-01")]
    [InlineData("ingest", "chutes", "--from")]
    [InlineData("migrat")]
    [InlineData("serve")]
    public void Bad_commands_are_answered_with_exit_code_2_and_usage(params string[] args)
    {
        var answer = OperatorCommands.Parse(args);

        Assert.Equal(2, answer.ExitCode);
        Assert.Null(answer.Command);
        Assert.Contains("usage:", answer.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    [InlineData("migrate", "--help")]
    [InlineData("ingest", "--help")]
    [InlineData("ingest", "chain", "--help")]
    public void Help_is_usage_and_exit_code_0_without_a_command_to_run(params string[] args)
    {
        var answer = OperatorCommands.Parse(args);

        Assert.Equal(0, answer.ExitCode);
        Assert.Null(answer.Command);
        Assert.StartsWith("usage:", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_runs_one_source_once_and_exits_non_zero_on_failure()
    {
        await using var database = await SeededDatabaseAsync();
        var source = new DaySource();
        using var host = BuildHost(database, source);
        var output = new StringWriter();

        Assert.Equal(0, await OperatorCommands.IngestAsync(host.Services, new OperatorCommand("ingest", "days"), output, TimeProvider.System, CancellationToken.None));
        Assert.Contains("days: 1 rows written", output.ToString(), StringComparison.Ordinal);

        source.FailLatest = true;
        Assert.Equal(1, await OperatorCommands.IngestAsync(host.Services, new OperatorCommand("ingest", "days"), output, TimeProvider.System, CancellationToken.None));
        Assert.Contains("days failed: SourcePayloadException: days: latest is broken", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await OperatorCommands.IngestAsync(host.Services, new OperatorCommand("ingest", "nope"), output, TimeProvider.System, CancellationToken.None));
        Assert.Contains("Unknown source 'nope'", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_shows_progress_and_resumes_without_duplicates_after_an_interruption()
    {
        await using var database = await SeededDatabaseAsync();
        var source = new DaySource { FailOn = new DateOnly(2025, 10, 3) };
        using var host = BuildHost(database, source);
        var command = new OperatorCommand("ingest", "days", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 4));

        var first = new StringWriter();
        Assert.Equal(1, await OperatorCommands.IngestAsync(host.Services, command, first, TimeProvider.System, CancellationToken.None));
        Assert.Contains("[ 25.0%] 2025-10-01  days: 1 rows written  (total 1 rows)", first.ToString(), StringComparison.Ordinal);
        Assert.Contains("[ 75.0%] 2025-10-03  days failed", first.ToString(), StringComparison.Ordinal);

        source.FailOn = null;
        var second = new StringWriter();
        Assert.Equal(0, await OperatorCommands.IngestAsync(host.Services, command, second, TimeProvider.System, CancellationToken.None));
        Assert.Contains("3 already loaded", second.ToString(), StringComparison.Ordinal);
        Assert.Contains("[ 75.0%] 2025-10-03  days: 1 rows written", second.ToString(), StringComparison.Ordinal);
        Assert.Equal(5, source.Fetches);

        await using var db = database.CreateDbContext();
        Assert.Equal(4, await db.SubnetSnapshots.CountAsync());
    }

    private static IHost BuildHost(TestDatabase database, DaySource source)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:TaoLens"] = database.ConnectionString, ["ReferenceData:Enabled"] = "false" });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTaoLensDatabase();
        builder.Services.AddIngestion();
        builder.Services.AddSingleton<IIngestionSource>(source);
        return builder.Build();
    }

    private static async Task<TestDatabase> SeededDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        db.Subnets.Add(new Subnet { Netuid = 1, FirstSeenAt = DateTimeOffset.UnixEpoch, LastSeenAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();
        return database;
    }

    /// <summary>A source with one row a day of history; it can be told to fail.</summary>
    private sealed class DaySource : IIngestionSource
    {
        public bool FailLatest { get; set; }
        public DateOnly? FailOn { get; set; }
        public int Fetches { get; private set; }
        public string Name => "days";
        public bool Enabled => true;
        public string? DisabledReason => null;
        public TimeSpan Interval => TimeSpan.FromHours(1);

        public Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken) =>
            FailLatest ? throw new SourcePayloadException("days: latest is broken") : Task.FromResult<IngestionBatch>(new OneRow(new DateOnly(2026, 1, 1)));

        public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken)
        {
            Fetches++;
            return day == FailOn ? Task.FromException<IngestionBatch>(new SourcePayloadException($"days: {day:yyyy-MM-dd} is broken")) : Task.FromResult<IngestionBatch>(new OneRow(day));
        }
    }

    private sealed class OneRow(DateOnly day) : IngestionBatch
    {
        public override Task<int> WriteAsync(TaoLensDbContext db, CancellationToken cancellationToken) =>
            SnapshotWriter.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(),
                [new SubnetSnapshot { Netuid = 1, ObservedAt = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Source = "days", TaoInEmissionRao = 1 }], cancellationToken);
    }
}
