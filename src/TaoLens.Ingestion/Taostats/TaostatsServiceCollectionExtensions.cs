using Microsoft.Extensions.DependencyInjection;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Taostats;

public static class TaostatsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="TaostatsClient"/> bound to <c>Sources:Taostats</c> with the shared resilience handler.</summary>
    public static IServiceCollection AddTaostatsClient(this IServiceCollection services)
    {
        services.AddSourceHttpClient<TaostatsClient, TaostatsOptions>(TaostatsOptions.Section, o => o.BaseUrl);
        return services;
    }
}
