using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaoLens.Web.Features.Valuation;

public static class ValuationExtensions
{
    /// <summary>The engine over stored data, for every feature that shows figures; safe to call more than once.</summary>
    public static IServiceCollection AddValuationQuery(this IServiceCollection services)
    {
        services.AddOptions<ValuationCacheOptions>().BindConfiguration("Valuation");
        services.TryAddSingleton<ValuationCache>();
        services.TryAddScoped<ValuationQuery>();
        return services;
    }
}
