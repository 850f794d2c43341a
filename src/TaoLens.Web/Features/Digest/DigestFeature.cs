using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Web.Features.Accounts;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// The weekly digest: subscriptions (<c>/api/v1/me/digest</c> and the account page), the schedule, exactly-once
/// delivery, and the content (<see cref="DigestComposer"/>, <see cref="DigestRenderer"/>). The scheduler's hosted
/// service builds on these.
/// </summary>
public static class DigestFeature
{
    public static IServiceCollection AddDigest(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>().BindConfiguration("Digest")
            .Validate(o => o.ClaimLease > TimeSpan.Zero && o.MaxAttempts > 0 && o.RetryDelay >= TimeSpan.Zero,
                "Digest: ClaimLease must be positive, MaxAttempts at least 1, RetryDelay not negative.")
            .ValidateOnStart();
        services.AddScoped<DigestSubscriptions>();
        services.AddScoped<DigestDeliveries>();
        services.AddScoped<DigestComposer>();
        services.AddScoped<DigestRenderer>();
        services.AddScoped<DigestNow>();
        services.AddScoped<DigestUnsubscribe>();
        services.AddScoped<DigestSending>();
        services.AddScoped<DigestAdmin>();
        services.AddHostedService<DigestScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapDigest(this IEndpointRouteBuilder api)
    {
        var digest = api.MapGroup("/me/digest").WithTags("Digest").RequireAuthorization();
        digest.MapGet("", async (HttpContext context, DigestSubscriptions subscriptions, CancellationToken ct) =>
                TypedResults.Ok(await subscriptions.GetAsync(context.User.RequiredUserId(), ct)))
            .WithName("GetDigest").WithSummary("The caller's weekly digest: schedule, timezone, the views it follows and those it could.");
        digest.MapPut("", async (DigestSettingsRequest body, HttpContext context, DigestSubscriptions subscriptions, CancellationToken ct) =>
                (await subscriptions.SaveAsync(context.User.RequiredUserId(), body, ct)).ToResult())
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("SaveDigest").WithSummary("Changes the caller's digest; an unknown timezone is 400, a view the caller cannot see 404.");
        digest.MapPost("/send", async (HttpContext context, DigestNow now, CancellationToken ct) =>
                (await now.SendAsync(context.User.RequiredUserId(), AccountLinks.RequestBase(context.Request), ct)).ToResult())
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("SendDigestNow").WithSummary("Mails the caller this week's digest now (the scheduled one still goes out); 503 when mail is off.");
        api.MapGet("/admin/digests", async (DigestAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(ct)))
            .RequireAuthorization(AccountsFeature.InstanceAdminPolicy).WithTags("Digest")
            .WithName("ListDigests").WithSummary("Every digest subscription with its latest delivery and failures (instance admin).");
        return api;
    }

    /// <summary>The mails' unsubscribe link: no sign-in (the signed token is the authority) and no antiforgery (RFC 8058 one-click).</summary>
    public static IEndpointRouteBuilder MapDigestUnsubscribe(this IEndpointRouteBuilder app)
    {
        app.MapGet("/" + DigestUnsubscribe.Path, (string? token, DigestUnsubscribe unsubscribe) => unsubscribe.Read(token) is null
                ? new RazorComponentResult<UnsubscribePage>(new { Outcome = UnsubscribeOutcome.Invalid }) { StatusCode = StatusCodes.Status400BadRequest }
                : new RazorComponentResult<UnsubscribePage>(new { Token = token, Outcome = UnsubscribeOutcome.Confirm }))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/" + DigestUnsubscribe.Path, async (string? token, DigestUnsubscribe unsubscribe, CancellationToken ct) =>
                await unsubscribe.UnsubscribeAsync(token, ct)
                    ? new RazorComponentResult<UnsubscribePage>(new { Outcome = UnsubscribeOutcome.Done })
                    : new RazorComponentResult<UnsubscribePage>(new { Outcome = UnsubscribeOutcome.Invalid }) { StatusCode = StatusCodes.Status400BadRequest })
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}

/// <summary>What the unsubscribe link's page says.</summary>
public enum UnsubscribeOutcome
{
    Invalid,
    Confirm,
    Done,
}
