using TaoLens.Web.Features.Events;
using TaoLens.Web.Features.Health;
using TaoLens.Web.Features.Network;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Api;

/// <summary>The public read API (JSON, camelCase; <c>?format=csv</c> on lists).</summary>
public static class ApiFeature
{
    public static IServiceCollection AddReadApi(this IServiceCollection services)
    {
        services.AddValuationQuery();
        services.AddOpenApi();
        return services;
    }

    /// <summary>The endpoints, their OpenAPI document at <c>/openapi/v1.json</c>, and <c>/healthz</c>.</summary>
    public static WebApplication MapReadApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapNetworkApi().MapSubnetsApi().MapSubnetDetailApi().MapEventsApi().MapHealth();
        return app;
    }
}
