using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Errors;

/// <summary>
/// Logs every unhandled exception once, by what it means (a client error or an outage in one line, a fault with its
/// stack trace), sets <c>Retry-After</c> on 503, and answers the API with a problem. Pages fall through to the error page.
/// </summary>
internal sealed partial class TaoLensExceptionHandler(ILogger<TaoLensExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has set the status from Failures.StatusCodeOf.
        var status = httpContext.Response.StatusCode;
        var method = httpContext.Request.Method;
        // The middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = new PathString(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value);
        if (status < 500)
        {
            ClientError(logger, status, method, path, Failures.Summary(exception));
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            DatabaseUnavailable(logger, method, path, Failures.Summary(exception));
            httpContext.Response.Headers.RetryAfter = ((int)Failures.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            Unhandled(logger, exception, method, path);
        }

        if (!ApiProblems.IsApi(path))
        {
            return false;
        }

        // A client error's message says which parameter was wrong (BadHttpRequestException is written for clients);
        // anything else stays in the log.
        var detail = exception is BadHttpRequestException ? exception.Message
            : status == StatusCodes.Status503ServiceUnavailable ? "The data is temporarily unavailable; try again shortly."
            : null;
        await ApiProblems.WriteAsync(httpContext, status, detail);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client error {StatusCode} for {Method} {Path}: {Reason}")]
    private static partial void ClientError(ILogger logger, int statusCode, string method, PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable; answered 503 to {Method} {Path}: {Reason}")]
    private static partial void DatabaseUnavailable(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void Unhandled(ILogger logger, Exception exception, string method, PathString path);
}
