using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Accounts;

namespace TaoLens.Web.Features.Views;

/// <summary>What the views pages' forms post; every field is optional, each action reads its own.</summary>
public sealed class ViewForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Page { get; set; }
    public string? State { get; set; }
    public string? Range { get; set; }

    /// <summary><c>private</c>, or the id of the team.</summary>
    public string? Visibility { get; set; }

    public string? Pinned { get; set; }

    /// <summary>Days until a new share link expires; blank for never.</summary>
    public string? Expires { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>
/// Saved views and share links: <c>/api/v1/views</c> (JSON) and the forms of the <c>/views</c> pages and the pages'
/// "Save view" (antiforgery-checked posts that redirect), both answered by <see cref="ViewCatalog"/>. Views belong to
/// accounts, so even with anonymous read on they need one; changes need the write policy (no read-only token).
/// Public share links open at <c>/v/{token}</c> (a page) without an account.
/// </summary>
public static class ViewsFeature
{
    public static IServiceCollection AddViews(this IServiceCollection services) => services.AddScoped<ViewCatalog>();

    /// <summary>The API under <c>/api/v1/views</c> and the pages' form posts under <c>/views</c>.</summary>
    public static IEndpointRouteBuilder MapViews(this IEndpointRouteBuilder app)
    {
        var views = app.MapGroup("/api/v1/views").WithTags("Views").RequireAuthorization();
        views.MapGet("", async (string? q, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                TypedResults.Ok(await catalog.ListAsync(context.User.RequiredUserId(), q, ct)))
            .WithName("ListViews").WithSummary("The caller's private views and their teams' views, pinned first; q searches names and descriptions.");
        views.MapPost("", async (SaveViewRequest body, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                (await catalog.CreateAsync(context.User.RequiredUserId(), body, ct)).ToResult(view => TypedResults.Created($"/api/v1/views/{view.Id}", view)))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("CreateView")
            .WithSummary("Saves a view: {name, description, page: overview|subnet|compare, state: the page's query string, range: fixed|last-N-days|year-to-date, visibility: private|team, teamId}.");
        views.MapGet("/{id:guid}", async (Guid id, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                (await catalog.GetAsync(context.User.RequiredUserId(), id, ct)).ToResult())
            .WithName("GetView").WithSummary("One view; its share links are listed to those who may change it.");
        views.MapPut("/{id:guid}", async (Guid id, UpdateViewRequest body, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                (await catalog.UpdateAsync(context.User.RequiredUserId(), id, body, ct)).ToResult())
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("UpdateView").WithSummary("Changes the fields given (name, description, page, state, range); pinned pins it for the caller.");
        views.MapDelete("/{id:guid}", async (Guid id, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                (await catalog.DeleteAsync(context.User.RequiredUserId(), id, ct)).ToResult(_ => TypedResults.NoContent()))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("DeleteView");
        views.MapPost("/{id:guid}/copy", async (Guid id, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                (await catalog.DuplicateAsync(context.User.RequiredUserId(), id, ct)).ToResult(view => TypedResults.Created($"/api/v1/views/{view.Id}", view)))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("CopyView").WithSummary("Copies a view the caller can read into their private views.");
        views.MapPost("/{id:guid}/links", async (Guid id, CreateLinkRequest? body, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                (await catalog.CreateLinkAsync(context.User.RequiredUserId(), id, body?.ExpiresAt, AccountLinks.RequestBase(context.Request), ct))
                    .ToResult(link => TypedResults.Created((string?)null, link)))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("CreateShareLink").WithSummary("A public read-only link (optional expiresAt); {id, token, url} are in this answer only.");
        views.MapDelete("/{id:guid}/links/{link}", async (Guid id, string link, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
                (await catalog.RevokeLinkAsync(context.User.RequiredUserId(), id, link, ct)).ToResult(_ => TypedResults.NoContent()))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("RevokeShareLink").WithSummary("Revokes a link, named by its id (as listed on the view) or its token.");

        MapForms(app);
        return app;
    }

    /// <summary>The pages' forms: the same calls as the API, answered with a redirect to where the person goes next.</summary>
    private static void MapForms(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/views").RequireAuthorization(AccountsFeature.WritePolicy).ExcludeFromDescription();
        forms.MapPost("/save", async ([FromForm] ViewForm? form, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
        {
            // A post with nothing but the antiforgery token binds no form at all.
            form ??= new ViewForm();
            var teamId = Guid.TryParse(form.Visibility, out var team) ? team : (Guid?)null;
            var saved = await catalog.CreateAsync(context.User.RequiredUserId(),
                new SaveViewRequest(form.Name, form.Description, form.Page, form.State, form.Range, teamId is null ? "private" : "team", teamId), ct);
            // A refusal goes back to the form with everything typed, and the reason.
            return saved.Refusal is { } refusal
                ? Redirect(ViewPages.SaveLink(form.Page, form.State, form.Name, form.Description, form.Range, form.Visibility, refusal.Detail))
                : Redirect(ViewCatalog.OpenPath(saved.Value!.Id));
        });
        forms.MapPost("/{id:guid}/pin", async (Guid id, [FromForm] ViewForm? form, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
            Back(await catalog.PinAsync(context.User.RequiredUserId(), id, form?.Pinned == "true", ct), form?.Pinned == "true" ? "pinned" : "unpinned", form));
        forms.MapPost("/{id:guid}/rename", async (Guid id, [FromForm] ViewForm? form, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
            Back(await catalog.UpdateAsync(context.User.RequiredUserId(), id, new UpdateViewRequest(form?.Name ?? "", form?.Description ?? "", null, null, null, null), ct), "saved", form));
        forms.MapPost("/{id:guid}/copy", async (Guid id, [FromForm] ViewForm? form, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
            Back(await catalog.DuplicateAsync(context.User.RequiredUserId(), id, ct), "copied", form));
        forms.MapPost("/{id:guid}/delete", async (Guid id, [FromForm] ViewForm? form, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
            Back(await catalog.DeleteAsync(context.User.RequiredUserId(), id, ct), "deleted", form));
        forms.MapPost("/{id:guid}/links/{link:guid}/revoke", async (Guid id, Guid link, [FromForm] ViewForm? form, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
            Back(await catalog.RevokeLinkAsync(context.User.RequiredUserId(), id, link.ToString(), ct), "revoked", form));
        // The new link is shown in this answer only, never put in an address (addresses end up in logs).
        forms.MapPost("/{id:guid}/share", async (Guid id, [FromForm] ViewForm? form, HttpContext context, ViewCatalog catalog, CancellationToken ct) =>
        {
            var days = int.TryParse(form?.Expires, out var d) && d > 0 ? d : (int?)null;
            var expiresAt = days is { } n ? context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(n) : (DateTimeOffset?)null;
            var created = await catalog.CreateLinkAsync(context.User.RequiredUserId(), id, expiresAt, AccountLinks.RequestBase(context.Request), ct);
            return created.Refusal is not null
                ? (IResult)Back(created, "", form)
                : new RazorComponentResult<ShareLinkCreated>(new { Link = created.Value! });
        });
    }

    /// <summary>Back to the list with what happened: a code for success (the page words it), the refusal's words otherwise.</summary>
    private static SeeOther Back<T>(Outcome<T> outcome, string done, ViewForm? form)
    {
        var back = ViewPages.ListLink(form?.ReturnUrl);
        return Redirect(outcome.Refusal is { } refusal ? AddQuery(back, "error", refusal.Detail) : AddQuery(back, "done", done));
    }

    private static string AddQuery(string url, string key, string value) =>
        url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + key + "=" + Uri.EscapeDataString(value);

    /// <summary>303: the browser follows with a GET.</summary>
    private static SeeOther Redirect(string url) => new(url);

    private sealed class SeeOther(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }
}
