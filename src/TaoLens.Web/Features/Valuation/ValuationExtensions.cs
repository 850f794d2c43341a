namespace TaoLens.Web.Features.Valuation;

public static class ValuationExtensions
{
    /// <summary>The engine over stored data, for every feature that shows figures; safe to call more than once.</summary>
    public static IServiceCollection AddValuationQuery(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ValuationQuery)))
        {
            return services;
        }

        services.AddOptions<ValuationCacheOptions>().BindConfiguration("Valuation");
        services.AddSingleton<ValuationCache>();
        services.AddScoped<ValuationQuery>();
        return services;
    }
}
