using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Errors;

/// <summary>
/// Error answers: under <c>/api</c> always <c>application/problem+json</c> with a trace id (500s, unknown routes, 405,
/// 429, binding failures included); elsewhere the HTML error page for the status.
/// </summary>
public static class ErrorsFeature
{
    public static IServiceCollection AddErrorResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => ApiProblems.AddTraceId(context.ProblemDetails, context.HttpContext));
        services.AddExceptionHandler<TaoLensExceptionHandler>();
        // A parameter that cannot be bound throws in every environment (not only Development), so it reaches the
        // handler and becomes a 400 problem naming the parameter instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseErrorResponses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            CreateScopeForErrors = true,
            StatusCodeSelector = Failures.StatusCodeOf,
            // TaoLensExceptionHandler has logged it: a client error or an outage in one line, a fault with its stack.
            SuppressDiagnosticsCallback = _ => true,
        });
        // A status without a body (unknown route, 405, 429, a binding failure) gets one: a problem under /api, and for a
        // page the error page. Only GET is re-executed: a page answers any other method 405, and so would its error page.
        app.UseWhen(context => ApiProblems.IsApi(context.Request),
            api => api.UseStatusCodePages(context => ApiProblems.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode)));
        app.UseWhen(context => !ApiProblems.IsApi(context.Request) && HttpMethods.IsGet(context.Request.Method),
            pages => pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true));
        return app;
    }
}
