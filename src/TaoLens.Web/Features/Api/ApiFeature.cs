using Microsoft.Extensions.DependencyInjection.Extensions;
using TaoLens.Web.Features.Events;
using TaoLens.Web.Features.Network;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Api;

/// <summary>The public read API (JSON, camelCase; <c>?format=csv</c> on lists).</summary>
public static class ApiFeature
{
    public static IServiceCollection AddReadApi(this IServiceCollection services)
    {
        services.TryAddScoped<ValuationQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapReadApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapNetworkApi().MapSubnetsApi().MapSubnetDetailApi().MapEventsApi();
}
