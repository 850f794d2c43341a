using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaoLens.Data;
using TaoLens.Data.Digests;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Mail;
using TaoLens.Web.Features.Views;

namespace TaoLens.Web.Features.Digest;

/// <summary>A view or watchlist the user may have summarised: their own private views and their teams' views.</summary>
public sealed record DigestViewChoice(Guid Id, string Name, string Page, bool IsWatchlist, string? TeamName, bool Selected);

/// <summary>
/// A user's digest settings as the account page and <c>GET /api/v1/me/digest</c> show them. <see cref="Day"/> is the
/// lower-case English day, <see cref="LocalTime"/> <c>HH:mm</c>, <see cref="TimeZone"/> an IANA name;
/// <see cref="NextDigestAt"/> is null while disabled.
/// </summary>
public sealed record DigestSettings(
    bool Enabled, string Day, string LocalTime, string TimeZone, IReadOnlyList<Guid> ViewIds, IReadOnlyList<DigestViewChoice> Available,
    bool MailConfigured, DateTimeOffset? NextDigestAt);

/// <summary>A change to the settings (<c>PUT /api/v1/me/digest</c>): each field given replaces the saved one.</summary>
public sealed record DigestSettingsRequest(bool? Enabled, string? Day, string? LocalTime, string? TimeZone, IReadOnlyList<Guid>? ViewIds);

/// <summary>
/// Digest subscriptions: the one implementation behind the account page's digest form, the registration checkbox and
/// <c>/api/v1/me/digest</c>. A view can be chosen only if the user can read it now (else 404, as for a view that does
/// not exist); the digest checks access again each week, so a view they lose drops out.
/// </summary>
public sealed class DigestSubscriptions(TaoLensDbContext db, MailSender mail, TimeProvider time)
{
    public const int MaxViews = 50;

    public static readonly IReadOnlyList<string> Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static readonly Refusal s_noView = Refusal.NotFound("There is no such view.");

    public async Task<DigestSettings> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var subscription = await db.DigestSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken)
            ?? new DigestSubscription { UserId = userId };
        var chosen = subscription.Id == Guid.Empty ? []
            : await db.DigestSubscriptionViews.AsNoTracking().Where(v => v.SubscriptionId == subscription.Id).Select(v => v.ViewId).ToListAsync(cancellationToken);
        var available = await AvailableAsync(userId, cancellationToken);
        // Views the user lost access to stay stored (they come back if access does) but are not shown as chosen.
        var visible = chosen.Where(id => available.Any(a => a.Id == id)).ToHashSet();
        DateTimeOffset? next = subscription.Enabled && Zone(subscription.TimeZone) is { } zone
            ? DigestSchedule.NextDueAt(new DigestTiming(subscription.Day, subscription.LocalTime, zone), time.GetUtcNow())
            : null;
        return new DigestSettings(subscription.Enabled, DayName(subscription.Day), subscription.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            subscription.TimeZone, [.. visible], [.. available.Select(a => a with { Selected = visible.Contains(a.Id) })], mail.IsConfigured, next);
    }

    /// <summary>The user's subscription, enabled or not; null when they never had one.</summary>
    public async Task<Guid?> SubscriptionIdAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.DigestSubscriptions.Where(s => s.UserId == userId).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The views the user's digest follows, as stored: the composer checks access to each when it builds the digest.</summary>
    public async Task<IReadOnlyList<Guid>> FollowedViewIdsAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.DigestSubscriptionViews.AsNoTracking()
            .Where(v => db.DigestSubscriptions.Any(s => s.Id == v.SubscriptionId && s.UserId == userId))
            .Select(v => v.ViewId).ToListAsync(cancellationToken);

    public async Task<Outcome<DigestSettings>> SaveAsync(Guid userId, DigestSettingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        DayOfWeek? day = null;
        if (request.Day is not null)
        {
            var index = Days.ToList().IndexOf(request.Day.Trim().ToLowerInvariant());
            if (index < 0)
            {
                errors["day"] = ["The day is one of monday, tuesday, wednesday, thursday, friday, saturday, sunday."];
            }
            else
            {
                day = (DayOfWeek)((index + 1) % 7);
            }
        }

        TimeOnly? localTime = null;
        if (request.LocalTime is not null)
        {
            if (TimeOnly.TryParseExact(request.LocalTime.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                localTime = parsed;
            }
            else
            {
                errors["localTime"] = ["The time is 24-hour HH:mm, e.g. 08:00."];
            }
        }

        string? timeZone = null;
        if (request.TimeZone is not null)
        {
            timeZone = CheckTimeZone(request.TimeZone, out var problem);
            if (problem is not null)
            {
                errors["timeZone"] = [problem];
            }
        }

        var viewIds = request.ViewIds?.Distinct().ToList();
        if (viewIds?.Count > MaxViews)
        {
            errors["viewIds"] = [$"A digest follows at most {MaxViews} views."];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        if (viewIds is not null)
        {
            var visible = (await AvailableAsync(userId, cancellationToken)).Select(a => a.Id).ToHashSet();
            if (viewIds.Any(id => !visible.Contains(id)))
            {
                return s_noView;
            }
        }

        var now = time.GetUtcNow();
        var subscription = await db.DigestSubscriptions.SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (subscription is null)
        {
            subscription = new DigestSubscription { Id = Guid.CreateVersion7(now), UserId = userId, CreatedAt = now };
            db.DigestSubscriptions.Add(subscription);
        }

        subscription.Enabled = request.Enabled ?? subscription.Enabled;
        subscription.Day = day ?? subscription.Day;
        subscription.LocalTime = localTime ?? subscription.LocalTime;
        subscription.TimeZone = timeZone ?? subscription.TimeZone;
        subscription.UpdatedAt = now;
        if (viewIds is not null)
        {
            var current = await db.DigestSubscriptionViews.Where(v => v.SubscriptionId == subscription.Id).ToListAsync(cancellationToken);
            db.DigestSubscriptionViews.RemoveRange(current.Where(v => !viewIds.Contains(v.ViewId)));
            db.DigestSubscriptionViews.AddRange(viewIds.Where(id => current.All(v => v.ViewId != id))
                .Select(id => new DigestSubscriptionView { SubscriptionId = subscription.Id, ViewId = id }));
        }

        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(userId, cancellationToken);
    }

    /// <summary>The registration checkbox: subscribes the new account (Monday 08:00 in <paramref name="timeZone"/>, or UTC if that is not a known zone). Saved with the caller's next save.</summary>
    public void SubscribeNewAccount(Guid userId, string? timeZone)
    {
        var now = time.GetUtcNow();
        var zone = CheckTimeZone(timeZone ?? "", out var problem);
        db.DigestSubscriptions.Add(new DigestSubscription
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Enabled = true,
            TimeZone = problem is null ? zone! : "UTC",
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    /// <summary>The zone's IANA name as the system spells it, or why it is refused.</summary>
    public static string? CheckTimeZone(string name, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        if (name.Length is > 0 and <= DigestSubscription.TimeZoneMaxLength && name != "Local"
            && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) && zone.HasIanaId)
        {
            problem = null;
            return zone.Id;
        }

        var shown = name.Length > DigestSubscription.TimeZoneMaxLength ? name[..DigestSubscription.TimeZoneMaxLength] + "…" : name;
        problem = $"Unknown timezone '{shown}': give an IANA name such as Europe/Berlin, America/Los_Angeles or UTC.";
        return null;
    }

    public static TimeZoneInfo? Zone(string name) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;

    public static string DayName(DayOfWeek day) => Days[((int)day + 6) % 7];

    /// <summary>The user's private views and their teams' views, private first, then by team and name.</summary>
    private async Task<List<DigestViewChoice>> AvailableAsync(Guid userId, CancellationToken cancellationToken)
    {
        var views = await ViewCatalog.Readable(db, userId)
            .Select(v => new { v.Id, v.Name, v.Page, v.State, TeamName = db.Teams.Where(t => t.Id == v.TeamId).Select(t => t.Name).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. views
            .Select(v => new DigestViewChoice(v.Id, v.Name, v.Page, IsWatchlist(v.Page, v.State), v.TeamName, false))
            .OrderBy(v => v.TeamName is not null).ThenBy(v => v.TeamName, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>A watchlist is the overview filtered to chosen subnets.</summary>
    private static bool IsWatchlist(string page, string state) =>
        page == Views.ViewStates.Overview && Views.ViewStates.Values(state).Any(p => p.Key == "netuids");
}
