using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Accounts;

/// <summary>
/// Accounts on ASP.NET Core Identity: cookies for people, Identity's bearer tokens and personal access tokens for
/// scripts, the anonymous-read switch (a fallback policy), the stricter sign-in rate limit, and the Data Protection
/// key ring in PostgreSQL so that replicas read each other's cookies.
/// </summary>
public static class AccountsFeature
{
    /// <summary>The default scheme: picks a personal access token, Identity's bearer token or the cookie by the request.</summary>
    public const string Scheme = "TaoLens";

    /// <summary>Writes: an account, and not a read-only token.</summary>
    public const string WritePolicy = "write";

    /// <summary>A person signed in, not a script's token (managing tokens and passwords).</summary>
    public const string PersonPolicy = "person";

    public const string InstanceAdminPolicy = "instance-admin";

    /// <summary>The rate limit on sign-in and registration attempts.</summary>
    public const string SignInRateLimit = "sign-in";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration("Access");
        services.AddOptions<AccountsOptions>().BindConfiguration("Accounts")
            .Validate(o => o.MaxFailedSignIns > 0 && o.LockoutDuration > TimeSpan.Zero && o.InvitationLifetime > TimeSpan.Zero
                && o.ResetLinkLifetime > TimeSpan.Zero && o.SignInPermitLimit > 0 && o.SignInWindow > TimeSpan.Zero && o.SessionRecheckInterval > TimeSpan.Zero,
                "Accounts: counts and durations must be positive.")
            .Validate(o => o.PublicUrl is null || (o.PublicUrl.IsAbsoluteUri && o.PublicUrl.Scheme is "http" or "https"), "Accounts:PublicUrl must be an absolute http(s) URL.")
            .ValidateOnStart();

        services.AddIdentityCore<TaoLensUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B).
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<TaoLensDbContext>()
            .AddClaimsPrincipalFactory<TaoLensClaimsFactory>()
            .AddApiEndpoints();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountsOptions>>((options, accounts) =>
        {
            options.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedSignIns;
            options.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
        });
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<AccountsOptions>>((options, accounts) =>
            options.TokenLifespan = accounts.Value.ResetLinkLifetime);
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountsOptions>>((options, accounts) =>
            options.ValidationInterval = accounts.Value.SessionRecheckInterval);

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, null, options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureCookie);
        services.AddDataProtection().SetApplicationName("TaoLens").PersistKeysToDbContext<TaoLensDbContext>();

        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => !c.User.HasClaim(AccountClaims.TokenScope, AccountClaims.ReadScope)))
            .AddPolicy(PersonPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsToken()))
            .AddPolicy(InstanceAdminPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(AccountClaims.InstanceAdmin, "true"));
        // Anonymous read off: every endpoint without its own rule needs an account.
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AccessOptions>>((options, access) =>
        {
            if (!access.Value.AnonymousRead)
            {
                options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            }
        });

        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountsOptions>>((options, accounts) =>
            options.AddPolicy(SignInRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = accounts.Value.SignInPermitLimit,
                    Window = accounts.Value.SignInWindow,
                })
                : RateLimitPartition.GetNoLimiter("")));

        services.AddScoped<AccountRegistration>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<PersonalAccessTokens>();
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return PersonalAccessTokenHandler.TryReadToken(context.Request, out _) ? PersonalAccessTokenHandler.SchemeName
            : authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
    }

    private static void ConfigureCookie(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "taolens.session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = "/account/sign-in";
        options.LogoutPath = "/account/sign-out";
        options.AccessDeniedPath = "/account/sign-in";
        options.ReturnUrlParameter = "returnUrl";
        options.ExpireTimeSpan = TimeSpan.FromDays(14);
        options.SlidingExpiration = true;
        // The API answers 401/403 problems, never a redirect to a page.
        options.Events.OnRedirectToLogin = context =>
        {
            if (ApiProblems.IsApi(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    /// <summary>After routing: who is asking, then whether they may. A bearer token that does not authenticate is a 401 everywhere, so scripts learn at once.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true
                && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                await context.ChallengeAsync();
                return;
            }

            await next(context);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>Identity's endpoints under <c>/auth</c> (registration through <see cref="AccountRegistration"/>), <c>/me</c>, tokens, and the instance admin's user list and reset links.</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");
        auth.MapIdentityApi<TaoLensUser>()
            .AddEndpointFilter(RegisterThroughPolicyAsync)
            .AddEndpointFilter(ForgotPasswordThroughMailAsync)
            .RequireRateLimiting(SignInRateLimit)
            // Signing in must work when anonymous read is off; /manage (password, email, 2FA) is for the person, not a token.
            .Add(endpoint =>
            {
                var manage = endpoint is RouteEndpointBuilder route && (route.RoutePattern.RawText ?? "").Contains("/manage", StringComparison.OrdinalIgnoreCase);
                endpoint.Metadata.Add(manage ? new AuthorizeAttribute(PersonPolicy) : new AllowAnonymousAttribute());
            });

        var me = api.MapGroup("/me").WithTags("Accounts").RequireAuthorization();
        me.MapGet("", GetMeAsync).WithName("GetMe").WithSummary("The signed-in account, its teams and its current team.");
        me.MapGet("/tokens", ListTokensAsync).RequireAuthorization(PersonPolicy).WithName("ListAccessTokens");
        me.MapPost("/tokens", CreateTokenAsync).RequireAuthorization(PersonPolicy).WithName("CreateAccessToken")
            .WithSummary("Creates a personal access token; the token is in this answer only.");
        me.MapDelete("/tokens/{id:guid}", RevokeTokenAsync).RequireAuthorization(PersonPolicy).WithName("RevokeAccessToken");

        var admin = api.MapGroup("/admin").WithTags("Accounts").RequireAuthorization(InstanceAdminPolicy);
        admin.MapGet("/users", async (PasswordResets resets, CancellationToken ct) => TypedResults.Ok(await resets.ListUsersAsync(ct))).WithName("ListUsers");
        admin.MapPost("/users/{id:guid}/reset-link", async (Guid id, PasswordResets resets, HttpRequest request) =>
                (await resets.IssueAsync(id, AccountLinks.RequestBase(request))).ToResult())
            .RequireAuthorization(PersonPolicy)
            .WithName("IssueResetLink")
            .WithSummary("A one-time link to set the user's password, to hand over while mail is not configured.");
        return api;
    }

    /// <summary>Identity's register endpoint, answered by <see cref="AccountRegistration"/>: first admin, open registration, or refused.</summary>
    private static async ValueTask<object?> RegisterThroughPolicyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is not { } request)
        {
            return await next(context);
        }

        var registration = context.HttpContext.RequestServices.GetRequiredService<AccountRegistration>();
        var created = await registration.RegisterAsync(request.Email, request.Password, context.HttpContext.RequestAborted);
        return created.ToResult(_ => TypedResults.Ok());
    }

    /// <summary>Identity's forgot-password endpoint, answered by <see cref="PasswordResets.MailResetLinkAsync"/> as the page is.</summary>
    private static async ValueTask<object?> ForgotPasswordThroughMailAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<ForgotPasswordRequest>().FirstOrDefault() is not { } request)
        {
            return await next(context);
        }

        var resets = context.HttpContext.RequestServices.GetRequiredService<PasswordResets>();
        return (await resets.MailResetLinkAsync(request.Email)).ToResult(_ => TypedResults.Ok());
    }

    private static async Task<IResult> GetMeAsync(HttpContext context, Teams.TeamDirectory teams, CancellationToken cancellationToken)
    {
        var me = await teams.MeAsync(context.User.RequiredUserId(), cancellationToken);
        return me is null ? TypedResults.Unauthorized() : TypedResults.Ok(me);
    }

    private static async Task<Ok<IReadOnlyList<AccessTokenView>>> ListTokensAsync(HttpContext context, PersonalAccessTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(context.User.RequiredUserId(), cancellationToken));

    private static async Task<IResult> CreateTokenAsync(CreateTokenRequest body, HttpContext context, PersonalAccessTokens tokens, CancellationToken cancellationToken) =>
        (await tokens.CreateAsync(context.User.RequiredUserId(), body.Name, body.Scope, cancellationToken))
            .ToResult(created => TypedResults.Created($"/api/v1/me/tokens/{created.Details.Id}", created));

    private static async Task<IResult> RevokeTokenAsync(Guid id, HttpContext context, PersonalAccessTokens tokens, CancellationToken cancellationToken) =>
        (await tokens.RevokeAsync(context.User.RequiredUserId(), id, cancellationToken)).ToResult(_ => TypedResults.NoContent());
}

public sealed record CreateTokenRequest(string? Name, string? Scope);
