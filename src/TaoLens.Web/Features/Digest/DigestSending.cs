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
            if (await deliveries.DeliverAsync(subscription.Id, digest.Week, ct => SendAsync(subscription.Id, subscription.UserId, email, digest.Week, baseUrl, ct), cancellationToken))
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

    /// <summary>One digest: built from the views the recipient follows and can see now, signed unsubscribe link included.</summary>
    public async Task<string> SendAsync(Guid subscriptionId, Guid userId, string email, IsoWeekId week, Uri baseUrl, CancellationToken cancellationToken)
    {
        var link = unsubscribe.UrlFor(subscriptionId, baseUrl);
        var views = await subscriptions.FollowedViewIdsAsync(userId, cancellationToken);
        var digest = await composer.ComposeAsync(userId, views, baseUrl, cancellationToken) with { UnsubscribeUrl = link };
        var rendered = await renderer.RenderAsync(digest);
        return await mail.SendAsync(new OutgoingMail(email, rendered.Subject, rendered.Html, rendered.Text)
        {
            MessageId = DigestDeliveries.MessageIdFor(subscriptionId, week),
            Headers = DigestUnsubscribe.Headers(link),
        }, cancellationToken);
    }
}
