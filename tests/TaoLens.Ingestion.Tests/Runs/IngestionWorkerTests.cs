using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Tests.Sources;
using TaoLens.Testing;

namespace TaoLens.Ingestion.Tests.Runs;

public sealed class IngestionWorkerTests
{
    private static readonly Dictionary<string, string?> s_liveSourcesOff = new()
    {
        ["Sources:Subtensor:Enabled"] = "false",
        ["Sources:Taostats:Enabled"] = "false",
        ["Sources:CoinGecko:Enabled"] = "false",
        ["Sources:Chutes:Enabled"] = "false",
    };

    [Fact]
    public async Task The_worker_runs_its_source_at_start_and_again_after_each_interval_even_after_a_failure()
    {
        await using var database = await TestDatabase.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var counter = new Counter { FailFirst = true };
        using var host = IngestionHost.Build(database, s_liveSourcesOff, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(counter);
            services.AddIngestionSource<CountingSource>();
        });

        await host.StartAsync();
        await counter.WaitForAsync(1);
        await WaitForRunsAsync(database, 1);
        var schedule = host.Services.GetRequiredService<IngestionSchedule>();
        for (var i = 0; i < 200 && schedule.NextRunOf("counting") is null; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(time.GetUtcNow() + CountingSource.Every, schedule.NextRunOf("counting"));

        time.Advance(CountingSource.Every);
        await counter.WaitForAsync(2);
        await WaitForRunsAsync(database, 2);
        await host.StopAsync();

        await using var db = database.CreateDbContext();
        var statuses = await db.IngestionRuns.OrderBy(r => r.Id).Select(r => r.Status.ToString()).ToListAsync();
        Assert.Equal(["Failed", "Succeeded"], statuses);
    }

    [Fact]
    public async Task A_disabled_source_never_runs()
    {
        await using var database = await TestDatabase.CreateAsync();
        var counter = new Counter { Enabled = false };
        using var host = IngestionHost.Build(database, s_liveSourcesOff, services =>
        {
            services.AddSingleton(counter);
            services.AddIngestionSource<CountingSource>();
        });

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(0, counter.Runs);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.IngestionRuns.CountAsync());
    }

    // Polls the database (bounded) until the run is recorded: the worker records after the source returns.
    private static async Task WaitForRunsAsync(TestDatabase database, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var db = database.CreateDbContext();
            if (await db.IngestionRuns.CountAsync(r => r.FinishedAt != null) >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{count} finished run(s) were never recorded.");
    }

    internal sealed class Counter
    {
        private int _runs;
        private readonly SemaphoreSlim _signal = new(0);

        public bool Enabled { get; set; } = true;
        public bool FailFirst { get; set; }
        public int Runs => _runs;

        public int Increment()
        {
            var runs = Interlocked.Increment(ref _runs);
            _signal.Release();
            return runs;
        }

        public async Task WaitForAsync(int runs)
        {
            while (Volatile.Read(ref _runs) < runs)
            {
                if (!await _signal.WaitAsync(TimeSpan.FromSeconds(10)))
                {
                    throw new TimeoutException($"the source ran {Runs} time(s), expected {runs}");
                }
            }
        }
    }

    internal sealed class CountingSource(Counter counter) : IIngestionSource
    {
        public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

        public string Name => "counting";
        public bool Enabled => counter.Enabled;
        public string? DisabledReason => Enabled ? null : "switched off";
        public TimeSpan Interval => Every;

        public Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken) =>
            counter.Increment() == 1 && counter.FailFirst
                ? throw new SourcePayloadException("counting: first run fails")
                : Task.FromResult<IngestionBatch>(new IngestionRows());

        public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken) => null;
    }
}
