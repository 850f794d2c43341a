using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        var time = new ScheduleProbeClock(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var counter = new Counter { FailFirst = true };
        using var host = IngestionHost.Build(database, s_liveSourcesOff, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(counter);
            services.AddIngestionSource<CountingSource>();
        });

        var schedule = host.Services.GetRequiredService<IngestionSchedule>();
        time.Schedule = schedule;

        await host.StartAsync();
        await counter.WaitForAsync(1);
        await WaitForRunsAsync(database, 1);
        for (var i = 0; i < 200 && schedule.NextRunOf("counting") is null; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(time.GetUtcNow() + CountingSource.Every, schedule.NextRunOf("counting"));

        time.Advance(CountingSource.Every);
        await counter.WaitForAsync(2);
        await WaitForRunsAsync(database, 2);
        await host.StopAsync();

        // Each next run was published only once its timer existed, so the Advance above could not slip in between.
        Assert.Equal(0, time.RunsPublishedBeforeTheirTimer);

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
        var worker = host.Services.GetServices<IHostedService>().OfType<IngestionWorker<CountingSource>>().Single();
        // Wait for the worker's decision: it returns (the source is off) or it runs the source.
        await Task.WhenAny(worker.ExecuteTask!, counter.FirstRun).WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully, "the worker of a disabled source should stop by itself");
        Assert.Equal(0, counter.Runs);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.IngestionRuns.CountAsync());
    }

    [Fact]
    public async Task No_run_starts_before_the_host_has_started()
    {
        await using var database = await TestDatabase.CreateAsync();
        var counter = new Counter();
        using var host = IngestionHost.Build(database, s_liveSourcesOff, services =>
        {
            services.AddSingleton(counter);
            services.AddIngestionSource<CountingSource>();
        });
        var lifetime = new ManualLifetime();
        var parked = new LogProbe<IngestionWorker<CountingSource>>("waiting for the host to start");
        counter.HostStarted = lifetime.ApplicationStarted;
        using var worker = new IngestionWorker<CountingSource>(host.Services.GetRequiredService<IServiceScopeFactory>(),
            host.Services.GetRequiredService<IngestionSchedule>(), lifetime, TimeProvider.System, parked);

        await worker.StartAsync(CancellationToken.None);
        // Either the worker parks until the host has started, or (the defect) it runs the source now.
        await Task.WhenAny(parked.Seen, counter.FirstRun).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, counter.Runs);

        lifetime.NotifyStarted();
        await counter.FirstRun.WaitAsync(TimeSpan.FromSeconds(30));
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, counter.Runs);
        Assert.Equal(0, counter.RunsBeforeHostStarted);
    }

    [Fact]
    public async Task The_first_run_backfills_the_days_no_backfill_has_loaded_and_a_restart_loads_none_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        var history = new History();
        var now = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var firstBackfill = await RunHostUntilBackfilledAsync(database, history, now);

        // Yesterday and the two days before it, oldest first, after the latest run.
        Assert.Equal(new BackfillProgress(new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 23), 3, 3, 0, true, null), firstBackfill);
        Assert.Equal([new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 23)], history.Days);
        Assert.Equal(["latest", "2026-11-21", "2026-11-22", "2026-11-23"], history.Calls);

        // A restart (another start of the app on the same database) loads no day twice.
        var secondBackfill = await RunHostUntilBackfilledAsync(database, history, now);
        Assert.Equal(firstBackfill, secondBackfill);
        Assert.Equal(3, history.Days.Count);

        await using var db = database.CreateDbContext();
        Assert.Equal(3, await db.IngestionRuns.CountAsync(r => r.BackfillDay != null && r.Status == Data.Ingestion.IngestionRunStatus.Succeeded));
        Assert.Equal(2, await db.IngestionRuns.CountAsync(r => r.BackfillDay == null));
    }

    [Fact]
    public async Task A_source_that_fails_its_first_run_backfills_nothing_until_a_run_succeeds()
    {
        await using var database = await TestDatabase.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var history = new History { FailLatest = 1 };
        using var host = IngestionHost.Build(database, s_liveSourcesOff, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(history);
            services.AddIngestionSource<HistorySource>();
        });
        var schedule = host.Services.GetRequiredService<IngestionSchedule>();
        await host.StartAsync();
        await WaitForRunsAsync(database, 1);
        for (var i = 0; i < 200 && schedule.NextRunOf(HistorySource.SourceName) is null; i++)
        {
            await Task.Delay(20);
        }

        Assert.Null(schedule.BackfillOf(HistorySource.SourceName));
        Assert.Empty(history.Days);

        time.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 600 && schedule.BackfillOf(HistorySource.SourceName) is not { Finished: true }; i++)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        Assert.Equal(["latest", "latest", "2026-11-21", "2026-11-22", "2026-11-23"], history.Calls);
    }

    private static async Task<BackfillProgress> RunHostUntilBackfilledAsync(TestDatabase database, History history, TimeProvider time)
    {
        using var host = IngestionHost.Build(database, s_liveSourcesOff, services =>
        {
            services.AddSingleton(time);
            services.AddSingleton(history);
            services.AddIngestionSource<HistorySource>();
        });
        var schedule = host.Services.GetRequiredService<IngestionSchedule>();
        await host.StartAsync();
        for (var i = 0; i < 600 && schedule.BackfillOf(HistorySource.SourceName) is not { Finished: true }; i++)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        return schedule.BackfillOf(HistorySource.SourceName) ?? throw new TimeoutException("the worker never backfilled");
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
        private int _runsBeforeHostStarted;
        private readonly SemaphoreSlim _signal = new(0);
        private readonly TaskCompletionSource _firstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Enabled { get; set; } = true;
        public bool FailFirst { get; set; }
        public int Runs => _runs;

        /// <summary>When set, runs made before this token fires are counted in <see cref="RunsBeforeHostStarted"/>.</summary>
        public CancellationToken? HostStarted { get; set; }
        public int RunsBeforeHostStarted => _runsBeforeHostStarted;

        /// <summary>Completes when the source first runs.</summary>
        public Task FirstRun => _firstRun.Task;

        public int Increment()
        {
            if (HostStarted is { IsCancellationRequested: false })
            {
                Interlocked.Increment(ref _runsBeforeHostStarted);
            }

            var runs = Interlocked.Increment(ref _runs);
            _firstRun.TrySetResult();
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

    internal sealed class History
    {
        private readonly Lock _gate = new();
        private readonly List<DateOnly> _days = [];
        private readonly List<string> _calls = [];

        public IReadOnlyList<DateOnly> Days { get { lock (_gate) { return [.. _days]; } } }
        public IReadOnlyList<string> Calls { get { lock (_gate) { return [.. _calls]; } } }

        /// <summary>How many latest runs fail before they succeed.</summary>
        public int FailLatest { get; set; }

        public void Latest()
        {
            lock (_gate)
            {
                _calls.Add("latest");
                if (FailLatest-- > 0)
                {
                    throw new SourcePayloadException("history: latest is broken");
                }
            }
        }

        public void Day(DateOnly day)
        {
            lock (_gate)
            {
                _days.Add(day);
                _calls.Add(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>A source with history: three days of backfill on its first run.</summary>
    internal sealed class HistorySource(History history) : IIngestionSource
    {
        public const string SourceName = "history";

        public string Name => SourceName;
        public bool Enabled => true;
        public string? DisabledReason => null;
        public TimeSpan Interval => TimeSpan.FromMinutes(5);
        public int BackfillDays => 3;

        public Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken)
        {
            history.Latest();
            return Task.FromResult<IngestionBatch>(new IngestionRows());
        }

        public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken)
        {
            history.Day(day);
            return Task.FromResult<IngestionBatch>(new IngestionRows());
        }
    }

    /// <summary>A host lifetime whose ApplicationStarted fires when the test says so.</summary>
    private sealed class ManualLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();
        private readonly CancellationTokenSource _stopping = new();
        private readonly CancellationTokenSource _stopped = new();

        public CancellationToken ApplicationStarted => _started.Token;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => _stopped.Token;

        public void NotifyStarted() => _started.Cancel();

        public void StopApplication() => _stopping.Cancel();
    }

    /// <summary>A logger that completes <see cref="Seen"/> when a message containing <paramref name="fragment"/> is logged.</summary>
    private sealed class LogProbe<T>(string fragment) : ILogger<T>
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains(fragment, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }
        }
    }

    /// <summary>
    /// A fake clock that checks, whenever a timer is created, whether the schedule already shows that timer's due
    /// time: if it does, a reader of the schedule could have advanced the clock before the timer existed.
    /// </summary>
    private sealed class ScheduleProbeClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _early;

        public IngestionSchedule? Schedule { get; set; }
        public int RunsPublishedBeforeTheirTimer => _early;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (Schedule?.NextRunOf("counting") == GetUtcNow() + dueTime)
            {
                Interlocked.Increment(ref _early);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
