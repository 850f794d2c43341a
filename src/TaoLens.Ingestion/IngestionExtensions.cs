using Microsoft.Extensions.DependencyInjection;
using TaoLens.Ingestion.Chain;
using TaoLens.Ingestion.Chutes;
using TaoLens.Ingestion.CoinGecko;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Taostats;

namespace TaoLens.Ingestion;

public static class IngestionExtensions
{
    /// <summary>Registers the runner, the schedule, and every source with its background worker.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddScoped<IngestionRunner>();
        services.AddScoped<Backfill>();
        services.AddSingleton<IngestionSchedule>();
        services.AddSubtensorClient().AddIngestionSource<ChainSource>();
        services.AddTaostatsClient().AddIngestionSource<TaostatsSource>();
        services.AddChutesClient().AddIngestionSource<ChutesSource>();
        services.AddCoinGeckoClient().AddIngestionSource<CoinGeckoSource>();
        return services;
    }

    /// <summary>Registers one source: resolvable by its type and among all <see cref="IIngestionSource"/>s, run by its own worker.</summary>
    public static IServiceCollection AddIngestionSource<TSource>(this IServiceCollection services)
        where TSource : class, IIngestionSource
    {
        services.AddScoped<TSource>();
        services.AddScoped<IIngestionSource>(sp => sp.GetRequiredService<TSource>());
        services.AddHostedService<IngestionWorker<TSource>>();
        return services;
    }
}
