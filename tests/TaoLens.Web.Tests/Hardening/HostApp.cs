using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaoLens.Testing;

namespace TaoLens.Web.Tests.Hardening;

/// <summary>
/// The real app (in Production unless told) on a test database of its own, with extra settings, its log captured, and optionally on a
/// loopback Kestrel port (real client addresses and a real server's headers).
/// </summary>
public sealed class HostApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly string _environment;

    private HostApp(TestDatabase database, IReadOnlyDictionary<string, string?> settings, bool kestrel, TimeProvider? time, string environment)
    {
        Database = database;
        _settings = settings;
        _time = time;
        _environment = environment;
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public TestDatabase Database { get; }

    public CapturedLog Log { get; } = new();

    /// <summary>
    /// Starts the app; <paramref name="settings"/> override the test defaults (no reference data, no live source);
    /// with <paramref name="time"/>, every clock in the app is that one. Development is what <c>dotnet run</c> starts,
    /// where the container checks every service's lifetime as it is built.
    /// </summary>
    public static async Task<HostApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false, TimeProvider? time = null, string environment = "Production")
    {
        var database = await TestDatabase.CreateAsync("host");
        var all = TestAppSettings.For(database, referenceData: false).ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new HostApp(database, all, kestrel, time, environment);
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>Every log entry the app writes (at the levels its configuration lets through).</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
