using Microsoft.Extensions.DependencyInjection;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Chutes;

public static class ChutesServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ChutesClient"/> bound to <c>Sources:Chutes</c> with the shared resilience handler.</summary>
    public static IServiceCollection AddChutesClient(this IServiceCollection services)
    {
        services.AddSourceHttpClient<ChutesClient, ChutesOptions>(ChutesOptions.Section, o => o.BaseUrl);
        return services;
    }
}
