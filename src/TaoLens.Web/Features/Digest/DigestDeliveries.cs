using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Digests;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Web.Features.Digest;

/// <summary>A delivery this instance holds: only the holder of <see cref="ClaimId"/> may mark it sent or failed.</summary>
public sealed record DigestClaim(Guid DeliveryId, Guid ClaimId, int Attempt);

/// <summary>
/// Exactly-once delivery of a subscription's digest for a week, across instances and restarts. The row with the unique
/// (subscription, ISO year, ISO week) key is claimed by one atomic statement before anything is sent: an insert that
/// loses the race on the key, or a takeover that only matches a claim older than the lease or a failure whose retry
/// time has come, finds no row and sends nothing. A sent row is never claimed again.
/// </summary>
public sealed class DigestDeliveries(TaoLensDbContext db, IOptions<DigestOptions> options, TimeProvider time)
{
    /// <summary>Claims the week's delivery, or null when it is sent, held by another instance, or failed and not yet due again.</summary>
    public async Task<DigestClaim?> TryClaimAsync(Guid subscriptionId, IsoWeekId week, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimId = Guid.NewGuid();
        var id = Guid.CreateVersion7(now);
        var status = nameof(DigestDeliveryStatus.Claimed);
        // One statement, its own transaction: the unique key decides between racing instances.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO digest_deliveries (id, subscription_id, iso_year, iso_week, status, attempts, claim_id, claimed_at)
            VALUES ({id}, {subscriptionId}, {week.Year}, {week.Week}, {status}, 1, {claimId}, {now})
            ON CONFLICT (subscription_id, iso_year, iso_week) DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            return new DigestClaim(id, claimId, 1);
        }

        // PostgreSQL re-checks the condition on a row another transaction just changed, so two takeovers cannot both match.
        var expired = now - options.Value.ClaimLease;
        var maxAttempts = options.Value.MaxAttempts;
        var takenOver = await db.DigestDeliveries
            .Where(d => d.SubscriptionId == subscriptionId && d.IsoYear == week.Year && d.IsoWeek == week.Week
                && ((d.Status == DigestDeliveryStatus.Claimed && d.ClaimedAt <= expired)
                    || (d.Status == DigestDeliveryStatus.Failed && d.Attempts < maxAttempts && d.NextAttemptAt <= now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DigestDeliveryStatus.Claimed)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.ClaimId, claimId)
                .SetProperty(d => d.ClaimedAt, now)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (takenOver == 0)
        {
            return null;
        }

        var row = await db.DigestDeliveries.AsNoTracking()
            .SingleAsync(d => d.SubscriptionId == subscriptionId && d.IsoYear == week.Year && d.IsoWeek == week.Week, cancellationToken);
        return new DigestClaim(row.Id, claimId, row.Attempts);
    }

    /// <summary>Records the send; false if the claim was taken over meanwhile (the lease ran out).</summary>
    public async Task<bool> MarkSentAsync(DigestClaim claim, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = time.GetUtcNow();
        return await db.DigestDeliveries.Where(d => d.Id == claim.DeliveryId && d.ClaimId == claim.ClaimId && d.Status == DigestDeliveryStatus.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DigestDeliveryStatus.Sent)
                .SetProperty(d => d.SentAt, now)
                .SetProperty(d => d.MessageId, messageId.Length > 200 ? messageId[..200] : messageId)
                .SetProperty(d => d.LastError, (string?)null), cancellationToken) == 1;
    }

    /// <summary>Records why the send failed and when to try again (the delay doubles with each attempt).</summary>
    public async Task MarkFailedAsync(DigestClaim claim, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(error);
        var next = time.GetUtcNow() + options.Value.RetryDelay * Math.Pow(2, Math.Min(claim.Attempt - 1, 16));
        var text = error.Length > DigestDelivery.ErrorMaxLength ? error[..DigestDelivery.ErrorMaxLength] : error;
        await db.DigestDeliveries.Where(d => d.Id == claim.DeliveryId && d.ClaimId == claim.ClaimId && d.Status == DigestDeliveryStatus.Claimed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DigestDeliveryStatus.Failed)
                .SetProperty(d => d.LastError, text)
                .SetProperty(d => d.NextAttemptAt, next), cancellationToken);
    }

    /// <summary>
    /// Claims, sends with <paramref name="send"/> (which returns the Message-ID) and records the outcome. True when this
    /// call sent the digest; false when there was nothing to claim or the mail server did not take it (recorded).
    /// </summary>
    public async Task<bool> DeliverAsync(Guid subscriptionId, IsoWeekId week, Func<CancellationToken, Task<string>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (await TryClaimAsync(subscriptionId, week, cancellationToken) is not { } claim)
        {
            return false;
        }

        string messageId;
        try
        {
            messageId = await send(cancellationToken);
        }
        catch (MailDeliveryException ex)
        {
            await MarkFailedAsync(claim, ex.Message, cancellationToken);
            return false;
        }

        await MarkSentAsync(claim, messageId, cancellationToken);
        return true;
    }

    /// <summary>The Message-ID a week's digest goes out with, the same on every try, so a receiver can tell a resend.</summary>
    public static string MessageIdFor(Guid subscriptionId, IsoWeekId week) => $"digest.{subscriptionId:N}.{week}";
}
