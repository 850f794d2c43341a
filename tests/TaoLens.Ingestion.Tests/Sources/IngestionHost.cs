using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaoLens.Data.Setup;
using TaoLens.Ingestion.Runs;
using TaoLens.Testing;

namespace TaoLens.Ingestion.Tests.Sources;

/// <summary>The product's own wiring (database + AddIngestion) against a test database and loopback sources.</summary>
internal static class IngestionHost
{
    public static IHost Build(TestDatabase database, IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var all = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:TaoLens"] = database.ConnectionString,
            ["ReferenceData:Enabled"] = "false",
        };
        foreach (var source in new[] { "Subtensor", "Taostats", "CoinGecko", "Chutes" })
        {
            all.TryAdd($"Sources:{source}:Resilience:RetryDelay", "00:00:00.010");
            all.TryAdd($"Sources:{source}:Resilience:AttemptTimeout", "00:00:05");
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddTaoLensDatabase();
        builder.Services.AddIngestion();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs a source once the way the worker does: a fresh scope, the runner, the latest data.</summary>
    public static async Task<RunResult> RunOnceAsync<TSource>(this IHost host)
        where TSource : class, IIngestionSource
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IngestionRunner>()
            .RunLatestAsync(scope.ServiceProvider.GetRequiredService<TSource>(), CancellationToken.None);
    }
}
