using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// Sends every digest that is due (its local day and time have passed this week) and not yet sent, each exactly once
/// across instances through <see cref="DigestDeliveries"/>. One instance of this class is one run: the week's
/// figures are computed once for all its digests (<see cref="DigestComposer"/>).
/// </summary>
public sealed class DigestSending(
    TaoLensDbContext db,
    DigestDeliveries deliveries,
    DigestSubscriptions subscriptions,
    DigestComposer composer,
    DigestRenderer renderer,
    DigestUnsubscribe unsubscribe,
    MailSender mail,
    IOptions<AppOptions> app,
    TimeProvider time,
    ILogger<DigestSending> logger)
{
    /// <summary>How many digests this run sent; none when mail is off.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        if (!mail.IsConfigured || app.Value.PublicBaseUrl is not { } baseUrl)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var due = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Enabled)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Subscription = s, u.Email })
            .OrderBy(r => r.Subscription.Id)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var row in due)
        {
            if (row.Email is not { } email || DigestSubscriptions.Zone(row.Subscription.TimeZone) is not { } zone
                || DigestSchedule.Due(new DigestTiming(row.Subscription.Day, row.Subscription.LocalTime, zone), now) is not { } digest)
            {
                continue;
            }

            var subscription = row.Subscription;
            if (await deliveries.DeliverAsync(subscription.Id, digest.Week,
                ct => SendAsync(new DigestRecipient(subscription.UserId, email, subscription.Id), DigestDeliveries.MessageIdFor(subscription.Id, digest.Week), baseUrl, ct), cancellationToken))
            {
                sent++;
            }
        }

        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} weekly digests.", sent);
        }

        return sent;
    }

    /// <summary>
    /// One digest, the one implementation behind the scheduled send and "send me this now": built from the views the
    /// recipient follows and can see now, with the signed unsubscribe link and its one-click headers when they have a
    /// subscription to end. <paramref name="messageId"/> is the week's fixed one for a scheduled digest, null for a new one.
    /// </summary>
    public async Task<string> SendAsync(DigestRecipient recipient, string? messageId, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var link = recipient.SubscriptionId is { } subscriptionId ? unsubscribe.UrlFor(subscriptionId, baseUrl) : null;
        var views = await subscriptions.FollowedViewIdsAsync(recipient.UserId, cancellationToken);
        var digest = await composer.ComposeAsync(recipient.UserId, views, baseUrl, cancellationToken) with { UnsubscribeUrl = link };
        var rendered = await renderer.RenderAsync(digest);
        var outgoing = new OutgoingMail(recipient.Email, rendered.Subject, rendered.Html, rendered.Text) { MessageId = messageId };
        return await mail.SendAsync(link is null ? outgoing : outgoing with { Headers = DigestUnsubscribe.Headers(link) }, cancellationToken);
    }
}

/// <summary>Whom a digest goes to; <see cref="SubscriptionId"/> is null for someone who never had a subscription (nothing to unsubscribe from).</summary>
public sealed record DigestRecipient(Guid UserId, string Email, Guid? SubscriptionId);
