using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaoLens.Testing.Loopback;

namespace TaoLens.Ingestion.Tests.Replay;

/// <summary>
/// Builds a source client exactly as production does (a real ServiceCollection and the product's Add*Client),
/// with settings from in-memory configuration pointing at a loopback server and delays small enough for tests.
/// </summary>
public static class SourceTestHost
{
    public static ServiceProvider Build(
        Action<IServiceCollection> register,
        string section,
        Uri baseUrl,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{section}:BaseUrl"] = baseUrl.AbsoluteUri,
            [$"{section}:Resilience:AttemptTimeout"] = "00:00:05",
            [$"{section}:Resilience:TotalTimeout"] = "00:00:30",
            [$"{section}:Resilience:MaxRetries"] = "2",
            [$"{section}:Resilience:RetryDelay"] = "00:00:00.010",
            // The breaker stays out of the way unless a test sets it up.
            [$"{section}:Resilience:BreakerMinimumThroughput"] = "1000",
            [$"{section}:Resilience:BreakerSamplingDuration"] = "00:00:30",
            [$"{section}:Resilience:BreakerBreakDuration"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[$"{section}:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(clock ?? TimeProvider.System);

        register(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Requests that reached one path, in arrival order.</summary>
    public static IReadOnlyList<RecordedRequest> To(this LoopbackServer server, string path) =>
        [.. server.Requests.Where(r => r.Path == path)];
}
