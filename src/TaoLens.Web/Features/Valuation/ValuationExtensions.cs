using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaoLens.Web.Features.Valuation;

public static class ValuationExtensions
{
    /// <summary>The engine over stored data and its cache, which every feature that shows figures reads through.</summary>
    public static IServiceCollection AddValuation(this IServiceCollection services)
    {
        services.AddOptions<ValuationCacheOptions>().BindConfiguration("Valuation");
        services.AddMetrics();
        // The latest complete day is read off the clock; the host (or a test) may have registered its own.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ValuationMetrics>();
        services.AddSingleton<ValuationCache>();
        services.AddScoped<ValuationQuery>();
        return services;
    }
}
