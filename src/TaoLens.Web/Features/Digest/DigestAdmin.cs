using Microsoft.EntityFrameworkCore;
using TaoLens.Data;
using TaoLens.Data.Digests;

namespace TaoLens.Web.Features.Digest;

/// <summary>One subscription as the instance admin sees it: schedule, last delivery, and failures.</summary>
public sealed record DigestSubscriptionStatus(
    string Email, bool Enabled, string Schedule, int FollowedViews, string? LastWeek, string? LastStatus, DateTimeOffset? LastSentAt,
    int FailedAttempts, string? LastError, DateTimeOffset? NextAttemptAt);

/// <summary><c>/admin/digests</c> and <c>GET /api/v1/admin/digests</c>: every subscription with its latest delivery.</summary>
public sealed class DigestAdmin(TaoLensDbContext db)
{
    public async Task<IReadOnlyList<DigestSubscriptionStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var subscriptions = await db.DigestSubscriptions.AsNoTracking()
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Subscription = s, u.Email })
            .ToListAsync(cancellationToken);
        var views = await db.DigestSubscriptionViews.AsNoTracking().GroupBy(v => v.SubscriptionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        // Only each subscription's latest week, chosen in the database: the table grows by a row per subscriber a week.
        var latest = await db.DigestDeliveries.AsNoTracking()
            .GroupBy(d => d.SubscriptionId)
            .Select(g => g.OrderByDescending(d => d.IsoYear).ThenByDescending(d => d.IsoWeek).First())
            .ToDictionaryAsync(d => d.SubscriptionId, cancellationToken);
        return [.. subscriptions
            .OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .Select(r =>
            {
                var s = r.Subscription;
                latest.TryGetValue(s.Id, out var last);
                return new DigestSubscriptionStatus(
                    r.Email ?? "(no email)",
                    s.Enabled,
                    $"{s.Day} {s.LocalTime:HH\\:mm} {s.TimeZone}",
                    views.GetValueOrDefault(s.Id),
                    last is null ? null : new IsoWeekId(last.IsoYear, last.IsoWeek).ToString(),
                    last?.Status.ToString().ToLowerInvariant(),
                    last?.SentAt,
                    last is { Status: DigestDeliveryStatus.Failed } ? last.Attempts : 0,
                    last?.LastError,
                    last is { Status: DigestDeliveryStatus.Failed } ? last.NextAttemptAt : null);
            })];
    }
}
