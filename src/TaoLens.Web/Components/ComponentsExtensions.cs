using TaoLens.Web.Features.Methods;

namespace TaoLens.Web.Components;

public static class ComponentsExtensions
{
    public static IServiceCollection AddTaoLensComponents(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }

    /// <summary>The static files (public: the sign-in page needs its stylesheet) and the pages (GET only, but for the forms pages).</summary>
    public static WebApplication MapTaoLensComponents(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().OnlyGet();
        return app;
    }
}
