using Microsoft.Extensions.DependencyInjection;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.CoinGecko;

public static class CoinGeckoServiceCollectionExtensions
{
    /// <summary>Registers <see cref="CoinGeckoClient"/> bound to <c>Sources:CoinGecko</c> with the shared resilience handler.</summary>
    public static IServiceCollection AddCoinGeckoClient(this IServiceCollection services)
    {
        services.AddSourceHttpClient<CoinGeckoClient, CoinGeckoOptions>(CoinGeckoOptions.Section, o => o.BaseUrl);
        return services;
    }
}
