using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
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
        // A status without a body (unknown route, 405, 429, a binding failure, a form's failed antiforgery check) gets
        // one: a problem under /api, and for a page the error page, whatever the method.
        app.UseWhen(context => ApiProblems.IsApi(context.Request),
            api => api.UseStatusCodePages(context => ApiProblems.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode)));
        app.UseWhen(context => !ApiProblems.IsApi(context.Request),
            pages => pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true).Use(UntypeAntiforgeryRefusal));
        app.Use(ReadErrorPageWithGet);
        return app;
    }

    /// <summary>
    /// A page's form post that fails antiforgery is refused by the component endpoint with a bare 400 that is already
    /// typed text/html, which status-code pages take for an answer with a body; untyped, it gets the error page.
    /// </summary>
    private static async Task UntypeAntiforgeryRefusal(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status400BadRequest
            && context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            context.Response.ContentType = null;
        }
    }

    /// <summary>
    /// The error page answers GET only, and a re-execution keeps the failed request's method: a form post refused
    /// with 400 (antiforgery) or failing with 500 would get a 405 from its own error page. So the re-executed request is
    /// routed again as a GET; the method is put back afterwards for the request log.
    /// </summary>
    private static async Task ReadErrorPageWithGet(HttpContext context, RequestDelegate next)
    {
        var reExecuted = context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerPathFeature>() is not null;
        var method = context.Request.Method;
        if (!reExecuted || HttpMethods.IsGet(method) || ApiProblems.IsApi(context.Request))
        {
            await next(context);
            return;
        }

        context.Request.Method = HttpMethods.Get;
        // Routing has already matched the error path with the old method (to a 405); match it again.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = method;
        }
    }
}
