using Microsoft.Extensions.DependencyInjection;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Chain;

public static class SubtensorServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SubtensorOptions"/> from <see cref="SubtensorOptions.Section"/> and registers <see cref="SubtensorClient"/>
    /// as a typed HttpClient with the shared resilience handler (used for http(s) URLs, the node's and the archive node's,
    /// see <see cref="SubtensorClient.ForNode"/>; ws(s) URLs use the client's own pipeline).
    /// </summary>
    public static IServiceCollection AddSubtensorClient(this IServiceCollection services)
    {
        services.AddSourceHttpClient<SubtensorClient, SubtensorOptions>(SubtensorOptions.Section, o => SubtensorClient.HttpAddressOf(o.Url));
        return services;
    }
}
